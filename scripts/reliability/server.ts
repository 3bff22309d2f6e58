// The server under load for reliability:load and reliability:soak: a real `tsx server/index.ts` on a
// free loopback port over whatever graph DATA_DIR holds, and the request mix an analyst produces.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Request as CannonRequest } from 'autocannon';
import { runningEmbedded } from '../../server/db/embedded';
import { freePort, ROOT, spawnTsx, type Child } from './processes';

export interface RunningServer {
  base: string;
  child: Child;
  dataDir: string;
  /** Bolt URI when the server reuses an embedded Neo4j another process runs on DATA_DIR. */
  reused?: string;
  stop(): Promise<number | null>;
}

/**
 * Starts the server. Variables that choose the graph (DATA_DIR, NEO4J_*) pass through from this
 * environment; the limiter is off (one client sends everything) and HOST is always loopback.
 */
export async function startServer(
  options: { nodeArgs?: string[]; env?: Record<string, string>; dataDir?: string } = {},
): Promise<RunningServer> {
  const dataDir = path.resolve(ROOT, options.dataDir ?? process.env.DATA_DIR ?? '.data');
  const passThrough = Object.fromEntries(
    [
      'NEO4J_URI',
      'NEO4J_USER',
      'NEO4J_PASSWORD',
      'NEO4J_DATABASE',
      'NEO4J_BOLT_PORT',
      'NEO4J_HEAP',
      'NEO4J_PAGECACHE',
      'QUERY_TIMEOUT_MS',
    ]
      .filter((name) => process.env[name])
      .map((name) => [name, process.env[name]!]),
  );
  // An `npm start` already running on DATA_DIR holds the store: use its Neo4j instead of failing.
  const reused = passThrough.NEO4J_URI ? undefined : runningEmbedded(dataDir);
  const port = await freePort();
  const child = spawnTsx(
    'server/index.ts',
    [],
    {
      ...passThrough,
      ...(reused ? { NEO4J_URI: reused.uri, NEO4J_PASSWORD: reused.password } : {}),
      DATA_DIR: dataDir,
      // A free Bolt port unless told otherwise: a developer's `npm start` may hold 7687.
      NEO4J_BOLT_PORT: process.env.NEO4J_BOLT_PORT ?? '0',
      HOST: '127.0.0.1',
      PORT: String(port),
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'error',
      ...options.env,
    },
    { nodeArgs: options.nodeArgs },
  );
  try {
    await child.waitForLine(/\[server\] explorer ready at/, 300_000);
  } catch (error) {
    child.process.kill('SIGTERM');
    throw error;
  }
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    dataDir,
    reused: reused?.uri,
    async stop() {
      if (child.process.exitCode !== null) return child.process.exitCode;
      child.process.kill('SIGTERM');
      return (await child.exited).code;
    },
  };
}

export interface GraphDescription {
  datasets: { id: string; title: string; entities: number }[];
  entities: number;
  relationships: number;
  kind: string;
}

async function cypherRows(base: string, query: string): Promise<unknown[][]> {
  // A cold server on a busy machine can time out its first queries: retry those a few times.
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${base}/api/cypher`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    if (res.ok) return ((await res.json()) as { rows: unknown[][] }).rows;
    const text = await res.text();
    if (attempt >= 5 || (res.status !== 408 && res.status !== 503))
      throw new Error(`${query}: ${res.status} ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** What the server holds, so every figure says which graph it was measured on. */
export async function describeGraph(base: string): Promise<GraphDescription> {
  const datasets = (
    await cypherRows(
      base,
      'MATCH (d:Dataset) OPTIONAL MATCH (n:Entity {dataset: d.id}) RETURN d.id, d.title, count(n) ORDER BY d.id',
    )
  ).map(([id, title, entities]) => ({ id: String(id), title: String(title), entities: Number(entities) }));
  // Count-store lookups only: instant even on the 100k graph.
  const [[entities]] = (await cypherRows(base, 'MATCH (n:Entity) RETURN count(n)')) as [[number]];
  const [[all]] = (await cypherRows(base, 'MATCH ()-[r]->() RETURN count(r)')) as [[number]];
  const [[figures]] = (await cypherRows(base, 'MATCH ()-[r:HAS_FIGURE]->() RETURN count(r)')) as [[number]];
  const relationships = all - figures;
  const synthetic = datasets.filter((d) => d.id.startsWith('synthetic'));
  const kind = synthetic.length
    ? `synthetic graph (${synthetic.map((d) => `${d.id}: ${d.entities} entities`).join(', ')})`
    : `seed graph (${datasets.map((d) => d.id).join(', ') || 'no dataset'})`;
  return { datasets, entities: Number(entities), relationships: Number(relationships), kind };
}

export interface Mix {
  /** Weighted endpoints, for the report. */
  weights: Record<string, number>;
  /** One of the entities the mix draws from, for warmCaches. */
  sampleId: string;
  next(): CannonRequest;
}

/**
 * An analyst's traffic: mostly search and node details, neighbourhoods and paths, now and then the
 * overview, a subgraph, the schema and a console query. Ids and search words come from the graph.
 */
export async function analystMix(base: string): Promise<Mix> {
  const sample = (await cypherRows(
    base,
    'MATCH (n:Entity) WITH n, rand() AS r ORDER BY r LIMIT 200 RETURN n.id, n.name, n.nameEn',
  )) as [string, string, string | null][];
  if (sample.length < 2)
    throw new Error('the graph has fewer than 2 entities: load one first (npm run seed)');
  const ids = sample.map((r) => r[0]);
  const words = sample.flatMap(([, name, nameEn]) => [
    [...name].slice(0, 2).join(''),
    ...(nameEn ? [nameEn.split(/\s+/)[0]!.toLowerCase()] : []),
  ]);
  const articles = (await cypherRows(base, 'MATCH (s:SourceDocument) RETURN s.id LIMIT 20')).map((r) =>
    String(r[0]),
  );
  const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;
  const get = (p: string): CannonRequest => ({ method: 'GET', path: p });
  const endpoints: [string, number, () => CannonRequest][] = [
    ['GET /api/search', 30, () => get(`/api/search?q=${encodeURIComponent(pick(words))}&limit=20`)],
    ['GET /api/nodes/:id', 20, () => get(`/api/nodes/${encodeURIComponent(pick(ids))}`)],
    [
      'GET /api/nodes/:id/neighbors',
      20,
      () => get(`/api/nodes/${encodeURIComponent(pick(ids))}/neighbors?limit=200`),
    ],
    ['GET /api/paths', 8, () => get(`/api/paths?from=${pick(ids)}&to=${pick(ids)}&maxLength=4`)],
    ['GET /api/graph', 5, () => get('/api/graph?limit=300')],
    [
      'GET /api/subgraph',
      5,
      () => get(`/api/subgraph?ids=${Array.from({ length: 20 }, () => pick(ids)).join(',')}`),
    ],
    ['GET /api/schema', 5, () => get('/api/schema')],
    ...(articles.length
      ? [
          ['GET /api/articles/:id', 2, () => get(`/api/articles/${pick(articles)}`)] as [
            string,
            number,
            () => CannonRequest,
          ],
        ]
      : []),
    [
      'POST /api/cypher',
      5,
      () => ({
        method: 'POST',
        path: '/api/cypher',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'MATCH (n:Entity {id: $id})-[r]-(m) RETURN n, r, m LIMIT 25',
          params: { id: pick(ids) },
        }),
      }),
    ],
  ];
  const total = endpoints.reduce((sum, [, w]) => sum + w, 0);
  return {
    weights: Object.fromEntries(endpoints.map(([name, w]) => [name, w])),
    sampleId: ids[0]!,
    next() {
      let roll = Math.random() * total;
      for (const [, weight, make] of endpoints) {
        roll -= weight;
        if (roll < 0) return make();
      }
      return endpoints[0]![2]();
    },
  };
}

