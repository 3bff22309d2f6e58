// Wires the explorer: makes the store, the canvas and the actions, lets each view watch its slice of
// state, and turns DOM events and keys into actions. Nothing here changes state or the canvas
// itself; that is actions.ts.
import './styles.css';
import { createActions, NEIGHBOUR_PAGE, type ActionSettings } from './actions';
import { api, onApiFailure, onTokenNeeded } from './api';
import { byId } from './dom';
import { GraphCanvas } from './graph/canvas';
import { LAYOUTS, type LayoutName } from './graph/layouts';
import { renderPathResult } from './views/paths';
import { setupServerWait } from './views/server-wait';
import { applyStatic, pick, t, type Lang } from './i18n';
import { createStore, initialState, type SidebarTab, type State } from './store';
import { formatUrlView, MAX_LINK_NODES, parseUrlView } from './url-state';
import { renderConsoleResult, setupConsole } from './views/console';
import { renderDetails, type DetailActions } from './views/details';
import { askText } from './views/ask-dialog';
import { tokenDialog } from './views/token-dialog';
import { setupHubDialog } from './views/hub-dialog';
import { renderLegend } from './views/legend';
import { setupSearch } from './views/search';
import { renderTable } from './views/table';
import { setupPresenter } from './presentation/present';
import { setupStoriesPanel } from './presentation/stories-panel';
import { setupInsight } from './views/insight';
import { placeIcons } from './views/toolbar-icons';
import { setupHoverCard } from './views/hover-card';
import { setupSourcesPanel } from './views/sources-panel';
import { renderToast } from './views/toast';
import { rovingTabIndex } from './views/roving';

// Read the URL before anything renders: rendering writes the current view back into it.
const urlView = parseUrlView(location.hash);
const store = createStore(initialState());
// ?renderer=webgl opts into Cytoscape's WebGL renderer, for machines with a GPU (see GraphCanvas).
const canvas = new GraphCanvas(byId('cy'), {
  webgl: new URLSearchParams(location.search).get('renderer') === 'webgl',
});
canvas.attachMinimap(byId<HTMLCanvasElement>('minimap'));
/** Tunables; the page size is small in tests so that paging shows on the small seed graph. */
const settings: ActionSettings = { expandPage: NEIGHBOUR_PAGE, hoverDelay: 350, toastDuration: 10_000 };
const actions = createActions(store, canvas, settings);
// Exposed for tests and for analysts who like the devtools console.
/** How often each view rendered, for the tests that check one action renders each view at most once. */
const renderCounts = { toolbar: 0, legend: 0, details: 0, table: 0, static: 0 };
// `cy` is the canvas's test-only escape hatch (the browser tests tap and count through it).
Object.assign(window, {
  explorer: { cy: canvas.unsafeCoreForTests(), store, canvas, settings, renderCounts, actions },
});

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
  document.querySelectorAll<HTMLButtonElement>('[role="tab"][data-tab]').forEach((tab) => {
    const open = tab.dataset.tab === state.sidebarTab;
    tab.setAttribute('aria-selected', String(open));
    tab.tabIndex = open ? 0 : -1;
    byId(tab.getAttribute('aria-controls')!).hidden = !open;
  });
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
  const ids = canvas.nodeIds();
  const url = formatUrlView(store.get(), {
    ids,
    positions: ids.length <= MAX_LINK_NODES ? canvas.positions() : undefined,
    overviewIds: actions.overviewIds(),
  });
  if (url !== location.hash) history.replaceState(null, '', url);
}

const detailActions: DetailActions = {
  expand: (id) => void actions.expand(id),
  hide: actions.hide,
  remove: actions.remove,
  collapse: actions.collapse,
  pathFrom: (id) => actions.setPathEnd('from', id),
  pathTo: (id) => actions.setPathEnd('to', id),
  open: (id) => void actions.focus(id),
};

