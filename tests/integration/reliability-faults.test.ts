// Faults with real processes: Neo4j stopping under traffic, and start-up failures of
// `tsx server/index.ts` explained. To keep each file short, the loader killed mid-load is in
// reliability-loader-kill.test.ts and SIGTERM with a request in flight in reliability-shutdown.test.ts.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadDatasetFile } from '../../server/seed/loader';
import { EmbeddedNeo4j } from '../../server/db/embedded';
import { spawnTsx, waitFor } from '../../scripts/reliability/processes';
import { neo4jEnv, startTestApp, startTestNeo4j, testConfig, testDb } from '../helpers/neo4j';

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
};

describe('Neo4j stops while the API serves traffic', () => {
  it('answers 503 JSON while Neo4j is down, never hangs or rejects unhandled, and recovers when Neo4j returns', async () => {
    const neo = await startTestNeo4j('kg-fault-down-');
    let embedded = neo.embedded;
    cleanup.push(
      () => embedded.stop(),
      () => fs.rmSync(neo.dataDir, { recursive: true, force: true }),
    );
    const boltPort = neo.embedded.info!.port;
    const config = testConfig(neo, { RATE_LIMIT_PER_MINUTE: '0' });
    const db = testDb(neo, config);
    await loadDatasetFile(db, undefined, () => undefined);
    const app = await startTestApp(db, config);
    cleanup.push(
      () => db.close(),
      () => app.close(),
    );

    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    cleanup.push(() => process.off('unhandledRejection', onUnhandled));

    const requests: (() => Promise<Response>)[] = [
      () => fetch(`${app.baseUrl}/api/search?q=${encodeURIComponent('阳谷')}`),
      () => fetch(`${app.baseUrl}/api/nodes/zone-yanggu-edz`),
      () => fetch(`${app.baseUrl}/api/nodes/zone-qingdao-ftz-area/neighbors?depth=2`),
      () => fetch(`${app.baseUrl}/api/graph?limit=50`),
      () => fetch(`${app.baseUrl}/api/paths?from=zone-yanggu-edz&to=zone-rizhao-cbz`),
      () =>
        fetch(`${app.baseUrl}/api/cypher`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'MATCH (n:Entity) RETURN count(n) AS n' }),
        }),
      () => fetch(`${app.baseUrl}/api/health`),
    ];
    interface Sample {
      start: number;
      ms: number;
      status: number;
      json: boolean;
      code?: string;
      path: string;
    }
    const samples: Sample[] = [];
    // Each phase lasts until enough answers of it are in (two per worker), not for a fixed time: how
    // many requests fit in a second depends on the machine.
    const ENOUGH = 16;
    const answered = (inPhase: (s: Sample) => boolean) =>
      waitFor(() => samples.filter(inPhase).length >= ENOUGH, 120_000, 50);
    let running = true;
    const worker = async (offset: number) => {
      for (let i = offset; running; i++) {
        const start = Date.now();
        let res: Response;
        try {
          res = await requests[i % requests.length]!();
        } catch {
          // The API itself did not answer: recorded, and fails the JSON check below.
          samples.push({ start, ms: Date.now() - start, status: 0, json: false, path: '(no answer)' });
          continue;
        }
        const text = await res.text();
        let body: { error?: { code?: string }; status?: string } | undefined;
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          body = undefined;
        }
        samples.push({
          start,
          ms: Date.now() - start,
          status: res.status,
          json: /application\/json/.test(res.headers.get('content-type') ?? '') && body !== undefined,
          code: [body?.error?.code ?? body?.status, (body?.error as { neo4jCode?: string })?.neo4jCode]
            .filter(Boolean)
            .join(' '),
          path: new URL(res.url).pathname,
        });
      }
    };
    // Warm up first (query plans), so "before" measures a healthy API rather than cold caches.
    for (const request of requests) await (await request()).text();
    const workers = [0, 1, 2, 3, 4, 5, 6, 7].map(worker);
    // However the scenario ends (even by a timeout), the workers stop before the app closes.
    cleanup.push(async () => {
      running = false;
      await Promise.all(workers);
    });

    expect(await answered(() => true)).toBe(true);
    const stopping = Date.now();
    await embedded.stop();
    const stopped = Date.now();
    expect(await answered((s) => s.start > stopped)).toBe(true);
    const restarting = Date.now();
    embedded = new EmbeddedNeo4j({
      dataDir: neo.dataDir,
      boltPort,
      heap: '512m',
      pageCache: '64m',
      startTimeoutMs: 120_000,
      log: () => undefined,
    });
    // Every start has a new password: the app's Db follows it, as the supervisor does in production.
    const restarted = await embedded.start();
    db.reconnect({ uri: restarted.uri, password: restarted.password });
    const ready = Date.now();
    // No bound from the issue here, only "by itself"; on a starved machine it has taken ~6-20 s.
    const recoveredInTime = await waitFor(
      () => samples.some((s) => s.start > ready && s.status === 200 && s.path === '/api/health'),
      60_000,
    );
    if (!recoveredInTime)
      console.log(`[figure] no recovery within 60 s; last answers: ${JSON.stringify(samples.slice(-8))}`);
    expect(recoveredInTime).toBe(true);
    const recovered = samples.find((s) => s.start > ready && s.status === 200)!.start;
    expect(await answered((s) => s.start > recovered + 500)).toBe(true);
    running = false;
    await Promise.all(workers);

    const before = samples.filter((s) => s.start + s.ms < stopping); // answered before the stop began
    const down = samples.filter((s) => s.start > stopped && s.start + s.ms < restarting);
    const after = samples.filter((s) => s.start > recovered + 500);
    console.log(
      `[figure] Neo4j down: ${down.length} requests, all ${[...new Set(down.map((s) => s.status))]}; ` +
        `max ${Math.max(...down.map((s) => s.ms))} ms, median ${down.map((s) => s.ms).sort((a, b) => a - b)[down.length >> 1]} ms; ` +
        `stop took ${stopped - stopping} ms (slowest request meanwhile ${Math.max(...samples.filter((s) => s.start >= stopping && s.start <= stopped).map((s) => s.ms), 0)} ms); ` +
        `first 200 ${recovered - ready} ms after Neo4j was ready again; slowest request overall ` +
        `${Math.max(...samples.map((s) => s.ms))} ms (${samples.reduce((a, b) => (b.ms > a.ms ? b : a)).path}); ${samples.length} requests in all`,
    );

    expect(unhandled).toEqual([]);
    for (const s of samples) {
      expect(s.json, `${s.path} answered non-JSON`).toBe(true);
      // 408: on a starved machine the cold, just-restarted Neo4j can run a query past its timeout.
      expect([200, 503, 408], `${s.path} → ${s.status} ${s.code ?? ''}`).toContain(s.status);
    }
    // Counts, not rates: how many requests fit in a window depends on the machine's speed.
    expect(before.length).toBeGreaterThan(0);
    expect(before.filter((s) => s.status === 503)).toEqual([]);
    expect(before.filter((s) => s.status === 200).length).toBeGreaterThan(before.length * 0.8);
    expect(down.length).toBeGreaterThan(0);
    for (const s of down) {
      expect(s.status).toBe(503);
      expect(['NEO4J_UNAVAILABLE', 'unavailable']).toContain(s.code);
    }
    // How fast the 503s come is a figure (logged above), not an assertion: it depends on the machine.
    // "Never hangs" holds by construction: every request of the workers above was answered.
    expect(after.length).toBeGreaterThan(0);
    // Recovered: the same driver reaches Neo4j again (no 503), and most answers are plain 200s.
    expect(after.filter((s) => s.status === 503)).toEqual([]);
    expect(after.filter((s) => s.status === 200).length).toBeGreaterThan(after.length * 0.8);
  }, 360_000); // ~70 s on a quiet machine; two JVM starts and a seed load take minutes on a starved one
});

