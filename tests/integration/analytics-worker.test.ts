// Graph analytics off the event loop, on a 20k-entity synthetic graph in a Neo4j of this file's own:
// /api/health answers while the scores are still being computed, concurrent requests share one
// computation, a failing thread is an ordinary JSON error that the next request retries, shutting
// down stops a running computation, and the real server process (node --import tsx, as npm start
// runs it) computes in its thread and still exits cleanly on SIGTERM.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFromSeed } from '../../graph-seed/synthetic-files';
import { loadSynthetic } from '../../server/seed/synthetic-loader';
import { freePort, spawnTsx } from '../../scripts/reliability/processes';
import { AnalyticsService } from '../../server/analytics/service';
import { AnalyticsWorkers, type AnalyticsComputer } from '../../server/analytics/worker';
import { createApp } from '../../server/app';
import type { Db } from '../../server/db/driver';
import type { AnalyticsResponse } from '../../contract/types';
import { neo4jEnv, testConfig, testDb, type Neo4jConnection } from '../helpers/neo4j';
import { scratchNeo4j, type ScratchNeo4j } from '../helpers/scratch-neo4j';

const NODES = 20_000;
const config = (connection: Neo4jConnection) =>
  testConfig(connection, { QUERY_TIMEOUT_MS: '60000', RATE_LIMIT_PER_MINUTE: '0' });
let neo4j: ScratchNeo4j;
let db: Db;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  neo4j = await scratchNeo4j();
  db = testDb(neo4j, config(neo4j));
  await loadSynthetic(db, generateFromSeed({ nodes: NODES, seed: 5 }), {
    batchSize: 5000,
    log: () => undefined,
  });
}, 400_000);

afterAll(async () => {
  while (closers.length) await closers.pop()!();
  await db?.close();
  await neo4j?.stop();
});

/** The app with the given analytics service, on a free port. */
async function startApp(analytics: AnalyticsService): Promise<string> {
  const app = createApp({ config: config(neo4j), db, analytics });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => analytics.close());
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Worker threads that count their computations and announce when one starts. */
function observedWorkers() {
  const workers = new AnalyticsWorkers();
  let announce = () => undefined as void;
  const observed = {
    workers,
    computations: 0,
    started: new Promise<void>((resolve) => (announce = resolve)),
    computer: {
      compute: (input, options) => {
        observed.computations++;
        announce();
        return workers.compute(input, options);
      },
      close: () => workers.close(),
    } satisfies AnalyticsComputer,
  };
  return observed;
}

describe('analytics of 20k entities in a worker thread', { timeout: 240_000 }, () => {
  it('lets /api/health answer while the scores compute; concurrent requests share the computation', async () => {
    const observed = observedWorkers();
    const baseUrl = await startApp(new AnalyticsService(db, { computer: observed.computer }));
    const events: string[] = [];
    const analytics = [1, 2].map(() =>
      fetch(`${baseUrl}/api/analytics?top=5`).then(async (res) => {
        events.push('analytics');
        return { status: res.status, body: (await res.json()) as AnalyticsResponse };
      }),
    );

    await observed.started; // the graph is read; the thread is computing
    expect(observed.workers.busy).toBe(1);
    const health = await fetch(`${baseUrl}/api/health`);
    events.push('health');
    expect(health.status).toBe(200);
    const [first, second] = await Promise.all(analytics);

    // On the event loop, a computation of seconds held every request until it ended.
    expect(events).toEqual(['health', 'analytics', 'analytics']);
    expect(first!.status).toBe(200);
    expect(first!.body).toMatchObject({ nodeCount: NODES, betweenness: { exact: false } });
    expect(Object.keys(first!.body.scores)).toHaveLength(NODES);
    expect(first!.body.hubs).toHaveLength(5);
    expect(second!.body.computedAt).toBe(first!.body.computedAt);
    expect(observed.computations).toBe(1);
    expect(observed.workers.busy).toBe(0);

    // cached until the data changes
    const again = (await (await fetch(`${baseUrl}/api/analytics`)).json()) as AnalyticsResponse;
    expect(again.computedAt).toBe(first!.body.computedAt);
    expect(observed.computations).toBe(1);
  });

  it('answers a failed computation with the JSON error, and the next request computes again', async () => {
    const failing = new AnalyticsWorkers(new URL('../fixtures/analytics-threads/exits.mjs', import.meta.url));
    const working = new AnalyticsWorkers();
    let calls = 0;
    const computer: AnalyticsComputer = {
      compute: (input, options) => (++calls === 1 ? failing : working).compute(input, options),
      close: async () => void (await Promise.all([failing.close(), working.close()])),
    };
    const baseUrl = await startApp(new AnalyticsService(db, { computer }));

    const failed = await fetch(`${baseUrl}/api/analytics`);
    expect(failed.status).toBe(500);
    expect(failed.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await failed.json()).toEqual({
      error: { code: 'ANALYTICS_FAILED', message: expect.stringMatching(/retry/) },
    });
    const retried = await fetch(`${baseUrl}/api/analytics?top=1`);
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as AnalyticsResponse).nodeCount).toBe(NODES);
    expect(calls).toBe(2);
  });

  it('stops a running computation on close: its request gets 503 at once', async () => {
    const observed = observedWorkers();
    const service = new AnalyticsService(db, { computer: observed.computer });
    const baseUrl = await startApp(service);
    const pending = fetch(`${baseUrl}/api/analytics`);
    await observed.started;
    await service.close();
    const res = await pending;
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: 'SHUTTING_DOWN', message: expect.stringMatching(/retry shortly/) },
    });
    expect(observed.workers.busy).toBe(0);
  });

  it('computes in its thread in the real server (node --import tsx) and exits cleanly on SIGTERM', async () => {
    const port = await freePort();
    const server = spawnTsx('server/index.ts', [], {
      ...neo4jEnv(neo4j),
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_ON_START: 'false',
      QUERY_TIMEOUT_MS: '60000',
    });
    closers.push(async () => {
      if (server.process.exitCode === null) server.process.kill('SIGKILL');
    });
    await server.waitForLine(/\[server\] explorer ready at/, 120_000);
    const baseUrl = `http://127.0.0.1:${port}`;

    const res = await fetch(`${baseUrl}/api/analytics?top=3`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as AnalyticsResponse).nodeCount).toBe(NODES);

    server.process.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(server.output()).toMatch(/stopped cleanly/);
  });
});
