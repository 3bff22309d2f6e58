// Bulk loading of a synthetic graph into its own Neo4j: counts match what was generated, a second
// load is refused without --replace and gives identical counts with it, an interrupted load is
// cleaned up by the next run, and a dataset can be deleted in batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asValidDataset, generateFromSeed } from '../../graph-seed/synthetic-files';
import type { Db } from '../../server/db/driver';
import { toWrite } from '../../server/seed/rows';
import { loadSynthetic, SyntheticLoadRefused } from '../../server/seed/synthetic-loader';
import {
  beginDatasetLoad,
  createEntities,
  createRelationships,
  datasetPresence,
  deleteDatasetInBatches,
} from '../../server/queries/synthetic';
import { testConfig, testDb } from '../helpers/neo4j';
import { scratchNeo4j, type ScratchNeo4j } from '../helpers/scratch-neo4j';
import { storeTotals } from '../helpers/store-totals';

const NODES = 1000;
const synth = generateFromSeed({ nodes: NODES, seed: 11 });
// Loads take seconds on a quiet machine; these leave room for a busy one (and a cold JVM).
const SLOW = 120_000;
const quiet = { batchSize: 400, log: () => undefined };
let neo4j: ScratchNeo4j;
let db: Db;

beforeAll(async () => {
  neo4j = await scratchNeo4j();
  db = testDb(neo4j, testConfig(neo4j, { QUERY_TIMEOUT_MS: '60000' }));
});
afterAll(async () => {
  await db?.close();
  await neo4j?.stop();
});

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((s, n) => s + n, 0);
const figureCount = synth.dataset.nodes.reduce((s, n) => s + n.figures.length, 0);

describe('loading a synthetic graph in batches', { timeout: SLOW }, () => {
  it('loads every entity, relationship and figure', async () => {
    const report = await loadSynthetic(db, synth, quiet);
    expect(sum(report.labels)).toBe(NODES);
    expect(sum(report.relationshipTypes)).toBe(synth.dataset.edges.length);
    expect(report.figures).toBe(figureCount);
    expect(report.documents).toBe(synth.dataset.articles.length);
    expect(await datasetPresence(db, synth.dataset.id)).toEqual({
      exists: true,
      loadState: 'complete',
      entities: NODES,
    });
    expect(await storeTotals(db)).toEqual({
      entities: NODES,
      relationships: synth.dataset.edges.length,
      figures: figureCount,
    });
  });

  it('refuses to load it again without replace, and reloads to identical counts with it', async () => {
    const before = await storeTotals(db);
    await expect(loadSynthetic(db, synth, quiet)).rejects.toThrow(SyntheticLoadRefused);
    const again = await loadSynthetic(db, synth, { ...quiet, replace: true });
    expect(again.deleted).toBeGreaterThan(0);
    expect(sum(again.labels)).toBe(NODES);
    expect(sum(again.relationshipTypes)).toBe(synth.dataset.edges.length);
    expect(await storeTotals(db)).toEqual(before);
  });

  it('cleans up an interrupted load before loading again', async () => {
    await deleteDatasetInBatches(db, synth.dataset.id, 500);
    expect(await storeTotals(db)).toEqual({ entities: 0, relationships: 0, figures: 0 });
    // What a load killed after its first batch leaves behind.
    const rows = toWrite({ ...asValidDataset(synth), nodes: synth.dataset.nodes.slice(0, 300), edges: [] });
    await db.write(async (tx) => {
      await beginDatasetLoad(tx, rows.meta);
      for (const [label, entities] of rows.entitiesByLabel) await createEntities(tx, label, entities);
    });
    expect(await datasetPresence(db, synth.dataset.id)).toMatchObject({
      loadState: 'loading',
      entities: 300,
    });
    const report = await loadSynthetic(db, synth, quiet); // no replace needed for a partial load
    expect(report.deleted).toBe(301); // the 300 entities and the Dataset node
    expect(await storeTotals(db)).toEqual({
      entities: NODES,
      relationships: synth.dataset.edges.length,
      figures: figureCount,
    });
  });

  it('finds relationship ends by element id only where the id matches too', async () => {
    const [first, second] = synth.dataset.nodes;
    const pairs = await db.read(async (tx) => {
      const result = await tx.run(
        'MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id, elementId(n) AS elementId',
        { ids: [first!.id, second!.id] },
      );
      return new Map(result.records.map((r) => [r.get('id') as string, r.get('elementId') as string]));
    });
    const row = {
      id: 'element-id-check',
      source: first!.id,
      target: second!.id,
      props: { id: 'element-id-check' },
    };
    // Element ids swapped: each names a live entity, but not the one the row means (as a record
    // freed by a delete and reused by a later create would). Nothing is written.
    const swapped = new Map([
      [first!.id, pairs.get(second!.id)!],
      [second!.id, pairs.get(first!.id)!],
    ]);
    const before = await storeTotals(db);
    expect(await db.write((tx) => createRelationships(tx, 'RELATED_TO', [row], swapped))).toBe(0);
    expect(await storeTotals(db)).toEqual(before);
    expect(await db.write((tx) => createRelationships(tx, 'RELATED_TO', [row], new Map()))).toBe(0);
    // The right ids write the one relationship; it is taken out again for the tests below.
    expect(await db.write((tx) => createRelationships(tx, 'RELATED_TO', [row], pairs))).toBe(1);
    await db.write((tx) => tx.run("MATCH ()-[r {id: 'element-id-check'}]->() DELETE r"));
    expect(await storeTotals(db)).toEqual(before);
  });

  it('deletes the dataset in batches', async () => {
    const deleted = await deleteDatasetInBatches(db, synth.dataset.id, 700);
    expect(deleted).toBeGreaterThan(NODES + synth.dataset.edges.length);
    expect(await storeTotals(db)).toEqual({ entities: 0, relationships: 0, figures: 0 });
    expect(await datasetPresence(db, synth.dataset.id)).toEqual({
      exists: false,
      loadState: null,
      entities: 0,
    });
  });
});
