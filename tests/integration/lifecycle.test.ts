// The embedded Neo4j's lifecycle and /api/health going down and up, on an instance of this file's own.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedNeo4j, EmbeddedStartError } from '../../server/db/embedded';
import { launcherClasspath } from '../../server/db/launcher-build';
import { startTestApp, testConfig, testDb } from '../helpers/neo4j';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kg-life-'));
const quiet = { heap: '384m', pageCache: '32m', startTimeoutMs: 120_000, log: () => undefined };
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const jvmPids = (dataDir: string): number[] => {
  try {
    return execFileSync('pgrep', ['-f', `EmbeddedNeo4j --home ${dataDir}`])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
};

async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

describe('embedded Neo4j lifecycle', () => {
  // The refusal of a second start on a held store is checked on this test's restarted JVM: a JVM
  // started only to hold a store cost a whole start.
  it('starts on a free port, answers health, goes 503 when stopped, recovers on restart, and refuses a second start on the store it holds', async () => {
    const dataDir = tempDir();
    // A fixed port, so the restarted Neo4j is where the driver expects it.
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as net.AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    let embedded = new EmbeddedNeo4j({ dataDir, boltPort: port, ...quiet });
    const info = await embedded.start();
    cleanup.push(() => embedded.stop());
    expect(info.uri).toBe(`bolt://127.0.0.1:${port}`);
    expect(fs.existsSync(path.join(dataDir, 'neo4j.pid'))).toBe(true);

    const config = testConfig(info);
    const db = testDb(info, config);
    const app = await startTestApp(db, config);
    cleanup.push(
      () => db.close(),
      () => app.close(),
    );
    const health = async () => {
      const res = await fetch(`${app.baseUrl}/api/health`);
      return {
        status: res.status,
        body: (await res.json()) as { status: string; neo4j: { connected: boolean; reason?: string } },
      };
    };
    // The first answer may wait for the database to finish opening on a loaded machine.
    expect(await waitFor(async () => (await health()).status === 200, 60_000)).toBe(true);

    await embedded.stop();
    expect(embedded.running).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'neo4j.pid'))).toBe(false);
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body.neo4j.connected).toBe(false);
    expect(down.body.neo4j.reason).toMatch(/cannot be reached/);
    const search = await fetch(`${app.baseUrl}/api/search?q=x`);
    expect(search.status).toBe(503);
    expect(((await search.json()) as { error: { code: string } }).error.code).toBe('NEO4J_UNAVAILABLE');

    embedded = new EmbeddedNeo4j({ dataDir, boltPort: port, ...quiet });
    // Every start has a new password; the app's Db follows it (the supervisor does this in production).
    const restarted = await embedded.start();
    expect(restarted.password).not.toBe(info.password);
    db.reconnect({ uri: restarted.uri, password: restarted.password });
    // Bolt accepts connections a few seconds before the database is open; allow for a loaded machine.
    expect(await waitFor(async () => (await health()).status === 200, 60_000)).toBe(true);

    // Another embedded Neo4j on the store the restarted one holds: refused, with what to do. No wait
    // for the holder to let go (lockWaitMs: 0); it is live, so waiting longer would change nothing.
    const second = new EmbeddedNeo4j({ dataDir, boltPort: 0, ...quiet, lockWaitMs: 0 });
    const error = await second.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddedStartError);
    expect((error as EmbeddedStartError).code).toBe('STORE_LOCKED');
    expect((error as Error).message).toMatch(/kill \d+|DATA_DIR/);
    // The holder goes on serving.
    expect((await health()).status).toBe(200);
  }, 360_000); // a cap for a hung run: two JVM starts took over 60 s with both cores busy

  it('explains a Bolt port that is already taken', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    cleanup.push(() => new Promise<void>((r) => blocker.close(() => r())));
    const embedded = new EmbeddedNeo4j({ dataDir: tempDir(), boltPort: port, ...quiet });
    const error = await embedded.start().catch((e: unknown) => e);
    expect((error as EmbeddedStartError).code).toBe('PORT_IN_USE');
    expect((error as Error).message).toContain(String(port));
  }, 180_000);

  it('says what to do when Java is missing', async () => {
    const saved = process.env.JAVA_HOME;
    process.env.JAVA_HOME = '/nonexistent-jdk';
    try {
      const error = await new EmbeddedNeo4j({ dataDir: tempDir(), boltPort: 0, ...quiet })
        .start()
        .catch((e: unknown) => e);
      expect((error as EmbeddedStartError).code).toBe('JAVA_MISSING');
      expect((error as Error).message).toMatch(/JDK 17|NEO4J_URI/);
    } finally {
      if (saved === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = saved;
    }
  });

  it('leaves no JVM behind when its Node parent is killed with SIGKILL, and the next start recovers', async () => {
    const dataDir = tempDir();
    // A parent process that starts the JVM with a stdin pipe and then dies without cleaning up.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const { spawn } = require('node:child_process');
         const jvm = spawn('java', ['-Xmx384m', '--add-opens=java.base/java.nio=ALL-UNNAMED', '--add-opens=java.base/java.io=ALL-UNNAMED',
           '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED', '-Dio.netty.tryReflectionSetAccessible=true', '-cp', ${JSON.stringify(launcherClasspath())},
           'explorer.EmbeddedNeo4j', '--home', ${JSON.stringify(dataDir)}, '--port', '0', '--pagecache', '32m'], { stdio: ['pipe', 'pipe', 'inherit'] });
         jvm.stdin.write('a-password-for-this-test-only\\n');
         require('node:fs').writeFileSync(${JSON.stringify(path.join(dataDir, 'neo4j.pid'))}, JSON.stringify({ pid: jvm.pid }));
         jvm.stdout.on('data', (d) => { if (String(d).includes('NEO4J_READY')) process.stdout.write('READY\\n'); });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) =>
      parent.stdout.on('data', (d) => String(d).includes('READY') && resolve()),
    );
    expect(jvmPids(dataDir)).toHaveLength(1);
    parent.kill('SIGKILL');
    expect(await waitFor(() => jvmPids(dataDir).length === 0, 30_000)).toBe(true);

    // The pid file is stale now; the next start says so and opens the store.
    const lines: string[] = [];
    const next = new EmbeddedNeo4j({ dataDir, boltPort: 0, ...quiet, log: (l) => lines.push(l) });
    await next.start();
    cleanup.push(() => next.stop());
    expect(lines.join('\n')).toMatch(/did not stop cleanly/);
  }, 180_000);
});

describe('after the suite', () => {
  it('has stopped every JVM it started in this file', async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
    expect(jvmPids(`.*kg-life-`)).toEqual([]);
  });
});
