// The details panel: names in both languages, what belongs to the entity (its neighbours grouped by
// relationship and direction), properties, figures with the sentence each came from, and every
// source quote shown highlighted inside its paragraph of the article (each article named once).
import type { Article, CyElements, Figure, SchemaInfo, Source } from '../../../contract/types';
import { api, notes } from '../api';
import { byId, h } from '../dom';
import type { GraphCanvas } from '../graph/canvas';
import { colourFor, glyphElement } from '../graph/palette';
import { pick, t, type Lang } from '../i18n';
import { refOf, sourcesFor } from '../sources';
import { figurePeriod, formatFigure } from '../figure-format';
import { propertyRows } from './entity-properties';
import { paragraphFor } from './source-text';
import type { Store } from '../store';
import { relationshipNamer, typeNamer } from '../schema-names';

export interface DetailActions {
  expand(id: string): void;
  hide(id: string): void;
  remove(id: string): void;
  collapse(id: string): void;
  pathFrom(id: string): void;
  pathTo(id: string): void;
  /** Brings an entity onto the canvas (if it is not there) and selects it. */
  open(id: string): void;
}

const articles = new Map<string, Promise<Article>>();
const articleText = (id: string) => {
  if (!articles.has(id)) {
    const loading = api.article(id).then((r) => r.article);
    loading.catch(() => articles.delete(id));
    articles.set(id, loading);
  }
  return articles.get(id)!;
};

/** Quotes grouped by article: each article named once (title, publisher, date), its quotes under it. */
function sourceList(sources: Source[], lang: Lang): HTMLElement {
  const list = h('div', { class: 'sources' });
  const byArticle = new Map<string, Source[]>();
  for (const source of sources)
    byArticle.set(source.articleId, [...(byArticle.get(source.articleId) ?? []), source]);
  for (const [articleId, quotes] of byArticle) {
    const heading = h('p', { class: 'article-title' }, articleId);
    const items = quotes.map((source) => {
      const context = h('p', { class: 'paragraph' }, source.quote);
      const disclosure = h('details', { class: 'context' }, h('summary', {}, t('article', lang)), context);
      return {
        source,
        context,
        disclosure,
        item: h(
          'li',
          { class: 'source' },
          h('blockquote', { class: 'quote' }, `“${source.quote}”`),
          disclosure,
        ),
      };
    });
    list.append(h('section', { class: 'source-article' }, heading, h('ol', {}, ...items.map((i) => i.item))));
    void articleText(articleId).then(
      (article) => {
        heading.textContent = [
          pick(article.title, article.titleEn ?? undefined, lang),
          pick(article.publisher ?? undefined, article.publisherEn ?? undefined, lang),
          article.date ?? '',
        ]
          .filter(Boolean)
          .join(' · ');
        for (const { source, context, disclosure } of items) {
          const found = paragraphFor(article.text, source.quote);
          if (!found) continue;
          context.replaceChildren(found.before, h('mark', {}, found.match), found.after);
          disclosure.open = true;
        }
      },
      () => undefined,
    );
  }
  return list;
}

/**
 * Note drafts by entity, kept outside the panel: whatever rebuilds the details panel (a language
 * switch, a new page of neighbours) puts the text being typed back, with the caret where it was.
 */
const noteDrafts = new Map<string, string>();

/** Analysts' notes on an entity: listed, added and deleted in place. */
function notesSection(entityId: string, lang: Lang): HTMLElement {
  const list = h('ul', { class: 'notes' });
  const previous = document.getElementById('note-text');
  const hadFocus = previous instanceof HTMLTextAreaElement && document.activeElement === previous;
  const caret = hadFocus ? [previous.selectionStart, previous.selectionEnd] : undefined;
  const text = h('textarea', { rows: '2', id: 'note-text', 'aria-label': t('addNote', lang) });
  text.value = noteDrafts.get(entityId) ?? '';
  text.addEventListener('input', () => {
    if (text.value) noteDrafts.set(entityId, text.value);
    else noteDrafts.delete(entityId);
  });
  if (hadFocus) {
    queueMicrotask(() => {
      text.focus();
      if (caret) text.setSelectionRange(caret[0]!, caret[1]!);
    });
  }
  const add = h('button', { type: 'button', id: 'btn-add-note' }, t('addNote', lang));
  const status = h('p', { class: 'muted', role: 'status' });
  const load = () =>
    notes.list(entityId).then(
      ({ notes: all }) =>
        list.replaceChildren(
          ...all.map((note) => {
            const remove = h('button', { type: 'button', 'aria-label': `${t('delete', lang)}` }, '×');
            remove.addEventListener(
              'click',
              () => void notes.remove(note.id).then(load, (e: Error) => (status.textContent = e.message)),
            );
            return h('li', { class: 'note' }, h('span', {}, note.text), remove);
          }),
        ),
      (error: Error) => (status.textContent = error.message),
    );
  add.addEventListener('click', () => {
    if (!text.value.trim()) return;
    const sent = text.value;
    void notes.create(entityId, sent.trim()).then(
      () => {
        // Only what was sent is cleared: text typed while the note was saving stays.
        if (text.value === sent) text.value = '';
        else
          text.value = text.value.startsWith(sent) ? text.value.slice(sent.length).trimStart() : text.value;
        if (text.value) noteDrafts.set(entityId, text.value);
        else noteDrafts.delete(entityId);
        return load();
      },
      (error: Error) => (status.textContent = error.message),
    );
  });
  void load();
  return h('section', { class: 'notes-section' }, h('h3', {}, t('notes', lang)), list, text, add, status);
}

