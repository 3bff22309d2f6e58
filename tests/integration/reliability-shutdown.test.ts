// SIGTERM to a real `tsx server/index.ts` with a slow request in flight: it stops accepting, answers
// that request, stops Neo4j, exits 0; the next start opens the store without recovery.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, sleep, spawnTsx, waitFor, type Child } from '../../scripts/reliability/processes';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-shutdown-'));
const running: Child[] = [];
afterAll(async () => {
  for (const child of running) {
    if (child.process.exitCode === null && child.process.signalCode === null) {
      child.process.kill('SIGTERM');
      await child.exited;
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const jvmPids = (): number[] => {
  try {
    return execFileSync('pgrep', ['-f', `EmbeddedNeo4j --home ${dataDir}`])
      .toString()
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    return [];
  }
};

/** Neo4j 5.26 writes these to debug.log when it has to replay transaction logs after an unclean stop. */
const RECOVERY =
  /Recovery required|recovery is required|TransactionLogsRecovery|Recovery in '\w+' mode completed/i;
const debugLog = path.join(dataDir, 'neo4j', 'logs', 'debug.log');

async function startServer(port: number, env: Record<string, string> = {}): Promise<Child> {
  const server = spawnTsx('server/index.ts', [], {
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    NEO4J_BOLT_PORT: '0',
    NEO4J_HEAP: '384m',
    NEO4J_PAGECACHE: '32m',
    QUERY_TIMEOUT_MS: '60000',
    RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  });
  running.push(server);
  await server.waitForLine(/\[server\] explorer ready at/, 170_000);
  return server;
}

async function cypher(base: string, query: string, params: Record<string, unknown> = {}) {
  const started = Date.now();
  const res = await fetch(`${base}/api/cypher`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, params }),
  });
  return { status: res.status, body: (await res.json()) as { rows: unknown[][] }, ms: Date.now() - started };
}

const refusesConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });

// A read that keeps Neo4j busy for a while: no rows match, so the answer is small.
const SLOW = 'UNWIND range(1, $n) AS x WITH x WHERE x % 7 = 100 RETURN count(x) AS c';

describe('SIGTERM', () => {
  it('finishes the in-flight request, exits 0, and the store reopens without recovery', async () => {
    const port = await freePort();
    const first = await startServer(port);
    const base = `http://127.0.0.1:${port}`;
    const total = ((await (await fetch(`${base}/api/graph`)).json()) as { total: number }).total;
    expect(total).toBeGreaterThan(50);

    // Size the slow query to this machine: about 4 s. The first run compiles the plan; time the second.
    const PROBE = 5_000_000;
    expect((await cypher(base, SLOW, { n: PROBE })).status).toBe(200);
    const probe = await cypher(base, SLOW, { n: PROBE });
    expect(probe.status).toBe(200);
    const n = Math.min(2_000_000_000, Math.round((PROBE * 4000) / Math.max(probe.ms, 20)));

    let answeredAt = 0;
    const slow = cypher(base, SLOW, { n }).then((r) => {
      answeredAt = Date.now();
      return r;
    });
    await sleep(600);
    const sigtermAt = Date.now();
    first.process.kill('SIGTERM');
    let refusedAt = 0;
    expect(
      await waitFor(
        async () => {
          if (await refusesConnections(port)) refusedAt = Date.now();
          return refusedAt > 0;
        },
        5000,
        25,
      ),
    ).toBe(true);

    const answer = await slow;
    const { code } = await first.exited;
    console.log(
      `[figure] SIGTERM: refusing new connections after ${refusedAt - sigtermAt} ms; the in-flight request ` +
        `(${answer.ms} ms) answered ${answeredAt - sigtermAt} ms after SIGTERM; exit code ${code}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.rows).toEqual([[0]]);
    expect(refusedAt).toBeLessThan(answeredAt); // stopped accepting while the request was still running
    expect(code).toBe(0);
    expect(first.output()).toMatch(
      /SIGTERM: no new connections; waiting up to \d+ ms for 1 in-flight request/,
    );
    expect(first.output()).toMatch(/\[server\] stopped cleanly/);
    expect(fs.existsSync(path.join(dataDir, 'neo4j.pid'))).toBe(false);
    expect(await waitFor(() => jvmPids().length === 0, 10_000)).toBe(true);

    const logOffset = fs.statSync(debugLog).size;
    const second = await startServer(port, { SHUTDOWN_TIMEOUT_MS: '1000' });
    const reopened = fs.readFileSync(debugLog, 'utf8').slice(logOffset);
    expect(reopened).toMatch(/Starting 'DatabaseId\{\w+\[neo4j\]\}'/); // this is the new run's log
    expect(reopened).not.toMatch(RECOVERY);
    expect(second.output()).not.toMatch(/did not stop cleanly|recover/i);
    expect(second.output()).not.toMatch(/database is empty/); // the seeded graph is still there
    expect(((await (await fetch(`${base}/api/graph`)).json()) as { total: number }).total).toBe(total);

    // Past SHUTDOWN_TIMEOUT_MS the in-flight request's connection is cut, and the exit is still clean.
    const cut = cypher(base, SLOW, { n }).then(
      () => 'answered',
      () => 'cut',
    );
    await sleep(600);
    const cutStarted = Date.now();
    second.process.kill('SIGTERM');
    expect(await cut).toBe('cut');
    const secondExit = await second.exited;
    console.log(
      `[figure] SIGTERM past the 1000 ms deadline: exited ${secondExit.code} after ${Date.now() - cutStarted} ms`,
    );
    expect(secondExit.code).toBe(0);
    expect(second.output()).toMatch(/still running after 1000 ms: closing their connections/);
    expect(second.output()).toMatch(/\[server\] stopped cleanly/);
  }, 175_000);
});
