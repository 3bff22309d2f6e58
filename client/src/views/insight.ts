// The insight panel in the sidebar: size nodes by a centrality measure and colour them by
// community, the key hubs and brokers, what each measure means, and (from the sibling modules) why
// two entities are connected, the time slider with playback, and the comparison of entities.
//
// Everything it shows on the canvas is a style bypass on top of the shared style sheet (size,
// colour, opacity), re-applied whenever elements are added, so graph/style.ts stays untouched.
import type { AnalyticsResponse, CentralityMeasure, EntityScores } from '../../../contract/types';
import { byId, debounce, h } from '../dom';
import { pick, t, type Lang } from '../i18n';
import { errorMessage } from '../errors';
import type { State } from '../store';
import { entityButton, insightApi, type InsightDeps, type LoadState } from './insight-api';
import { setupCompare } from './insight-compare';
import { setupTime } from './insight-time';
import { setupWhy } from './insight-why';
import { rovingTabIndex } from './roving';

export type SizeBy = 'none' | CentralityMeasure;

const MEASURE_KEYS = {
  degree: 'measureDegree',
  betweenness: 'measureBetweenness',
  pagerank: 'measurePagerank',
} as const;

const COMMUNITY_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
];
/** Colours for the largest communities; the long tail of small ones shares a light grey. */
export const communityColour = (community: number) => COMMUNITY_COLOURS[community] ?? '#c9ced6';

/** Node size for a score: the area grows with it, from 18 px to 80 px at the graph's maximum. */
export const scaledSize = (value: number, max: number) =>
  Math.round(18 + 62 * Math.sqrt(max > 0 ? Math.min(1, Math.max(0, value) / max) : 0));

/** Scores are fetched for the ids on the canvas, this many per request (URLs stay short). */
const SCORE_CHUNK = 150;

export function formatScore(measure: CentralityMeasure, value: number): string {
  return measure === 'degree' ? String(value) : value.toFixed(3);
}

