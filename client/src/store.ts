// Owns the UI state: one small store. Views watch the slice they show; only actions (actions.ts)
// change it. Graph elements themselves live in Cytoscape (the canvas owns them); this holds the rest.
//
// Hand-written rather than a library: what the explorer needs is a plain object, slice watchers
// compared value by value, and one notification per task. That is 60 lines; nanostores, zustand and
// the like would add a dependency for the same three things.
import type { CypherResult, NeighbourSummary, NodeDetail, SchemaInfo } from '../../contract/types';
import type { NeighbourPageQuery } from './api';
import { DEFAULT_LAYOUT, type LayoutName } from './graph/layouts';
import type { Lang } from './i18n';

export type SidebarTab = 'types' | 'paths' | 'analysis';
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'empty' | 'error';
export type { LayoutName } from './graph/layouts';

export type Selection =
  // `figure`: a figure to highlight in the details (a search's figure result opened its entity).
  | { kind: 'node'; id: string; detail?: NodeDetail; error?: string; figure?: string }
  | { kind: 'edge'; id: string }
  | undefined;

/** The Sources panel: which of its views shows, and the outcome of its last write. */
export interface SourcesState {
  open: boolean;
  /** The article the reader shows; none: the list of articles. */
  article?: string;
  /** The entity whose edit, merge, delete and history show (over the reader). */
  entity?: string;
  /** Bumped by every write made from the panel, so what shows the written facts reloads them. */
  revision: number;
  /** A write just done, with the change Undo reverses (none: a message alone, or an error). */
  toast?: { message: string; change?: string; error?: boolean };
}

export interface State {
  lang: Lang;
  status: LoadStatus;
  statusMessage: string;
  neo4jDown: boolean;
  schema?: SchemaInfo;
  hiddenTypes: ReadonlySet<string>;
  hiddenRelTypes: ReadonlySet<string>;
  hideIsolated: boolean;
  layout: LayoutName;
  locked: boolean;
  selection: Selection;
  pathFrom?: { id: string; name: string };
  pathTo?: { id: string; name: string };
  pathAll: boolean;
  tableOpen: boolean;
  consoleOpen: boolean;
  storiesOpen: boolean;
  sources: SourcesState;
  /** The node whose hover card shows (the pointer rested on it, or the keyboard moved to it). */
  hover?: { id: string; via: 'pointer' | 'keyboard' };
  /** Which of the sidebar's tabs is open: the types legend, the path finder or the analysis tools. */
  sidebarTab: SidebarTab;
  presenting: boolean;
  /** A long canvas task (a big layout) in progress, for the progress indicator. */
  busy?: { task: 'layout'; nodes: number; since: number };
  /**
   * The last expansion stopped at its page size; this loads the next page: `limit` neighbours in
   * all, or, for a group picked from a hub's summary, its `query` from `offset` on.
   */
  more?: { id: string; limit: number; query?: NeighbourPageQuery; offset?: number; degree?: number };
  /** An entity with more neighbours than a page, counted, waiting for the analyst to pick a group. */
  hub?: { id: string; summary: NeighbourSummary; degree: number };
  /** Bumped by every change of the canvas's content (which lives in Cytoscape, not here). */
  canvasVersion: number;
  /** The console's last answer (or its error, or a note while one runs). */
  consoleResult?: CypherResult | { error: string } | { pending: string };
  /** A query an action put into the console (a link's, an example's); the analyst's typing is the editor's. */
  consoleDraft?: string;
  /**
   * A destructive step just taken and how to take it back: the toast names what went (`name`), and its Undo
   * applies only while `historySteps` (the canvas's undo depth right after the step) says it is
   * still the latest step.
   */
  toast?: { id: number; name: string; historySteps: number };
  /** The path finder's last answer. */
  paths:
    | { status: 'idle' }
    | { status: 'loading' }
    | { status: 'none' }
    /** `index`: the path on show; each path's element ids, to highlight it. */
    | { status: 'found'; lengths: number[]; ids: string[][]; index: number }
    | { status: 'error'; message: string };
  /** What the current view came from, for the URL: overview, a focus entity, a query, or a set of ids. */
  origin:
    { kind: 'overview' } | { kind: 'focus'; id: string } | { kind: 'query'; query: string } | { kind: 'ids' };
}

type Listener = (state: State, previous: State) => void;

/** True when two slices hold the same values, compared one by one with Object.is. */
export const sameSlice = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((value, i) => Object.is(value, b[i]));

export function createStore(initial: State) {
  let state = initial;
  /** The state the listeners last saw; a notification compares against it. */
  let notified = initial;
  let scheduled = false;
  const listeners = new Set<Listener>();
  const notify = () => {
    scheduled = false;
    const previous = notified;
    notified = state;
    listeners.forEach((l) => l(state, previous));
  };
  return {
    get: () => state,
    /**
     * Applies at once (`get` sees it), and notifies once for everything set in the same task: an
     * action that sets status, origin and selection renders each view once. A microtask rather than
     * an animation frame, so that what a click did is on screen before the next event is handled.
     */
    set(patch: Partial<State>) {
      state = { ...state, ...patch };
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(notify);
      }
    },
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /**
     * Calls `listener` only when the values `slice` picks out of the state changed: a view that
     * shows the selection is not re-rendered by a layout progress tick.
     */
    watch(slice: (state: State) => readonly unknown[], listener: Listener) {
      const onChange: Listener = (state, previous) => {
        if (!sameSlice(slice(state), slice(previous))) listener(state, previous);
      };
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
  };
}

export type Store = ReturnType<typeof createStore>;

export const initialState = (): State => ({
  lang: 'both',
  status: 'idle',
  statusMessage: '',
  neo4jDown: false,
  hiddenTypes: new Set(),
  hiddenRelTypes: new Set(),
  hideIsolated: false,
  layout: DEFAULT_LAYOUT,
  locked: false,
  selection: undefined,
  pathAll: false,
  tableOpen: false,
  consoleOpen: false,
  storiesOpen: false,
  sources: { open: false, revision: 0 },
  sidebarTab: 'types',
  presenting: false,
  paths: { status: 'idle' },
  canvasVersion: 0,
  origin: { kind: 'overview' },
});
