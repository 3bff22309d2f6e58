// The URL holds the view: what was loaded (focus, ids or query), layout, language, filters, selection
// and where each node stands. Ids and positions are packed (link-codec.ts) so a link stays short.
// Parsing is forgiving: anything unknown or malformed is ignored rather than breaking the page.
import type { Lang } from './i18n';
import {
  packIds,
  packPositions,
  unpackIds,
  unpackPositions,
  type PackedPositions,
  type Positions,
} from './link-codec';
import { isLayoutName, type LayoutName } from './graph/layouts';
import type { State } from './store';

export interface UrlView {
  lang?: Lang;
  layout?: LayoutName;
  focus?: string;
  ids?: string[];
  query?: string;
  hiddenTypes?: string[];
  selected?: string;
  /**
   * The overview as the analyst edited it: what to take off it and what to add. An edited overview
   * is the usual shared view, and this says it in a few ids where the whole set would take a hundred.
   */
  overviewEdit?: { drop: string[]; add: string[] };
  /** Where the nodes stood, for the nodes the link opens (see positionsFor). */
  positions?: PackedPositions;
}

/** What is on the canvas, for the link. */
export interface CanvasView {
  ids: readonly string[];
  /** Every node's, on a canvas of at most MAX_LINK_NODES nodes (more make no link). */
  positions?: Positions;
  /** The overview's ids, when it was loaded: a set of ids may be written as an edit of it. */
  overviewIds?: readonly string[];
}

/** Most ids (and positions) a link carries: a crafted link cannot ask the server for everything. */
export const MAX_LINK_NODES = 2000;

const LANGS: Lang[] = ['zh', 'en', 'both'];

export function parseUrlView(hash: string): UrlView {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const list = (key: string) =>
    (params.get(key) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const lang = params.get('lang') as Lang | null;
  const layout = params.get('layout');
  return {
    lang: lang && LANGS.includes(lang) ? lang : undefined,
    layout: isLayoutName(layout) ? layout : undefined,
    focus: params.get('focus') ?? undefined,
    // `nodes`: packed; `ids`: the comma list older links carry.
    ids: params.has('nodes')
      ? unpackIds(params.get('nodes') ?? '', MAX_LINK_NODES)
      : params.has('ids')
        ? list('ids').slice(0, MAX_LINK_NODES)
        : undefined,
    overviewEdit:
      params.get('from') === 'overview'
        ? {
            drop: unpackIds(params.get('drop') ?? '', MAX_LINK_NODES) ?? [],
            add: unpackIds(params.get('add') ?? '', MAX_LINK_NODES) ?? [],
          }
        : undefined,
    query: params.get('q') ?? undefined,
    hiddenTypes: params.has('hide') ? list('hide') : undefined,
    selected: params.get('sel') ?? undefined,
    positions: params.has('pos') ? unpackPositions(params.get('pos') ?? '') : undefined,
  };
}

export function formatUrlView(state: State, canvas: CanvasView): string {
  const params = new URLSearchParams();
  params.set('lang', state.lang);
  params.set('layout', state.layout);
  const origin = state.origin;
  if (origin.kind === 'query') params.set('q', origin.query);
  else if (origin.kind === 'focus') params.set('focus', origin.id);
  else if (origin.kind === 'ids') writeIds(params, canvas);
  if (state.hiddenTypes.size) params.set('hide', [...state.hiddenTypes].join(','));
  if (state.selection) params.set('sel', state.selection.id);
  const { positions } = canvas;
  const packed = positions && positions.size <= MAX_LINK_NODES ? packPositions(positions) : undefined;
  if (packed) params.set('pos', packed);
  return `#${params.toString()}`;
}

/** A set of ids as the shorter of: the whole set, or what was dropped from and added to the overview. */
function writeIds(params: URLSearchParams, { ids, overviewIds }: CanvasView): void {
  const whole = packIds(ids);
  if (overviewIds) {
    const shown = new Set(ids);
    const base = new Set(overviewIds);
    const drop = packIds(overviewIds.filter((id) => !shown.has(id)));
    const add = packIds(ids.filter((id) => !base.has(id)));
    if (drop.length + add.length + 20 < whole.length) {
      params.set('from', 'overview');
      params.set('drop', drop);
      params.set('add', add);
      return;
    }
  }
  params.set('nodes', whole);
}
