// Owns what the analyst can do: every intent (a click, a key, a link, a panel's button) calls one
// named action here, and the action is the only code that changes the canvas's content and the
// state the views show. Views never call the API to change what is shown, and never set state
// themselves beyond their own inputs; they call an action.
//
// Each action ends in one state change for its outcome (one `store.set`; the store batches what
// one task sets into one notification), so every view renders at most once per action step.
import type { ElementDefinition } from 'cytoscape';
import type { CyElements, NodeDetail } from '../../contract/types';
import { api, call, type NeighbourPageQuery } from './api';
import { errorMessage } from './errors';
import type { GraphCanvas } from './graph/canvas';
import type { LayoutName } from './graph/layouts';
import { pick, t, type Lang } from './i18n';
import type { SidebarTab, SourcesState, State, Store } from './store';
import type { UrlView } from './url-state';
import { positionsFor } from './link-codec';
import { hubPageQuery, needsHubPicker, type HubPick } from './views/hub-picker';

/**
 * How many neighbours come with an entity brought onto the canvas, and with each further page of
 * an expansion: one limit for search, links, the insight panel and double-clicks.
 */
export const NEIGHBOUR_PAGE = 60;

export interface ActionSettings {
  /** Neighbours per expansion page; tests make it small so that paging shows on the seed graph. */
  expandPage: number;
  /** How long the pointer rests on a node before its hover card shows, in ms. */
  hoverDelay: number;
  /** How long a toast (a removal's "Undo") stays, in ms; tests set it long so it cannot go mid-test. */
  toastDuration: number;
}

export type Panel = 'tableOpen' | 'consoleOpen' | 'storiesOpen';

