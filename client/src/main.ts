// Wires the explorer: store, canvas, views, keyboard, URL. Views render from the store.
import './styles.css';
import type { CyElements } from '../../contract/types';
import { api, onApiFailure, onTokenNeeded } from './api';
import { byId } from './dom';
import { GraphCanvas } from './graph/canvas';
import { LAYOUTS, type LayoutName } from './graph/layouts';
import { errorMessage } from './errors';
import { applyStatic, pick, t, type Lang } from './i18n';
import { createStore, initialState, type State } from './store';
import { formatUrlView, parseUrlView } from './url-state';
import { renderConsoleResult, setupConsole } from './views/console';
import { renderDetails, type DetailActions } from './views/details';
import { tokenDialog } from './views/token-dialog';
import { renderLegend } from './views/legend';
import { showPaths } from './views/paths';
import { setupServerWait } from './views/server-wait';
import { setupSearch } from './views/search';
import { renderTable } from './views/table';
import { setupPresenter } from './presentation/present';
import { setupStoriesPanel } from './presentation/stories-panel';
import { setupInsight } from './views/insight';

// Read the URL before anything renders: rendering writes the current view back into it.
const urlView = parseUrlView(location.hash);
const store = createStore(initialState());
// ?renderer=webgl opts into Cytoscape's WebGL renderer, for machines with a GPU (see GraphCanvas).
const canvas = new GraphCanvas(byId('cy'), {
  webgl: new URLSearchParams(location.search).get('renderer') === 'webgl',
});
canvas.attachMinimap(byId<HTMLCanvasElement>('minimap'));
/**
 * How many neighbours come with an entity brought onto the canvas, and with each further page of
 * an expansion: one limit for search, links, the insight panel and double-clicks.
 */
const NEIGHBOUR_PAGE = 60;
/** Tunables; the page size is small in tests so that paging shows on the small seed graph. */
const settings = { expandPage: NEIGHBOUR_PAGE };
// Exposed for tests and for analysts who like the devtools console.
/** How often each view rendered, for the tests that check one action renders each view at most once. */
const renderCounts = { toolbar: 0, legend: 0, details: 0, table: 0, static: 0 };
// `cy` is the canvas's test-only escape hatch (the browser tests tap and count through it).
Object.assign(window, {
  explorer: { cy: canvas.unsafeCoreForTests(), store, canvas, settings, renderCounts },
});

function setStatus(status: State['status'], statusMessage = ''): void {
  store.set({ status, statusMessage });
}

// ---- loading content -------------------------------------------------------------------------

async function show(load: () => Promise<CyElements>, origin: State['origin']): Promise<void> {
  setStatus('loading');
  try {
    const elements = await load();
    await canvas.replace(elements);
    store.set({ origin });
    setStatus(
      elements.nodes.length ? 'ready' : 'empty',
      elements.nodes.length ? '' : t('empty', store.get().lang),
    );
  } catch (error) {
    setStatus('error', errorMessage(error));
  }
}

const showOverview = () => show(async () => (await api.graph(500)).elements, { kind: 'overview' });

/** Brings an entity onto the canvas if it is not there yet (see `expand`), then focuses and selects it
 * (with one of its figures highlighted when a figure search result opened it). */
async function focusEntity(id: string, figure?: string): Promise<void> {
  if (!canvas.has(id)) await expand(id, { bring: true });
  canvas.focusOn(id);
  select('node', id, figure);
}

/** Brings entities (and the links among them and what is already shown) onto the canvas. */
async function bringOntoCanvas(ids: string[]): Promise<void> {
  if (!ids.length) return;
  setStatus('loading');
  try {
    const { elements } = await api.subgraph(ids);
    await canvas.add(elements);
    store.set({ origin: { kind: 'ids' } });
    setStatus('ready');
    if (ids.length === 1) select('node', ids[0]!);
  } catch (error) {
    setStatus('error', errorMessage(error));
  }
}

// Hubs can have thousands of neighbours: expansion brings them in pages (settings.expandPage), never
// all at once. Each node remembers how many it has shown (`shown`), so expanding it again brings the
// next page, and a hub not shown in full says how many relationships are still off the canvas
// ("+N", see setMore).

/**
 * Brings a node's neighbours onto the canvas, a page at a time. `bring`: the node itself may not be
 * there yet and comes with them; `replace`: they replace the canvas (a #focus= link).
 */
