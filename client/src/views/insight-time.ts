// The time slider: one step per period found in the figures (and dated entities), in playback
// order. Choosing a period fades the entities whose dated facts all lie outside it and lists the
// figures of that period; entities with no dates at all stay as they are unless the analyst asks,
// because the relationships carry no dates and fading them would claim more than the data says.
import type { TimelinePeriod, TimelineResponse } from '../../../contract/types';
import { h } from '../dom';
import { errorMessage } from '../errors';
import { pick, t, type Lang } from '../i18n';
import type { State } from '../store';
import { formatFigure } from '../figure-format';
import { entityButton, insightApi, type InsightDeps, type LoadState } from './insight-api';

/** Milliseconds each period stays on screen during playback. */
export const PLAY_STEP_MS = 1500;

export function setupTime(
  deps: InsightDeps,
  container: HTMLElement,
  reveal: (id: string) => void,
  onChange: () => void,
) {
  const { store, canvas } = deps;
  const slider = h('input', {
    type: 'range',
    id: 'insight-time',
    min: '0',
    max: '0',
    step: '1',
    value: '0',
    'aria-labelledby': 'insight-time-label',
  });
  const current = h('output', { id: 'insight-time-value', for: 'insight-time', class: 'insight-time-value' });
  const play = h('button', { type: 'button', id: 'insight-play', 'aria-pressed': 'false', disabled: true });
  const strictBox = h('input', { type: 'checkbox', id: 'insight-time-strict' });
  const status = h('p', { id: 'insight-time-status', class: 'muted', 'aria-live': 'polite' });
  const figures = h('ul', { id: 'insight-time-figures', class: 'insight-figures' });
  container.append(
    h('p', { class: 'muted', 'data-i18n': 'timeExplain' }),
    h('label', { id: 'insight-time-label', for: 'insight-time', 'data-i18n': 'period' }),
    h('div', { class: 'insight-time-row' }, slider, play),
    current,
    h('label', { class: 'check' }, strictBox, h('span', { 'data-i18n': 'timeStrict' })),
    status,
    figures,
  );

  let periods: TimelinePeriod[] = [];
  let index = 0; // 0 = all periods; i = periods[i - 1]
  let windowState: LoadState<TimelineResponse> = { status: 'idle' };
  let inWindow = new Set<string>();
  /** Every entity with some dated fact: the ones that can fall outside a period. */
  let dated = new Set<string>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let request = 0;

  const period = () => (index > 0 ? periods[index - 1] : undefined);
  const periodLabel = (p: TimelinePeriod | undefined, lang: Lang) =>
    p ? pick(p.label, p.labelEn, lang) : t('timeAll', lang);

  function renderControls(lang: Lang): void {
    slider.max = String(periods.length);
    slider.value = String(index);
    const label = periodLabel(period(), lang);
    slider.setAttribute('aria-valuetext', label);
    current.textContent = label;
    play.disabled = periods.length === 0;
    play.setAttribute('aria-pressed', String(timer !== undefined));
    play.textContent = timer ? t('pause', lang) : t('play', lang);
  }

  function renderWindow(lang: Lang): void {
    status.classList.toggle('error', windowState.status === 'error');
    if (windowState.status === 'error') {
      status.textContent = windowState.message;
      return figures.replaceChildren();
    }
    if (!period() || windowState.status !== 'ready') {
      status.textContent = windowState.status === 'loading' ? t('loading', lang) : '';
      return figures.replaceChildren();
    }
    const result = windowState.value;
    const faded = fadedIds()?.size ?? 0;
    status.textContent = `${t('figuresInPeriod', lang)}: ${result.figures.length}${result.truncated ? '+' : ''} · ${t(
      'fadedCount',
      lang,
    )}: ${faded}`;
    figures.replaceChildren(
      ...result.figures.map((f) =>
        h(
          'li',
          { 'data-figure': f.id, 'data-entity': f.entity.id },
          entityButton(f.entity, lang, reveal),
          h('span', { class: 'insight-figure-measure' }, pick(f.measureZh, f.measure, lang)),
          h('span', { class: 'num' }, formatFigure(f, lang)),
        ),
      ),
    );
  }

  const render = () => {
    const lang = store.get().lang;
    renderControls(lang);
    renderWindow(lang);
  };

  async function choose(next: number): Promise<void> {
    index = Math.max(0, Math.min(periods.length, next));
    const chosen = period();
    const mine = ++request;
    if (!chosen) {
      windowState = { status: 'idle' };
      inWindow = new Set();
      render();
      onChange();
      return;
    }
    windowState = { status: 'loading' };
    render();
    try {
      const value = await insightApi.timeline({ from: chosen.start, to: chosen.end });
      if (mine !== request) return; // a later choice superseded this one
      windowState = { status: 'ready', value };
      inWindow = new Set(value.entityIds);
    } catch (error) {
      if (mine !== request) return;
      windowState = { status: 'error', message: errorMessage(error, store.get().lang) };
      inWindow = new Set();
    }
    onChange();
    render();
  }

  function stop(): void {
    clearInterval(timer);
    timer = undefined;
    render();
  }

  slider.addEventListener('input', () => {
    if (timer) stop();
    void choose(Number(slider.value));
  });
  play.addEventListener('click', () => {
    if (timer) return stop();
    if (index >= periods.length) index = 0;
    timer = setInterval(() => {
      if (index >= periods.length) return stop();
      void choose(index + 1).then(() => index >= periods.length && stop());
    }, PLAY_STEP_MS);
    void choose(index + 1);
  });
  strictBox.addEventListener('change', () => {
    onChange();
    render();
  });

  async function load(): Promise<void> {
    try {
      const all = await insightApi.timeline();
      periods = all.periods;
      if (all.extent) {
        const everything = await insightApi.timeline({
          from: all.extent.start,
          to: all.extent.end,
          limit: 1,
        });
        dated = new Set(everything.entityIds);
      }
      windowState = { status: 'idle' };
    } catch (error) {
      windowState = { status: 'error', message: errorMessage(error, store.get().lang) };
    }
    render();
  }
  void load();

  /** The canvas nodes to fade for the chosen period, or undefined when no period is chosen. */
  function fadedIds(): Set<string> | undefined {
    if (!period() || windowState.status !== 'ready') return undefined;
    const strict = strictBox.checked;
    const ids = new Set<string>();
    for (const id of canvas.nodeIds()) {
      if (!inWindow.has(id) && (strict || dated.has(id))) ids.add(id);
    }
    return ids;
  }

  return {
    fadedIds,
    render(state: State, previous?: State): void {
      if (!previous || state.lang !== previous.lang) render();
    },
  };
}