export function createActions(store: Store, canvas: GraphCanvas, settings: ActionSettings) {
  const lang = () => store.get().lang;
  const loading = () => store.set({ status: 'loading', statusMessage: '' });
  const failed = (error: unknown) =>
    store.set({ status: 'error', statusMessage: errorMessage(error, store.get().lang) });

  /** Replaces the canvas with what `load` answers; the view now comes from `origin`. */
  async function show(load: () => Promise<CyElements>, origin: State['origin']): Promise<void> {
    loading();
    try {
      const elements = await load();
      await canvas.replace(elements);
      const empty = !elements.nodes.length;
      store.set({
        origin,
        status: empty ? 'empty' : 'ready',
        statusMessage: empty ? t('empty', lang()) : '',
      });
    } catch (error) {
      failed(error);
    }
  }

  /** The ids the overview last answered with: a link may say the canvas as an edit of it. */
  let overviewIds: string[] | undefined;
  const showOverview = () =>
    show(
      async () => {
        const { elements } = await api.graph(500);
        overviewIds = elements.nodes.map((n) => n.data.id);
        return elements;
      },
      { kind: 'overview' },
    );

  // Hubs can have thousands of neighbours: expansion brings them in pages (settings.expandPage),
  // never all at once. Each node remembers how many it has shown (`shown`), so expanding it again
  // brings the next page, and a hub not shown in full says how many relationships are still off the
  // canvas ("+N", see setMore).

  /**
   * Brings a node's neighbours onto the canvas, a page at a time. `replace`: they replace the
   * canvas (a #focus= link). The node itself comes with them if it is not there yet. Answers the
   * node's detail when it had to fetch it (a truncated page needs the degree), so that a focus
   * does not fetch it twice.
   */
  async function expand(
    id: string,
    options: { replace?: boolean; limit?: number } = {},
  ): Promise<NodeDetail | undefined> {
    store.set({ status: 'loading', statusMessage: '', more: undefined, hub: undefined });
    const node = canvas.dataOf(id);
    const paging = options.limit !== undefined || Number(node?.more ?? 0) > 0;
    const pageLimit =
      options.limit ?? (paging ? Number(node?.shown ?? 0) + settings.expandPage : settings.expandPage);
    try {
      // A first expansion of an entity with more neighbours than a page: its neighbours counted by
      // type and relationship, for the analyst to pick from (hub-picker.ts), not an arbitrary page.
      if (!paging) {
        const summary = await api.neighbourSummary(id);
        if (needsHubPicker(summary, settings.expandPage)) {
          // The degree for "+N"; the node itself when it is not on the canvas yet.
          const [detail, alone] = await Promise.all([
            api.node(id),
            canvas.has(id) ? undefined : api.subgraph([id]),
          ]);
          if (alone) {
            if (options.replace) await canvas.replace(alone.elements);
            else await canvas.add(alone.elements, id);
          }
          canvas.setMore(id, detail.degree - canvas.edgeCountOf(id));
          store.set({
            hub: { id, summary, degree: detail.degree },
            origin: options.replace ? { kind: 'focus', id } : { kind: 'ids' },
            status: 'ready',
            statusMessage: '',
          });
          return detail;
        }
      }
      const { elements, truncated } = await api.neighbors(id, { limit: pageLimit });
      if (options.replace) await canvas.replace(elements);
      else await canvas.add(elements, id);
      canvas.setData(id, 'shown', pageLimit);
      let detail: NodeDetail | undefined;
      if (truncated) {
        detail = await api.node(id);
        canvas.setMore(id, detail.degree - canvas.edgeCountOf(id));
      } else {
        canvas.setMore(id, 0);
      }
      store.set({
        more: truncated ? { id, limit: pageLimit + settings.expandPage } : undefined,
        origin: options.replace ? { kind: 'focus', id } : { kind: 'ids' },
        status: 'ready',
        statusMessage: truncated ? t('moreNeighbours', lang()) : '',
      });
      return detail;
    } catch (error) {
      failed(error);
      return undefined;
    }
  }

  /**
   * Brings the group the analyst picked from a hub's summary (hub-picker.ts): a page of it, and
   * "more" pages through the rest; "first page" is the plain expansion.
   */
  async function pickHub(choice: HubPick): Promise<void> {
    const hub = store.get().hub;
    if (!hub) return;
    if (choice.kind === 'first-page') {
      await expand(hub.id, { limit: settings.expandPage });
      return;
    }
    await expandGroup(hub.id, hubPageQuery(choice, settings.expandPage), 0, hub.degree);
  }

  /** One page of a hub's group (`query` from `offset`), and "more" for the next while any is left. */
  async function expandGroup(id: string, query: NeighbourPageQuery, offset: number, degree: number) {
    store.set({ status: 'loading', statusMessage: '', more: undefined, hub: undefined });
    try {
      const { elements, truncated } = await api.neighbors(id, { ...query, offset });
      await canvas.add(elements, id);
      canvas.setMore(id, degree - canvas.edgeCountOf(id));
      const next = offset + (query.limit ?? settings.expandPage);
      store.set({
        more: truncated ? { id, limit: next, query, offset: next, degree } : undefined,
        origin: { kind: 'ids' },
        status: 'ready',
        statusMessage: truncated ? t('moreNeighbours', lang()) : '',
      });
    } catch (error) {
      failed(error);
    }
  }

  /**
   * Selects a node or an edge; a node's detail is fetched unless the caller has it. `figure` is
   * one of the node's figures to highlight (a figure search result opened it).
   */
  function select(kind: 'node' | 'edge', id: string, figure?: string, known?: NodeDetail): void {
    if (canvas.has(id) && !canvas.isSelected(id)) canvas.selectOnly([id]);
    if (kind === 'edge') {
      store.set({ selection: { kind: 'edge', id } });
      return;
    }
    if (known) {
      store.set({ selection: { kind: 'node', id, detail: known, figure } });
      return;
    }
    store.set({ selection: { kind: 'node', id, figure } });
    api.node(id).then(
      (detail) => {
        const current = store.get().selection;
        if (current?.kind === 'node' && current.id === id)
          store.set({ selection: { kind: 'node', id, detail, figure } });
      },
      (error) => store.set({ selection: { kind: 'node', id, error: errorMessage(error, store.get().lang) } }),
    );
  }

  /** Brings an entity onto the canvas if it is not there yet, then centres and selects it. */
  async function focus(id: string, figure?: string): Promise<void> {
    const detail = canvas.has(id) ? undefined : await expand(id);
    if (!canvas.has(id)) return; // the expansion failed and said why
    canvas.focusOn(id);
    select('node', id, figure, detail);
  }

  /** Brings entities (and the links among them and what is already shown) onto the canvas. */
  async function bringOntoCanvas(ids: string[]): Promise<void> {
    if (!ids.length) return;
    loading();
    try {
      const { elements } = await api.subgraph(ids);
      await canvas.add(elements);
      store.set({ origin: { kind: 'ids' }, status: 'ready', statusMessage: '' });
      if (ids.length === 1) select('node', ids[0]!);
    } catch (error) {
      failed(error);
    }
  }

  /** Runs a read-only query; its graph replaces the canvas (or joins it with `append`). */
  async function runQuery(query: string, options: { append?: boolean } = {}): Promise<void> {
    store.set({ status: 'loading', statusMessage: '', consoleResult: { pending: t('loading', lang()) } });
    try {
      const result = await api.cypher(query);
      if (result.elements.nodes.length) {
        if (options.append) await canvas.add(result.elements);
        else await canvas.replace(result.elements);
      }
      store.set({
        consoleResult: result,
        status: 'ready',
        ...(result.elements.nodes.length ? { origin: { kind: 'query', query } as const } : {}),
      });
    } catch (error) {
      store.set({ consoleResult: { error: errorMessage(error, store.get().lang) }, status: 'ready' });
    }
  }

  const nameOf = (id: string) => {
    const node = canvas.dataOf(id);
    return pick(node?.name as string, node?.nameEn as string, lang());
  };

  async function findPaths(): Promise<void> {
    const { pathFrom, pathTo, pathAll } = store.get();
    if (!pathFrom || !pathTo) return;
    store.set({ paths: { status: 'loading' } });
    try {
      const { paths } = await api.paths(pathFrom.id, pathTo.id, pathAll ? 'all' : 'shortest');
      if (!paths.length) {
        store.set({ paths: { status: 'none' } });
        return;
      }
      const merged: CyElements = {
        nodes: paths.flatMap((p) => p.elements.nodes),
        edges: paths.flatMap((p) => p.elements.edges),
      };
      await canvas.add(merged);
      const ids = paths.map((p) => [...p.elements.nodes, ...p.elements.edges].map((el) => el.data.id));
      canvas.highlight(ids[0]!, { fit: true });
      store.set({
        origin: { kind: 'ids' },
        paths: { status: 'found', lengths: paths.map((p) => p.length), ids, index: 0 },
      });
    } catch (error) {
      store.set({ paths: { status: 'error', message: errorMessage(error, store.get().lang) } });
    }
  }

  let toastCount = 0;
  /**
   * Removes a node or an edge from the canvas (not from the data), as one undo step, and says so in
   * a toast whose Undo brings it back with its edges and position: a Delete key pressed on the
   * canvas by mistake costs one click.
   */
  function remove(id: string): void {
    const data = canvas.dataOf(id);
    if (!data) return;
    const name = canvas.isEdge(id) ? String(data.label ?? data.type ?? id) : nameOf(id) || id;
    canvas.remove([id]);
    const toast = { id: ++toastCount, name, historySteps: canvas.historySteps };
    store.set({ selection: undefined, origin: { kind: 'ids' }, toast });
    setTimeout(() => {
      if (store.get().toast?.id === toast.id) store.set({ toast: undefined });
    }, settings.toastDuration);
  }

  /** Runs a layout; choosing one is asking for it, so locked positions are unlocked, and it says so. */
  function setLayout(layout: LayoutName): Promise<void> {
    canvas.setLayoutName(layout);
    const wasLocked = store.get().locked;
    if (wasLocked) canvas.setLocked(false);
    store.set({
      layout,
      ...(wasLocked ? { locked: false, status: 'ready', statusMessage: t('layoutUnlocked', lang()) } : {}),
    });
    return canvas.layout({ animate: true });
  }

  /** Opens a view from a link (or the overview when the link names none). */
  async function start(view: UrlView): Promise<void> {
    canvas.setLayoutName(store.get().layout);
    loading();
    try {
      const schema = await api.schema();
      canvas.setSchema(schema);
      store.set({ schema });
    } catch (error) {
      failed(error);
      return;
    }
    if (view.query) {
      // A link may carry any query, and opening a link is not consent to run it (one once stopped
      // Neo4j): the console shows it and waits for the analyst; the canvas shows the overview.
      store.set({
        consoleOpen: true,
        consoleDraft: view.query,
        consoleResult: { pending: t('linkedQuery', lang()) },
      });
      await showOverview();
    } else if (view.overviewEdit) {
      await showOverview();
      const { drop, add } = view.overviewEdit;
      canvas.remove(drop, { record: false });
      if (add.length) {
        try {
          await canvas.add((await api.subgraph(add)).elements, undefined, { record: false });
        } catch (error) {
          failed(error);
        }
      }
      store.set({ origin: { kind: 'ids' } });
    } else if (view.ids?.length) {
      await show(async () => (await api.subgraph(view.ids!)).elements, { kind: 'ids' });
    } else if (view.focus) {
      await expand(view.focus, { replace: true });
    } else {
      await showOverview();
    }
    // The link's arrangement, if it was made for the nodes now shown (the data may have changed).
    const placed = view.positions && positionsFor(view.positions, canvas.nodeIds());
    if (placed) canvas.place(placed);
    if (view.selected && canvas.has(view.selected)) {
      select(canvas.isEdge(view.selected) ? 'edge' : 'node', view.selected);
    }
  }

  // ---- the Sources panel ----
  const sources = (patch: Partial<SourcesState>) =>
    store.set({ sources: { ...store.get().sources, ...patch } });

  /** A write from the panel is done: what shows facts reloads, and the toast offers its undo. */
  const factWritten = (toast?: SourcesState['toast']) =>
    sources({ revision: store.get().sources.revision + 1, toast });

  /** Reverses a change (POST /api/changes/{id}/undo); a refusal (409: changed since) is the toast. */
  async function undoChange(change: string, done: string): Promise<void> {
    try {
      await call('undoChange', { params: { id: change } });
      factWritten({ message: done });
    } catch (error) {
      sources({ toast: { message: errorMessage(error, lang()), error: true } });
    }
  }

  return {
    start,
    showOverview,
    toggleSources: (open = !store.get().sources.open) =>
      sources({ open, ...(open ? {} : { toast: undefined }) }),
    /** Opens an article in the reader, or (undefined) goes back to the list. */
    openArticle: (article: string | undefined) => sources({ article, entity: undefined }),
    /** Opens an entity's edit, merge, delete and history, or (undefined) goes back to the reader. */
    manageEntity: (entity: string | undefined) => sources({ entity }),
    factWritten,
    undoChange,
    dismissSourcesToast: () => sources({ toast: undefined }),
    /**
     * What the panel showed could not load (an entity merged or deleted meanwhile, an article
     * gone): back to the article, and the toast says why.
     */
    sourcesFailed: (error: unknown) =>
      sources({ entity: undefined, toast: { message: errorMessage(error, lang()), error: true } }),
    overviewIds: (): readonly string[] | undefined => overviewIds,
    focus,
    expand,
    pickHub,
    /** Closes a hub's summary without expanding it. */
    dismissHub: () => store.set({ hub: undefined }),
    /** The next page of the last expansion that stopped at its page size. */
    showMore: async () => {
      const more = store.get().more;
      if (!more) return;
      if (more.query) await expandGroup(more.id, more.query, more.offset ?? 0, more.degree ?? 0);
      else await expand(more.id, { limit: more.limit });
    },
    bringOntoCanvas,
    select,
    clearSelection: () => {
      canvas.unselectAll();
      store.set({ selection: undefined });
    },
    hide: (id: string) => {
      canvas.hide([id]);
      store.set({ selection: undefined, origin: { kind: 'ids' } });
    },
    remove,
    /** Takes back the removal a toast names, if nothing was done on the canvas since. */
    undoToast: () => {
      const toast = store.get().toast;
      if (toast && toast.historySteps === canvas.historySteps) canvas.undo();
      store.set({ toast: undefined });
    },
    collapse: (id: string) => {
      canvas.collapse(id);
      store.set({ origin: { kind: 'ids' } });
    },
    showHidden: () => canvas.showHidden(),
    // Setting an end opens the path finder's tab, where the analyst goes next.
    setPathEnd: (end: 'from' | 'to', id: string) =>
      store.set({
        sidebarTab: 'paths',
        ...(end === 'from' ? { pathFrom: { id, name: nameOf(id) } } : { pathTo: { id, name: nameOf(id) } }),
      }),
    setPathAll: (pathAll: boolean) => store.set({ pathAll }),
    findPaths,
    /** Steps to another of the paths found: it is highlighted, the rest fades, the view moves to it. */
    showPath: (index: number) => {
      const paths = store.get().paths;
      if (paths.status !== 'found' || !paths.ids[index]) return;
      canvas.highlight(paths.ids[index], { fit: true });
      store.set({ paths: { ...paths, index } });
    },
    runQuery,
    setLayout,
    toggleLock: () => {
      const locked = !store.get().locked;
      canvas.setLocked(locked);
      store.set({ locked });
    },
    fit: () => canvas.fit(),
    undo: () => {
      canvas.undo();
      store.set({ toast: undefined });
    },
    redo: () => canvas.redo(),
    setLang: (next: Lang) => store.set({ lang: next }),
    togglePanel: (panel: Panel) => store.set({ [panel]: !store.get()[panel] }),
    openPanel: (panel: Panel) => store.set({ [panel]: true }),
    showSidebarTab: (sidebarTab: SidebarTab) => store.set({ sidebarTab }),
    /** Shows a node's hover card, or (undefined) hides it. */
    hoverNode: (hover: State['hover']) => store.set({ hover }),
    setHideIsolated: (hideIsolated: boolean) => store.set({ hideIsolated }),
    /** Replaces the canvas with an exported file's elements, positions and all. */
    loadElements: (elements: {
      nodes: Omit<ElementDefinition, 'group'>[];
      edges: Omit<ElementDefinition, 'group'>[];
    }) => {
      canvas.load([
        ...elements.nodes.map((n) => ({ ...n, group: 'nodes' as const })),
        ...elements.edges.map((e) => ({ ...e, group: 'edges' as const })),
      ]);
      store.set({ origin: { kind: 'ids' } });
    },
    /** A finished task's outcome in the status line (an export written, a file that failed). */
    report: (outcome: { done: string } | { error: unknown }) =>
      'done' in outcome ? store.set({ status: 'ready', statusMessage: outcome.done }) : failed(outcome.error),
  };
}

export type Actions = ReturnType<typeof createActions>;
