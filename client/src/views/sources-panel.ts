// Owns the Sources panel: its toolbar button, the list of source articles, the "Add article" form
// (pasted text or a .txt/.md/.html file, errors shown by the field they name), the reader it opens
// (views/reader.ts), the entity manager over it (views/entity-manager.ts) and the toast that offers
// Undo after a write. Which of them shows is the store's `sources` slice, changed only by actions;
// the panel renders from it, keeping what was typed in its forms across each render (readDraft).
import type { ArticleBody } from '../../../contract/sources';
import type { Actions } from '../actions';
import { call } from '../api';
import { byId, h } from '../dom';
import type { SourcesState, Store } from '../store';
import { EntityManager } from './entity-manager';
import {
  clearFormErrors,
  formErrorLine,
  formField,
  readDraft,
  restoreDraft,
  showFormError,
} from './form-fields';
import { openImportDialog } from './import-dialog';
import { Reader } from './reader';
import { st, type SourcesTextKey } from './sources-texts';

export interface SourcesPanelDeps {
  store: Store;
  actions: Pick<
    Actions,
    | 'focus'
    | 'toggleSources'
    | 'openArticle'
    | 'manageEntity'
    | 'factWritten'
    | 'undoChange'
    | 'dismissSourcesToast'
    | 'sourcesFailed'
  >;
}

const FORMATS: Record<string, ArticleBody['format']> = {
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
};

