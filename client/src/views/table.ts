// A table view of what is on the canvas: nodes and edges, sortable, as an alternative to the picture.
import { byId, h } from '../dom';
import { pick, t } from '../i18n';
import type { Store } from '../store';
import type { GraphCanvas } from '../graph/canvas';
import { typeNamer } from '../schema-names';
import { rovingTabIndex } from './roving';

type Row = Record<string, string | number>;

/** Rows drawn at first and added per "show more": a 20k-element graph is a table too, not 20k rows of DOM. */
const TABLE_PAGE = 500;

function sortableTable(
  caption: string,
  columns: { key: string; label: string }[],
  rows: Row[],
  onRow: (row: Row) => void,
): HTMLElement {
  let sortKey = columns[0]!.key;
  let ascending = true;
  let limit = TABLE_PAGE;
  const table = h('table', { class: 'data-table' });
  // One tab stop for the rows (311 of them on the overview), walked with the arrow keys; Enter selects.
  const rowsShown: Row[] = [];
  rovingTabIndex(table, 'tbody tr', {
    activate: (tr) => {
      const row = rowsShown[(tr as HTMLTableRowElement).sectionRowIndex];
      if (row) onRow(row);
    },
  });
  const render = () => {
    const sorted = [...rows].sort((a, b) => {
      const x = a[sortKey] ?? '';
      const y = b[sortKey] ?? '';
      const order =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN');
      return ascending ? order : -order;
    });
    const head = h(
      'tr',
      {},
      ...columns.map((c) => {
        const button = h(
          'button',
          { type: 'button', class: 'sort' },
          c.label,
          c.key === sortKey ? (ascending ? ' ▲' : ' ▼') : '',
        );
        button.addEventListener('click', () => {
          ascending = c.key === sortKey ? !ascending : true;
          sortKey = c.key;
          render();
        });
        return h(
          'th',
          {
            scope: 'col',
            'aria-sort': c.key === sortKey ? (ascending ? 'ascending' : 'descending') : 'none',
          },
          button,
        );
      }),
    );
    rowsShown.splice(0, rowsShown.length, ...sorted.slice(0, limit));
    const body = rowsShown.map((row) => {
      const tr = h('tr', { tabindex: '-1' }, ...columns.map((c) => h('td', {}, String(row[c.key] ?? ''))));
      tr.addEventListener('click', () => onRow(row));
      return tr;
    });
    const parts = [h('caption', {}, caption), h('thead', {}, head), h('tbody', {}, ...body)];
    if (sorted.length > limit) {
      const more = h(
        'button',
        { type: 'button', class: 'table-more' },
        `+${Math.min(TABLE_PAGE, sorted.length - limit)} (${limit.toLocaleString('en')} / ${sorted.length.toLocaleString('en')})`,
      );
      more.addEventListener('click', () => {
        limit += TABLE_PAGE;
        render();
      });
      parts.push(h('tfoot', {}, h('tr', {}, h('td', { colspan: String(columns.length) }, more))));
    }
    table.replaceChildren(...parts);
  };
  render();
  return table;
}

export function renderTable(store: Store, canvas: GraphCanvas, select: (id: string) => void): void {
  const container = byId('table-view');
  const { tableOpen, lang, schema } = store.get();
  container.hidden = !tableOpen;
  if (!tableOpen) return;
  const typeName = typeNamer(schema, lang);
  const nodes: Row[] = canvas.shownNodes().map((n) => ({
    id: n.id,
    name: n.data.name as string,
    nameEn: n.data.nameEn as string,
    type: typeName(n.data.type as string),
    degree: n.degree,
  }));
  const names = (id: string) =>
    pick(canvas.dataOf(id)?.name as string, canvas.dataOf(id)?.nameEn as string, lang);
  const edges: Row[] = canvas.shownEdges().map((e) => ({
    id: e.id,
    source: names(e.source),
    type: e.data.label as string,
    target: names(e.target),
  }));
  container.replaceChildren(
    sortableTable(
      `${t('nodes', lang)} (${nodes.length})`,
      [
        { key: 'name', label: t('name', lang) },
        { key: 'nameEn', label: 'English' },
        { key: 'type', label: t('type', lang) },
        { key: 'degree', label: t('degree', lang) },
      ],
      nodes,
      (row) => select(String(row.id)),
    ),
    sortableTable(
      `${t('edges', lang)} (${edges.length})`,
      [
        { key: 'source', label: t('source', lang) },
        { key: 'type', label: t('type', lang) },
        { key: 'target', label: t('target', lang) },
      ],
      edges,
      (row) => select(String(row.id)),
    ),
  );
}