async function expand(
  id: string,
  options: { bring?: boolean; replace?: boolean; limit?: number } = {},
): Promise<void> {
  setStatus('loading');
  store.set({ more: undefined });
  const node = canvas.dataOf(id);
  const pageLimit =
    options.limit ??
    (Number(node?.more ?? 0) > 0 ? Number(node?.shown ?? 0) + settings.expandPage : settings.expandPage);
  try {
    const { elements, truncated } = await api.neighbors(id, { limit: pageLimit });
    if (options.replace) {
      await canvas.replace(elements);
    } else {
      if (options.bring && !canvas.has(id)) {
        const anchor = elements.nodes.find((n) => n.data.id === id);
        if (anchor) await canvas.add({ nodes: [anchor], edges: [] });
      }
      await canvas.add(elements, id);
    }
    canvas.setData(id, 'shown', pageLimit);
    if (truncated) {
      const { degree } = await api.node(id);
      canvas.setMore(id, degree - canvas.edgeCountOf(id));
      store.set({ more: { id, limit: pageLimit + settings.expandPage } });
    } else {
      canvas.setMore(id, 0);
    }
    store.set({ origin: options.replace ? { kind: 'focus', id } : { kind: 'ids' } });
    setStatus('ready', truncated ? t('moreNeighbours', store.get().lang) : '');
  } catch (error) {
    setStatus('error', errorMessage(error));
  }
}

function select(kind: 'node' | 'edge', id: string, figure?: string): void {
  if (canvas.has(id) && !canvas.isSelected(id)) canvas.selectOnly([id]);
  if (kind === 'edge') {
    store.set({ selection: { kind: 'edge', id } });
    return;
  }
  store.set({ selection: { kind: 'node', id, figure } });
  api.node(id).then(
    (detail) => {
      const current = store.get().selection;
      if (current?.kind === 'node' && current.id === id)
        store.set({ selection: { kind: 'node', id, detail, figure } });
    },
    (error) => store.set({ selection: { kind: 'node', id, error: errorMessage(error) } }),
  );
}

async function runQuery(query: string): Promise<void> {
  const lang = store.get().lang;
  setStatus('loading');
  try {
    const result = await api.cypher(query);
    renderConsoleResult(result, lang);
    if (result.elements.nodes.length) {
      if (byId<HTMLInputElement>('console-append').checked) await canvas.add(result.elements);
      else await canvas.replace(result.elements);
      store.set({ origin: { kind: 'query', query } });
    }
    setStatus('ready');
  } catch (error) {
    renderConsoleResult({ error: errorMessage(error) }, lang);
    setStatus('ready');
  }
}

// ---- actions from panels and keys ------------------------------------------------------------

const nameOf = (id: string) => {
  const node = canvas.dataOf(id);
  return pick(node?.name as string, node?.nameEn as string, store.get().lang);
};

const actions: DetailActions = {
  expand: (id) => void expand(id),
  hide: (id) => {
    canvas.hide([id]);
    store.set({ selection: undefined, origin: { kind: 'ids' } });
  },
  remove: (id) => {
    canvas.remove([id]);
    store.set({ selection: undefined, origin: { kind: 'ids' } });
  },
  collapse: (id) => {
    canvas.collapse(id);
    store.set({ origin: { kind: 'ids' } });
  },
  pathFrom: (id) => store.set({ pathFrom: { id, name: nameOf(id) } }),
  pathTo: (id) => store.set({ pathTo: { id, name: nameOf(id) } }),
  open: (id) => void focusEntity(id),
};

async function findPaths(): Promise<void> {
  const { pathFrom, pathTo, pathAll, lang } = store.get();
  if (!pathFrom || !pathTo) return;
  const out = byId('path-result');
  out.textContent = t('loading', lang);
  try {
    const { paths } = await api.paths(pathFrom.id, pathTo.id, pathAll ? 'all' : 'shortest');
    if (!paths.length) {
      out.textContent = t('noPath', lang);
      return;
    }
    const merged: CyElements = {
      nodes: paths.flatMap((p) => p.elements.nodes),
      edges: paths.flatMap((p) => p.elements.edges),
    };
    await canvas.add(merged);
    store.set({ origin: { kind: 'ids' } });
    showPaths(out, paths, canvas, lang);
  } catch (error) {
    out.textContent = errorMessage(error);
  }
}

// ---- rendering from state ------------------------------------------------------------------

