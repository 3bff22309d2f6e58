// API benchmark: autocannon against the real app (its own process, port 0) and, right after each
// run, the same Cypher through a bare driver (its own process) at the same concurrency for the
// same time. Memory (app RSS, JVM heap and RSS) is sampled throughout.
import autocannon from 'autocannon';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { schemaCounts } from '../server/queries/schema';
import type { BareCommand, BareResult } from './bare-driver';
import type { BenchContext } from './context';
import { cpuSecondsOf, JvmHeapSampler, loadAverage, memoryOf, quiesce, RssSampler } from './lib/proc';
import { distribution, type Distribution } from './lib/stats';
import { buildWorkload, CASES, httpRequest, type CaseName, type Workload } from './workload';

const BENCH_DIR = import.meta.dirname;

export interface SideFigures {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

export interface ApiCaseResult {
  case: CaseName;
  connections: number;
  api: SideFigures & { non2xx: number; timeouts: number };
  driver: SideFigures & { firstError?: string };
  /** API p50 ÷ driver p50, API p99 ÷ driver p99, driver req/s ÷ API req/s: 1 means no overhead. */
  overhead: { p50: number; p99: number; throughput: number; cpuPerRequest: number };
  /**
   * CPU milliseconds per request: Neo4j's JVM plus the Node process (app, or bare driver). Unlike
   * latency, this barely moves when other work competes for the cores.
   */
  cpuMsPerRequest: { api: { neo4j: number; node: number }; driver: { neo4j: number; node: number } };
  /** The app's largest sampled RSS during this run. */
  appRssMaxMiB: number;
  loadAverage: number;
  /**
   * The first call of the case on each side, before any measured run: what it costs to fill the
   * data's caches once (search's catalogue, the schema counts). Analysts pay it once per data change.
   */
  primeMs: { api: number; driver: number };
}

export interface MemoryResults {
  /** The app's Node process while autocannon drove it. */
  appRssMiB: Distribution;
  appPeakRssMiB: number;
  /** The bare-driver process, for comparison: what the driver alone costs. */
  driverRssMiB: number;
  jvmHeapUsedMiB: Distribution;
  jvmHeapCapacityMiB: number;
  jvmRssMiB: Distribution;
  heapSetting: string;
  pageCacheSetting: string;
}

export interface ApiResults {
  durationS: number;
  /** One call of schemaCounts (what /api/schema and type filters recompute after each data load), twice. */
  schemaCountsMs: { first: number; second: number };
  workload: { ids: number; terms: number; pairs: number };
  cases: ApiCaseResult[];
  memory: MemoryResults;
}

interface Child {
  process: ChildProcessWithoutNullStreams;
  lines: AsyncIterator<string>;
  pid: number;
}

/** Starts `tsx <script> ...args` and waits for its READY line. */
async function startChild(script: string, args: string[]): Promise<Child & { ready: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, script), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  for (;;) {
    const next = await lines.next();
    if (next.done) throw new Error(`${script} exited before it was ready:\n${stderr}`);
    if (next.value.startsWith('READY'))
      return { process: child, lines, pid: child.pid!, ready: next.value.slice(6) };
  }
}

async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.stdin.end();
  child.process.kill('SIGTERM');
  await exited;
}

async function askDriver(child: Child, command: BareCommand): Promise<BareResult> {
  child.process.stdin.write(`${JSON.stringify(command)}\n`);
  for (;;) {
    const next = await child.lines.next();
    if (next.done) throw new Error('bare-driver exited');
    if (next.value.startsWith('RESULT ')) return JSON.parse(next.value.slice(7)) as BareResult;
  }
}

async function cannon(
  port: number,
  name: CaseName,
  workload: Workload,
  connections: number,
  seconds: number,
) {
  let i = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const spec = httpRequest(name, workload, i++);
          return {
            ...request,
            method: spec.method,
            path: spec.path,
            ...(spec.body ? { body: spec.body, headers: { 'content-type': 'application/json' } } : {}),
          };
        },
      },
    ],
  });
}

