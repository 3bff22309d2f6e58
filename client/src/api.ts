// Typed calls to the HTTP API, made from the contract's route table: each call names an operation,
// and its path, method, inputs and answer type come from contract/operations.ts. Every failure
// becomes an ApiError with the server's code and message.
import {
  operations,
  type AnswerOf,
  type ClientQueryOf,
  type OperationId,
  type ParamsOf,
  type RequestBodyOf,
} from '../../contract/operations';
import type { SavedView, Story } from '../../contract/types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds the server asked to wait before trying again (its Retry-After header), if any. */
    readonly retryAfter?: number,
    /** The request field at fault, when the server named one (400s of the write endpoints). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// ---- a busy server (429 with Retry-After) ---------------------------------------------------------
// Reads are retried after the wait the server asks for, a few times, so a start that meets the rate
// limit recovers by itself; the UI is told each wait (and its end, with 0) so it can say so.

/** Reads retried this many times in a row on 429 before the error reaches the caller. */
export const BUSY_RETRIES = 5;
/** A Retry-After longer than this (seconds) is not waited for: the caller hears the 429. */
const LONGEST_WAIT_S = 120;
type BusyListener = (seconds: number) => void;
const busyListeners: BusyListener[] = [];
/** `seconds` > 0: a read waits that long for a busy server; 0: the wait is over. */
export const onServerBusy = (listener: BusyListener) => busyListeners.push(listener);
/** How a retry waits; tests may shorten it. */
export const busyWait = {
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

function retryAfterOf(res: Response): number | undefined {
  const header = res.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

type Listener = (error: ApiError) => void;
const failureListeners: Listener[] = [];
/** Lets the UI show one banner for "Neo4j is down", whichever call found out. */
export const onApiFailure = (listener: Listener) => failureListeners.push(listener);

// ---- the explorer token (servers started with EXPLORER_TOKEN) ---------------------------------------
// Kept for this tab only (sessionStorage: gone when the tab closes, never shared with other tabs or
// sent anywhere but this server), and sent as a bearer token on writes only.

const TOKEN_KEY = 'kg-explorer.token';
let tokenPrompt: ((retry: boolean) => Promise<string | undefined>) | undefined;
/** The UI's way of asking for the token (a dialog); `retry` is true when the last one was refused. */
export const onTokenNeeded = (prompt: (retry: boolean) => Promise<string | undefined>) => {
  tokenPrompt = prompt;
};
const storedToken = (): string | undefined => globalThis.sessionStorage?.getItem(TOKEN_KEY) ?? undefined;
const isWrite = (init?: RequestInit) => (init?.method ?? 'GET').toUpperCase() !== 'GET';

function withToken(init: RequestInit | undefined): RequestInit | undefined {
  if (!isWrite(init)) return init;
  const token = storedToken();
  if (!token) return init;
  const headers = new Headers(init?.headers);
  headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}

export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let busyRetries = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await requestOnce<T>(path, withToken(init), busyRetries < BUSY_RETRIES);
      if (busyRetries) busyListeners.forEach((l) => l(0));
      return answer;
    } catch (error) {
      if (error instanceof BusyServer) {
        busyRetries++;
        busyListeners.forEach((l) => l(error.seconds));
        await busyWait.sleep(error.seconds * 1000);
        continue;
      }
      if (busyRetries) busyListeners.forEach((l) => l(0));
      // A write refused for want of the right token: ask for it (once per refusal), then retry.
      if (!(error instanceof ApiError) || error.status !== 401 || !isWrite(init) || !tokenPrompt) throw error;
      const hadToken = storedToken() !== undefined;
      if (hadToken) sessionStorage.removeItem(TOKEN_KEY);
      if (attempt >= 3) throw error;
      const token = await tokenPrompt(hadToken);
      if (!token) {
        throw new ApiError(
          401,
          'TOKEN_REQUIRED',
          'Saving needs the explorer token of this server; nothing was saved.',
        );
      }
      sessionStorage.setItem(TOKEN_KEY, token);
    }
  }
}

/** A read answered 429 with a Retry-After worth waiting for: `request` waits and tries again. */
class BusyServer extends Error {
  constructor(readonly seconds: number) {
    super('busy');
  }
}

async function requestOnce<T>(path: string, init?: RequestInit, mayWait = false): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    const error = new ApiError(0, 'NETWORK', 'The explorer server cannot be reached.');
    failureListeners.forEach((l) => l(error));
    throw error;
  }
  const body = (await res.json().catch(() => ({}))) as {
    error?: { code: string; message: string; field?: string };
  };
  if (!res.ok) {
    const retryAfter = retryAfterOf(res);
    if (
      res.status === 429 &&
      mayWait &&
      !isWrite(init) &&
      retryAfter !== undefined &&
      retryAfter <= LONGEST_WAIT_S
    )
      throw new BusyServer(retryAfter);
    const error = new ApiError(
      res.status,
      body.error?.code ?? 'HTTP_' + res.status,
      body.error?.message ?? res.statusText,
      retryAfter,
      body.error?.field,
    );
    // A 401 is answered by the token dialog, not the failure banner.
    if (res.status !== 401) failureListeners.forEach((l) => l(error));
    throw error;
  }
  return body as T;
}