function renderToolbar(state: State): void {
  byId<HTMLSelectElement>('layout-select').value = state.layout;
  byId('btn-lock').setAttribute('aria-pressed', String(state.locked));
  byId('btn-table').setAttribute('aria-pressed', String(state.tableOpen));
  byId('btn-console').setAttribute('aria-pressed', String(state.consoleOpen));
  byId('btn-stories').setAttribute('aria-pressed', String(state.storiesOpen));
  byId<HTMLButtonElement>('btn-undo').disabled = !canvas.canUndo;
  byId<HTMLButtonElement>('btn-redo').disabled = !canvas.canRedo;
  document
    .querySelectorAll<HTMLButtonElement>('[data-lang]')
    .forEach((b) => b.setAttribute('aria-checked', String(b.dataset.lang === state.lang)));
  byId('console').hidden = !state.consoleOpen;
  byId('path-from').textContent = state.pathFrom?.name ?? '—';
  byId('path-to').textContent = state.pathTo?.name ?? '—';
  byId<HTMLButtonElement>('btn-path').disabled = !(state.pathFrom && state.pathTo);
  byId<HTMLInputElement>('hide-isolated').checked = state.hideIsolated;
  const banner = byId('banner');
  banner.hidden = !state.neo4jDown;
  banner.textContent = state.neo4jDown ? t('neo4jDown', state.lang) : '';
  const more = byId<HTMLButtonElement>('btn-more');
  more.hidden = !state.more;
  more.textContent = `${t('showMore', state.lang)} (+${settings.expandPage})`;
  renderProgress(state);
  const stage = byId('stage-status');
  stage.dataset.status = state.status;
  stage.textContent = state.status === 'loading' ? t('loading', state.lang) : state.statusMessage;
  document.body.dataset.status = state.status;
}

let progressTimer: ReturnType<typeof setInterval> | undefined;
function renderProgress(state: State): void {
  const box = byId('stage-progress');
  const { busy } = state;
  box.hidden = !busy;
  if (!busy) {
    clearInterval(progressTimer);
    progressTimer = undefined;
    return;
  }
  const write = () => {
    const seconds = Math.floor((Date.now() - busy.since) / 1000);
    byId('stage-progress-text').textContent =
      `${t('layingOut', state.lang)} ${busy.nodes.toLocaleString('en')} ${t('layoutNodes', state.lang)}… ${seconds} s`;
  };
  write();
  clearInterval(progressTimer);
  progressTimer = setInterval(write, 1000);
}

function syncUrl(): void {
  const url = formatUrlView(store.get(), canvas.nodeIds());
  if (url !== location.hash) history.replaceState(null, '', url);
}

const showLegend = () => {
  renderCounts.legend++;
  renderLegend(store, canvas);
};
const showDetails = () => {
  renderCounts.details++;
  renderDetails(store, canvas, actions);
};
const showTable = () => {
  renderCounts.table++;
  renderTable(store, canvas, (id) => select(canvas.isEdge(id) ? 'edge' : 'node', id));
};
const showToolbar = (state: State) => {
  renderCounts.toolbar++;
  renderToolbar(state);
};

/** Each view watches the slice of state it shows and renders only when that slice changed. */
function watchViews(): void {
  store.watch(
    (s) => [s.lang],
    (s) => {
      renderCounts.static++;
      applyStatic(document, s.lang);
      canvas.setLang(s.lang);
      renderLayoutOptions(s.lang);
    },
  );
  store.watch(
    (s) => [s.hiddenTypes, s.hiddenRelTypes, s.hideIsolated],
    (s) => canvas.applyFilters(s.hiddenTypes, s.hiddenRelTypes, s.hideIsolated),
  );
  store.watch(
    (s) => [
      s.layout,
      s.locked,
      s.tableOpen,
      s.consoleOpen,
      s.storiesOpen,
      s.lang,
      s.pathFrom,
      s.pathTo,
      s.hideIsolated,
      s.neo4jDown,
      s.more,
      s.busy,
      s.status,
      s.statusMessage,
    ],
    showToolbar,
  );
  store.watch((s) => [s.schema, s.lang, s.hiddenTypes, s.hiddenRelTypes], showLegend);
  // A re-render rebuilds the panel (and refetches its notes), so nothing but its own slice may
  // reach it while an analyst types a note.
  store.watch((s) => [s.selection, s.lang, s.schema, s.more], showDetails);
  store.watch((s) => [s.tableOpen, s.lang, s.schema], showTable);
  store.watch((s) => [s.origin, s.lang, s.layout, s.hiddenTypes, s.selection], syncUrl);
}

function renderAll(state: State): void {
  renderCounts.static++;
  applyStatic(document, state.lang);
  canvas.setLang(state.lang);
  renderLayoutOptions(state.lang);
  canvas.applyFilters(state.hiddenTypes, state.hiddenRelTypes, state.hideIsolated);
  showToolbar(state);
  showLegend();
  showDetails();
  showTable();
  syncUrl();
}

