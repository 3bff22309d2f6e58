// npm run reliability:load — autocannon against a real server on loopback: 100 connections for
// 30 s over an analyst's mix of endpoints, on the seed + synthetic-100000-1 graph (graph.ts; or
// whatever DATA_DIR / NEO4J_URI holds), the app's and Neo4j's RSS sampled every few seconds.
// Prints a summary, writes bench/results/load-<time>.json, and exits 1 on any failed request
// (socket error, timeout or non-2xx answer). Not part of `npm test`.
//
//   npm run reliability:load
//   npm run reliability:load -- --connections 50 --duration 10 --nodes 10000
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { chooseGraph } from './graph';
import { describeMemory, jvmPidOf, RssWatch } from './memory';
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
    connections: { type: 'string', default: '100' },
    duration: { type: 'string', default: '30' },
    timeout: { type: 'string', default: '10' },
    nodes: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    'sample-seconds': { type: 'string', default: '3' },
  },
});
const connections = Number(values.connections);
const duration = Number(values.duration);
const timeout = Number(values.timeout);
const sampleMs = Number(values['sample-seconds']) * 1000;

async function main(): Promise<number> {
  const choice = await chooseGraph({ nodes: Number(values.nodes), seed: Number(values.seed) });
  console.log(`[load] graph store: ${choice.origin}; starting the server…`);
  const server = await startServer({ dataDir: choice.dataDir });
  // 360 s to start and describe the graph, 600 s for warmCaches at most.
  watchdog((duration + 360 + 600) * 1000, () => server.child.process.kill('SIGKILL'));
  const rss = new RssWatch(
    () => ({ app: server.child.process.pid, neo4j: jvmPidOf(server.dataDir) }),
    sampleMs,
  );
  try {
    const graph = await describeGraph(server.base);
    if (graph.entities < 2) console.error(`[load] the server's output:\n${server.child.output()}`);
    console.log(
      `[load] graph: ${graph.kind}; ${graph.entities} entities, ${graph.relationships} relationships`,
    );
    if (server.reused)
      console.log(`[load] using the embedded Neo4j already running on DATA_DIR (${server.reused})`);
    const mix = await analystMix(server.base);
    const warmed = await warmCaches(server.base, mix.sampleId, console.log);

    const byEndpoint: Record<string, Record<string, number>> = {};
    const before = machine();
    console.log(`[load] ${connections} connections for ${duration} s against ${server.base}…`);
    rss.start();
    const result = await autocannon({
      url: server.base,
      connections,
      duration,
      timeout,
      requests: countedRequests(mix, byEndpoint),
    });
    rss.stop();
    const after = machine();
    const memory = rss.summary();

    const summary = {
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
        mean: Number(result.latency.mean.toFixed(1)),
      },
      // autocannon's `errors` counts timeouts too; socket errors are the rest (refused, reset).
      socketErrors: result.errors - result.timeouts,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      status: { '2xx': result['2xx'], '4xx': result['4xx'], '5xx': result['5xx'] },
      memory,
    };
    const failed = summary.socketErrors + summary.timeouts + summary.non2xx;
    const file = writeResult('load', {
      kind: 'reliability:load',
      date: new Date().toISOString(),
      command: `npm run reliability:load -- --connections ${connections} --duration ${duration}`,
      machine: { ...before, loadAverageAfter: after.loadAverage },
      graph: { ...graph, store: choice.origin },
      options: {
        connections,
        duration,
        timeoutSeconds: timeout,
        sampleSeconds: sampleMs / 1000,
        mix: mix.weights,
      },
      warmed,
      summary,
      byEndpoint,
      rssSamples: rss.samples,
      autocannon: result,
    });

    console.log(
      `\n[load] ${summary.requests} requests in ${duration} s (${summary.requestsPerSecond.toFixed(0)}/s) on the ${graph.kind}\n` +
        `[load] latency p50 ${summary.latencyMs.p50} ms, p90 ${summary.latencyMs.p90} ms, p99 ${summary.latencyMs.p99} ms, max ${summary.latencyMs.max} ms\n` +
        `[load] socket errors ${summary.socketErrors}, timeouts ${summary.timeouts}, non-2xx ${summary.non2xx} (5xx ${summary.status['5xx']})\n` +
        `[load] memory: ${describeMemory(memory)}\n` +
        `[load] machine: ${before.cpus} cores, ${before.memoryGiB} GiB, load average ${before.loadAverage.join(' ')} before, ${after.loadAverage.join(' ')} after\n` +
        `[load] per endpoint: ${JSON.stringify(byEndpoint)}\n` +
        `[load] written to ${file}`,
    );
    if (failed) console.error(`[load] FAILED: ${failed} requests did not get a 2xx answer`);
    return failed === 0 ? 0 : 1;
  } finally {
    rss.stop();
    const code = await server.stop();
    if (code !== 0) console.error(`[load] the server exited with ${code}:\n${server.child.output()}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[load] failed:', error);
    process.exit(1);
  },
);
