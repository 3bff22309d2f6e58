// The seed loader against its own embedded Neo4j: validation before writing, idempotent reloads,
// counts, provenance on every element, full-text search, a second dataset with other labels, and
// the schema service's counts following loads (and only loads).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, readDataset } from '../../graph-seed/format';
import { DEFAULT_DATASET } from '../../graph-seed/seed-file';
import { loadDatasetFile } from '../../server/seed/loader';
import type { Db } from '../../server/db/driver';
import { DataCache } from '../../server/data-cache';
import { DataVersion } from '../../server/data-version';
import { overview } from '../../server/queries/explore';
import { SchemaService } from '../../server/schema-service';
import { testConfig, testDb } from '../helpers/neo4j';
import { scratchNeo4j, type ScratchNeo4j } from '../helpers/scratch-neo4j';

const SECOND = path.resolve('tests/fixtures/second-dataset/dataset.json');
let neo4j: ScratchNeo4j;
let db: Db;

beforeAll(async () => {
  neo4j = await scratchNeo4j();
  // The harness's own reads are not what is tested here: a long timeout, so a cold Neo4j on a busy
  // machine (a 5 s read timed out under ci-busy) cannot fail them.
  db = testDb(neo4j, testConfig(neo4j, { QUERY_TIMEOUT_MS: '120000' }));
});
afterAll(async () => {
  await db.close();
  await neo4j.stop();
});

const totals = () =>
  db.read(async (tx) => {
    const r = await tx.run(
      'MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS nodes, count(r) AS rels',
    );
    return { nodes: Number(r.records[0]!.get('nodes')), rels: Number(r.records[0]!.get('rels')) };
  });

describe('loading the seed', () => {
  it('refuses an invalid file before writing anything', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bad-'));
    const raw = JSON.parse(fs.readFileSync(DEFAULT_DATASET, 'utf8'));
    raw.nodes[3].sources[0].quote = '这句话不在文章里';
    raw.edges.push({
      source: raw.nodes[0].id,
      target: 'nowhere',
      type: raw.edges[0].type,
      sources: raw.edges[0].sources,
    });
    for (const a of raw.articles) a.file = path.resolve(path.dirname(DEFAULT_DATASET), a.file);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify(raw));
    await expect(loadDatasetFile(db, bad, () => undefined)).rejects.toThrow(DatasetError);
    await expect(loadDatasetFile(db, bad, () => undefined)).rejects.toThrow(
      /bad\.json: 2 problems; nothing was written/,
    );
    expect(await totals()).toEqual({ nodes: 0, rels: 0 });
  });

  it('loads every entity, relationship and figure with the expected counts', async () => {
    const data = readDataset(DEFAULT_DATASET);
    const report = await loadDatasetFile(db, DEFAULT_DATASET, () => undefined);
    const expectedLabels: Record<string, number> = {};
    for (const n of data.nodes) expectedLabels[n.type] = (expectedLabels[n.type] ?? 0) + 1;
    const expectedRels: Record<string, number> = {};
    for (const e of data.edges) expectedRels[e.type] = (expectedRels[e.type] ?? 0) + 1;
    expect(report.labels).toEqual(expectedLabels);
    expect(report.relationshipTypes).toEqual(expectedRels);
    expect(report.figures).toBe(data.nodes.reduce((sum, n) => sum + n.figures.length, 0));
    expect(report.labels.Zone).toBeGreaterThanOrEqual(8);
  });

  it('gives every entity, relationship and figure a source', async () => {
    const missing = await db.read(async (tx) => {
      const r = await tx.run(
        `CALL () { MATCH (n:Entity|Figure) WHERE size(coalesce(n.sourceQuotes, [])) = 0 RETURN count(n) AS c
                   UNION ALL MATCH (:Entity)-[r]->(:Entity) WHERE size(coalesce(r.sourceQuotes, [])) = 0 RETURN count(r) AS c }
         RETURN sum(c) AS missing`,
      );
      return Number(r.records[0]!.get('missing'));
    });
    expect(missing).toBe(0);
  });

  it('reloads idempotently: identical counts and the same node identities', async () => {
    const before = await totals();
    const ids = async () =>
      db.read(async (tx) =>
        (await tx.run('MATCH (n:Entity) RETURN n.id AS id, elementId(n) AS eid ORDER BY id')).records.map(
          (r) => r.toObject(),
        ),
      );
    const idsBefore = await ids();
    await loadDatasetFile(db, DEFAULT_DATASET, () => undefined);
    expect(await totals()).toEqual(before);
    expect(await ids()).toEqual(idsBefore);
  });

  it('loads a second dataset with labels the seed does not use, beside the first', async () => {
    const before = await totals();
    const report = await loadDatasetFile(db, SECOND, () => undefined);
    expect(report.labels).toEqual({ PortOperator: 1, ShippingLine: 1, Route: 1 });
    expect(report.relationshipTypes).toEqual({ OPERATES: 2, SIGNED_AGREEMENT_WITH: 1 });
    // Its made-up port city is reported, not placed; the others are.
    expect(report.unplaced).toEqual([{ id: 'fx-east-port', place: '东方港市' }]);
    expect(report.placed).toBe(2);
    const after = await totals();
    expect(after.nodes).toBe(before.nodes + 3 + 1 + 1 + 1); // entities, figure, source document, dataset
    const labels = await db.read(async (tx) =>
      (await tx.run('MATCH (n:PortOperator) RETURN labels(n) AS l')).records[0]!.get('l'),
    );
    expect(labels).toEqual(expect.arrayContaining(['Entity', 'PortOperator']));
  });

  it('removes what a reloaded file no longer holds and re-labels changed types', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-second-'));
    fs.copyFileSync(path.resolve('tests/fixtures/second-dataset/article.txt'), path.join(dir, 'article.txt'));
    const raw = JSON.parse(fs.readFileSync(SECOND, 'utf8'));
    raw.nodes = raw.nodes.filter((n: { id: string }) => n.id !== 'fx-route');
    raw.edges = raw.edges.filter((e: { target: string }) => e.target !== 'fx-route');
    raw.nodes[1].type = 'PortOperator';
    fs.writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify(raw));
    const report = await loadDatasetFile(db, path.join(dir, 'dataset.json'), () => undefined);
    expect(report.labels).toEqual({ PortOperator: 2 });
    expect(report.figures).toBe(0);
    const shipping = await db.read(async (tx) =>
      Number((await tx.run('MATCH (n:ShippingLine) RETURN count(n) AS c')).records[0]!.get('c')),
    );
    expect(shipping).toBe(0);
  });
});