const showLegend = () => {
  renderCounts.legend++;
  renderLegend(store, canvas);
};
const showDetails = () => {
  renderCounts.details++;
  renderDetails(store, canvas, detailActions);
};
const showTable = () => {
  renderCounts.table++;
  renderTable(store, canvas, (id) => actions.select(canvas.isEdge(id) ? 'edge' : 'node', id));
};
const showHubDialog = setupHubDialog(actions, () => settings.expandPage);
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
      s.sidebarTab,
      s.lang,
      s.pathFrom,
      s.pathTo,
      s.hideIsolated,
      s.neo4jDown,
      s.more,
      s.busy,
      s.status,
      s.statusMessage,
      s.canvasVersion,
    ],
    showToolbar,
  );
  store.watch((s) => [s.schema, s.lang, s.hiddenTypes, s.hiddenRelTypes, s.canvasVersion], showLegend);
  // A re-render rebuilds the panel (and refetches its notes), so nothing but its own slice may
  // reach it while an analyst types a note.
  store.watch((s) => [s.selection, s.lang, s.schema, s.more], showDetails);
  store.watch((s) => [s.hub, s.lang, s.schema], showHubDialog);
  store.watch((s) => [s.tableOpen, s.lang, s.schema, s.canvasVersion], showTable);
  store.watch(
    (s) => [s.toast, s.lang, s.canvasVersion],
    () => renderToast(store, canvas, actions.undoToast),
  );
  store.watch((s) => [s.origin, s.lang, s.layout, s.hiddenTypes, s.selection, s.canvasVersion], syncUrl);
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
// The canvas's content is not in the store; a change bumps its version, which the views that count
// or list elements watch, so they render once with everything else the same action changed.
canvas.onChange = () => store.set({ canvasVersion: store.get().canvasVersion + 1 });
// Positions are not state either: a drag or a layout writes them into the link directly.
canvas.onArranged = syncUrl;

// ---- intents → actions -------------------------------------------------------------------------

canvas.onTap((target) => {
  if (target) actions.select(target.kind, target.id);
  else store.set({ selection: undefined });
});
canvas.onDoubleTapNode((id) => void actions.expand(id));
// The hover card waits for the pointer to rest: passing over nodes on the way somewhere shows none.
let hoverTimer: ReturnType<typeof setTimeout> | undefined;
canvas.onHoverNode((id) => {
  clearTimeout(hoverTimer);
  if (!id) {
    if (store.get().hover?.via === 'pointer') actions.hoverNode(undefined);
    return;
  }
  hoverTimer = setTimeout(() => actions.hoverNode({ id, via: 'pointer' }), settings.hoverDelay);
});
// Cytoscape says nothing when the pointer leaves the canvas from on top of a node.
byId('cy').addEventListener('mouseleave', () => {
  clearTimeout(hoverTimer);
  if (store.get().hover?.via === 'pointer') actions.hoverNode(undefined);
});
byId('cy').addEventListener('blur', () => {
  if (store.get().hover?.via === 'keyboard') actions.hoverNode(undefined);
});

setupSearch(store, {
  openEntity: (id, figure) => void actions.focus(id, figure),
  bringOntoCanvas: (ids) => void actions.bringOntoCanvas(ids),
});
const presenter = setupPresenter(canvas, store);
const storiesPanel = setupStoriesPanel(canvas, store, presenter);
const consoleView = setupConsole(
  store,
  (query) => void actions.runQuery(query, { append: byId<HTMLInputElement>('console-append').checked }),
);
store.watch(
  (s) => [s.consoleResult, s.lang],
  (s) => renderConsoleResult(s.consoleResult, s.lang),
);
store.watch(
  (s) => [s.consoleDraft],
  (s) => s.consoleDraft !== undefined && consoleView.setQuery(s.consoleDraft),
);
store.watch(
  (s) => [s.paths, s.lang],
  (s) => renderPathResult(s.paths, s.lang, actions.showPath),
);

