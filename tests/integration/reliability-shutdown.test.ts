// SIGTERM to a real `tsx server/index.ts` with a request in flight: it stops accepting, answers
// that request, stops Neo4j, exits 0; the next start opens the store without recovery.
//
// The request in flight is a story update blocked on a lock the test itself holds, so it lasts
// exactly as long as the test wants: no query sized to this machine's speed, no sleeps.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, spawnTsx, waitFor, type Child } from '../../scripts/reliability/processes';

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

const json = { 'content-type': 'application/json' };

/**
 * A PUT /api/stories/:id that waits, inside the server, on a write lock held by the test: it is
 * answered only after `release()`. Resolves once Neo4j reports the update as blocked.
 */
async function updateHeldByLock(base: string) {
  const created = await fetch(`${base}/api/stories`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ title: 'held by the test' }),
  });
  const { story } = (await created.json()) as { story: { id: string; version: number } };
  const { uri, password } = JSON.parse(fs.readFileSync(path.join(dataDir, 'neo4j.pid'), 'utf8')) as {
    uri: string;
    password: string;
  };
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', password));
  const session = driver.session();
  const tx = session.beginTransaction();
  await tx.run('MATCH (s:ExplorerStory {id: $id}) SET s.heldByTest = true', { id: story.id });
  let answeredAt = 0;
  const update = fetch(`${base}/api/stories/${story.id}`, {
    method: 'PUT',
    headers: json,
    body: JSON.stringify({ version: story.version, title: 'updated while stopping' }),
  }).then(
    async (res) => {
      answeredAt = Date.now();
      return { status: res.status, body: (await res.json()) as { story?: { title: string } } };
    },
    () => 'cut' as const,
  );
  const watcher = driver.session();
  const blocked = await waitFor(
    async () => {
      const result = await watcher.run(
        "SHOW TRANSACTIONS YIELD currentQuery, status WHERE currentQuery CONTAINS 'ExplorerStory' AND status STARTS WITH 'Blocked' RETURN count(*) AS n",
      );
      return Number(result.records[0]!.get('n')) > 0;
    },
    60_000,
    50,
  );
  await watcher.close();
  expect(blocked).toBe(true);
  return {
    update,
    answeredAt: () => answeredAt,
    async release() {
      await tx.rollback().catch(() => undefined);
      await session.close().catch(() => undefined);
      await driver.close().catch(() => undefined);
    },
  };
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

describe('SIGTERM', () => {
  it('finishes the in-flight request, exits 0, and the store reopens without recovery', async () => {
    const port = await freePort();
    const first = await startServer(port);
    const base = `http://127.0.0.1:${port}`;
    const total = ((await (await fetch(`${base}/api/graph`)).json()) as { total: number }).total;
    expect(total).toBeGreaterThan(50);

    const held = await updateHeldByLock(base);
    const sigtermAt = Date.now();
    first.process.kill('SIGTERM');
    // The server stops accepting while the update is still waiting on the test's lock…
    expect(await waitFor(() => refusesConnections(port), 30_000, 25)).toBe(true);
    const refusedAt = Date.now();
    expect(held.answeredAt()).toBe(0);
    // …and answers it once the lock is released, then exits.
    await held.release();
    const answer = await held.update;
    const { code } = await first.exited;
    console.log(
      `[figure] SIGTERM: refusing new connections after ${refusedAt - sigtermAt} ms; the in-flight update ` +
        `answered ${held.answeredAt() - sigtermAt} ms after SIGTERM (released at ${refusedAt - sigtermAt} ms); exit code ${code}`,
    );
    expect(answer).toMatchObject({ status: 200, body: { story: { title: 'updated while stopping' } } });
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
    const stuck = await updateHeldByLock(base);
    const cutStarted = Date.now();
    second.process.kill('SIGTERM');
    expect(await stuck.update).toBe('cut');
    await stuck.release();
    const secondExit = await second.exited;
    console.log(
      `[figure] SIGTERM past the 1000 ms deadline: exited ${secondExit.code} after ${Date.now() - cutStarted} ms`,
    );
    expect(secondExit.code).toBe(0);
    expect(second.output()).toMatch(/still running after 1000 ms: closing their connections/);
    expect(second.output()).toMatch(/\[server\] stopped cleanly/);
  }, 175_000);
});