function renderLayoutOptions(lang: Lang): void {
  const select = byId<HTMLSelectElement>('layout-select');
  select.replaceChildren(
    ...Object.entries(LAYOUTS).map(
      ([
        value,
        {
          label: [zh, en],
        },
      ]) => {
        const option = document.createElement('option');
        option.value = value;
        option.textContent = pick(zh, en, lang);
        return option;
      },
    ),
  );
  select.value = store.get().layout;
}

watchViews();
canvas.onBusy = (busy) => store.set({ busy });
// The canvas's content is not in the store: when it changes, the views that count it render.
canvas.onChange = () => {
  showToolbar(store.get());
  showLegend();
  showTable();
  syncUrl();
};

// ---- events ------------------------------------------------------------------------------------

canvas.onTap((target) => {
  if (target) select(target.kind, target.id);
  else store.set({ selection: undefined });
});
canvas.onDoubleTapNode((id) => void expand(id));

setupSearch(store, {
  openEntity: (id, figure) => void focusEntity(id, figure),
  bringOntoCanvas: (ids) => void bringOntoCanvas(ids),
});
const presenter = setupPresenter(canvas, store);
const storiesPanel = setupStoriesPanel(canvas, store, presenter);
const consoleView = setupConsole(store, (query) => void runQuery(query));

byId('btn-more').addEventListener('click', () => {
  const more = store.get().more;
  if (more) void expand(more.id, { limit: more.limit });
});
byId('btn-fit').addEventListener('click', () => canvas.fit());
byId('btn-lock').addEventListener('click', () => {
  const locked = !store.get().locked;
  canvas.setLocked(locked);
  store.set({ locked });
});
byId('btn-undo').addEventListener('click', () => canvas.undo());
byId('btn-redo').addEventListener('click', () => canvas.redo());
byId('btn-reset').addEventListener('click', () => void showOverview());
byId('btn-table').addEventListener('click', () => store.set({ tableOpen: !store.get().tableOpen }));
byId('btn-console').addEventListener('click', () => store.set({ consoleOpen: !store.get().consoleOpen }));
byId('btn-stories').addEventListener('click', () => store.set({ storiesOpen: !store.get().storiesOpen }));
byId('btn-save-view').addEventListener('click', () => {
  const name = window.prompt(t('viewName', store.get().lang), new Date().toLocaleString());
  if (name?.trim()) {
    store.set({ storiesOpen: true });
    void storiesPanel.saveView(name.trim());
  }
});
byId<HTMLSelectElement>('export-select').addEventListener('change', async (event) => {
  const select = event.target as HTMLSelectElement;
  const kind = select.value;
  select.value = '';
  try {
    // Exports load on demand: most sessions never export.
    const { download, edgesCsv, elementsJson, exportPng, exportSvg, nodesCsv } =
      await import('./presentation/export');
    if (kind === 'png') await exportPng(canvas, Number(byId<HTMLInputElement>('export-scale').value) || 2);
    else if (kind === 'svg') await exportSvg(canvas);
    else if (kind === 'json') await download('graph.json', elementsJson(canvas), 'application/json');
    else if (kind === 'csv') {
      // Exports wait for the quotes (fetched on demand): the status says done once files are written.
      await Promise.all([
        download('nodes.csv', nodesCsv(canvas.shownNodes()), 'text/csv'),
        download('edges.csv', edgesCsv(canvas.shownEdges()), 'text/csv'),
      ]);
    }
    if (kind) setStatus('ready', `${t('export', store.get().lang)}: ${kind.toUpperCase()}`);
  } catch (error) {
    setStatus('error', errorMessage(error));
  }
});
byId<HTMLInputElement>('import-json').addEventListener('change', async (event) => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  try {
    const { parseElementsJson } = await import('./presentation/export');
    const elements = parseElementsJson(await file.text());
    canvas.load([
      ...elements.nodes.map((n) => ({ group: 'nodes' as const, ...n })),
      ...elements.edges.map((e) => ({ group: 'edges' as const, ...e })),
    ]);
    store.set({ origin: { kind: 'ids' } });
  } catch (error) {
    setStatus('error', errorMessage(error));
  }
});
byId('btn-show-hidden').addEventListener('click', () => canvas.showHidden());
byId('btn-path').addEventListener('click', () => void findPaths());
byId<HTMLInputElement>('path-all').addEventListener('change', (e) =>
  store.set({ pathAll: (e.target as HTMLInputElement).checked }),
);
byId<HTMLInputElement>('hide-isolated').addEventListener('change', (e) =>
  store.set({ hideIsolated: (e.target as HTMLInputElement).checked }),
);
byId<HTMLSelectElement>('layout-select').addEventListener('change', (e) => {
  const layout = (e.target as HTMLSelectElement).value as LayoutName;
  canvas.setLayoutName(layout);
  store.set({ layout });
  void canvas.layout({ animate: true });
});
document
  .querySelectorAll<HTMLButtonElement>('[data-lang]')
  .forEach((button) =>
    button.addEventListener('click', () => store.set({ lang: button.dataset.lang as Lang })),
  );

