// Typed calls to the insight endpoints, and what the insight views share: their context and the
// small builders they all use.
import type { EntityRef } from '../../../contract/types';
import { call } from '../api';
import { h } from '../dom';
import type { GraphCanvas } from '../graph/canvas';
import { pick, type Lang } from '../i18n';
import type { Store } from '../store';

export const insightApi = {
  analytics: (ids: string[], top = 10) =>
    call('getAnalytics', { query: { top, ids: ids.length ? ids : undefined } }),
  explain: (from: string, to: string, maxLength = 4) => call('explain', { query: { from, to, maxLength } }),
  timeline: (window?: { from: string; to: string; limit?: number }) =>
    call('getTimeline', { query: { from: window?.from, to: window?.to, limit: window?.limit } }),
  compare: (ids: string[]) => call('compare', { query: { ids } }),
};

/** What main.ts hands the insight views. */
export interface InsightDeps {
  store: Store;
  canvas: GraphCanvas;
  /** Brings an entity onto the canvas (with its first page of neighbours), focused and selected. */
  focusEntity: (id: string) => Promise<void>;
}

/** One async part of a view: what it is doing, not a handful of booleans. */
export type LoadState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; message: string };

export const entityName = (e: Pick<EntityRef, 'name' | 'nameEn'>, lang: Lang) => pick(e.name, e.nameEn, lang);

/** A button that names an entity and brings it onto the canvas, selected, when pressed. */
export function entityButton(
  entity: EntityRef,
  lang: Lang,
  reveal: (id: string) => void,
  extra?: string,
): HTMLButtonElement {
  const button = h(
    'button',
    { type: 'button', class: 'insight-entity', 'data-id': entity.id, title: entity.id },
    h('span', { class: 'insight-entity-name' }, entityName(entity, lang)),
    extra ? h('span', { class: 'count' }, extra) : null,
  );
  button.addEventListener('click', () => reveal(entity.id));
  return button;
}
