// npm run reliability:load — autocannon against a real server on loopback: 100 connections for
// 30 s over an analyst's mix of endpoints, on whatever graph DATA_DIR (or NEO4J_URI) holds.
// Prints a summary and writes bench/results/load-<time>.json. Not part of `npm test`.
//
//   DATA_DIR=/tmp/kg-100k npm run reliability:load          # a store holding the 100k synthetic graph
//   npm run reliability:load -- --connections 50 --duration 10
import { parseArgs } from 'node:util';
import autocannon, { type Request as CannonRequest } from 'autocannon';
import { analystMix, describeGraph, machine, startServer, watchdog, writeResult } from './server';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '100' },
    duration: { type: 'string', default: '30' },
    timeout: { type: 'string', default: '10' },
  },
});
const connections = Number(values.connections);
const duration = Number(values.duration);
const timeout = Number(values.timeout);

async function main(): Promise<number> {
  console.log('[load] starting the server…');
  const server = await startServer();
  watchdog((duration + 360) * 1000, () => server.child.process.kill('SIGKILL'));
  try {
    const graph = await describeGraph(server.base);
    if (graph.entities < 2) console.error(`[load] the server's output:\n${server.child.output()}`);
    console.log(
      `[load] graph: ${graph.kind}; ${graph.entities} entities, ${graph.relationships} relationships`,
    );
    if (server.reused)
      console.log(`[load] using the embedded Neo4j already running on DATA_DIR (${server.reused})`);
    const mix = await analystMix(server.base);

    const byEndpoint: Record<string, Record<string, number>> = {};
    const before = machine();
    console.log(`[load] ${connections} connections for ${duration} s against ${server.base}…`);
    const result = await autocannon({
      url: server.base,
      connections,
      duration,
      timeout,
      requests: [
        {
          setupRequest: (request: CannonRequest, context: Record<string, unknown>) => {
            const next = mix.next();
            context.endpoint = `${next.method} ${next.path!.split('?')[0]}`;
            return { ...request, ...next };
          },
          onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
            const counts = (byEndpoint[String(context.endpoint)] ??= {});
            counts[status] = (counts[status] ?? 0) + 1;
          },
        } as CannonRequest,
      ],
    });
    const after = machine();

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
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      status: { '2xx': result['2xx'], '4xx': result['4xx'], '5xx': result['5xx'] },
    };
    const file = writeResult('load', {
      kind: 'reliability:load',
      date: new Date().toISOString(),
      command: `npm run reliability:load -- --connections ${connections} --duration ${duration}`,
      machine: { ...before, loadAverageAfter: after.loadAverage },
      graph,
      options: { connections, duration, timeoutSeconds: timeout, mix: mix.weights },
      summary,
      byEndpoint,
      autocannon: result,
    });

    console.log(
      `\n[load] ${summary.requests} requests in ${duration} s (${summary.requestsPerSecond.toFixed(0)}/s) on the ${graph.kind}\n` +
        `[load] latency p50 ${summary.latencyMs.p50} ms, p90 ${summary.latencyMs.p90} ms, p99 ${summary.latencyMs.p99} ms, max ${summary.latencyMs.max} ms\n` +
        `[load] errors ${summary.errors}, timeouts ${summary.timeouts}, non-2xx ${summary.non2xx} (5xx ${summary.status['5xx']})\n` +
        `[load] machine: ${before.cpus} cores, ${before.memoryGiB} GiB, load average before ${before.loadAverage.join(' ')}\n` +
        `[load] per endpoint: ${JSON.stringify(byEndpoint)}\n` +
        `[load] written to ${file}`,
    );
    return summary.errors === 0 && summary.timeouts === 0 && summary.non2xx === 0 ? 0 : 1;
  } finally {
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
