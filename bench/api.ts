// API benchmark: autocannon against the real app (its own process, port 0) and the same query
// functions through a bare driver (its own process) at the same concurrency for the same time,
// in ABBA turns, each side warmed until its CPU per request is stable; the health floor is the
// first case of every run. CPU is read per process from /proc, the JVM's JIT compiler threads
// apart. Memory (app RSS, JVM heap and RSS) is sampled throughout.
import autocannon from 'autocannon';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { schemaCounts } from '../server/queries/schema';
import type { BareCommand, BareResult } from './bare-driver';
import type { BenchContext } from './context';
import { abbaOrder, type Side } from './lib/order';
import {
  cpuSecondsOf,
  JvmHeapSampler,
  jvmCpuBetween,
  jvmCpuOf,
  loadAverage,
  memoryOf,
  quiesce,
  RssSampler,
} from './lib/proc';
import { distribution, type Distribution } from './lib/stats';
import { turnsOfAtLeast, warmUp, type WarmUpResult } from './lib/warmup';
import { buildWorkload, CASES, FLOOR_CASE, httpRequest, type CaseName, type Workload } from './workload';

const BENCH_DIR = import.meta.dirname;

export interface SideFigures {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** CPU milliseconds per request: Neo4j's JVM without its JIT compiler threads, those threads, and the Node process. */
export interface CpuPerRequest {
  neo4j: number;
  compile: number;
  node: number;
}

export interface ApiCaseResult {
  case: CaseName;
  connections: number;
  /** Each side's warm-up rounds (CPU ms per request) until two agreed, and how long that took. */
  warmUp: { api: WarmUpResult; driver: WarmUpResult };
  /** The measured turns in the order they ran. */
  order: Side[];
  api: SideFigures & { non2xx: number; socketErrors: number; timeouts: number };
  driver: SideFigures & { firstError?: string };
  /**
   * API ÷ driver for p50, p99 and CPU per request (app + Neo4j, compile threads excluded); driver
   * req/s ÷ API req/s. 1 means no overhead.
   */
  overhead: { p50: number; p99: number; throughput: number; cpuPerRequest: number };
  /**
   * This case through the API ÷ the health floor through the API at the same connections: CPU per
   * request (app + Neo4j, compile excluded) and req/s. The floor's own row has 1.
   */
  vsFloor?: { cpuPerRequest: number; requestsPerSecond: number };
  /** Unlike latency, CPU per request barely moves when other work competes for the cores. */
  cpuMsPerRequest: { api: CpuPerRequest; driver: CpuPerRequest };
  /** The app's largest sampled RSS during this case's API turns. */
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
  warmUp: { roundS: number; minRequests: number; tolerance: number; maxRounds: number };
  pairs: number;
  /** One call of schemaCounts (what /api/schema and type filters recompute after each data load), twice. */
  schemaCountsMs: { first: number; second: number };
  workload: { ids: number; terms: number; pairs: number };
  cases: ApiCaseResult[];
  /** Cases whose first call failed (after retries): not measured, with the reason. */
  skipped: { case: CaseName; error: string }[];
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

/** One autocannon run; every response's time is kept, so turns can be merged into one distribution. */
async function cannon(
  port: number,
  name: CaseName,
  workload: Workload,
  connections: number,
  seconds: number,
) {
  let i = 0;
  const latenciesMs: number[] = [];
  const options: autocannon.Options = {
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
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, done) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latenciesMs.push(responseTime));
  });
  return { result, latenciesMs };
}

/**
 * The first call of a case through the app and through the bare driver, timed. On a loaded machine
 * a cold first call can outlast the app's query timeout (408): it is asked again, a few times, and
 * the time of all attempts is what filling the caches cost.
 */