export function setupInsight(deps: InsightDeps): void {
  const { store, canvas, focusEntity } = deps;
  const root = byId('insight');

  // ---- skeleton ------------------------------------------------------------------------------
  const toggle = h('button', {
    type: 'button',
    class: 'insight-toggle',
    'aria-expanded': 'true',
    'aria-controls': 'insight-body',
    'data-i18n': 'insight',
  });
  const body = h('div', { id: 'insight-body', class: 'insight-body' });
  const block = (id: string, titleKey: string) =>
    h('details', { class: 'insight-block', id, open: true }, h('summary', { 'data-i18n': titleKey }));

  const sizeSelect = h('select', { id: 'insight-size' });
  const colourBox = h('input', { type: 'checkbox', id: 'insight-colour' });
  const measureNote = h('p', { id: 'insight-measure-note', class: 'muted', 'aria-live': 'polite' });
  const explanations = h('dl', { id: 'insight-explanations', class: 'insight-explanations' });
  const hubs = h('ol', { id: 'insight-hubs', class: 'insight-list', 'aria-labelledby': 'insight-hubs-h' });
  const brokers = h('ol', {
    id: 'insight-brokers',
    class: 'insight-list',
    'aria-labelledby': 'insight-brokers-h',
  });
  const communities = h('ul', {
    id: 'insight-communities',
    class: 'insight-list',
    'aria-labelledby': 'insight-communities-h',
  });
  // Ranked lists of many: one tab stop each, walked with the arrow keys.
  for (const list of [hubs, brokers, communities]) rovingTabIndex(list, 'button');
  const measures = block('insight-measures', 'insightMeasures');
  measures.append(
    h('label', { for: 'insight-size', 'data-i18n': 'sizeBy' }),
    sizeSelect,
    h('label', { class: 'check' }, colourBox, h('span', { 'data-i18n': 'colourByCommunity' })),
    measureNote,
    h(
      'details',
      { class: 'insight-explain' },
      h('summary', { 'data-i18n': 'measuresExplained' }),
      explanations,
    ),
    h('h3', { id: 'insight-hubs-h', 'data-i18n': 'hubs' }),
    hubs,
    h('h3', { id: 'insight-brokers-h', 'data-i18n': 'brokers' }),
    brokers,
    h('h3', { id: 'insight-communities-h', 'data-i18n': 'communities' }),
    communities,
  );
  const whyBlock = block('insight-why', 'whyConnected');
  const timeBlock = block('insight-time-block', 'timeline');
  const compareBlock = block('insight-compare', 'compare');
  body.append(measures, whyBlock, timeBlock, compareBlock);
  root.replaceChildren(h('h2', { id: 'insight-heading' }, toggle), body);
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    body.hidden = !open;
  });

  // ---- state ---------------------------------------------------------------------------------
  let summary: LoadState<AnalyticsResponse> = { status: 'idle' };
  const scores = new Map<string, EntityScores>();
  const unscored = new Set<string>(); // ids the server has no scores for (not entities)
  let sizeBy: SizeBy = 'none';
  let colourByCommunity = false;

  /** An entity named in the panel, brought onto the canvas and selected (failures show in the stage). */
  const revealLater = (id: string) => void focusEntity(id);

  // ---- the canvas: one place applies every insight bypass -------------------------------------
  const applyToCanvas = () => {
    const faded = time.fadedIds();
    const max = summary.status === 'ready' ? summary.value.max : undefined;
    canvas.paintNodes((id) => {
      const s = scores.get(id);
      return {
        data: s && { community: s.community, betweenness: s.betweenness, pagerank: s.pagerank },
        size: sizeBy !== 'none' && s && max ? scaledSize(s[sizeBy], max[sizeBy]) : undefined,
        colour: colourByCommunity && s ? communityColour(s.community) : undefined,
        faded: faded?.has(id) ?? false,
      };
    });
  };

  // ---- scores for what is on the canvas --------------------------------------------------------
  let loading: Promise<void> | undefined;
  let again = false;
  const loadScores = async (): Promise<void> => {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      do {
        again = false;
        const missing = canvas.nodeIds().filter((id) => !scores.has(id) && !unscored.has(id));
        if (!missing.length) break;
        if (summary.status !== 'ready') {
          summary = { status: 'loading' };
          renderMeasures();
        }
        try {
          for (let i = 0; i < missing.length; i += SCORE_CHUNK) {
            const chunk = missing.slice(i, i + SCORE_CHUNK);
            const result = await insightApi.analytics(chunk);
            if (summary.status === 'ready' && summary.value.fingerprint !== result.fingerprint) {
              // The data changed under us: scores from before are from another graph.
              scores.clear();
              unscored.clear();
              again = true;
            }
            summary = { status: 'ready', value: result };
            for (const id of chunk) {
              const s = result.scores[id];
              if (s) scores.set(id, s);
              else unscored.add(id);
            }
          }
        } catch (error) {
          summary = { status: 'error', message: errorMessage(error, store.get().lang) };
          again = false;
        }
        renderMeasures();
        applyToCanvas();
      } while (again);
    })().finally(() => (loading = undefined));
    return loading;
  };
  canvas.onElementsAdded(
    debounce(() => {
      void loadScores();
      applyToCanvas();
    }, 120),
  );

  // ---- rendering ------------------------------------------------------------------------------
  const lang = () => store.get().lang;

  function renderSizeOptions(l: Lang): void {
    sizeSelect.replaceChildren(
      h('option', { value: 'none' }, t('sizeDefault', l)),
      ...(Object.keys(MEASURE_KEYS) as CentralityMeasure[]).map((m) =>
        h('option', { value: m }, t(MEASURE_KEYS[m], l)),
      ),
    );
    sizeSelect.value = sizeBy;
  }

  const bilingual = (text: { zh: string; en: string }, l: Lang) => pick(text.zh, text.en, l, '\n');

  function renderMeasures(): void {
    const l = lang();
    if (summary.status === 'loading') {
      measureNote.textContent = t('loading', l);
      return;
    }
    if (summary.status === 'error') {
      measureNote.textContent = summary.message;
      measureNote.classList.add('error');
      return;
    }
    measureNote.classList.remove('error');
    if (summary.status !== 'ready') return;
    const a = summary.value;
    const shown = sizeBy === 'none' ? (colourByCommunity ? 'community' : undefined) : sizeBy;
    measureNote.textContent = [
      shown ? bilingual(a.explanations[shown], l) : '',
      !a.betweenness.exact && a.betweenness.note && sizeBy === 'betweenness'
        ? bilingual(a.betweenness.note, l)
        : '',
    ]
      .filter(Boolean)
      .join('\n');
    explanations.replaceChildren(
      ...(['degree', 'betweenness', 'pagerank', 'community'] as const).flatMap((key) => [
        h('dt', {}, t(key === 'community' ? 'communities' : MEASURE_KEYS[key], l)),
        h('dd', {}, bilingual(a.explanations[key], l)),
      ]),
      ...(a.betweenness.note ? [h('dd', { class: 'muted' }, bilingual(a.betweenness.note, l))] : []),
    );
    hubs.replaceChildren(
      ...a.hubs
        .slice(0, 8)
        .map((e) => h('li', {}, entityButton(e, l, revealLater, formatScore('pagerank', e.score)))),
    );
    brokers.replaceChildren(
      ...a.brokers
        .slice(0, 8)
        .map((e) => h('li', {}, entityButton(e, l, revealLater, formatScore('betweenness', e.score)))),
    );
    communities.replaceChildren(
      ...a.communities.slice(0, 8).map((c) =>
        h(
          'li',
          { class: 'insight-community', 'data-community': String(c.id) },
          h('span', {
            class: 'swatch',
            style: `background:${communityColour(c.id)}`,
            'aria-hidden': 'true',
          }),
          h('span', { class: 'count' }, `${c.size}`),
          h(
            'span',
            {},
            c.top
              .slice(0, 3)
              .map((m) => pick(m.name, m.nameEn, l))
              .join('、'),
          ),
        ),
      ),
    );
  }

  sizeSelect.addEventListener('change', () => {
    sizeBy = sizeSelect.value as SizeBy;
    renderMeasures();
    applyToCanvas();
  });
  colourBox.addEventListener('change', () => {
    colourByCommunity = colourBox.checked;
    renderMeasures();
    applyToCanvas();
  });

  // ---- the sibling views -------------------------------------------------------------------------
  const why = setupWhy(deps, whyBlock);
  const time = setupTime(deps, timeBlock, revealLater, applyToCanvas);
  const compare = setupCompare(deps, compareBlock, revealLater);

  const render = (state: State, previous?: State) => {
    if (!previous || state.lang !== previous.lang) {
      renderSizeOptions(state.lang);
      renderMeasures();
    }
    why.render(state, previous);
    time.render(state, previous);
    compare.render(state, previous);
  };
  store.subscribe(render);
  render(store.get());
  void loadScores();
}
