// Cypher for bulk loads of large (synthetic) datasets: batched UNWIND writes, one transaction per
// batch, plus batched deletion.
//
// Unlike replaceDataset (one transaction, MERGE), these CREATE into a dataset that was deleted
// first, so a load is many short transactions. A Dataset node carries `loadState`: 'loading' until
// the last batch commits, then 'complete'; a killed load leaves 'loading' and is deleted by the next
// run with the same id before anything is written (see deleteDatasetInBatches).
import type { ManagedTransaction } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import type { Db } from '../db/driver';
import type { DatasetMetaRow, EntityRow, FigureRow, RelationshipRow, SourceDocumentRow } from './dataset';
import { labelIdentifier, relTypeIdentifier } from './identifiers';

export type LoadState = 'loading' | 'complete';

export interface DatasetPresence {
  /** A Dataset node with this id exists. */
  exists: boolean;
  /** 'loading' (a bulk load that did not finish), 'complete', or null (loaded by the seed loader). */
  loadState: LoadState | null;
  entities: number;
}

/** Whether a dataset (or the remains of a failed bulk load) is in the database. */
export async function datasetPresence(db: Db, dataset: string): Promise<DatasetPresence> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `OPTIONAL MATCH (d:Dataset {id: $dataset})
       RETURN d IS NOT NULL AS exists, d.loadState AS loadState,
              COUNT { MATCH (n:Entity {dataset: $dataset}) } AS entities`,
      { dataset },
    );
    const record = result.records[0];
    return {
      exists: record?.get('exists') === true,
      loadState: (record?.get('loadState') as LoadState | null) ?? null,
      entities: Number(record?.get('entities') ?? 0),
    };
  });
}

/**
 * Deletes one dataset in batches of `batchSize` (relationships first, then entities, figures,
 * documents, the Dataset node last), each batch its own transaction: a dataset of any size goes
 * without a transaction that outgrows the heap. Safe to rerun after a kill at any point.
 */
export async function deleteDatasetInBatches(
  db: Db,
  dataset: string,
  batchSize: number,
  onBatch: (what: string, deleted: number) => void = () => undefined,
): Promise<number> {
  const steps: [string, string][] = [
    [
      'relationships',
      `MATCH (n:Entity {dataset: $dataset})-[r]->(:Entity)
       WITH r LIMIT $batch DELETE r RETURN count(*) AS deleted`,
    ],
    [
      'figures',
      'MATCH (f:Figure {dataset: $dataset}) WITH f LIMIT $batch DETACH DELETE f RETURN count(*) AS deleted',
    ],
    [
      'entities',
      'MATCH (n:Entity {dataset: $dataset}) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS deleted',
    ],
    [
      'documents',
      'MATCH (s:SourceDocument {dataset: $dataset}) WITH s LIMIT $batch DETACH DELETE s RETURN count(*) AS deleted',
    ],
    [
      'dataset',
      'MATCH (d:Dataset {id: $dataset}) WITH d LIMIT $batch DETACH DELETE d RETURN count(*) AS deleted',
    ],
  ];
  let total = 0;
  for (const [what, statement] of steps) {
    for (;;) {
      const deleted = await db.write(async (tx) => {
        const result = await tx.run(statement, { dataset, batch: neo4j.int(batchSize) });
        return Number(result.records[0]?.get('deleted') ?? 0);
      });
      total += deleted;
      if (deleted) onBatch(what, deleted);
      if (deleted < batchSize) break;
    }
  }
  return total;
}

/** Creates (or resets) the Dataset node first, marked 'loading', so a partial load is recognisable. */
export async function beginDatasetLoad(tx: ManagedTransaction, meta: DatasetMetaRow): Promise<void> {
  await tx.run(`MERGE (d:Dataset {id: $meta.id}) SET d = $meta, d.loadState = 'loading'`, { meta });
}

export async function finishDatasetLoad(tx: ManagedTransaction, dataset: string): Promise<void> {
  await tx.run(`MATCH (d:Dataset {id: $dataset}) SET d.loadState = 'complete'`, { dataset });
}

export async function createSourceDocuments(
  tx: ManagedTransaction,
  rows: SourceDocumentRow[],
): Promise<void> {
  await tx.run('UNWIND $rows AS row CREATE (s:SourceDocument) SET s = row', { rows });
}

/**
 * One label per call: labels cannot be parameters. Answers each new entity's element id by its
 * dataset id, so that the figures and relationships of the same load find their ends without an
 * index lookup (`ElementIds`).
 */
export async function createEntities(
  tx: ManagedTransaction,
  label: string,
  rows: EntityRow[],
): Promise<[id: string, elementId: string][]> {
  const result = await tx.run(
    `UNWIND $rows AS row CREATE (n:Entity:${labelIdentifier(label)}) SET n = row.props
     RETURN [row.id, elementId(n)] AS pair`,
    { rows },
  );
  return result.records.map((record) => record.get('pair') as [string, string]);
}

/**
 * Entity element ids by dataset id, for the rows of one load. An element id names a node record,
 * which a delete can free and a later create reuse, so every lookup through it also checks the
 * node's `id`: a reused record is then not matched and the row is reported, not misattached.
 */
export type ElementIds = ReadonlyMap<string, string>;

/** Figures on entities of `elementIds`; answers how many were written. */
export async function createFigures(
  tx: ManagedTransaction,
  rows: FigureRow[],
  elementIds: ElementIds,
): Promise<number> {
  const result = await tx.run(
    `UNWIND $rows AS row
     MATCH (n) WHERE elementId(n) = row.entity AND n.id = row.entityId
     CREATE (n)-[:HAS_FIGURE]->(f:Figure)
     SET f = row.props
     RETURN count(f) AS written`,
    { rows: rows.map((row) => ({ ...row, entity: elementIds.get(row.entityId) ?? '' })) },
  );
  return Number(result.records[0]?.get('written') ?? 0);
}

/**
 * One relationship type per call; both ends are found by element id (a node-record read, where the
 * entity_id index took a tree descent per end: issue 18 measured the index lookups as the largest
 * part of an incremental load after the properties). Answers how many were written.
 */
export async function createRelationships(
  tx: ManagedTransaction,
  type: string,
  rows: RelationshipRow[],
  elementIds: ElementIds,
): Promise<number> {
  const result = await tx.run(
    `UNWIND $rows AS row
     MATCH (a) WHERE elementId(a) = row.a AND a.id = row.source
     MATCH (b) WHERE elementId(b) = row.b AND b.id = row.target
     CREATE (a)-[r:${relTypeIdentifier(type)}]->(b)
     SET r = row.props
     RETURN count(r) AS written`,
    {
      rows: rows.map((row) => ({
        ...row,
        a: elementIds.get(row.source) ?? '',
        b: elementIds.get(row.target) ?? '',
      })),
    },
  );
  return Number(result.records[0]?.get('written') ?? 0);
}
