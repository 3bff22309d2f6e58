// npm run reliability:soak — 5 minutes of steady analyst traffic against a real server on loopback,
// on the seed + synthetic-100000-1 graph (graph.ts; or whatever DATA_DIR / NEO4J_URI holds),
// sampling the server's Node memory (RSS and heap after a forced GC) every 10 s and the app's and
// the Neo4j JVM's RSS from /proc every 5 s; the trend is the slope of a least-squares line, and
// memory is flat when the last half's line rises by under 5 % (memory.ts). Writes
// bench/results/soak-<time>.json and exits 1 on any failed request (socket error, timeout, non-2xx).
// Not part of `npm test`.
//
//   npm run reliability:soak -- --minutes 5 --connections 10
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { chooseGraph } from './graph';
import { describeMemory, jvmPidOf, RssWatch } from './memory';
import { ROOT } from './processes';
import {
  analystMix,
  countedRequests,
  describeGraph,
  machine,
  startServer,
  warmCaches,
  watchdog,
  writeResult,
} from './server';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    'sample-seconds': { type: 'string', default: '10' },
    'rss-seconds': { type: 'string', default: '5' },
    nodes: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
  },
});
const minutes = Number(values.minutes);
const connections = Number(values.connections);
const sampleMs = Number(values['sample-seconds']) * 1000;
const MB = 1024 * 1024;

interface Sample {
  t: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  gc: boolean;
  jvmRss?: number;
}

/** Least-squares slope (per minute) and R² of y over t (ms). */
function trend(points: { t: number; y: number }[]): { slopePerMinute: number; r2: number } {
  const n = points.length;
  if (n < 2) return { slopePerMinute: 0, r2: 0 };
  const mx = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of points) {
    sxy += (p.t - mx) * (p.y - my);
    sxx += (p.t - mx) ** 2;
    syy += (p.y - my) ** 2;
  }
  const slope = sxx ? sxy / sxx : 0;
  return { slopePerMinute: slope * 60_000, r2: sxx && syy ? (sxy * sxy) / (sxx * syy) : 0 };
}

