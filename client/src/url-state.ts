// The URL holds the view: what was loaded (focus, ids or query), layout, language, filters, selection.
// Parsing is forgiving: anything unknown or malformed is ignored rather than breaking the page.
import type { Lang } from './i18n';
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
}

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
    ids: params.has('ids') ? list('ids').slice(0, 2000) : undefined,
    query: params.get('q') ?? undefined,
    hiddenTypes: params.has('hide') ? list('hide') : undefined,
    selected: params.get('sel') ?? undefined,
  };
}

export function formatUrlView(state: State, visibleIds: string[]): string {
  const params = new URLSearchParams();
  params.set('lang', state.lang);
  params.set('layout', state.layout);
  const origin = state.origin;
  if (origin.kind === 'query') params.set('q', origin.query);
  else if (origin.kind === 'focus') params.set('focus', origin.id);
  else if (origin.kind === 'ids') params.set('ids', visibleIds.join(','));
  if (state.hiddenTypes.size) params.set('hide', [...state.hiddenTypes].join(','));
  if (state.selection) params.set('sel', state.selection.id);
  return `#${params.toString()}`;
}