export const qs = (params: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
      // Lists travel comma-separated (OpenAPI form style, explode false).
      .map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
  ).toString();

type Inputs<K extends OperationId> = {
  params?: ParamsOf<K>;
  query?: Partial<ClientQueryOf<K>>;
  body?: RequestBodyOf<K>;
};

/** The URL of an operation: its path with the parameters filled in, and its query string. */
export function operationUrl<K extends OperationId>(id: K, inputs: Inputs<K> = {}): string {
  const params = (inputs.params ?? {}) as Record<string, string>;
  const path = operations[id].path.replace(/:([A-Za-z_]+)/g, (_, name: string) =>
    encodeURIComponent(params[name] ?? ''),
  );
  const query = inputs.query ? qs(inputs.query as Record<string, unknown>) : '';
  return query ? `${path}?${query}` : path;
}

/** Calls an operation of the contract; development builds also check the answer against it. */
export async function call<K extends OperationId>(id: K, inputs: Inputs<K> = {}): Promise<AnswerOf<K>> {
  const operation = operations[id];
  const init: RequestInit = { method: operation.method.toUpperCase() };
  if (inputs.body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(inputs.body);
  }
  const answer = await request<AnswerOf<K>>(operationUrl(id, inputs), init);
  const schema = 'schema' in operation.success ? operation.success.schema : undefined;
  // Vite sets DEV in `npm run dev`; the check costs nothing in the built explorer.
  if ((import.meta as { env?: { DEV?: boolean } }).env?.DEV && schema) {
    const checked = schema.safeParse(answer);
    if (!checked.success) console.warn(`[api] ${id} answered outside the contract`, checked.error.issues);
  }
  return answer;
}

/** A page of an entity's neighbours: all of them, or one type / relationship group of a hub. */
export interface NeighbourPageQuery {
  depth?: number;
  limit?: number;
  offset?: number;
  types?: string[];
  relTypes?: string[];
  direction?: 'both' | 'out' | 'in';
}

export const api = {
  /** Health answers 503 with a body when Neo4j is down: read it either way, never raise the banner. */
  health: () => fetch(operationUrl('getHealth')).then((r) => r.json() as Promise<AnswerOf<'getHealth'>>),
  schema: () => call('getSchema'),
  search: (q: string, limit = 12) => call('search', { query: { q, limit } }),
  node: (id: string) => call('getNode', { params: { id } }),
  neighbors: (id: string, opts: NeighbourPageQuery = {}) =>
    call('getNeighbors', { params: { id }, query: opts }),
  /** How many neighbours of each type and relationship a hub has (to pick from, not page blindly). */
  neighbourSummary: (id: string) => call('getNeighbourSummary', { params: { id } }),
  paths: (from: string, to: string, mode: 'shortest' | 'all', maxLength = 4) =>
    call('findPaths', { query: { from, to, mode, maxLength } }),
  graph: (limit = 500) => call('getOverview', { query: { limit } }),
  subgraph: (ids: string[]) => call('getSubgraph', { query: { ids } }),
  /** Entity and relationship ids; list a relationship with one of its ends (see client/src/sources.ts). */
  sources: (ids: string[]) => call('getSources', { query: { ids } }),
  article: (id: string) => call('getArticle', { params: { id } }),
  cypher: (query: string, params: Record<string, unknown> = {}) =>
    call('runCypher', { body: { query, params } }),
};

// ---- analysts' stories, views and notes ----------------------------------------------------------

export const stories = {
  list: () => call('listStories'),
  get: (id: string) => call('getStory', { params: { id } }),
  create: (body: Pick<Story, 'title' | 'description' | 'steps'>) => call('createStory', { body }),
  update: (story: Story) =>
    call('updateStory', {
      params: { id: story.id },
      body: {
        version: story.version,
        title: story.title,
        description: story.description,
        steps: story.steps,
      },
    }),
  duplicate: (id: string) => call('duplicateStory', { params: { id } }),
  remove: (id: string) => call('deleteStory', { params: { id } }),
};

export const views = {
  list: () => call('listViews'),
  get: (id: string) => call('getView', { params: { id } }),
  create: (name: string, view: SavedView) => call('createView', { body: { name, view } }),
  remove: (id: string) => call('deleteView', { params: { id } }),
};

export const notes = {
  list: (entityId: string) => call('listNotes', { query: { entityId } }),
  create: (entityId: string, text: string) => call('createNote', { body: { entityId, text } }),
  remove: (id: string) => call('deleteNote', { params: { id } }),
};
