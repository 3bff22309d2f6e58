// Compare: a tray of 2–6 entities (the selected node is added with a button) and a table over the
// canvas with their figures aligned by measure, unit and period, their direct links and the
// neighbours they share.
import type { CompareResponse, EntityRef } from '../../../contract/types';
import { h } from '../dom';
import { errorMessage } from '../errors';
import { pick, t, type Lang } from '../i18n';
import type { State } from '../store';
import { formatFigure } from '../figure-format';
import { entityButton, entityName, insightApi, type InsightDeps, type LoadState } from './insight-api';

export const MAX_COMPARE = 6;

export function setupCompare(deps: InsightDeps, container: HTMLElement, reveal: (id: string) => void) {
  const { store, canvas } = deps;
  const add = h('button', { type: 'button', id: 'insight-compare-add', 'data-i18n': 'compareAdd' });
  const go = h('button', { type: 'button', id: 'insight-compare-go', 'data-i18n': 'compareGo' });
  const clear = h('button', { type: 'button', id: 'insight-compare-clear', 'data-i18n': 'compareClear' });
  const tray = h('ul', {
    id: 'insight-compare-tray',
    class: 'insight-tray',
    'aria-live': 'polite',
    'data-i18n-aria-label': 'compareTray',
  });
  container.append(
    h('p', { class: 'muted', 'data-i18n': 'compareHint' }),
    h('div', { class: 'actions' }, add, go, clear),
    tray,
  );

  // The table opens over the canvas: the sidebar is too narrow for six columns.
  const title = h('h2', { id: 'insight-compare-title', tabindex: '-1', 'data-i18n': 'compareTitle' });
  const close = h('button', { type: 'button', id: 'insight-compare-close', 'data-i18n': 'close' });
  const content = h('div', { id: 'insight-compare-body', class: 'insight-compare-body' });
  const view = h(
    'section',
    { id: 'insight-compare-view', class: 'insight-compare-view', 'aria-labelledby': 'insight-compare-title' },
    h('div', { class: 'insight-compare-head' }, title, close),
    content,
  );
  view.hidden = true;
  (document.querySelector('.stage') ?? document.body).append(view);

  let entries: EntityRef[] = [];
  let result: LoadState<CompareResponse> = { status: 'idle' };

  const selectedNode = (state: State) => (state.selection?.kind === 'node' ? state.selection.id : undefined);

  function renderTray(state: State): void {
    const lang = state.lang;
    const selected = selectedNode(state);
    add.disabled = !selected || entries.some((e) => e.id === selected) || entries.length >= MAX_COMPARE;
    go.disabled = entries.length < 2;
    clear.disabled = entries.length === 0;
    tray.replaceChildren(
      ...entries.map((entry) => {
        const remove = h(
          'button',
          {
            type: 'button',
            class: 'insight-tray-remove',
            'aria-label': `${t('remove', lang)}: ${entityName(entry, lang)}`,
          },
          '×',
        );
        remove.addEventListener('click', () => {
          entries = entries.filter((e) => e.id !== entry.id);
          renderTray(store.get());
        });
        return h('li', { 'data-id': entry.id }, entityButton(entry, lang, reveal), remove);
      }),
    );
  }

  function figureTable(value: CompareResponse, lang: Lang): HTMLElement {
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, t('measure', lang)),
      h('th', { scope: 'col' }, t('period', lang)),
      ...value.entities.map((e) => h('th', { scope: 'col', 'data-id': e.id }, entityName(e, lang))),
    );
    const rows = value.rows.map((row) =>
      h(
        'tr',
        { class: row.aligned > 1 ? 'aligned' : '', 'data-key': row.key },
        h(
          'th',
          { scope: 'row' },
          pick(row.measureZh, row.measure, lang),
          row.aligned > 1
            ? h('span', { class: 'insight-aligned-mark', title: t('alignedHint', lang) }, ' ≡')
            : '',
        ),
        h('td', {}, row.period ? pick(row.period.label, row.period.labelEn, lang) : '—'),
        ...value.entities.map((e) =>
          h(
            'td',
            { class: 'num', 'data-id': e.id },
            row.cells[e.id]?.map((f) => formatFigure(f, lang)).join('; ') ?? '—',
          ),
        ),
      ),
    );
    return h(
      'table',
      { class: 'insight-compare-table' },
      h('caption', {}, `${t('figures', lang)} (${value.rows.length})`),
      h('thead', {}, head),
      h('tbody', {}, ...rows),
    );
  }

  function renderView(lang: Lang): void {
    if (result.status === 'idle') return content.replaceChildren();
    if (result.status === 'loading')
      return content.replaceChildren(h('p', { class: 'muted' }, t('loading', lang)));
    if (result.status === 'error') return content.replaceChildren(h('p', { class: 'error' }, result.message));
    const value = result.value;
    const names = new Map(value.entities.map((e) => [e.id, entityName(e, lang)]));
    content.replaceChildren(
      value.rows.length ? figureTable(value, lang) : h('p', { class: 'muted' }, t('noFigures', lang)),
      h('h3', {}, `${t('directLinks', lang)} (${value.links.length})`),
      value.links.length
        ? h(
            'ul',
            { class: 'insight-links' },
            ...value.links.map((link) =>
              h(
                'li',
                {},
                `${names.get(link.source) ?? link.source} —${pick(link.nameZh, link.nameEn ?? link.type, lang)}→ ${
                  names.get(link.target) ?? link.target
                }`,
                link.sources[0] ? h('blockquote', { class: 'quote' }, `“${link.sources[0].quote}”`) : '',
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('none', lang)),
      h('h3', {}, `${t('sharedNeighbours', lang)} (${value.shared.length})`),
      value.shared.length
        ? h(
            'ul',
            { class: 'insight-shared' },
            ...value.shared.map((m) =>
              h(
                'li',
                {},
                entityButton(m, lang, reveal),
                value.entities.length > 2
                  ? h('span', { class: 'muted' }, ` (${m.of.map((id) => names.get(id) ?? id).join('、')})`)
                  : '',
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('none', lang)),
    );
  }

  function closeView(): void {
    view.hidden = true;
    go.focus();
  }

  add.addEventListener('click', () => {
    const state = store.get();
    const id = selectedNode(state);
    if (!id || entries.some((e) => e.id === id) || entries.length >= MAX_COMPARE) return;
    const node = state.selection?.kind === 'node' ? state.selection.detail?.node : undefined;
    const element = canvas.dataOf(id) ?? {};
    entries = [
      ...entries,
      node
        ? { id, type: node.type, name: node.name, nameEn: node.nameEn }
        : {
            id,
            type: String(element.type ?? ''),
            name: String(element.name ?? id),
            nameEn: String(element.nameEn ?? ''),
          },
    ];
    renderTray(state);
  });
  clear.addEventListener('click', () => {
    entries = [];
    renderTray(store.get());
  });
  go.addEventListener('click', async () => {
    if (entries.length < 2) return;
    result = { status: 'loading' };
    view.hidden = false;
    renderView(store.get().lang);
    title.focus();
    try {
      result = { status: 'ready', value: await insightApi.compare(entries.map((e) => e.id)) };
    } catch (error) {
      result = { status: 'error', message: errorMessage(error, store.get().lang) };
    }
    renderView(store.get().lang);
  });
  close.addEventListener('click', closeView);
  view.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      closeView();
    }
  });

  return {
    render(state: State, previous?: State): void {
      renderTray(state);
      if (!previous || state.lang !== previous.lang) renderView(state.lang);
    },
  };
}