// The canvas is keyboard-operable: arrows walk the visible nodes, Enter expands, Delete removes.
byId('cy').addEventListener('keydown', (event) => {
  const nodes = canvas
    .shownNodes()
    .sort((a, b) => a.position.x - b.position.x || a.position.y - b.position.y);
  if (!nodes.length) return;
  const current = store.get().selection;
  const index = current?.kind === 'node' ? nodes.map((n) => n.id).indexOf(current.id) : -1;
  if (['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp'].includes(event.key)) {
    event.preventDefault();
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : -1;
    const next = nodes[(index + step + nodes.length) % nodes.length]!;
    canvas.focusOn(next.id);
    select('node', next.id);
  } else if (event.key === 'Enter' && current?.kind === 'node') {
    void expand(current.id);
  } else if ((event.key === 'Delete' || event.key === 'Backspace') && current) {
    actions.remove(current.id);
  }
});

const typing = (target: EventTarget | null) =>
  target instanceof HTMLInputElement ||
  target instanceof HTMLTextAreaElement ||
  target instanceof HTMLSelectElement ||
  (target instanceof HTMLElement && target.isContentEditable);

document.addEventListener('keydown', (event) => {
  if (typing(event.target) || store.get().presenting) return;
  const mod = event.ctrlKey || event.metaKey;
  if (mod && event.key.toLowerCase() === 'z') {
    event.preventDefault();
    if (event.shiftKey) canvas.redo();
    else canvas.undo();
  } else if (mod && event.key.toLowerCase() === 'y') {
    event.preventDefault();
    canvas.redo();
  } else if (mod) {
    return;
  } else if (event.key === '/') {
    event.preventDefault();
    byId('search-input').focus();
  } else if (event.key === 'f') {
    canvas.fit();
  } else if (event.key === 'e' && store.get().selection?.kind === 'node') {
    void expand(store.get().selection!.id);
  } else if (event.key === 'h' && store.get().selection) {
    actions.hide(store.get().selection!.id);
  } else if (event.key === 'Escape') {
    canvas.unselectAll();
    store.set({ selection: undefined });
  }
});

// ---- Neo4j availability banner -------------------------------------------------------------------

let polling: ReturnType<typeof setInterval> | undefined;
onApiFailure((error) => {
  if (error.status !== 503 && error.status !== 0) return;
  store.set({ neo4jDown: true });
  polling ??= setInterval(async () => {
    const health = await api.health().catch(() => undefined);
    if (health?.neo4j.connected) {
      clearInterval(polling);
      polling = undefined;
      store.set({ neo4jDown: false });
      if (!store.get().schema) void start();
    }
  }, 3000);
});

// ---- start -------------------------------------------------------------------------------------

async function start(): Promise<void> {
  const view = urlView;
  canvas.setLayoutName(store.get().layout);
  setStatus('loading');
  try {
    const schema = await api.schema();
    canvas.setSchema(schema);
    store.set({ schema });
  } catch (error) {
    setStatus('error', errorMessage(error));
    return;
  }
  if (view.query) {
    // A link may carry any query, and opening a link is not consent to run it (one once stopped
    // Neo4j): the console shows it and waits for the analyst; the canvas shows the overview.
    store.set({ consoleOpen: true });
    consoleView.setQuery(view.query);
    renderConsoleResult({ pending: t('linkedQuery', store.get().lang) }, store.get().lang);
    await showOverview();
  } else if (view.ids?.length) {
    await show(
      async () => {
        const { elements } = await api.subgraph(view.ids!);
        return elements;
      },
      { kind: 'ids' },
    );
  } else if (view.focus) {
    await expand(view.focus, { replace: true });
  } else {
    await showOverview();
  }
  if (view.selected && canvas.has(view.selected)) {
    select(canvas.isEdge(view.selected) ? 'edge' : 'node', view.selected);
  }
  canvas.applyFilters(store.get().hiddenTypes, store.get().hiddenRelTypes, store.get().hideIsolated);
}

store.set({
  lang: urlView.lang ?? store.get().lang,
  layout: urlView.layout ?? store.get().layout,
  hiddenTypes: new Set(urlView.hiddenTypes ?? []),
});
setupInsight({ store, canvas, focusEntity });
onTokenNeeded(tokenDialog(store));
setupServerWait(() => store.get().lang);
renderAll(store.get());
void start();
