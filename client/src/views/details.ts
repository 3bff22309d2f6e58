// The details panel: names in both languages, properties, figures as a table, and every source
// quote shown highlighted inside its paragraph of the article.
import type { Article, Figure, Source } from '../../../contract/types';
import { api, notes } from '../api';
import { byId, h } from '../dom';
import type { GraphCanvas } from '../graph/canvas';
import { pick, t, type Lang } from '../i18n';
import { refOf, sourcesFor } from '../sources';
import { formatFigure, paragraphFor } from './source-text';
import type { Store } from '../store';

export interface DetailActions {
  expand(id: string): void;
  hide(id: string): void;
  remove(id: string): void;
  collapse(id: string): void;
  pathFrom(id: string): void;
  pathTo(id: string): void;
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

function sourceList(sources: Source[], lang: Lang): HTMLElement {
  const list = h('ol', { class: 'sources' });
  for (const source of sources) {
    const item = h('li', { class: 'source' }, h('blockquote', { class: 'quote' }, `“${source.quote}”`));
    const context = h('details', { class: 'context' }, h('summary', {}, t('article', lang)));
    item.append(context);
    list.append(item);
    void articleText(source.articleId).then(
      (article) => {
        const found = paragraphFor(article.text, source.quote);
        const title = h(
          'p',
          { class: 'article-title' },
          `${pick(article.title, article.titleEn ?? undefined, lang)} — ${article.publisher ?? ''} ${article.date ?? ''}`,
        );
        context.querySelector('summary')!.textContent = pick(
          article.title,
          article.titleEn ?? undefined,
          lang,
        );
        const paragraph = found
          ? h('p', { class: 'paragraph' }, found.before, h('mark', {}, found.match), found.after)
          : h('p', { class: 'paragraph' }, source.quote);
        context.append(title, paragraph);
        context.open = true;
      },
      () => context.append(h('p', { class: 'muted' }, source.articleId)),
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
  for (const f of figures) {
    const period = f.period ? pick(f.period.label, f.period.labelEn, lang) : (f.date ?? '');
    const share = f.share ? ` (${pick(f.share.of, f.share.ofEn, lang)})` : '';
    body.append(
      h(
        'tr',
        {
          title: f.sources.map((s) => s.quote).join('\n'),
          'data-figure-id': f.id,
          class: f.id === focused ? 'figure-focused' : undefined,
          'aria-current': f.id === focused ? 'true' : undefined,
        },
        h('td', {}, pick(f.measureZh, f.measure, lang) + share),
        h('td', { class: 'num' }, formatFigure(f, lang)),
        h('td', {}, period),
      ),
    );
  }
  table.append(body);
  return table;
}

function propertyTable(props: Record<string, unknown>): HTMLElement | null {
  const entries = Object.entries(props).filter(
    ([k]) => !['dataset', 'label', 'size', 'labels', 'sources', 'degree'].includes(k),
  );
  if (!entries.length) return null;
  return h(
    'dl',
    { class: 'props' },
    ...entries.flatMap(([k, v]) => [
      h('dt', {}, k),
      h('dd', {}, Array.isArray(v) ? v.join(', ') : String(v)),
    ]),
  );
}

export function renderDetails(store: Store, canvas: GraphCanvas, actions: DetailActions): void {
  const { selection, lang, schema } = store.get();
  const body = byId('details-body');
  if (!selection) {
    body.replaceChildren(h('p', { class: 'muted' }, t('nothingSelected', lang)));
    return;
  }
  const typeName = (label: string) => {
    const info = schema?.labels.find((l) => l.label === label);
    return pick(info?.nameZh, info?.nameEn ?? label, lang);
  };
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
      propertyTable(rest) ?? '',
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
    h('p', { class: 'type-badge', 'data-type': node.type }, typeName(node.type)),
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
    propertyTable(node.properties) ?? '',
    node.figures.length ? h('h3', {}, `${t('figures', lang)} (${node.figures.length})`) : '',
    node.figures.length ? figureTable(node.figures, lang, selection.figure) : '',
    h('h3', {}, t('sources', lang)),
    sourceList(node.sources, lang),
    notesSection(node.id, lang),
  );
}
