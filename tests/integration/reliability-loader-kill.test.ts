// The seed loader killed with a real SIGKILL while its one write transaction runs: the database
// keeps the previous complete graph, and a rerun completes with the counts of a clean load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDatasetFile } from '../../server/seed/loader';
import type { Db } from '../../server/db/driver';
import { datasetCounts } from '../../server/queries/dataset';
import { writeBigDataset } from '../../scripts/reliability/big-dataset';
import { spawnTsx, waitFor } from '../../scripts/reliability/processes';
import { neo4jEnv, testConfig, testDb } from '../helpers/neo4j';
import { scratchNeo4j } from '../helpers/scratch-neo4j';

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** Whole-graph figures that any partial write would change. */
async function snapshot(db: Db) {
  return db.read(async (tx) => {
    const labels = await tx.run(
      'MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS c ORDER BY label',
    );
    const rels = await tx.run('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS c ORDER BY type');
    const versions = await tx.run('MATCH (n:Entity) RETURN n.version AS v, count(*) AS c ORDER BY v');
    const row = (r: { get(k: string): unknown }, k: string) => [String(r.get(k)), Number(r.get('c'))];
    return {
      labels: Object.fromEntries(labels.records.map((r) => row(r, 'label'))),
      relationships: Object.fromEntries(rels.records.map((r) => row(r, 'type'))),
      versions: Object.fromEntries(versions.records.map((r) => row(r, 'v'))),
    };
  });
}

describe('the seed loader killed with SIGKILL in the middle of a load', () => {
  it('leaves the previous complete graph, and a rerun gives the counts of a clean load', async () => {
    const dir = tempDir('kg-fault-kill-');
    const previous = writeBigDataset({ dir: path.join(dir, 'v1'), nodes: 2000, extraNodes: 200, version: 1 });
    const next = writeBigDataset({ dir: path.join(dir, 'v2'), nodes: 4000, version: 2 });
    const neo = await scratchNeo4j();
    cleanup.push(() => neo.stop());
    // A long timeout for the harness's own reads: a cold Neo4j on a busy machine is slow to answer.
    const db = testDb(neo, testConfig(neo, { QUERY_TIMEOUT_MS: '120000' }));
    cleanup.push(() => db.close());

    await loadDatasetFile(db, previous.file, () => undefined);
    const before = await snapshot(db);
    expect(before.versions).toEqual({ 1: 2200 });
    expect(before.labels.Entity).toBe(2200);

    // The loader's data transaction, seen from Neo4j while one of its batch statements runs.
    const loaderStatements = () =>
      db.read(async (tx) => {
        // The needle is a parameter so that this query's own text does not match it.
        const result = await tx.run(
          'SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $needle RETURN currentQuery',
          { needle: 'UNWIND $rows AS row' },
        );
        return result.records.length;
      });

    // Its own process group, so the SIGKILL reaches every process of the loader, as `kill -9 -<pgid>` would.
    const loader = spawnTsx('scripts/seed.ts', ['--file', next.file], neo4jEnv(neo), { detached: true });
    await loader.waitForLine(/\[seed\] dataset\.json is valid: 4000 nodes/, 60_000);
    const validAt = Date.now();
    // Batches run after the deletes of the old-only entities, in the same transaction: kill there.
    expect(await waitFor(async () => (await loaderStatements()) > 0, 60_000, 20)).toBe(true);
    process.kill(-loader.process.pid!, 'SIGKILL');
    const { signal } = await loader.exited;
    console.log(
      `[figure] loader SIGKILLed ${Date.now() - validAt} ms after "is valid", inside its write transaction`,
    );
    expect(signal).toBe('SIGKILL');
    expect(loader.output()).not.toMatch(/\[seed\] loaded/);

    // Neo4j rolls the transaction back when the connection drops.
    expect(await waitFor(async () => (await loaderStatements()) === 0, 30_000, 200)).toBe(true);
    expect(await snapshot(db)).toEqual(before);

    const rerun = spawnTsx('scripts/seed.ts', ['--file', next.file], neo4jEnv(neo));
    const exit = await rerun.exited;
    expect(exit.code, rerun.output()).toBe(0);
    expect(rerun.output()).toMatch(/\[seed\] loaded reliability-synthetic/);

    const afterRerun = await datasetCounts(db, 'reliability-synthetic');
    expect(afterRerun).toEqual(next.expected);
    const whole = await snapshot(db);
    expect(whole.versions).toEqual({ 2: 4000 });
    expect(whole.labels.Entity).toBe(4000);
    expect(whole.labels.Figure).toBe(next.expected.figures);
    expect(whole.labels.SourceDocument).toBe(50);
    expect(whole.labels.Dataset).toBe(1);
  }, 170_000);
});
