// The hub picker: when an entity has more neighbours than a page, it shows how many of each type
// and of each relationship (GET /api/nodes/:id/neighbour-summary) and hands back the group the
// analyst picks, with the neighbours query that pages it. A safeguard against expanding a
// supernode into an arbitrary first page; it renders into an element the caller places.
import type { NeighbourSummary } from '../../../contract/types';
import { h } from '../dom';
import { interfaceLang, type Lang } from '../i18n';

/** What the analyst chose: one relationship group, one neighbour type, or the first page anyway. */
export type HubPick =
  | {
      kind: 'group';
      relType: string;
      direction: 'out' | 'in';
      neighbourType: string;
      count: number;
    }
  | { kind: 'type'; type: string; count: number }
  | { kind: 'first-page' };

export interface HubPickerOptions {
  lang: Lang;
  /** Neighbours one expansion brings (the neighbours query's `limit`). */
  pageSize: number;
  /** A type's display name (the schema's nameZh / nameEn); the label itself by default. */
  typeName?: (label: string) => string;
  /** A relationship type's display name; the type itself by default. */
  relName?: (type: string) => string;
  onPick: (choice: HubPick) => void;
  /** Groups listed before "more…" folds the rest away. */
  shownGroups?: number;
}

const text = {
  title: ['邻居较多，请选择要展开的部分', 'Many neighbours: choose what to expand'],
  total: ['个邻居', 'neighbours'],
  byRelationship: ['按关系', 'By relationship'],
  byType: ['按类型', 'By type'],
  firstPage: ['仍展开前', 'Expand the first'],
  more: ['更多…', 'More…'],
  out: ['→', '→'],
  in: ['←', '←'],
} as const;
/** Interface text, in one language at a time (i18n.ts interfaceLang). */
const say = (key: keyof typeof text, lang: Lang) => text[key][interfaceLang(lang) === 'zh' ? 0 : 1];

/** Whether expanding the entity should offer the picker rather than a page. */
export const needsHubPicker = (summary: NeighbourSummary, pageSize: number): boolean =>
  summary.total > pageSize;

/** The neighbours query (`GET /api/nodes/:id/neighbors`) that pages a choice from `offset`. */
export function hubPageQuery(choice: HubPick, pageSize: number, offset = 0) {
  const page = { depth: 1, limit: pageSize, offset };
  if (choice.kind === 'group')
    return {
      ...page,
      types: [choice.neighbourType],
      relTypes: [choice.relType],
      direction: choice.direction,
    };
  if (choice.kind === 'type') return { ...page, types: [choice.type] };
  return page;
}

/** The picker for `summary`, as an element; each button calls `onPick` once with its choice. */
export function renderHubPicker(summary: NeighbourSummary, options: HubPickerOptions): HTMLElement {
  const { lang, pageSize, onPick } = options;
  const typeName = options.typeName ?? ((label: string) => label);
  const relName = options.relName ?? ((type: string) => type);
  const shown = options.shownGroups ?? 12;
  const choice = (label: string, count: number, value: HubPick, data: Record<string, string>) => {
    const button = h(
      'button',
      { type: 'button', class: 'hub-pick', ...data },
      h('span', { class: 'hub-pick-name' }, label),
      h('span', { class: 'count' }, count.toLocaleString()),
    );
    button.addEventListener('click', () => onPick(value));
    return h('li', {}, button);
  };
  const groups = summary.byRelationship.map((g) =>
    choice(
      `${relName(g.relType)} ${say(g.direction, lang)} ${typeName(g.neighbourType)}`,
      g.count,
      { kind: 'group', ...g },
      { 'data-rel-type': g.relType, 'data-direction': g.direction, 'data-type': g.neighbourType },
    ),
  );
  const groupList = h('ul', { class: 'hub-groups' }, ...groups.slice(0, shown));
  if (groups.length > shown) {
    const more = h('button', { type: 'button', class: 'hub-more' }, say('more', lang));
    more.addEventListener('click', () => {
      groupList.replaceChildren(...groups);
    });
    groupList.append(h('li', {}, more));
  }
  const firstPage = h(
    'button',
    { type: 'button', class: 'hub-first-page' },
    `${say('firstPage', lang)} ${pageSize.toLocaleString()}`,
  );
  firstPage.addEventListener('click', () => onPick({ kind: 'first-page' }));
  return h(
    'section',
    { class: 'hub-picker', 'data-entity': summary.id, role: 'group', 'aria-label': say('title', lang) },
    h('h3', {}, say('title', lang)),
    h('p', { class: 'hub-total' }, `${summary.total.toLocaleString()} ${say('total', lang)}`),
    h('h4', {}, say('byRelationship', lang)),
    groupList,
    h('h4', {}, say('byType', lang)),
    h(
      'ul',
      { class: 'hub-types' },
      ...summary.byType.map((t) =>
        choice(typeName(t.type), t.count, { kind: 'type', ...t }, { 'data-type': t.type }),
      ),
    ),
    firstPage,
  );
}