const click = (id: string, action: () => unknown) => byId(id).addEventListener('click', () => void action());
click('btn-more', actions.showMore);
click('btn-fit', actions.fit);
click('btn-lock', actions.toggleLock);
click('btn-undo', actions.undo);
click('btn-redo', actions.redo);
click('btn-reset', actions.showOverview);
click('btn-table', () => actions.togglePanel('tableOpen'));
click('btn-console', () => actions.togglePanel('consoleOpen'));
click('btn-stories', () => actions.togglePanel('storiesOpen'));
click('btn-show-hidden', actions.showHidden);
click('btn-path', actions.findPaths);
click('btn-save-view', async () => {
  const lang = store.get().lang;
  const name = await askText({
    id: 'view-name',
    title: t('saveViewTitle', lang),
    label: t('viewName', lang),
    value: new Date().toLocaleString(),
    ok: t('tokenSave', lang),
    cancel: t('cancel', lang),
  });
  if (name) {
    actions.openPanel('storiesOpen');
    await storiesPanel.saveView(name);
  }
});
// Export: the format and the PNG scale are chosen in a dialog, so the toolbar keeps one button.
const exportDialog = byId<HTMLDialogElement>('export-dialog');
click('btn-export', () => exportDialog.showModal());
exportDialog.addEventListener('close', async () => {
  if (exportDialog.returnValue !== 'export') return;
  const kind = exportDialog.querySelector<HTMLInputElement>('input[name="export-format"]:checked')?.value;
  if (!kind) return;
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
    actions.report({ done: `${t('export', store.get().lang)}: ${kind.toUpperCase()}` });
  } catch (error) {
    actions.report({ error });
  }
});
// The file input stays out of the toolbar; its button opens the browser's file chooser.
click('btn-import', () => byId<HTMLInputElement>('import-json').click());
byId<HTMLInputElement>('import-json').addEventListener('change', async (event) => {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  input.value = '';
  if (!file) return;
  try {
    const { parseElementsJson } = await import('./presentation/export');
    actions.loadElements(parseElementsJson(await file.text()));
  } catch (error) {
    actions.report({ error });
  }
});
byId<HTMLInputElement>('path-all').addEventListener('change', (e) =>
  actions.setPathAll((e.target as HTMLInputElement).checked),
);
byId<HTMLInputElement>('hide-isolated').addEventListener('change', (e) =>
  actions.setHideIsolated((e.target as HTMLInputElement).checked),
);
byId<HTMLSelectElement>('layout-select').addEventListener(
  'change',
  (e) => void actions.setLayout((e.target as HTMLSelectElement).value as LayoutName),
);
document
  .querySelectorAll<HTMLButtonElement>('[data-lang]')
  .forEach((button) => button.addEventListener('click', () => actions.setLang(button.dataset.lang as Lang)));
// The sidebar's tabs: a click or the arrow keys (one tab stop for the row, as ARIA's tabs pattern has).
const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"][data-tab]')];
tabs.forEach((tab, i) => {
  tab.addEventListener('click', () => actions.showSidebarTab(tab.dataset.tab as SidebarTab));
  tab.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = tabs[(i + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    actions.showSidebarTab(next.dataset.tab as SidebarTab);
    next.focus();
  });
});

// Skip links move focus themselves: following their href would replace the hash, which holds the view.
document.querySelectorAll<HTMLAnchorElement>('[data-skip]').forEach((link) =>
  link.addEventListener('click', (event) => {
    event.preventDefault();
    byId(link.dataset.skip!).focus();
  }),
);
// Lists of many are one tab stop each, walked with the arrow keys (views/roving.ts); the toolbar
// too, as ARIA's toolbar pattern has it (Left/Right; its layout select keeps Up/Down).
rovingTabIndex(byId('toolbar'), ':is(button, select):not([disabled])', { orientation: 'horizontal' });
rovingTabIndex(byId('legend'), 'button');
rovingTabIndex(byId('rel-legend'), 'button');
rovingTabIndex(byId('details-body'), 'button.neighbour');

// The canvas is keyboard-operable: arrows walk the visible nodes, Enter expands, Delete removes (a
// toast offers Undo).
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
    actions.select('node', next.id);
    // The keyboard's hover card: the node moved to, named as the pointer's card would name it.
    actions.hoverNode({ id: next.id, via: 'keyboard' });
  } else if (event.key === 'Enter' && current?.kind === 'node') {
    void actions.expand(current.id);
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
  const selection = store.get().selection;
  if (mod && event.key.toLowerCase() === 'z') {
    event.preventDefault();
    if (event.shiftKey) actions.redo();
    else actions.undo();
  } else if (mod && event.key.toLowerCase() === 'y') {
    event.preventDefault();
    actions.redo();
  } else if (mod) {
    return;
  } else if (event.key === '/') {
    event.preventDefault();
    byId('search-input').focus();
  } else if (event.key === 'f') {
    actions.fit();
  } else if (event.key === 'e' && selection?.kind === 'node') {
    void actions.expand(selection.id);
  } else if (event.key === 'h' && selection) {
    actions.hide(selection.id);
  } else if (event.key === 'Escape') {
    actions.clearSelection();
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
      if (!store.get().schema) void actions.start(urlView);
    }
  }, 3000);
});

// ---- start -------------------------------------------------------------------------------------

store.set({
  lang: urlView.lang ?? store.get().lang,
  layout: urlView.layout ?? store.get().layout,
  hiddenTypes: new Set(urlView.hiddenTypes ?? []),
});
setupInsight({ store, canvas, focusEntity: actions.focus });
setupSourcesPanel({ store, actions });
placeIcons(document);
setupHoverCard(store, canvas);
onTokenNeeded(tokenDialog(store));
setupServerWait(() => store.get().lang);
renderAll(store.get());
void actions.start(urlView);