/** Resident memory of the embedded Neo4j JVM, from its pid file and /proc (Linux). */
function jvmRss(dataDir: string): number | undefined {
  try {
    const { pid } = JSON.parse(fs.readFileSync(path.join(dataDir, 'neo4j.pid'), 'utf8')) as { pid: number };
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const choice = await chooseGraph({ nodes: Number(values.nodes), seed: Number(values.seed) });
  console.log(`[soak] graph store: ${choice.origin}; starting the server with the memory probe…`);
  const server = await startServer({
    dataDir: choice.dataDir,
    nodeArgs: ['--expose-gc', '--import', path.join(ROOT, 'scripts', 'reliability', 'memory-probe.ts')],
    env: { MEMORY_PROBE_MS: String(sampleMs) },
  });
  // 360 s to start and describe the graph, 600 s for warmCaches at most.
  watchdog((minutes * 60 + 360 + 600) * 1000, () => server.child.process.kill('SIGKILL'));
  const samples: Sample[] = [];
  const rss = new RssWatch(
    () => ({ app: server.child.process.pid, neo4j: jvmPidOf(server.dataDir) }),
    Number(values['rss-seconds']) * 1000,
  );
  server.child.process.stderr!.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.startsWith('[memory] ')) continue;
      const sample = JSON.parse(line.slice('[memory] '.length)) as Sample;
      sample.jvmRss = jvmRss(server.dataDir);
      samples.push(sample);
      const mb = (v: number | undefined) => (v === undefined ? '–' : (v / MB).toFixed(1));
      console.log(
        `[soak] rss ${mb(sample.rss)} MB, heap used ${mb(sample.heapUsed)} MB, heap total ${mb(sample.heapTotal)} MB, JVM rss ${mb(sample.jvmRss)} MB`,
      );
    }
  });
  try {
    const graph = await describeGraph(server.base);
    if (graph.entities < 2) console.error(`[soak] the server's output:\n${server.child.output()}`);
    console.log(
      `[soak] graph: ${graph.kind}; ${graph.entities} entities, ${graph.relationships} relationships`,
    );
    const mix = await analystMix(server.base);
    const warmed = await warmCaches(server.base, mix.sampleId, console.log);
    const byEndpoint: Record<string, Record<string, number>> = {};
    const started = Date.now();
    const before = machine();
    console.log(`[soak] ${connections} connections for ${minutes} min…`);
    rss.start();
    const result = await autocannon({
      url: server.base,
      connections,
      duration: minutes * 60,
      timeout: 10,
      requests: countedRequests(mix, byEndpoint),
    });
    rss.stop();
    const memory = rss.summary();
    // Samples taken while the traffic ran; the first 30 s are warm-up (JIT, caches, pools).
    const during = samples.filter((s) => s.t >= started + 30_000 && s.t <= started + minutes * 60_000 + 1000);
    const of = (key: 'rss' | 'heapUsed' | 'jvmRss') =>
      trend(during.filter((s) => s[key] !== undefined).map((s) => ({ t: s.t, y: s[key]! / MB })));
    const trends = { rss: of('rss'), heapUsed: of('heapUsed'), jvmRss: of('jvmRss') };
    // Pools, caches and the JIT fill up in the first minutes; a leak keeps climbing in the second half.
    const half = during.filter((s) => s.t >= started + (minutes * 60_000) / 2);
    const ofHalf = (key: 'rss' | 'heapUsed' | 'jvmRss') =>
      trend(half.filter((s) => s[key] !== undefined).map((s) => ({ t: s.t, y: s[key]! / MB })));
    const secondHalf = { rss: ofHalf('rss'), heapUsed: ofHalf('heapUsed'), jvmRss: ofHalf('jvmRss') };
    const range = (key: 'rss' | 'heapUsed') => ({
      firstMB: Number(((during[0]?.[key] ?? 0) / MB).toFixed(1)),
      lastMB: Number(((during.at(-1)?.[key] ?? 0) / MB).toFixed(1)),
      maxMB: Number((Math.max(...during.map((s) => s[key])) / MB).toFixed(1)),
    });
    const summary = {
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      // autocannon's `errors` counts timeouts too; socket errors are the rest (refused, reset).
      socketErrors: result.errors - result.timeouts,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      status: { '2xx': result['2xx'], '4xx': result['4xx'], '5xx': result['5xx'] },
      memory,
      samples: during.length,
      heapAfterForcedGc: during.every((s) => s.gc),
      trendsMBPerMinute: Object.fromEntries(
        Object.entries(trends).map(([k, v]) => [
          k,
          { slope: Number(v.slopePerMinute.toFixed(3)), r2: Number(v.r2.toFixed(2)) },
        ]),
      ),
      trendsSecondHalfMBPerMinute: Object.fromEntries(
        Object.entries(secondHalf).map(([k, v]) => [
          k,
          { slope: Number(v.slopePerMinute.toFixed(3)), r2: Number(v.r2.toFixed(2)) },
        ]),
      ),
      rss: range('rss'),
      heapUsed: range('heapUsed'),
    };
    const file = writeResult('soak', {
      kind: 'reliability:soak',
      date: new Date().toISOString(),
      command: `npm run reliability:soak -- --minutes ${minutes} --connections ${connections}`,
      machine: { ...before, loadAverageAfter: machine().loadAverage },
      graph: { ...graph, store: choice.origin },
      options: { minutes, connections, sampleSeconds: sampleMs / 1000, mix: mix.weights },
      warmed,
      summary,
      byEndpoint,
      samples,
      rssSamples: rss.samples,
    });
    const t = summary.trendsMBPerMinute;
    const h = summary.trendsSecondHalfMBPerMinute;
    console.log(
      `\n[soak] ${summary.requests} requests in ${minutes} min (${summary.requestsPerSecond.toFixed(0)}/s), p99 ${summary.latencyMs.p99} ms, ` +
        `socket errors ${summary.socketErrors}, timeouts ${summary.timeouts}, non-2xx ${summary.non2xx}\n` +
        `[soak] memory from /proc: ${describeMemory(memory)}\n` +
        `[soak] load average ${before.loadAverage.join(' ')} before, ${machine().loadAverage.join(' ')} after\n` +
        `[soak] Node RSS ${summary.rss.firstMB} → ${summary.rss.lastMB} MB (max ${summary.rss.maxMB}), slope ${t.rss!.slope} MB/min (R² ${t.rss!.r2})\n` +
        `[soak] Node heap used after GC ${summary.heapUsed.firstMB} → ${summary.heapUsed.lastMB} MB, slope ${t.heapUsed!.slope} MB/min (R² ${t.heapUsed!.r2})\n` +
        `[soak] Neo4j JVM RSS slope ${t.jvmRss!.slope} MB/min (R² ${t.jvmRss!.r2}); ${summary.samples} samples every ${sampleMs / 1000} s after a 30 s warm-up\n` +
        `[soak] second half only: Node RSS ${h.rss!.slope} MB/min (R² ${h.rss!.r2}), heap used ${h.heapUsed!.slope} MB/min (R² ${h.heapUsed!.r2}), JVM RSS ${h.jvmRss!.slope} MB/min (R² ${h.jvmRss!.r2})\n` +
        `[soak] per endpoint: ${JSON.stringify(byEndpoint)}\n` +
        `[soak] written to ${file}`,
    );
    const failed = summary.socketErrors + summary.timeouts + summary.non2xx;
    if (failed) console.error(`[soak] FAILED: ${failed} requests did not get a 2xx answer`);
    return failed === 0 ? 0 : 1;
  } finally {
    rss.stop();
    const code = await server.stop();
    if (code !== 0) console.error(`[soak] the server exited with ${code}:\n${server.child.output()}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[soak] failed:', error);
    process.exit(1);
  },
);
