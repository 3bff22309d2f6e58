// First loads through Neo4j's offline importer (server/first-load.ts): the seed and a synthetic graph
// loaded into empty stores through the importer give the same graph, node for node and property
// for property, as the Cypher loaders give another empty store; a store that is not empty skips the
// importer and loads through Cypher.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateFromSeed } from '../../graph-seed/synthetic-files';
import { parseConfig, type Config } from '../../server/config';
import { completeLoad, startNeo4jForLoad, wouldImport, type StartedForLoad } from '../../server/first-load';
import type { Neo4jRuntime } from '../../server/neo4j';
import { graphFingerprint } from '../../server/queries/analytics';
import { hubLinks } from '../../server/queries/explore';
import type { Db } from '../../server/db/driver';
import { completeImportedFile, loadPrepared, prepareDatasetFile } from '../../server/seed/loader';
import { completeSyntheticImport, loadSynthetic, syntheticRows } from '../../server/seed/synthetic-loader';
import { dumpGraph, dumpSchema } from '../helpers/graph-dump';
import { testConfig, testDb } from '../helpers/neo4j';
import { scratchNeo4j } from '../helpers/scratch-neo4j';

// Every test starts a JVM (and the importer); these caps leave room for a busy machine.
const SLOW = 360_000;
const quiet = () => undefined;
const seed = prepareDatasetFile(undefined, quiet);
const synth = generateFromSeed({ nodes: 2000, seed: 3 });
const SYNTH = synth.dataset.id;
const SEED = seed.data.id;

const dirs: string[] = [];
const runtimes: Neo4jRuntime[] = [];

