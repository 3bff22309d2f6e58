// Presentation mode: full screen, one story step at a time, animated transitions, narration on
// screen, the sources of highlighted elements one click away. Esc returns to exploring as is.
import { byId, h } from '../dom';
import type { GraphCanvas } from '../graph/canvas';
import { t } from '../i18n';
import { renderMarkdown } from '../markdown';
import { namedQuotes } from '../sources';
import type { Store } from '../store';
import type { Story } from '../../../contract/types';
import { applyView, elementsFor } from './view-state';

const TRANSITION_MS = 700;

export function setupPresenter(canvas: GraphCanvas, store: Store) {
  const overlay = byId('presenter');
  let story: Story | undefined;
  let index = 0;
  let busy: Promise<unknown> = Promise.resolve();

  /** Quotes of the highlighted and selected elements, fetched in one request (then cached). */
  const sourcesOfStep = async () => {
    const ids = [...new Set([...canvas.highlightedIds(), ...canvas.selectedIds()])];
    return namedQuotes(canvas.elementsById(ids), store.get().lang);
  };

  const render = async (missing: string[]) => {
    if (!story) return;
    const step = story.steps[index]!;
    const shown = index;
    // A failed fetch already raised the app's banner (api.ts onApiFailure); the step still shows.
    const sources = await sourcesOfStep().catch(() => []);
    if (!story || index !== shown) return; // moved on (or left) while the quotes loaded
    const lang = store.get().lang;
    byId('presenter-counter').textContent = `${index + 1} / ${story.steps.length}`;
    byId('presenter-caption').textContent = step.view.caption || story.title;
    byId('presenter-narration').innerHTML = renderMarkdown(step.narration);
    const list = byId('presenter-sources');
    list.replaceChildren(...sources.map((s) => h('li', {}, h('b', {}, s.name), `: “${s.quote}”`)));
    byId('presenter-sources-toggle').hidden = sources.length === 0;
    byId('presenter-sources-toggle').textContent = `${t('sources', lang)} (${sources.length})`;
    byId('presenter-missing').textContent = missing.length
      ? `${t('missingElements', lang)}: ${missing.join(', ')}`
      : '';
    overlay.dataset.step = String(index);
  };

  const go = (next: number, duration = TRANSITION_MS) => {
    if (!story) return busy;
    const target = Math.max(0, Math.min(story.steps.length - 1, next));
    busy = busy.then(async () => {
      if (!story) return;
      index = target;
      const result = await applyView(canvas, store, story.steps[index]!.view, { duration, record: false });
      await render([...result.missingNodes, ...result.missingEdges]);
    });
    return busy;
  };

  const onKey = (event: KeyboardEvent) => {
    if (!story) return;
    if (['ArrowRight', ' ', 'PageDown', 'Enter'].includes(event.key)) {
      event.preventDefault();
      void go(index + 1);
    } else if (['ArrowLeft', 'PageUp', 'Backspace'].includes(event.key)) {
      event.preventDefault();
      void go(index - 1);
    } else if (event.key === 'Home') void go(0);
    else if (event.key === 'End') void go(story.steps.length - 1);
    else if (event.key === 'Escape') {
      event.preventDefault();
      stop();
    }
  };

  function stop(): void {
    if (!story) return;
    story = undefined;
    document.removeEventListener('keydown', onKey, true);
    overlay.hidden = true;
    document.body.classList.remove('presenting');
    store.set({ presenting: false });
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    canvas.resize();
  }

  byId('presenter-next').addEventListener('click', () => void go(index + 1));
  byId('presenter-prev').addEventListener('click', () => void go(index - 1));
  byId('presenter-exit').addEventListener('click', stop);
  byId('presenter-sources-toggle').addEventListener('click', () => {
    const list = byId('presenter-sources');
    list.hidden = !list.hidden;
  });
  document.addEventListener('fullscreenchange', () => {
    if (!document.fullscreenElement && story) canvas.resize();
  });

  return {
    async start(next: Story, from = 0): Promise<void> {
      if (!next.steps.length) return;
      story = next;
      // Prefetch every step's elements so transitions never wait on the network.
      await Promise.all(next.steps.map((s) => elementsFor(s.view)));
      // Named from the first frame: the first step's caption arrives after its transition, and an
      // empty heading meanwhile is a heading a screen reader announces as nothing.
      byId('presenter-caption').textContent = next.steps[from]?.view.caption || next.title;
      document.body.classList.add('presenting');
      overlay.hidden = false;
      byId('presenter-sources').hidden = true;
      store.set({ presenting: true, selection: undefined });
      document.addEventListener('keydown', onKey, true);
      await document.documentElement.requestFullscreen?.().catch(() => undefined);
      canvas.resize();
      await go(from, 0);
      byId('presenter-next').focus();
    },
    stop,
    get index() {
      return index;
    },
  };
}

export type Presenter = ReturnType<typeof setupPresenter>;