export const machine = () => ({
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.type()} ${os.release()}`,
  loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
});

/** Writes a result file under bench/results/ (gitignored) and returns its path. */
export function writeResult(name: string, result: unknown): string {
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Exits the process if the run exceeds its bound, whatever hangs. */
export function watchdog(ms: number, onExpire: () => void): NodeJS.Timeout {
  const timer = setTimeout(() => {
    console.error(`[reliability] still running after ${Math.round(ms / 1000)} s: giving up`);
    onExpire();
    process.exit(1);
  }, ms);
  timer.unref();
  return timer;
}

/**
 * One request to each endpoint whose answer is kept per data fingerprint (schema counts, the
 * overview, the search catalogue, the hub list behind neighbourhoods), one at a time, retried
 * while it answers 408/503, before the timed traffic. A server pays these once per data change;
 * a load run that starts on a cold server measures that one-off fill under 100 connections
 * instead of the traffic. Returns each endpoint's attempts and last status.
 */
const WARM_BUDGET_MS = 10 * 60_000;

export async function warmCaches(
  base: string,
  sampleId: string,
  log: (line: string) => void,
): Promise<Record<string, { status: number; attempts: number; ms: number }>> {
  const paths = [
    '/api/schema',
    '/api/graph?limit=300',
    '/api/search?q=qingdao&limit=20',
    `/api/nodes/${encodeURIComponent(sampleId)}/neighbors?limit=200`,
  ];
  const out: Record<string, { status: number; attempts: number; ms: number }> = {};
  for (const p of paths) {
    const started = Date.now();
    let status = 0;
    let attempts = 0;
    // The search catalogue of the 100k graph takes tens of seconds to build on a quiet machine
    // (BENCHMARKS.md) and minutes on a busy one; until then searches time out.
    while (Date.now() - started < WARM_BUDGET_MS) {
      if (attempts) await new Promise((resolve) => setTimeout(resolve, 2000));
      attempts++;
      try {
        const response = await fetch(`${base}${p}`, { signal: AbortSignal.timeout(120_000) });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = 0;
      }
      if (status !== 408 && status !== 503 && status !== 0) break;
    }
    out[p] = { status, attempts, ms: Date.now() - started };
    log(`[warm] ${p}: ${status} after ${attempts} attempt(s), ${out[p].ms} ms`);
  }
  return out;
}

/** An endpoint's name for the per-endpoint counts: the path with ids replaced by :id. */
/**
 * Autocannon's request list for `mix`: each request drawn from it, each answer's status counted
 * per endpoint into `byEndpoint` (what the load and soak reports list).
 */
export function countedRequests(
  mix: Mix,
  byEndpoint: Record<string, Record<string, number>>,
): CannonRequest[] {
  return [
    {
      setupRequest: (request: CannonRequest, context: Record<string, unknown>) => {
        const next = mix.next();
        context.endpoint = endpointOf(next.method, next.path!);
        return { ...request, ...next };
      },
      onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
        const counts = (byEndpoint[String(context.endpoint)] ??= {});
        counts[status] = (counts[status] ?? 0) + 1;
      },
    } as CannonRequest,
  ];
}

export const endpointOf = (method: string | undefined, requestPath: string): string =>
  `${method ?? 'GET'} ${requestPath
    .split('?')[0]!
    .replace(/^\/api\/(nodes|articles)\/[^/]+/, '/api/$1/:id')}`;