export function setupSourcesPanel({ store, actions }: SourcesPanelDeps): void {
  const lang = () => store.get().lang;
  // An icon button like its neighbours (toolbar-icons.ts puts the icon in); named below.
  const button = h('button', {
    type: 'button',
    id: 'btn-sources',
    'aria-pressed': 'false',
    'data-icon': 'sources',
  });
  // Beside the stories button, so index.html needs no edit while the toolbar is being redesigned.
  byId('btn-stories').after(button);
  const panel = h('aside', { id: 'sources-panel', class: 'sources-panel', hidden: true });
  const listView = h('div', { class: 'sources-list-view' });
  const readerView = h('div', { class: 'sources-reader', hidden: true });
  const managerView = h('div', { class: 'sources-manager', hidden: true });
  const toast = h('div', { id: 'sources-toast', class: 'sources-toast', role: 'status', hidden: true });
  panel.append(listView, readerView, managerView);
  document.body.append(panel, toast);

  const undo = (change: { id: string }) => void actions.undoChange(change.id, st('undone', lang()));
  const reader = new Reader(readerView, {
    lang,
    focusEntity: (id) => actions.focus(id),
    back: () => actions.openArticle(undefined),
    manage: (id) => actions.manageEntity(id),
    written: (done) => actions.factWritten(done),
    undo,
  });
  const manager = new EntityManager(managerView, {
    lang,
    back: () => actions.manageEntity(undefined),
    manage: (id) => actions.manageEntity(id),
    written: (done) => actions.factWritten(done),
    undo,
  });

  let format: ArticleBody['format'] = 'text';

  async function renderList(): Promise<void> {
    const { articles } = await call('listArticles');
    const l = lang();
    const close = h('button', { type: 'button', class: 'sources-close' }, st('close', l));
    close.addEventListener('click', () => actions.toggleSources(false));
    const list = articles.length
      ? h(
          'ul',
          { id: 'sources-articles' },
          ...articles.map((a) => {
            const open = h('button', { type: 'button', class: 'link-button', 'data-id': a.id }, a.title);
            open.addEventListener('click', () => actions.openArticle(a.id));
            return h('li', {}, open, h('span', { class: 'muted' }, ` ${a.date ?? ''} · ${a.dataset}`));
          }),
        )
      : h('p', { class: 'muted' }, st('noArticles', l));
    const datasets = [...new Set(articles.map((a) => a.dataset))];
    // Tables and dataset files (views/import-dialog.ts): an import is a write like any other, so what
    // shows facts reloads (and the list with what was typed in it kept).
    const importButton = h(
      'button',
      { type: 'button', id: 'sources-import' },
      l === 'en' ? 'Import…' : '导入…',
    );
    importButton.addEventListener('click', () =>
      openImportDialog({ lang: l, datasets, imported: () => actions.factWritten() }),
    );
    listView.replaceChildren(
      h('div', { class: 'sources-head' }, h('h3', {}, st('sources', l)), importButton, close),
      h('h4', {}, st('articles', l)),
      list,
      addForm(datasets),
    );
  }

  function addForm(datasets: string[]): HTMLFormElement {
    const l = lang();
    const field = (name: string, key: SourcesTextKey, input: HTMLElement) =>
      formField(name, st(key, l), input);
    const content = h('textarea', { name: 'content', rows: '6' });
    const file = h('input', { type: 'file', name: 'file', accept: '.txt,.md,.markdown,.html,.htm' });
    file.addEventListener('change', async () => {
      const chosen = file.files?.[0];
      if (!chosen) return;
      format = FORMATS[chosen.name.split('.').pop()?.toLowerCase() ?? ''] ?? 'text';
      content.value = await chosen.text();
    });
    content.addEventListener('input', () => (format = 'text'));
    const today = new Date().toISOString().slice(0, 10);
    const form = h(
      'form',
      { id: 'sources-add', class: 'sources-add' },
      h('h4', {}, st('addArticle', l)),
      field('content', 'content', content),
      field('file', 'file', file),
      field('title', 'title', h('input', { name: 'title', required: true })),
      field('publisher', 'publisher', h('input', { name: 'publisher' })),
      field('date', 'date', h('input', { name: 'date', value: today, placeholder: 'YYYY-MM-DD' })),
      field('url', 'url', h('input', { name: 'url', type: 'url' })),
      field('authors', 'authors', h('input', { name: 'authors' })),
      field(
        'language',
        'language',
        h(
          'select',
          { name: 'language' },
          h('option', { value: 'zh' }, '中文'),
          h('option', { value: 'en' }, 'English'),
          h('option', { value: 'other' }, '…'),
        ),
      ),
      field(
        'dataset',
        'dataset',
        h('input', { name: 'dataset', list: 'sources-datasets', required: true, value: datasets[0] }),
      ),
      h('datalist', { id: 'sources-datasets' }, ...datasets.map((d) => h('option', { value: d }))),
      formErrorLine(),
      h('button', { type: 'submit' }, st('save', l)),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void addArticle(form);
    });
    return form;
  }

  async function addArticle(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const optional = (name: string) => (text(name) ? text(name) : undefined);
    clearFormErrors(form);
    const body: ArticleBody = {
      dataset: text('dataset'),
      title: text('title'),
      date: text('date'),
      authors: text('authors')
        .split(/[,，、]/)
        .map((a) => a.trim())
        .filter(Boolean),
      language: (text('language') || 'zh') as ArticleBody['language'],
      format,
      content: String(data.get('content') ?? ''),
    };
    const publisher = optional('publisher');
    const url = optional('url');
    if (publisher) body.publisher = publisher;
    if (url) body.url = url;
    try {
      const added = await call('addArticle', { body });
      form.reset();
      actions.openArticle(added.article.id);
    } catch (error) {
      showFormError(form, error);
    }
  }

  /** What the reader and the manager last loaded, so a language switch renders without reloading. */
  let readerLoaded: { article: string; revision: number } | undefined;
  let managerLoaded: { entity: string; revision: number } | undefined;
  /** Renders are async (they load first); only the latest one draws. */
  let rendering = 0;

  async function render(state: SourcesState): Promise<void> {
    const mine = ++rendering;
    panel.hidden = !state.open;
    button.setAttribute('aria-pressed', String(state.open));
    renderToast(state);
    if (!state.open) return;
    const view = state.entity ? 'manager' : state.article ? 'reader' : 'list';
    try {
      if (view === 'manager' && state.entity) {
        const wanted = { entity: state.entity, revision: state.revision };
        if (managerLoaded?.entity !== wanted.entity || managerLoaded.revision !== wanted.revision) {
          await manager.load(wanted.entity);
          managerLoaded = wanted;
        }
      }
      if (view === 'reader' && state.article) {
        const wanted = { article: state.article, revision: state.revision };
        if (readerLoaded?.article !== wanted.article || readerLoaded.revision !== wanted.revision) {
          await reader.load(wanted.article);
          readerLoaded = wanted;
        }
      }
    } catch (error) {
      // An entity deleted or merged away meanwhile: back to the article, and the toast says why.
      if (mine === rendering) actions.sourcesFailed(error);
      return;
    }
    if (mine !== rendering) return;
    // Read just before the views are replaced, so nothing typed while they loaded is lost.
    const draft = readDraft(panel);
    listView.hidden = view !== 'list';
    readerView.hidden = view !== 'reader';
    managerView.hidden = view !== 'manager';
    if (view === 'list') await renderList();
    else if (view === 'reader') reader.render();
    else manager.render();
    if (mine === rendering) restoreDraft(panel, draft);
  }

  function renderToast({ toast: shown }: SourcesState): void {
    toast.hidden = !shown;
    toast.classList.toggle('error', Boolean(shown?.error));
    if (!shown) return toast.replaceChildren();
    const close = h(
      'button',
      { type: 'button', class: 'toast-close', 'aria-label': st('close', lang()) },
      '×',
    );
    close.addEventListener('click', () => actions.dismissSourcesToast());
    const change = shown.change;
    const undoButton = change ? h('button', { type: 'button', class: 'toast-undo' }, st('undo', lang())) : '';
    if (undoButton && change) undoButton.addEventListener('click', () => undo({ id: change }));
    toast.replaceChildren(h('span', { class: 'toast-message' }, shown.message), ' ', undoButton, close);
  }

  button.addEventListener('click', () => actions.toggleSources());

  const renderLabels = () => {
    button.setAttribute('aria-label', st('sources', lang()));
    button.title = `${st('sources', lang())}: ${st('sourcesHint', lang())}`;
  };
  renderLabels();
  store.watch(
    (s) => [s.lang],
    () => renderLabels(),
  );
  store.watch(
    (s) => [s.sources, s.lang],
    (s) => void render(s.sources),
  );
}
