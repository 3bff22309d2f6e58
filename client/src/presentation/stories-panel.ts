// The stories drawer: saved views, stories and their steps (create, rename, reorder, duplicate,
// delete, narrate), presenting and exporting. Edits go through one SaveQueue per open story: they
// apply at once to the story on screen, saves follow one at a time from the latest version, and a
// conflict (another tab) shows both versions to choose from. Typing never re-renders the editor.
import { ApiError, notes, stories, views } from '../api';
import { byId, h } from '../dom';
import { errorMessage } from '../errors';
import type { GraphCanvas } from '../graph/canvas';
import { pick, t } from '../i18n';
import { namedQuotes } from '../sources';
import type { Store } from '../store';
import type { RenderedStep } from './export';
import type { Presenter } from './present';
import { SaveQueue, VersionConflict } from './save-queue';
import type { Story, StoryStep } from '../../../contract/types';
import { applyView, captureView } from './view-state';

const stepId = () => Math.random().toString(36).slice(2, 10) + Date.now().toString(36).slice(-4);

export function setupStoriesPanel(canvas: GraphCanvas, store: Store, presenter: Presenter) {
  const root = byId('stories-body');
  let queue: SaveQueue<Story> | undefined;
  let missing: string[] = [];
  let message = '';

  const lang = () => store.get().lang;
  const say = (text: string) => {
    message = text;
    const out = root.querySelector('.stories-message');
    if (out) out.textContent = text;
  };
  const fail = (error: unknown) => say(errorMessage(error, lang()));

  /** The save status line and the unsaved marker, updated without re-rendering the editor. */
  function showSaveState(q: SaveQueue<Story>): void {
    if (q !== queue) return;
    const l = lang();
    root.dataset.unsaved = String(q.unsaved);
    const status = root.querySelector('.save-state');
    if (status) {
      status.textContent =
        q.state === 'saving'
          ? t('saving', l)
          : q.state === 'pending'
            ? t('unsavedChanges', l)
            : q.state === 'error'
              ? `${t('saveFailed', l)} ${q.error?.message ?? ''}`
              : q.state === 'saved'
                ? `${t('saved', l)} · v${q.value.version}`
                : '';
      status.setAttribute('data-state', q.state);
    }
    const retry = root.querySelector<HTMLButtonElement>('.retry-save');
    if (retry) retry.hidden = q.state !== 'error';
    const conflictBox = root.querySelector('.story-conflict');
    if (Boolean(conflictBox) !== (q.state === 'conflict')) void render();
  }

  function track(story: Story): SaveQueue<Story> {
    const q = new SaveQueue<Story>(story, {
      async send(doc, baseVersion) {
        try {
          return (await stories.update({ ...doc, version: baseVersion })).story;
        } catch (error) {
          if (error instanceof ApiError && error.status === 409) throw new VersionConflict();
          throw error;
        }
      },
      fetchLatest: async (id) => (await stories.get(id)).story,
      onChange: showSaveState,
      delayMs: 600,
    });
    return q;
  }

  /** Applies an edit to the open story; structural ones re-render the editor, typing does not. */
  function edit(change: (story: Story) => Story, { typing = false } = {}): void {
    if (!queue) return;
    queue.edit(change, { typing });
    if (!typing) void render();
  }

  async function open(id: string): Promise<void> {
    await queue?.flush();
    try {
      const result = await stories.get(id);
      queue = track(result.story);
      missing = result.missing;
      say(missing.length ? `${t('missingElements', lang())}: ${missing.join(', ')}` : '');
    } catch (error) {
      fail(error);
    }
    await render();
  }

  // Leaving with something typed but not yet saved asks first.
  window.addEventListener('beforeunload', (event) => {
    if (!queue?.unsaved) return;
    void queue.flush();
    event.preventDefault();
  });

  const button = (label: string, onClick: () => void, attrs: Record<string, string> = {}) => {
    const b = h('button', { type: 'button', ...attrs }, label);
    b.addEventListener('click', onClick);
    return b;
  };

  /** Every handler reads the story from the queue when it runs, never from when it was drawn. */
  const editStep = (id: string, change: (step: StoryStep) => StoryStep, options = {}) =>
    edit((story) => ({ ...story, steps: story.steps.map((s) => (s.id === id ? change(s) : s)) }), options);

  function stepEditor(step: StoryStep, i: number): HTMLElement {
    const caption = h('input', {
      type: 'text',
      value: step.view.caption,
      'aria-label': `${t('caption', lang())} ${i + 1}`,
      class: 'step-caption',
    });
    caption.addEventListener('input', () =>
      editStep(step.id, (s) => ({ ...s, view: { ...s.view, caption: caption.value } }), { typing: true }),
    );
    caption.addEventListener('change', () => void queue?.flush());
    const narration = h('textarea', {
      rows: '3',
      'aria-label': `${t('narration', lang())} ${i + 1}`,
      class: 'step-narration',
    });
    narration.value = step.narration;
    narration.addEventListener('input', () =>
      editStep(step.id, (s) => ({ ...s, narration: narration.value }), { typing: true }),
    );
    narration.addEventListener('change', () => void queue?.flush());
    const move = (delta: number) =>
      edit((story) => {
        const steps = [...story.steps];
        const at = steps.findIndex((s) => s.id === step.id);
        if (at === -1) return story;
        const [moved] = steps.splice(at, 1);
        steps.splice(Math.max(0, Math.min(steps.length, at + delta)), 0, moved!);
        return { ...story, steps };
      });
    return h(
      'li',
      { class: 'story-step', 'data-step-id': step.id },
      h('span', { class: 'step-number' }, `${t('step', lang())} ${i + 1}`),
      caption,
      narration,
      h(
        'div',
        { class: 'actions' },
        button(
          t('show', lang()),
          () =>
            void applyView(canvas, store, step.view, { duration: 500 }).then(
              (r) =>
                r.missingNodes.length && say(`${t('missingElements', lang())}: ${r.missingNodes.join(', ')}`),
            ),
        ),
        button('↑', () => move(-1), { 'aria-label': t('moveUp', lang()), title: t('moveUp', lang()) }),
        button('↓', () => move(1), { 'aria-label': t('moveDown', lang()), title: t('moveDown', lang()) }),
        button(t('updateStep', lang()), () =>
          editStep(step.id, (s) => ({ ...s, view: captureView(canvas, store, s.view.caption) })),
        ),
        button(t('insertNotes', lang()), () => void insertNotes(step.id)),
        button(t('duplicate', lang()), () =>
          edit((story) => {
            const steps = [...story.steps];
            const at = steps.findIndex((s) => s.id === step.id);
            if (at === -1) return story;
            steps.splice(at + 1, 0, { ...steps[at]!, id: stepId() });
            return { ...story, steps };
          }),
        ),
        button(t('delete', lang()), () =>
          edit((story) => ({ ...story, steps: story.steps.filter((s) => s.id !== step.id) })),
        ),
      ),
    );
  }

  async function insertNotes(stepIdToNarrate: string): Promise<void> {
    const ids = canvas.selectedIds('nodes');
    const found = (await Promise.all(ids.map((id) => notes.list(id).then((r) => r.notes)))).flat();
    if (!found.length) return;
    const quoted = found
      .map(
        (n) =>
          `> **${pick(canvas.dataOf(n.entityId)?.name as string, canvas.dataOf(n.entityId)?.nameEn as string, lang())}**: ${n.text}`,
      )
      .join('\n\n');
    editStep(stepIdToNarrate, (s) => ({ ...s, narration: `${s.narration}\n\n${quoted}`.trim() }));
  }

  /** Each step drawn once on the live canvas (its SVG taken), then the explorer view restored. */
  async function exportHtml(story: Story): Promise<void> {
    const before = captureView(canvas, store);
    const rendered: RenderedStep[] = [];
    try {
      for (const step of story.steps) {
        await applyView(canvas, store, step.view, { duration: 0, record: false });
        const elements = canvas.elementsById([...new Set([...step.view.highlighted, ...step.view.selected])]);
        rendered.push({
          caption: step.view.caption || story.title,
          narration: step.narration,
          svg: await canvas.svg(false),
          sources: await namedQuotes(elements, lang()),
        });
      }
    } finally {
      // The explorer's view comes back even when a step's quotes could not be fetched.
      await applyView(canvas, store, before, { duration: 0, record: false });
    }
    // The export module (and the SVG extension it uses) loads with the first export.
    const { download, storyHtml } = await import('./export');
    await download(
      `${story.title.replace(/[\\/:*?"<>|]+/g, '_') || 'story'}.html`,
      storyHtml(story.title, rendered),
      'text/html',
    );
  }

  async function render(): Promise<void> {
    const l = lang();
    if (!store.get().storiesOpen) return;
    const focus = rememberFocus();
    const header = h('div', { class: 'stories-head' });
    const titleInput = h('input', {
      type: 'text',
      id: 'new-story-title',
      placeholder: t('storyTitle', l),
      'aria-label': t('storyTitle', l),
    });
    header.append(
      titleInput,
      button(
        t('newStory', l),
        async () => {
          try {
            await queue?.flush();
            queue = track(
              (
                await stories.create({
                  title: titleInput.value.trim() || t('stories', l),
                  description: '',
                  steps: [],
                })
              ).story,
            );
            missing = [];
            say('');
          } catch (error) {
            fail(error);
          }
          await render();
        },
        { id: 'btn-new-story' },
      ),
    );
    const list = h('ul', { class: 'story-list' });
    try {
      const { stories: all } = await stories.list();
      if (!all.length) list.append(h('li', { class: 'muted' }, t('noStories', l)));
      for (const s of all) {
        list.append(
          h(
            'li',
            {},
            button(`${s.title} (${s.stepCount})`, () => void open(s.id), {
              class: `story-link${queue?.value.id === s.id ? ' current' : ''}`,
              'data-story-id': s.id,
            }),
          ),
        );
      }
    } catch (error) {
      fail(error);
    }
    const savedViews = h('ul', { class: 'story-list' });
    try {
      for (const v of (await views.list()).views) {
        savedViews.append(
          h(
            'li',
            { class: 'saved-view' },
            button(
              v.name,
              async () => {
                const { view, missing: gone } = await views.get(v.id);
                await applyView(canvas, store, view, { duration: 500 });
                say(gone.length ? `${t('missingElements', l)}: ${gone.join(', ')}` : '');
              },
              { 'data-view-id': v.id },
            ),
            button(
              '×',
              async () => {
                await views.remove(v.id).catch(fail);
                await render();
              },
              { 'aria-label': `${t('delete', l)} ${v.name}` },
            ),
          ),
        );
      }
    } catch (error) {
      fail(error);
    }

    const editor = h('div', { class: 'story-editor' });
    const q = queue;
    if (q) {
      const story = q.value;
      const rename = h('input', {
        type: 'text',
        value: story.title,
        id: 'story-title',
        'aria-label': t('storyTitle', l),
      });
      rename.addEventListener('input', () =>
        edit((s) => ({ ...s, title: rename.value.trim() || s.title }), { typing: true }),
      );
      rename.addEventListener('change', () => void q.flush());
      editor.append(
        rename,
        h(
          'div',
          { class: 'actions' },
          button(
            t('addStep', l),
            () =>
              edit((s) => ({
                ...s,
                steps: [...s.steps, { id: stepId(), view: captureView(canvas, store, ''), narration: '' }],
              })),
            { id: 'btn-add-step' },
          ),
          button(t('present', l), () => void q.flush().then(() => presenter.start(q.value)), {
            id: 'btn-present',
          }),
          button(t('exportHtml', l), () => void exportHtml(q.value).catch(fail), { id: 'btn-export-story' }),
          button(t('duplicate', l), async () => {
            try {
              await q.flush();
              queue = track((await stories.duplicate(q.value.id)).story);
            } catch (error) {
              fail(error);
            }
            await render();
          }),
          button(
            t('delete', l),
            async () => {
              await stories.remove(q.value.id).catch(fail);
              queue = undefined;
              await render();
            },
            { id: 'btn-delete-story' },
          ),
        ),
        h('p', { class: 'save-state', role: 'status', 'aria-live': 'polite' }),
        button(t('retrySave', l), () => void q.retry(), { class: 'retry-save', hidden: '' }),
      );
      if (q.conflict) editor.append(conflictChooser(q, q.conflict));
      editor.append(h('ol', { class: 'story-steps' }, ...story.steps.map((step, i) => stepEditor(step, i))));
    }
    root.replaceChildren(
      header,
      h('h3', {}, t('stories', l)),
      list,
      editor,
      h('p', { class: 'stories-message', role: 'status' }, message),
      h('h3', {}, t('savedViews', l)),
      savedViews,
    );
    if (q) showSaveState(q);
    focus();
  }

  /** Both versions side by side, step by step where they differ, and the two ways out. */
  function conflictChooser(q: SaveQueue<Story>, conflict: { mine: Story; theirs: Story }): HTMLElement {
    const l = lang();
    const text = (story: Story) =>
      [story.title, ...story.steps.map((s, i) => `${i + 1}. ${s.view.caption}\n${s.narration}`)].join('\n\n');
    return h(
      'div',
      { class: 'story-conflict', role: 'alert' },
      h('p', {}, t('conflictTitle', l)),
      h(
        'div',
        { class: 'conflict-versions' },
        h(
          'figure',
          {},
          h('figcaption', {}, t('yourVersion', l)),
          h('pre', { class: 'mine' }, text(conflict.mine)),
        ),
        h(
          'figure',
          {},
          h('figcaption', {}, `${t('theirVersion', l)} · v${conflict.theirs.version}`),
          h('pre', { class: 'theirs' }, text(conflict.theirs)),
        ),
      ),
      button(t('conflictMine', l), () => void q.keepMine().then(render), { class: 'keep-mine' }),
      button(
        t('conflictTheirs', l),
        () => {
          q.takeTheirs();
          void render();
        },
        { class: 'take-theirs' },
      ),
    );
  }

  /** Re-rendering must not take the caret away from what the analyst is typing in. */
  function rememberFocus(): () => void {
    const active = document.activeElement;
    if (
      !(active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) ||
      !root.contains(active)
    )
      return () => undefined;
    const stepIdOf = active.closest('[data-step-id]')?.getAttribute('data-step-id');
    const selector = active.id
      ? `#${active.id}`
      : `${stepIdOf ? `[data-step-id="${stepIdOf}"] ` : ''}.${active.className.split(' ')[0]}`;
    const { selectionStart, selectionEnd } = active;
    return () => {
      const again = root.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector);
      if (!again) return;
      again.focus();
      if (selectionStart !== null && selectionEnd !== null)
        again.setSelectionRange(selectionStart, selectionEnd);
    };
  }

  store.subscribe((s, prev) => {
    byId('stories-panel').hidden = !s.storiesOpen;
    if ((s.storiesOpen && !prev.storiesOpen) || s.lang !== prev.lang) void render();
  });

  return {
    async saveView(name: string): Promise<void> {
      try {
        await views.create(name, captureView(canvas, store, name));
        say(t('saved', lang()));
      } catch (error) {
        fail(error);
      }
      await render();
    },
    current: () => queue?.value,
  };
}
