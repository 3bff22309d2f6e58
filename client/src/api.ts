// Typed calls to the HTTP API. Every failure becomes an ApiError with the server's code and message.
import type {
  Article,
  CyElements,
  CypherResult,
  HealthBody,
  NodeDetail,
  SchemaInfo,
  SearchResult,
  SourcesResponse,
} from '../../shared-types/api';
import type { SavedView, Story, StorySummary, StoredView, Note } from './presentation/types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
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
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestOnce<T>(path, withToken(init));
    } catch (error) {
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

async function requestOnce<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    const error = new ApiError(0, 'NETWORK', 'The explorer server cannot be reached.');
    failureListeners.forEach((l) => l(error));
    throw error;
  }
  const body = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!res.ok) {
    const error = new ApiError(
      res.status,
      body.error?.code ?? 'HTTP_' + res.status,
      body.error?.message ?? res.statusText,
    );
    // A 401 is answered by the token dialog, not the failure banner.
    if (res.status !== 401) failureListeners.forEach((l) => l(error));
    throw error;
  }
  return body as T;
}

export const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();

export const api = {
  health: () => fetch('/api/health').then((r) => r.json() as Promise<HealthBody>),
  schema: () => request<SchemaInfo>('/api/schema'),
  search: (q: string, limit = 12) => request<{ results: SearchResult[] }>(`/api/search?${qs({ q, limit })}`),
  node: (id: string) => request<NodeDetail>(`/api/nodes/${encodeURIComponent(id)}`),
  neighbors: (id: string, opts: { depth?: number; limit?: number } = {}) =>
    request<{ elements: CyElements; truncated: boolean }>(
      `/api/nodes/${encodeURIComponent(id)}/neighbors?${qs({ depth: opts.depth, limit: opts.limit })}`,
    ),
  paths: (from: string, to: string, mode: 'shortest' | 'all', maxLength = 4) =>
    request<{ paths: { length: number; elements: CyElements }[] }>(
      `/api/paths?${qs({ from, to, mode, maxLength })}`,
    ),
  graph: (limit = 500) =>
    request<{ elements: CyElements; truncated: boolean; total: number }>(`/api/graph?${qs({ limit })}`),
  subgraph: (ids: string[]) =>
    request<{ elements: CyElements; missing: string[] }>(`/api/subgraph?${qs({ ids: ids.join(',') })}`),
  /** Entity and relationship ids; list a relationship with one of its ends (see client/src/sources.ts). */
  sources: (ids: string[]) => request<SourcesResponse>(`/api/sources?${qs({ ids: ids.join(',') })}`),
  article: (id: string) => request<{ article: Article }>(`/api/articles/${encodeURIComponent(id)}`),
  cypher: (query: string, params: Record<string, unknown> = {}) =>
    request<CypherResult>('/api/cypher', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, params }),
    }),
};

// ---- analysts' stories, views and notes ----------------------------------------------------------

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});

export const stories = {
  list: () => request<{ stories: StorySummary[] }>('/api/stories'),
  get: (id: string) => request<{ story: Story; missing: string[] }>(`/api/stories/${encodeURIComponent(id)}`),
  create: (body: Pick<Story, 'title' | 'description' | 'steps'>) =>
    request<{ story: Story }>('/api/stories', json('POST', body)),
  update: (story: Story) =>
    request<{ story: Story }>(
      `/api/stories/${encodeURIComponent(story.id)}`,
      json('PUT', {
        version: story.version,
        title: story.title,
        description: story.description,
        steps: story.steps,
      }),
    ),
  duplicate: (id: string) =>
    request<{ story: Story }>(`/api/stories/${encodeURIComponent(id)}/duplicate`, json('POST', {})),
  remove: (id: string) => request<unknown>(`/api/stories/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

export const views = {
  list: () => request<{ views: Omit<StoredView, 'view'>[] }>('/api/views'),
  get: (id: string) => request<StoredView & { missing: string[] }>(`/api/views/${encodeURIComponent(id)}`),
  create: (name: string, view: SavedView) => request<StoredView>('/api/views', json('POST', { name, view })),
  remove: (id: string) => request<unknown>(`/api/views/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

export const notes = {
  list: (entityId: string) => request<{ notes: Note[] }>(`/api/notes?${qs({ entityId })}`),
  create: (entityId: string, text: string) =>
    request<{ note: Note }>('/api/notes', json('POST', { entityId, text })),
  remove: (id: string) => request<unknown>(`/api/notes/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