async function prime(port: number, driver: Child, name: CaseName, workload: Workload) {
  const spec = httpRequest(name, workload, 0);
  let started = performance.now();
  let status = 0;
  for (let attempt = 0; attempt < 5 && status !== 200; attempt++) {
    const response = await fetch(`http://127.0.0.1:${port}${spec.path}`, {
      method: spec.method,
      ...(spec.body ? { body: spec.body, headers: { 'content-type': 'application/json' } } : {}),
      signal: AbortSignal.timeout(15 * 60_000),
    });
    await response.arrayBuffer();
    status = response.status;
    if (status !== 408 && status !== 503) break;
  }
  if (status !== 200) throw new Error(`[api] the first ${name} request answered ${status}`);
  const api = performance.now() - started;
  started = performance.now();
  let first: BareResult | undefined;
  for (let attempt = 0; attempt < 5 && (!first || first.errors); attempt++)
    first = await askDriver(driver, { case: name, connections: 1, durationMs: 1 });
  if (first?.errors)
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

/** What one turn of one side did: requests, failures, every latency, CPU seconds by process. */
interface Turn {
  requests: number;
  seconds: number;
  latenciesMs: number[];
  non2xx: number;
  socketErrors: number;
  timeouts: number;
  driverErrors: number;
  firstError?: string;
  cpu: { neo4j: number; compile: number; node: number };
  rssMiB?: number;
}

const cpuPerRequest = (turns: Turn[]): CpuPerRequest => {
  const requests = Math.max(
    1,
    turns.reduce((s, t) => s + t.requests, 0),
  );
  const sum = (key: keyof Turn['cpu']) => (1000 * turns.reduce((s, t) => s + t.cpu[key], 0)) / requests;
  return { neo4j: sum('neo4j'), compile: sum('compile'), node: sum('node') };
};

/** App (or driver process) + Neo4j, compile threads excluded: the steady cost of a request. */
export const steadyCpu = (c: CpuPerRequest): number => c.neo4j + c.node;

export async function apiPart(ctx: BenchContext, cases: readonly CaseName[] = CASES): Promise<ApiResults> {
  const { neo4j, synth } = await ctx.loadedBigGraph();
  const { durationS, connections, pairs } = ctx.options;
  const turnS = durationS / (2 * pairs);
  // The floor runs first in every run, whatever --cases says.
  const runCases = [FLOOR_CASE, ...cases.filter((c) => c !== FLOOR_CASE)];
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
  const skipped: { case: CaseName; error: string }[] = [];
  let driverRssMiB = 0;

  /**
   * One turn of one side, its CPU counted from an idle JVM to an idle JVM: requests a load
   * generator abandoned at the end still run in Neo4j and are billed to the turn that sent them.
   */
  const turn = async (side: Side, name: CaseName, c: number, seconds: number): Promise<Turn> => {
    await quiesce(neo4j.jvmPid);
    const nodePid = side === 'api' ? app.app.pid : driver.pid;
    const jvmBefore = jvmCpuOf(neo4j.jvmPid);
    const nodeBefore = cpuSecondsOf(nodePid);
    const from = Date.now();
    let partial: Omit<Turn, 'cpu'>;
    if (side === 'api') {
      const { result, latenciesMs } = await cannon(app.port, name, workload, c, seconds);
      partial = {
        requests: result.requests.total,
        seconds: result.duration,
        latenciesMs,
        non2xx: result.non2xx,
        // autocannon's `errors` counts timeouts too; socket errors are the rest.
        socketErrors: result.errors - result.timeouts,
        timeouts: result.timeouts,
        driverErrors: 0,
      };
      apiWindows.push([from, Date.now()]);
    } else {
      const bare = await askDriver(driver, { case: name, connections: c, durationMs: seconds * 1000 });
      partial = {
        requests: bare.requests,
        seconds: bare.durationMs / 1000,
        latenciesMs: bare.latenciesMs,
        non2xx: 0,
        socketErrors: 0,
        timeouts: 0,
        driverErrors: bare.errors,
        ...(bare.firstError ? { firstError: bare.firstError } : {}),
        rssMiB: bare.rssMiB,
      };
      driverRssMiB = Math.max(driverRssMiB, bare.rssMiB);
    }
    await quiesce(neo4j.jvmPid);
    const jvm = jvmCpuBetween(jvmBefore, jvmCpuOf(neo4j.jvmPid));
    return {
      ...partial,
      cpu: { neo4j: jvm.rest, compile: jvm.compile, node: cpuSecondsOf(nodePid) - nodeBefore },
    };
  };

  const warm = (side: Side, name: CaseName, c: number) =>
    warmUp(
      async () => {
        const turns = await turnsOfAtLeast(ctx.options.warmupMinRequests, () =>
          turn(side, name, c, ctx.options.warmupRoundS),
        );
        const cpu = cpuPerRequest(turns);
        // Compile CPU included: it is what falls away as the JVM warms.
        return cpu.neo4j + cpu.compile + cpu.node;
      },
      { tolerance: ctx.options.warmupTolerance, maxRounds: ctx.options.warmupMaxRounds },
    );

  try {
    for (const [index, name] of runCases.entries()) {
      // One call each side first, however long it takes: a cache filled once per data change (the
      // search catalogue takes seconds at 100k) must not be billed to, or time out, a measured run.
      let primeMs: ApiCaseResult['primeMs'];
      try {
        primeMs = await prime(app.port, driver, name, workload);
      } catch (error) {
        // One case that cannot answer (a cold first call past the app's timeout on a loaded
        // machine) is reported and skipped; it must not lose the figures of the others.
        ctx.log(`[api] ${name}: skipped, ${(error as Error).message}`);
        skipped.push({ case: name, error: (error as Error).message });
        continue;
      }
      ctx.log(
        `[api] ${name}: first call ${Math.round(primeMs.api)} ms (API), ${Math.round(primeMs.driver)} ms (driver)`,
      );
      for (const c of connections) {
        const order = abbaOrder(pairs, index);
        const warmUps = {} as Record<Side, WarmUpResult>;
        for (const side of [order[0]!, order[1]!]) {
          warmUps[side] = await warm(side, name, c);
          const w = warmUps[side];
          ctx.log(
            `[api] ${name} at ${c} connections, ${side} warm-up: ${w.rounds.length} rounds in ${(w.ms / 1000).toFixed(1)} s, ` +
              `CPU ms/request ${w.rounds.map((r) => r.toFixed(2)).join(' → ')}${w.stable ? '' : ' (cap reached, not stable)'}`,
          );
        }
        ctx.log(`[api] ${name} at ${c} connections: ${order.join(', ')}, ${turnS} s each…`);
        const turns: Record<Side, Turn[]> = { api: [], driver: [] };
        const caseStart = Date.now();
        for (const side of order) turns[side].push(await turn(side, name, c, turnS));
        const appRssMaxMiB = Math.max(...appRss.between(caseStart, Date.now()).map((m) => m.rssMiB), 0);

        const figures = (ts: Turn[]) => {
          const latency = distribution(ts.flatMap((t) => t.latenciesMs));
          const requests = ts.reduce((s, t) => s + t.requests, 0);
          return {
            requests,
            requestsPerSecond: requests / ts.reduce((s, t) => s + t.seconds, 0),
            p50Ms: latency.p50,
            p99Ms: latency.p99,
            meanMs: latency.mean,
          };
        };
        const sum = (ts: Turn[], key: 'non2xx' | 'socketErrors' | 'timeouts' | 'driverErrors') =>
          ts.reduce((s, t) => s + t[key], 0);
        const apiFigures = {
          ...figures(turns.api),
          errors: sum(turns.api, 'non2xx') + sum(turns.api, 'socketErrors'),
          non2xx: sum(turns.api, 'non2xx'),
          socketErrors: sum(turns.api, 'socketErrors'),
          timeouts: sum(turns.api, 'timeouts'),
        };
        const firstError = turns.driver.find((t) => t.firstError)?.firstError;
        const driverFigures = {
          ...figures(turns.driver),
          errors: sum(turns.driver, 'driverErrors'),
          ...(firstError ? { firstError } : {}),
        };
        const cpuMsPerRequest = { api: cpuPerRequest(turns.api), driver: cpuPerRequest(turns.driver) };
        const floor = results.find((r) => r.case === FLOOR_CASE && r.connections === c);
        const result: ApiCaseResult = {
          case: name,
          connections: c,
          warmUp: warmUps,
          order,
          api: apiFigures,
          driver: driverFigures,
          overhead: {
            p50: apiFigures.p50Ms / driverFigures.p50Ms,
            p99: apiFigures.p99Ms / driverFigures.p99Ms,
            throughput: driverFigures.requestsPerSecond / apiFigures.requestsPerSecond,
            cpuPerRequest: steadyCpu(cpuMsPerRequest.api) / steadyCpu(cpuMsPerRequest.driver),
          },
          ...(name === FLOOR_CASE
            ? { vsFloor: { cpuPerRequest: 1, requestsPerSecond: 1 } }
            : floor
              ? {
                  vsFloor: {
                    cpuPerRequest: steadyCpu(cpuMsPerRequest.api) / steadyCpu(floor.cpuMsPerRequest.api),
                    requestsPerSecond: apiFigures.requestsPerSecond / floor.api.requestsPerSecond,
                  },
                }
              : {}),
          cpuMsPerRequest,
          appRssMaxMiB,
          loadAverage: loadAverage(),
          primeMs,
        };
        results.push(result);
        const ms = (v: number) => v.toFixed(1);
        ctx.log(
          `[api]   API ${Math.round(apiFigures.requestsPerSecond)} req/s p50 ${ms(apiFigures.p50Ms)} p99 ${ms(apiFigures.p99Ms)} ms, ` +
            `CPU ${steadyCpu(cpuMsPerRequest.api).toFixed(2)} ms/req (+ ${cpuMsPerRequest.api.compile.toFixed(2)} JIT)` +
            `${apiFigures.errors ? ` (${apiFigures.non2xx} non-2xx, ${apiFigures.socketErrors} socket errors)` : ''} | ` +
            `driver ${Math.round(driverFigures.requestsPerSecond)} req/s p50 ${ms(driverFigures.p50Ms)} p99 ${ms(driverFigures.p99Ms)} ms, ` +
            `CPU ${steadyCpu(cpuMsPerRequest.driver).toFixed(2)} ms/req (+ ${cpuMsPerRequest.driver.compile.toFixed(2)} JIT)` +
            `${driverFigures.errors ? ` (${driverFigures.errors} errors: ${firstError})` : ''}`,
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
    warmUp: {
      roundS: ctx.options.warmupRoundS,
      minRequests: ctx.options.warmupMinRequests,
      tolerance: ctx.options.warmupTolerance,
      maxRounds: ctx.options.warmupMaxRounds,
    },
    pairs,
    schemaCountsMs,
    workload: { ids: workload.ids.length, terms: workload.terms.length, pairs: workload.pairs.length },
    cases: results,
    skipped,
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
