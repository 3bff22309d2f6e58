// A table import killed with a real SIGKILL of the server while its one write transaction holds
// every row written but not committed: the database keeps the previous graph (the same counts and
// the same fingerprint of every node and relationship), and the same import on a restarted server
// then writes all of it. The test holds the import there with IMPORT_HOLD_MID_TRANSACTION, so where
// the kill lands depends on no timing.
import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/driver';
import { loadDatasetFile } from '../../server/seed/loader';
import { freePort, spawnTsx, waitFor } from '../../scripts/reliability/processes';
import { dumpGraph } from '../helpers/graph-dump';
import { neo4jEnv, testConfig, testDb } from '../helpers/neo4j';
import { scratchNeo4j } from '../helpers/scratch-neo4j';
import { storeTotals } from '../helpers/store-totals';

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const ROWS = 300;
const table = () =>
  [
    'name,nameEn,operator,staff',
    ...Array.from(
      { length: ROWS },
      (_, i) => `测试企业${i + 1}号,Test Firm ${i + 1},${i % 2 ? '东方港务' : 'fx-blue-sea'},${10 + i}`,
    ),
  ].join('\n');
const importBody = () => ({
  dataset: 'fixture-port-alliance',
  file: { name: 'firms.csv', format: 'csv', content: table() },
  mapping: {
    kind: 'entities',
    name: 'name',
    nameEn: 'nameEn',
    fixedType: 'Firm',
    properties: [{ column: 'staff', key: 'staff' }],
    links: [{ column: 'operator', type: 'SERVED_BY' }],
  },
  declareTypes: true,
});

/** Every node and relationship of the store with its properties, and a hash of them. */
async function fingerprint(db: Db) {
  const dump = await dumpGraph(db);
  const hash = crypto.createHash('sha256').update(JSON.stringify(dump)).digest('hex');
  return { totals: await storeTotals(db), labels: dump.labels, types: dump.types, hash };
}

/** Open transactions holding locks: a write transaction that has written and not ended. */
const lockingTransactions = (db: Db) =>
  db.read(async (tx) => {
    const result = await tx.run(
      'SHOW TRANSACTIONS YIELD transactionId, activeLockCount WHERE activeLockCount > 0 RETURN count(*) AS n',
    );
    return Number(result.records[0]?.get('n') ?? 0);
  });

async function startServer(env: Record<string, string>) {
  const port = await freePort();
  // Its own process group, so the SIGKILL reaches every process of the server.
  const server = spawnTsx('server/index.ts', [], { PORT: String(port), ...env }, { detached: true });
  cleanup.push(() => {
    if (server.process.exitCode === null && server.process.signalCode === null)
      process.kill(-server.process.pid!, 'SIGKILL');
  });
  await server.waitForLine(/explorer ready at/, 120_000);
  return { server, base: `http://127.0.0.1:${port}` };
}

const post = (base: string, body: unknown) =>
  fetch(`${base}/api/imports/table`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('a table import when the server is killed inside its transaction', () => {
  it('leaves the previous graph intact, and the same import on a restarted server writes it all', async () => {
    const neo = await scratchNeo4j();
    cleanup.push(() => neo.stop());
    const db = testDb(neo, testConfig(neo, { QUERY_TIMEOUT_MS: '120000' }));
    cleanup.push(() => db.close());
    await loadDatasetFile(db, path.resolve('tests/fixtures/second-dataset/dataset.json'), () => undefined);
    const before = await fingerprint(db);
    expect(before.totals).toEqual({ entities: 3, relationships: 3, figures: 1 });

    const env = { ...neo4jEnv(neo), SEED_ON_START: 'false', RATE_LIMIT_PER_MINUTE: '0' };
    const held = await startServer({ ...env, IMPORT_HOLD_MID_TRANSACTION: 'true' });
    const request = post(held.base, importBody()).then(
      (res) => res.status,
      (error: Error) => error.message,
    );
    await held.server.waitForLine(/\[import\] holding inside its transaction/, 120_000);
    // Every row is written inside the open transaction: it holds the locks of its writes.
    expect(await lockingTransactions(db)).toBeGreaterThan(0);

    process.kill(-held.server.process.pid!, 'SIGKILL');
    const { signal } = await held.server.exited;
    expect(signal).toBe('SIGKILL');
    // The request got no answer: its connection died with the server.
    expect(typeof (await request)).toBe('string');

    // Neo4j rolls the transaction back when the connection drops.
    expect(await waitFor(async () => (await lockingTransactions(db)) === 0, 60_000, 100)).toBe(true);
    expect(await fingerprint(db)).toEqual(before);

    const restarted = await startServer(env);
    const res = await post(restarted.base, importBody());
    const answer = (await res.json()) as { entities: number; relationships: number; change: string };
    expect(res.status, JSON.stringify(answer)).toBe(200);
    expect(answer).toMatchObject({ entities: ROWS, relationships: ROWS });
    expect(await storeTotals(db)).toEqual({ entities: 3 + ROWS, relationships: 3 + ROWS, figures: 1 });
  }, 360_000);
});