describe('the schema service', () => {
  it('counts once per data fingerprint: reused until a load changes the data, not by notes or stories', async () => {
    const schema = new SchemaService(db, new DataVersion(db, 0)); // read the fingerprint on every call
    const overviews = new DataCache(() => schema.fingerprint());
    const overviewTotal = async () => (await overviews.get('all', () => overview(db, [], 500))).total;
    const first = await schema.get();
    const totalBefore = await overviewTotal();
    expect(totalBefore).toBeGreaterThan(0);
    expect(schema.computations).toBe(1);
    expect(first.labels.find((l) => l.label === 'PortOperator')?.count).toBe(2);
    expect(first.labels.map((l) => l.label)).not.toContain('ShippingLine');

    expect(await schema.get()).toBe(first);
    await db.write((tx) =>
      tx.run(
        `CREATE (:ExplorerNote {id: 'schema-test-note', entityId: 'fx-qingdao-port', text: 'a note'})
         CREATE (:ExplorerStory {id: 'schema-test-story', title: 't', body: '{}', stepCount: 0, version: 1})`,
      ),
    );
    expect(await schema.get()).toBe(first);
    expect(schema.computations).toBe(1);
    expect(await overviewTotal()).toBe(totalBefore);
    expect(overviews.computations).toBe(1);

    await loadDatasetFile(db, SECOND, () => undefined); // different data under the same dataset id
    const reloaded = await schema.get();
    expect(schema.computations).toBe(2);
    expect(reloaded.labels.find((l) => l.label === 'PortOperator')?.count).toBe(1);
    expect(reloaded.labels.find((l) => l.label === 'ShippingLine')?.count).toBe(1);
    expect(reloaded.relationshipTypes.map((r) => r.type)).toContain('SIGNED_AGREEMENT_WITH');
    // The overview follows the same fingerprint: recomputed once after the load, then reused.
    const entities = await db.read(async (tx) =>
      Number((await tx.run('MATCH (n:Entity) RETURN count(n) AS c')).records[0]!.get('c')),
    );
    expect(await overviewTotal()).toBe(entities);
    expect(await overviewTotal()).toBe(entities);
    expect(overviews.computations).toBe(2);
    expect(await schema.get()).toBe(reloaded);
    expect(schema.computations).toBe(2);
    await db.write((tx) =>
      tx.run("MATCH (n) WHERE n.id IN ['schema-test-note', 'schema-test-story'] DETACH DELETE n"),
    );
  });

  it('rereads the fingerprint at most once per interval, with concurrent callers sharing the counts', async () => {
    let reads = 0;
    const schema = new SchemaService(
      db,
      new DataVersion(db, 60_000, async () => {
        reads++;
        return 'fixed';
      }),
    );
    const answers = await Promise.all([schema.get(), schema.get(), schema.get()]);
    expect(new Set(answers).size).toBe(1);
    await schema.get();
    expect(reads).toBe(1);
    expect(schema.computations).toBe(1);
  });
});