function storeConfig(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-import-'))): Config {
  if (!dirs.includes(dataDir)) dirs.push(dataDir);
  return parseConfig({
    DATA_DIR: dataDir,
    NEO4J_BOLT_PORT: '0',
    NEO4J_HEAP: '512m',
    NEO4J_PAGECACHE: '64m',
    QUERY_TIMEOUT_MS: '120000',
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
}

async function start(
  config: Config,
  rows?: Parameters<typeof startNeo4jForLoad>[1],
): Promise<StartedForLoad> {
  const started = await startNeo4jForLoad(config, rows, { log: quiet });
  runtimes.push(started.runtime);
  return started;
}

async function stop(runtime: Neo4jRuntime): Promise<void> {
  runtimes.splice(runtimes.indexOf(runtime), 1);
  await runtime.stop();
}

/** The fingerprint with each dataset's load time taken out (it differs between any two loads). */
const fingerprint = async (db: Db) =>
  (await graphFingerprint(db)).replace(/@\d{4}-\d\d-\d\dT[\d:.]+Z/g, '@<time>');

/** Hubs and the hubs they link to, by entity id (element ids differ between stores). */
async function hubs(db: Db) {
  const list = await hubLinks(db, 20, 120_000);
  return [...list.hubs]
    .map(([id, hub]) => [id, hub.degree, hub.links.map(([, other]) => other).sort()] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

let reference: { db: Db };
let referenceSeedFingerprint: string;

beforeAll(async () => {
  // The reference: both datasets through the Cypher loaders into an empty database (the run's
  // scratch Neo4j: a store's first start is what the importer tests need, not the reference).
  const scratch = await scratchNeo4j();
  reference = { db: testDb(scratch, testConfig(scratch, { QUERY_TIMEOUT_MS: '120000' })) };
  await loadPrepared(reference.db, seed);
  referenceSeedFingerprint = await fingerprint(reference.db);
  await loadSynthetic(reference.db, synth, { log: quiet });
}, SLOW);

afterAll(async () => {
  await reference?.db.close();
  for (const runtime of [...runtimes].reverse()) await runtime.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}, SLOW);

describe('first loads through the offline importer', { timeout: SLOW }, () => {
  let seedStore: Config;

  it('loads the seed into an empty store through the importer, identical to the Cypher load', async () => {
    seedStore = storeConfig();
    expect(wouldImport(seedStore)).toBe(true);
    const started = await start(seedStore, () => seed.write);
    expect(started.imported).toBeDefined();
    expect(started.runtime.imported).toBe(true);
    const { db } = started.runtime;
    const report = await completeLoad(
      seedStore,
      started,
      (files) => completeImportedFile(db, seed, files),
      () => loadPrepared(db, seed),
    );
    expect(report.path).toBe('import');
    // Values the CSV cannot carry went through Cypher after the import: the empty alias lists by
    // one scan (every seed entity has aliases, typed or empty), so none is left to set by id.
    expect(started.imported!.residual.emptyLists.Entity).toEqual(['aliases']);
    expect(started.imported!.residual.entities.filter((e) => 'aliases' in e.props)).toEqual([]);

    const imported = await dumpGraph(db, SEED);
    const expected = await dumpGraph(reference.db, SEED);
    expect(imported.labels).toEqual(expected.labels);
    expect(imported.types).toEqual(expected.types);
    expect(imported.nodes.length).toBe(expected.nodes.length);
    expect(imported.nodes).toEqual(expected.nodes);
    expect(imported.relationships).toEqual(expected.relationships);
    expect(await dumpSchema(db)).toEqual(await dumpSchema(reference.db));
    expect(await fingerprint(db)).toBe(referenceSeedFingerprint);
    // The first load is finished: the next start is an ordinary one.
    expect(wouldImport(seedStore)).toBe(false);
    await stop(started.runtime);
  });

  it('skips the importer for a store that is not empty and loads through Cypher', async () => {
    expect(wouldImport(seedStore)).toBe(false);
    const rows = vi.fn(() => syntheticRows(synth));
    const started = await start(seedStore, rows);
    expect(rows).not.toHaveBeenCalled();
    expect(started.imported).toBeUndefined();
    expect(started.runtime.imported).toBe(false);
    const { db } = started.runtime;
    const report = await completeLoad(
      seedStore,
      started,
      () => Promise.reject(new Error('no import expected')),
      () => loadSynthetic(db, synth, { log: quiet }),
    );
    expect(report.path).toBe('cypher');
    // Seed through the importer + synthetic through Cypher = both through Cypher, the whole store.
    const whole = await dumpGraph(db);
    const expected = await dumpGraph(reference.db);
    expect(whole.labels).toEqual(expected.labels);
    expect(whole.types).toEqual(expected.types);
    expect(whole.nodes).toEqual(expected.nodes);
    expect(whole.relationships).toEqual(expected.relationships);
    expect(await fingerprint(db)).toBe(await fingerprint(reference.db));
    await stop(started.runtime);
  });

  it('loads a synthetic graph into an empty store through the importer, identical to the Cypher load', async () => {
    const config = storeConfig();
    const started = await start(config, () => syntheticRows(synth));
    expect(started.imported).toBeDefined();
    const { db } = started.runtime;
    const report = await completeLoad(
      config,
      started,
      (files) => completeSyntheticImport(db, synth, files, Date.now(), () => undefined),
      () => loadSynthetic(db, synth, { log: quiet }),
    );
    expect(report.path).toBe('import');
    expect(Object.values(report.relationshipTypes).reduce((s, n) => s + n, 0)).toBe(
      synth.dataset.edges.length,
    );

    const imported = await dumpGraph(db, SYNTH);
    const expected = await dumpGraph(reference.db, SYNTH);
    expect(imported.labels).toEqual(expected.labels);
    expect(imported.types).toEqual(expected.types);
    expect(imported.nodes.length).toBe(
      synth.dataset.nodes.length + report.figures + synth.dataset.articles.length + 1,
    );
    expect(imported.nodes).toEqual(expected.nodes);
    expect(imported.relationships).toEqual(expected.relationships);
    expect(await dumpSchema(db)).toEqual(await dumpSchema(reference.db));
    // Hub-to-hub links (server/hub-links.ts) come out the same; the reference's hubs include the seed's.
    const referenceHubs = (await hubs(reference.db)).filter(([id]) => id.startsWith(`${SYNTH}-`));
    expect(await hubs(db)).toEqual(referenceHubs);
    await stop(started.runtime);
  });
});