/**
 * Figures: measure, amount and period, and under each the sentence it was quoted from. Periods wait
 * for the articles' dates: a figure dated only with its article's date has no period of its own.
 */
function figureTable(figures: Figure[], lang: Lang, focused?: string): HTMLElement {
  const table = h(
    'table',
    { class: 'figures' },
    h('caption', { class: 'sr-only' }, t('figures', lang)),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, t('measure', lang)),
        h('th', { scope: 'col' }, t('value', lang)),
        h('th', { scope: 'col' }, t('period', lang)),
      ),
    ),
  );
  const body = h('tbody');
  const periods: { f: Figure; cell: HTMLElement }[] = [];
  for (const f of figures) {
    const share = f.share ? ` (${pick(f.share.of, f.share.ofEn, lang)})` : '';
    const periodCell = h('td', { class: 'figure-period' }, f.period ? figurePeriod(f, lang) : '');
    periods.push({ f, cell: periodCell });
    const rowAttrs = {
      'data-figure-id': f.id,
      class: f.id === focused ? 'figure-focused' : undefined,
      'aria-current': f.id === focused ? 'true' : undefined,
    };
    body.append(
      h(
        'tr',
        rowAttrs,
        h('td', {}, pick(f.measureZh, f.measure, lang) + share),
        h('td', { class: 'num figure-value' }, formatFigure(f, lang)),
        periodCell,
      ),
      h(
        'tr',
        { class: 'figure-quote-row', 'data-figure-quote': f.id },
        h('td', { colspan: '3' }, ...f.sources.map((s) => h('q', { class: 'figure-quote' }, s.quote))),
      ),
    );
  }
  const articleIds = [...new Set(figures.flatMap((f) => f.sources.map((s) => s.articleId)))];
  void Promise.all(
    articleIds.map((id) =>
      articleText(id).then(
        (a) => a.date,
        () => undefined,
      ),
    ),
  ).then((dates) => {
    for (const { f, cell } of periods) cell.textContent = figurePeriod(f, lang, dates);
  });
  table.append(body);
  return table;
}

function propertyTable(props: Record<string, unknown>, lang: Lang): HTMLElement | null {
  const rows = propertyRows(props, lang);
  if (!rows.length) return null;
  return h(
    'dl',
    { class: 'props' },
    ...rows.flatMap((row) => [h('dt', { 'data-key': row.key }, row.name), h('dd', {}, row.value)]),
  );
}

/** How many neighbours the panel lists; a hub's further ones are a click on Expand away. */
const NEIGHBOUR_LIST_LIMIT = 200;

/**
 * "What belongs to X?": X's neighbours, grouped by relationship type and direction ("X → 属于 →"
 * and "→ 属于 → X"), each a button that brings the neighbour onto the canvas and selects it.
 */
function neighbourSection(
  id: string,
  lang: Lang,
  schema: SchemaInfo | undefined,
  open: (id: string) => void,
): HTMLElement {
  const section = h('section', { class: 'neighbours', 'aria-label': t('neighbours', lang) });
  section.append(h('h3', {}, t('neighbours', lang)), h('p', { class: 'muted' }, t('loading', lang)));
  void api.neighbors(id, { limit: NEIGHBOUR_LIST_LIMIT }).then(
    ({ elements, truncated }) =>
      section.replaceChildren(
        h('h3', {}, t('neighbours', lang)),
        ...neighbourGroups(id, elements, lang, schema, open),
        truncated ? h('p', { class: 'muted' }, `${NEIGHBOUR_LIST_LIMIT}+`) : '',
      ),
    (error: Error) =>
      section.replaceChildren(h('h3', {}, t('neighbours', lang)), h('p', { class: 'error' }, error.message)),
  );
  return section;
}

function neighbourGroups(
  id: string,
  elements: CyElements,
  lang: Lang,
  schema: SchemaInfo | undefined,
  open: (id: string) => void,
): HTMLElement[] {
  const nodes = new Map(elements.nodes.map((n) => [n.data.id, n.data]));
  const groups = new Map<string, { type: string; outgoing: boolean; ids: string[] }>();
  for (const { data: e } of elements.edges) {
    const outgoing = e.source === id;
    if (!outgoing && e.target !== id) continue;
    const other = outgoing ? e.target : e.source;
    const key = `${e.type as string}|${outgoing ? 'out' : 'in'}`;
    const group = groups.get(key) ?? { type: e.type as string, outgoing, ids: [] };
    if (!group.ids.includes(other)) group.ids.push(other);
    groups.set(key, group);
  }
  if (!groups.size) return [h('p', { class: 'muted' }, t('noNeighbours', lang))];
  const relName = relationshipNamer(schema, lang);
  return [...groups.values()]
    .sort((a, b) => b.ids.length - a.ids.length || a.type.localeCompare(b.type))
    .map((group) => {
      const heading = group.outgoing ? `${relName(group.type)} →` : `← ${relName(group.type)}`;
      const items = group.ids.map((other) => {
        const data = nodes.get(other);
        const button = h(
          'button',
          { type: 'button', class: 'neighbour', 'data-id': other, 'data-type': String(data?.type ?? '') },
          pick(data?.name as string | undefined, data?.nameEn as string | undefined, lang),
        );
        button.addEventListener('click', () => open(other));
        return h('li', {}, button);
      });
      return h(
        'div',
        { class: 'neighbour-group', 'data-rel': group.type, 'data-direction': group.outgoing ? 'out' : 'in' },
        h('h4', {}, `${heading} (${group.ids.length})`),
        h('ul', {}, ...items),
      );
    });
}

