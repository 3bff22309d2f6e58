// Owns the Sources panel: its toolbar button, the list of source articles, the "Add article" form
// (pasted text or a .txt/.md/.html file, errors shown by the field they name) and the reader it
// opens (views/reader.ts). The panel's own state (open, list or reader) stays here; what reaches
// the canvas goes through the `focus` action it is given.
import type { ArticleBody } from '../../../contract/sources';
import { call } from '../api';
import { byId, h } from '../dom';
import type { Store } from '../store';
import { clearFormErrors, formErrorLine, formField, showFormError } from './form-fields';
import { openImportDialog } from './import-dialog';
import { Reader } from './reader';
import { st, type SourcesTextKey } from './sources-texts';

export interface SourcesPanelDeps {
  store: Store;
  focusEntity: (id: string) => unknown;
}

const FORMATS: Record<string, ArticleBody['format']> = {
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
};

export function setupSourcesPanel({ store, focusEntity }: SourcesPanelDeps): void {
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
  panel.append(listView, readerView);
  document.body.append(panel);

  const reader = new Reader(readerView, {
    lang,
    focusEntity,
    back: () => {
      readerView.hidden = true;
      listView.hidden = false;
      void renderList();
    },
  });

  let format: ArticleBody['format'] = 'text';

  async function renderList(): Promise<void> {
    const l = lang();
    const close = h('button', { type: 'button', class: 'sources-close' }, st('close', l));
    close.addEventListener('click', () => toggle(false));
    const { articles } = await call('listArticles');
    const list = articles.length
      ? h(
          'ul',
          { id: 'sources-articles' },
          ...articles.map((a) => {
            const open = h('button', { type: 'button', class: 'link-button', 'data-id': a.id }, a.title);
            open.addEventListener('click', () => void openReader(a.id));
            return h('li', {}, open, h('span', { class: 'muted' }, ` ${a.date ?? ''} · ${a.dataset}`));
          }),
        )
      : h('p', { class: 'muted' }, st('noArticles', l));
    const datasets = [...new Set(articles.map((a) => a.dataset))];
    // Tables and dataset files (views/import-dialog.ts); the list shows what an import added.
    const importButton = h(
      'button',
      { type: 'button', id: 'sources-import' },
      l === 'en' ? 'Import…' : '导入…',
    );
    importButton.addEventListener('click', () =>
      openImportDialog({ lang: l, datasets, imported: () => void renderList() }),
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
      await openReader(added.article.id);
    } catch (error) {
      showFormError(form, error);
    }
  }

  async function openReader(id: string): Promise<void> {
    await reader.open(id);
    listView.hidden = true;
    readerView.hidden = false;
  }

  function toggle(open: boolean): void {
    panel.hidden = !open;
    button.setAttribute('aria-pressed', String(open));
    if (open) void renderList();
  }
  button.addEventListener('click', () => toggle(panel.hidden !== false));

  const renderLabels = () => {
    button.setAttribute('aria-label', st('sources', lang()));
    button.title = `${st('sources', lang())}: ${st('sourcesHint', lang())}`;
  };
  renderLabels();
  store.watch(
    (s) => [s.lang],
    () => {
      renderLabels();
      if (panel.hidden) return;
      if (readerView.hidden) void renderList();
      else reader.render();
    },
  );
}