describe('start-up failures of tsx server/index.ts', () => {
  it.each([
    [{ PORT: 'eighty' }, /PORT="eighty"/],
    [{ HOST: '0.0.0.0' }, /EXPLORER_TOKEN="" must be set when HOST="0\.0\.0\.0"/],
    [{ NEO4J_URI: 'http://localhost:7474' }, /NEO4J_URI="http:\/\/localhost:7474" must start with/],
  ])('explains a bad config value %o and exits 1', async (env, message) => {
    const server = spawnTsx('server/index.ts', [], { ...env, LOG_LEVEL: 'error' });
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output()).toMatch(message);
    expect(server.output()).toMatch(/Invalid configuration/);
    expect(server.output()).not.toMatch(/\n\s+at .*:\d+:\d+/); // a message, not a stack trace
  });

  it('explains a PORT that is taken and exits 1', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    cleanup.push(() => new Promise((r) => blocker.close(r)));
    const server = spawnTsx('server/index.ts', [], {
      ...neo4jEnv(inject('neo4j')),
      SEED_ON_START: 'false',
      PORT: String(port),
    });
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output()).toContain(`port ${port} on 127.0.0.1 is in use: stop what uses it or set PORT`);
  });

  it('explains a Bolt port that is taken and a missing Java, and exits 1', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    cleanup.push(() => new Promise((r) => blocker.close(r)));
    const dataDir = tempDir('kg-fault-start-');
    const bolt = spawnTsx('server/index.ts', [], {
      DATA_DIR: dataDir,
      NEO4J_BOLT_PORT: String(port),
      PORT: '0',
    });
    expect((await bolt.exited).code).toBe(1);
    expect(bolt.output()).toMatch(new RegExp(`port ${port} .*NEO4J_BOLT_PORT`));

    const java = spawnTsx('server/index.ts', [], {
      DATA_DIR: dataDir,
      JAVA_HOME: '/nonexistent-jdk',
      PORT: '0',
    });
    expect((await java.exited).code).toBe(1);
    expect(java.output()).toMatch(/Java was not found.*JAVA_HOME|NEO4J_URI/);
  }, 90_000);
});