export function renderDetails(store: Store, canvas: GraphCanvas, actions: DetailActions): void {
  const { selection, lang, schema } = store.get();
  const body = byId('details-body');
  if (!selection) {
    body.replaceChildren(h('p', { class: 'muted' }, t('nothingSelected', lang)));
    return;
  }
  const typeName = typeNamer(schema, lang);
  if (selection.kind === 'edge') {
    const data = canvas.dataOf(selection.id);
    if (!data) return body.replaceChildren();
    const rel = schema?.relationshipTypes.find((r) => r.type === data.type);
    const name = (nodeId: unknown) => {
      const node = canvas.dataOf(String(nodeId));
      return pick(node?.name as string, node?.nameEn as string, lang);
    };
    const { id, source, target, type, ...rest } = data;
    // Edges arrive without their quotes; they are fetched (once) when the edge is shown.
    const sources = h('p', { class: 'muted' }, t('loading', lang));
    sourcesFor([refOf(data)]).then(
      (found) => sources.replaceWith(sourceList(found.get(String(id)) ?? [], lang)),
      (error: Error) => sources.replaceWith(h('p', { class: 'error' }, error.message)),
    );
    body.replaceChildren(
      h('p', { class: 'type-badge' }, pick(rel?.nameZh, rel?.nameEn ?? (type as string), lang)),
      h('p', { class: 'edge-ends' }, `${name(source)} → ${name(target)}`),
      propertyTable(rest, lang) ?? '',
      h('h3', {}, t('sources', lang)),
      sources,
    );
    return;
  }
  if (selection.error) {
    body.replaceChildren(h('p', { class: 'error' }, selection.error));
    return;
  }
  const detail = selection.detail;
  if (!detail) {
    body.replaceChildren(h('p', { class: 'muted' }, t('loading', lang)));
    return;
  }
  const { node } = detail;
  // Set by a paged expansion (main.ts): relationships of this node not yet on the canvas.
  const offCanvas = Number(canvas.dataOf(node.id)?.more ?? 0);
  const button = (label: string, onClick: () => void, key?: string) => {
    const b = h('button', { type: 'button', title: key ? `${label} (${key})` : label }, label);
    b.addEventListener('click', onClick);
    return b;
  };
  body.replaceChildren(
    h(
      'p',
      { class: 'type-badge', 'data-type': node.type },
      glyphElement(node.type, colourFor(node.type, schemaColour(store.get().schema, node.type))),
      typeName(node.type),
    ),
    h('h3', { class: 'entity-name', lang: 'zh-Hans' }, node.name),
    h('p', { class: 'entity-name-en', lang: 'en' }, node.nameEn),
    node.aliases.length
      ? h('p', { class: 'aliases' }, `${t('aliases', lang)}: ${node.aliases.join(' · ')}`)
      : '',
    h('p', { class: 'muted' }, `${t('degree', lang)}: ${detail.degree}`),
    offCanvas > 0
      ? h(
          'p',
          { class: 'off-canvas', 'data-more': String(offCanvas) },
          `+${offCanvas.toLocaleString('en')} ${t('offCanvas', lang)}`,
        )
      : '',
    h(
      'div',
      { class: 'actions' },
      button(t('expand', lang), () => actions.expand(node.id), 'E'),
      button(t('collapse', lang), () => actions.collapse(node.id)),
      button(t('hide', lang), () => actions.hide(node.id), 'H'),
      button(t('remove', lang), () => actions.remove(node.id), 'Del'),
      button(t('pathFrom', lang), () => actions.pathFrom(node.id)),
      button(t('pathTo', lang), () => actions.pathTo(node.id)),
    ),
    neighbourSection(node.id, lang, schema, actions.open),
    propertyTable(node.properties, lang) ?? '',
    node.figures.length ? h('h3', {}, `${t('figures', lang)} (${node.figures.length})`) : '',
    node.figures.length ? figureTable(node.figures, lang, selection.figure) : '',
    h('h3', {}, t('sources', lang)),
    sourceList(node.sources, lang),
    notesSection(node.id, lang),
  );
}

const schemaColour = (schema: SchemaInfo | undefined, type: string) =>
  schema?.labels.find((l) => l.label === type)?.color;