/** The first call of a case through the app and through the bare driver, timed. */
async function prime(port: number, driver: Child, name: CaseName, workload: Workload) {
  const spec = httpRequest(name, workload, 0);
  let started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}${spec.path}`, {
    method: spec.method,
    ...(spec.body ? { body: spec.body, headers: { 'content-type': 'application/json' } } : {}),
    signal: AbortSignal.timeout(15 * 60_000),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`[api] the first ${name} request answered ${response.status}`);
  const api = performance.now() - started;
  started = performance.now();
  const first = await askDriver(driver, { case: name, connections: 1, durationMs: 1 });
  if (first.errors)
    throw new Error(`[api] the first ${name} call through the driver failed: ${first.firstError}`);
  return { api, driver: performance.now() - started };
}

export interface LoadedApp {
  app: Child;
  port: number;
  jvmPid: number;
  stop(): Promise<void>;
}

export async function startApp(uri: string, jvmPid: number): Promise<LoadedApp> {
  const app = await startChild('app-server.ts', [uri]);
  const { port } = JSON.parse(app.ready) as { port: number };
  return { app, port, jvmPid, stop: () => stopChild(app) };
}

function memoryFrom(
  appSampler: RssSampler,
  jvmSampler: RssSampler,
  heap: JvmHeapSampler,
  windows: [number, number][],
  app: Child,
  extra: Pick<MemoryResults, 'driverRssMiB' | 'heapSetting' | 'pageCacheSetting'>,
): MemoryResults {
  const inWindows = <T extends { at: number }>(samples: T[]) =>
    samples.filter((s) => windows.some(([a, b]) => s.at >= a && s.at <= b));
  const heapSamples = inWindows(heap.samples);
  return {
    appRssMiB: distribution(inWindows(appSampler.samples).map((s) => s.rssMiB)),
    appPeakRssMiB: memoryOf(app.pid)?.peakMiB ?? NaN,
    jvmHeapUsedMiB: distribution(heapSamples.map((s) => s.usedMiB)),
    jvmHeapCapacityMiB: heapSamples.length ? Math.max(...heapSamples.map((s) => s.capacityMiB)) : NaN,
    jvmRssMiB: distribution(inWindows(jvmSampler.samples).map((s) => s.rssMiB)),
    ...extra,
  };
}

export async function apiPart(ctx: BenchContext, cases: readonly CaseName[] = CASES): Promise<ApiResults> {
  const { neo4j, synth } = await ctx.loadedBigGraph();
  const { durationS, warmupS, connections } = ctx.options;
  const workload = buildWorkload(synth, ctx.options.seed + 1);
  const workloadFile = path.join(neo4j.dataDir, 'workload.json');
  fs.writeFileSync(workloadFile, JSON.stringify(workload));

  const schemaCountsMs = { first: 0, second: 0 };
  for (const key of ['first', 'second'] as const) {
    const started = performance.now();
    await schemaCounts(neo4j.db);
    schemaCountsMs[key] = performance.now() - started;
  }
  ctx.log(
    `[api] schemaCounts over the whole graph: ${Math.round(schemaCountsMs.first)} ms, then ${Math.round(schemaCountsMs.second)} ms`,
  );

  const app = await startApp(neo4j.uri, neo4j.jvmPid);
  const driver = await startChild('bare-driver.ts', [neo4j.uri, workloadFile]);
  const appRss = new RssSampler(app.app.pid);
  const jvmRss = new RssSampler(neo4j.jvmPid);
  const heap = new JvmHeapSampler(neo4j.jvmPid);
  [appRss, jvmRss].forEach((s) => s.start());
  heap.start();
  const apiWindows: [number, number][] = [];
  const results: ApiCaseResult[] = [];
  let driverRssMiB = 0;
  try {
    for (const name of cases) {
      // One call each side first, however long it takes: a cache filled once per data change (the
      // search catalogue takes seconds at 100k) must not be billed to, or time out, a measured run.
      const primeMs = await prime(app.port, driver, name, workload);
      ctx.log(
        `[api] ${name}: first call ${Math.round(primeMs.api)} ms (API), ${Math.round(primeMs.driver)} ms (driver)`,
      );
      for (const c of connections) {
        ctx.log(`[api] ${name} at ${c} connections: API ${durationS} s, then bare driver ${durationS} s…`);
        await quiesce(neo4j.jvmPid);
        await cannon(app.port, name, workload, c, warmupS);
        await quiesce(neo4j.jvmPid);
        const apiCpu = { neo4j: cpuSecondsOf(neo4j.jvmPid), node: cpuSecondsOf(app.app.pid) };
        const from = Date.now();
        const api = await cannon(app.port, name, workload, c, durationS);
        apiWindows.push([from, Date.now()]);
        const appRssMaxMiB = Math.max(...appRss.between(from, Date.now()).map((m) => m.rssMiB), 0);
        // What autocannon left in flight finishes (or times out) here, and is billed to this run.
        await quiesce(neo4j.jvmPid);
        apiCpu.neo4j = cpuSecondsOf(neo4j.jvmPid) - apiCpu.neo4j;
        apiCpu.node = cpuSecondsOf(app.app.pid) - apiCpu.node;

        await askDriver(driver, { case: name, connections: c, durationMs: warmupS * 1000 });
        await quiesce(neo4j.jvmPid);
        const driverCpu = { neo4j: cpuSecondsOf(neo4j.jvmPid), node: cpuSecondsOf(driver.pid) };
        const bare = await askDriver(driver, { case: name, connections: c, durationMs: durationS * 1000 });
        // As for the API run: background work the run caused (garbage collection) is billed to it.
        await quiesce(neo4j.jvmPid);
        driverCpu.neo4j = cpuSecondsOf(neo4j.jvmPid) - driverCpu.neo4j;
        driverCpu.node = cpuSecondsOf(driver.pid) - driverCpu.node;
        driverRssMiB = Math.max(driverRssMiB, bare.rssMiB);
        const perRequest = (cpu: { neo4j: number; node: number }, requests: number) => ({
          neo4j: (1000 * cpu.neo4j) / Math.max(1, requests),
          node: (1000 * cpu.node) / Math.max(1, requests),
        });
        const cpuMsPerRequest = {
          api: perRequest(apiCpu, api.requests.total),
          driver: perRequest(driverCpu, bare.requests),
        };

        const apiFigures = {
          requests: api.requests.total,
          errors: api.errors + api.non2xx,
          non2xx: api.non2xx,
          timeouts: api.timeouts,
          requestsPerSecond: api.requests.total / api.duration,
          p50Ms: api.latency.p50,
          p99Ms: api.latency.p99,
          meanMs: api.latency.average,
        };
        const driverFigures = {
          requests: bare.requests,
          errors: bare.errors,
          ...(bare.firstError ? { firstError: bare.firstError } : {}),
          requestsPerSecond: bare.requestsPerSecond,
          p50Ms: bare.latencyMs.p50,
          p99Ms: bare.latencyMs.p99,
          meanMs: bare.latencyMs.mean,
        };
        const result: ApiCaseResult = {
          case: name,
          connections: c,
          api: apiFigures,
          driver: driverFigures,
          overhead: {
            p50: apiFigures.p50Ms / driverFigures.p50Ms,
            p99: apiFigures.p99Ms / driverFigures.p99Ms,
            throughput: driverFigures.requestsPerSecond / apiFigures.requestsPerSecond,
            cpuPerRequest:
              (cpuMsPerRequest.api.neo4j + cpuMsPerRequest.api.node) /
              (cpuMsPerRequest.driver.neo4j + cpuMsPerRequest.driver.node),
          },
          cpuMsPerRequest,
          appRssMaxMiB,
          loadAverage: loadAverage(),
          primeMs,
        };
        results.push(result);
        ctx.log(
          `[api]   API p50 ${apiFigures.p50Ms} ms p99 ${apiFigures.p99Ms} ms ${Math.round(apiFigures.requestsPerSecond)} req/s` +
            `${apiFigures.errors ? ` (${apiFigures.errors} errors)` : ''} | driver p50 ${driverFigures.p50Ms.toFixed(1)} ms ` +
            `p99 ${driverFigures.p99Ms.toFixed(1)} ms ${Math.round(driverFigures.requestsPerSecond)} req/s` +
            `${driverFigures.errors ? ` (${driverFigures.errors} errors: ${bare.firstError})` : ''}`,
        );
      }
    }
  } finally {
    heap.stop();
    [appRss, jvmRss].forEach((s) => s.stop());
    await stopChild(driver);
  }
  const memory = memoryFrom(appRss, jvmRss, heap, apiWindows, app.app, {
    driverRssMiB,
    heapSetting: neo4j.heap,
    pageCacheSetting: neo4j.pageCache,
  });
  await app.stop();
  return {
    durationS,
    schemaCountsMs,
    workload: { ids: workload.ids.length, terms: workload.terms.length, pairs: workload.pairs.length },
    cases: results,
    memory,
  };
}

/** Memory alone: the app under 100 connections of mixed reads (search, neighbours) while sampling. */
export async function memoryPart(ctx: BenchContext): Promise<MemoryResults> {
  const { neo4j, synth } = await ctx.loadedBigGraph();
  const workload = buildWorkload(synth, ctx.options.seed + 1);
  const app = await startApp(neo4j.uri, neo4j.jvmPid);
  const appRss = new RssSampler(app.app.pid);
  const jvmRss = new RssSampler(neo4j.jvmPid);
  const heap = new JvmHeapSampler(neo4j.jvmPid);
  [appRss, jvmRss].forEach((s) => s.start());
  heap.start();
  const windows: [number, number][] = [];
  try {
    for (const name of ['search', 'neighbours-1', 'neighbours-2'] as const) {
      ctx.log(`[memory] ${name} at 100 connections for ${ctx.options.durationS} s…`);
      const from = Date.now();
      await cannon(app.port, name, workload, 100, ctx.options.durationS);
      windows.push([from, Date.now()]);
    }
  } finally {
    heap.stop();
    [appRss, jvmRss].forEach((s) => s.stop());
  }
  const memory = memoryFrom(appRss, jvmRss, heap, windows, app.app, {
    driverRssMiB: NaN,
    heapSetting: neo4j.heap,
    pageCacheSetting: neo4j.pageCache,
  });
  await app.stop();
  return memory;
}
