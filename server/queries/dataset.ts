// Cypher that writes datasets: schema (constraints, indexes) and one-transaction loads.
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import type { Db } from '../db/driver';
import { isRelTypeName, labelIdentifier, propertyKeyIdentifier, relTypeIdentifier } from './identifiers';

/** Schema statements; each runs in its own transaction (Neo4j does not mix schema and data writes). */
const SCHEMA = [
  'CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT figure_id IF NOT EXISTS FOR (n:Figure) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT source_document_id IF NOT EXISTS FOR (n:SourceDocument) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT dataset_id IF NOT EXISTS FOR (n:Dataset) REQUIRE n.id IS UNIQUE',
  // Analysts' stories, views and notes (server/queries/presentations.ts).
  'CREATE CONSTRAINT explorer_story_id IF NOT EXISTS FOR (n:ExplorerStory) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT explorer_view_id IF NOT EXISTS FOR (n:ExplorerView) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT explorer_note_id IF NOT EXISTS FOR (n:ExplorerNote) REQUIRE n.id IS UNIQUE',
  'CREATE INDEX explorer_note_entity IF NOT EXISTS FOR (n:ExplorerNote) ON (n.entityId)',
  // The change history of the fact writes (server/facts/).
  'CREATE CONSTRAINT explorer_change_id IF NOT EXISTS FOR (n:ExplorerChange) REQUIRE n.id IS UNIQUE',
  'CREATE INDEX entity_dataset IF NOT EXISTS FOR (n:Entity) ON (n.dataset)',
  'CREATE INDEX entity_type IF NOT EXISTS FOR (n:Entity) ON (n.type)',
  // Stores made before search moved to its own catalogue (server/search/) carry a full-text index
  // nothing reads any more; every load would keep it up to date for nothing.
  'DROP INDEX entity_search IF EXISTS',
];

/**
 * The schema, and an index on the dataset id of every relationship type `relationshipTypes` names
 * or the store knows (its types and its datasets' ontologies): Neo4j indexes relationship properties
 * per type only, and a relationship is looked up by its id (queries/facts.ts readRelationship).
 */
export async function ensureSchema(db: Db, relationshipTypes: Iterable<string> = []): Promise<void> {
  for (const statement of SCHEMA) await db.write((tx) => tx.run(statement));
  await ensureRelationshipIdIndexes(db, [...relationshipTypes, ...(await knownRelationshipTypes(db))]);
  await db.write((tx) => tx.run('CALL db.awaitIndexes(300)'));
}

/** Types whose relationships are facts between entities: every type but a figure's. */
const isFactType = (type: string) => type !== 'HAS_FIGURE';

/** The relationship types of the store's relationships and of its datasets' ontologies. */
export async function knownRelationshipTypes(db: Db): Promise<string[]> {
  // Part of the schema's setup, which waits for Neo4j rather than answering a request in time.
  return db.read(async (tx) => {
    const stored = await tx.run(
      'CALL db.relationshipTypes() YIELD relationshipType RETURN collect(relationshipType) AS types',
    );
    const ontologies = await tx.run('MATCH (d:Dataset) RETURN collect(d.relationshipTypes) AS types');
    const declared = ((ontologies.records[0]?.get('types') as (string | null)[] | undefined) ?? []).flatMap(
      (json) => {
        try {
          const types = JSON.parse(json ?? '[]') as { type?: unknown }[];
          return types.map((t) => t.type).filter((t): t is string => typeof t === 'string');
        } catch {
          return [];
        }
      },
    );
    return [...new Set([...((stored.records[0]?.get('types') as string[] | undefined) ?? []), ...declared])];
  }, SCHEMA_READ);
}

const SCHEMA_READ = { timeoutMs: 300_000 };

/**
 * `CREATE INDEX … FOR ()-[r:TYPE]-() ON (r.id)` for each fact type not indexed yet; names that
 * are not relationship types of the dataset format are left out (they cannot be facts).
 * Analysts' declared types get theirs after the write that declared them (server/facts/).
 */
export async function ensureRelationshipIdIndexes(db: Db, types: Iterable<string>): Promise<void> {
  for (const type of new Set(types)) {
    if (!isFactType(type) || !isRelTypeName(type)) continue;
    await db.write((tx) =>
      tx.run(
        `CREATE INDEX ${relationshipIdIndexName(type)} IF NOT EXISTS
         FOR ()-[r:${relTypeIdentifier(type)}]-() ON (r.id)`,
      ),
    );
  }
}

/** `LOCATED_IN` → the index `rel_id_LOCATED_IN` (the type has passed relTypeIdentifier's rule). */
const relationshipIdIndexName = (type: string) => `\`rel_id_${type}\``;

export interface DatasetMetaRow {
  id: string;
  title: string;
  titleEn: string | null;
  nodeTypes: string; // JSON
  relationshipTypes: string; // JSON
  glossary: string; // JSON: the dataset's search glossary entries (server/search/glossary.ts)
  loadedAt: string;
}
export interface SourceDocumentRow {
  id: string;
  dataset: string;
  title: string;
  titleEn: string | null;
  publisher: string | null;
  publisherEn: string | null;
  date: string;
  authors: string[];
  url: string | null;
  language: string | null;
  text: string;
}
export interface EntityRow {
  id: string;
  props: Record<string, unknown>;
}
export interface FigureRow {
  entityId: string;
  props: Record<string, unknown>;
}
export interface RelationshipRow {
  id: string;
  source: string;
  target: string;
  props: Record<string, unknown>;
}

export interface DatasetWrite {
  meta: DatasetMetaRow;
  documents: SourceDocumentRow[];
  entitiesByLabel: Map<string, EntityRow[]>;
  figures: FigureRow[];
  relationshipsByType: Map<string, RelationshipRow[]>;
}

/** The relationship types a write brings: its ontology's and its relationships' (for ensureSchema). */
export function relationshipTypesOf(write: DatasetWrite): string[] {
  const declared = JSON.parse(write.meta.relationshipTypes) as { type: string }[];
  return [...new Set([...declared.map((t) => t.type), ...write.relationshipsByType.keys()])];
}

const BATCH = 2000;
const chunks = <T>(rows: T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
};

/**
 * Replaces one dataset's graph inside the caller's transaction: upserts (MERGE by id) what the file
 * holds and removes what it no longer holds, so a rerun leaves identical counts and a kill at any
 * point leaves the previous graph intact (the transaction never commits).
 */
export async function replaceDataset(tx: ManagedTransaction, write: DatasetWrite): Promise<void> {
  const dataset = write.meta.id;
  const entityIds = [...write.entitiesByLabel.values()].flat().map((r) => r.id);

  await tx.run('MERGE (d:Dataset {id: $meta.id}) SET d += $meta', { meta: write.meta });
  await tx.run(`UNWIND $docs AS doc MERGE (s:SourceDocument {id: doc.id}) SET s = doc`, {
    docs: write.documents,
  });
  await tx.run('MATCH (s:SourceDocument {dataset: $dataset}) WHERE NOT s.id IN $ids DETACH DELETE s', {
    dataset,
    ids: write.documents.map((d) => d.id),
  });

  // Entities gone from the file go; the rest lose their type label so a changed type is re-applied.
  await tx.run('MATCH (n:Entity {dataset: $dataset}) WHERE NOT n.id IN $ids DETACH DELETE n', {
    dataset,
    ids: entityIds,
  });
  const previous = await tx.run('MATCH (n:Entity {dataset: $dataset}) RETURN DISTINCT n.type AS type', {
    dataset,
  });
  for (const record of previous.records) {
    const type = record.get('type') as string | null;
    if (type)
      await tx.run(
        `MATCH (n:Entity:${labelIdentifier(type)} {dataset: $dataset}) REMOVE n:${labelIdentifier(type)}`,
        { dataset },
      );
  }
  for (const [label, rows] of write.entitiesByLabel) {
    for (const batch of chunks(rows)) {
      await tx.run(
        `UNWIND $rows AS row
         MERGE (n:Entity {id: row.id})
         SET n = row.props, n:${labelIdentifier(label)}`,
        { rows: batch },
      );
    }
  }

  await tx.run('MATCH (f:Figure {dataset: $dataset}) DETACH DELETE f', { dataset });
  for (const batch of chunks(write.figures)) {
    await tx.run(
      `UNWIND $rows AS row
       MATCH (n:Entity {id: row.entityId})
       MERGE (f:Figure {id: row.props.id})
       SET f = row.props
       MERGE (n)-[:HAS_FIGURE]->(f)`,
      { rows: batch },
    );
  }

  const keep = [...write.relationshipsByType].flatMap(([type, rows]) => rows.map((r) => `${type}|${r.id}`));
  await tx.run(
    `MATCH (:Entity {dataset: $dataset})-[r]->(:Entity)
     WHERE r.dataset = $dataset AND NOT (type(r) + '|' + r.id) IN $keep
     DELETE r`,
    { dataset, keep },
  );
  for (const [type, rows] of write.relationshipsByType) {
    for (const batch of chunks(rows)) {
      await tx.run(
        `UNWIND $rows AS row
         MATCH (a:Entity {id: row.source}), (b:Entity {id: row.target})
         MERGE (a)-[r:${relTypeIdentifier(type)} {id: row.id}]->(b)
         SET r = row.props`,
        { rows: batch },
      );
    }
  }
}

/**
 * After an offline import of the entities, figures and relationships (server/seed/bulk-import.ts):
 * the Dataset node and the source documents, written as replaceDataset writes them.
 */
export async function writeImportedDatasetHead(
  tx: ManagedTransaction,
  meta: DatasetMetaRow,
  documents: SourceDocumentRow[],
): Promise<void> {
  await tx.run('MERGE (d:Dataset {id: $meta.id}) SET d += $meta', { meta });
  await tx.run('UNWIND $docs AS doc CREATE (s:SourceDocument) SET s = doc', { docs: documents });
}

/** Properties the import files could not carry (server/seed/import-files.ts), set by id afterwards. */
export async function setImportedNodeProps(
  tx: ManagedTransaction,
  label: 'Entity' | 'Figure',
  rows: { id: string; props: Record<string, unknown> }[],
): Promise<void> {
  const match = label === 'Entity' ? 'MATCH (n:Entity {id: row.id})' : 'MATCH (n:Figure {id: row.id})';
  await tx.run(`UNWIND $rows AS row ${match} SET n += row.props`, { rows });
}

/**
 * After an offline import: up to `batch` nodes of `label` without `key` get it as an empty list
 * (server/seed/import-files.ts says when that is every node the key is missing from). Answers how
 * many were set; the caller repeats until fewer than `batch` are.
 */
export async function setMissingToEmptyList(
  tx: ManagedTransaction,
  label: 'Entity' | 'Figure',
  key: string,
  batch: number,
): Promise<number> {
  const property = `n.${propertyKeyIdentifier(key)}`;
  const result = await tx.run(
    `MATCH (n:${label === 'Entity' ? 'Entity' : 'Figure'}) WHERE ${property} IS NULL
     WITH n LIMIT $batch
     SET ${property} = []
     RETURN count(n) AS set`,
    { batch: neo4j.int(batch) },
  );
  return Number(result.records[0]?.get('set') ?? 0);
}

/** The same for relationships of one type, found from their source entity. */
export async function setImportedRelationshipProps(
  tx: ManagedTransaction,
  type: string,
  rows: { id: string; source: string; target: string; props: Record<string, unknown> }[],
): Promise<void> {
  await tx.run(
    `UNWIND $rows AS row
     MATCH (:Entity {id: row.source})-[r:${relTypeIdentifier(type)}]->(:Entity {id: row.target})
     WHERE r.id = row.id
     SET r += row.props`,
    { rows },
  );
}

export interface GraphCounts {
  labels: Record<string, number>;
  relationshipTypes: Record<string, number>;
  figures: number;
}

/** Counts of one dataset's entities by type and relationships by type. */
export async function datasetCounts(db: Db, dataset: string): Promise<GraphCounts> {
  return db.read(async (tx) => {
    const labels = await tx.run(
      'MATCH (n:Entity {dataset: $dataset}) RETURN n.type AS key, count(*) AS count ORDER BY key',
      { dataset },
    );
    const rels = await tx.run(
      `MATCH (:Entity {dataset: $dataset})-[r]->(:Entity) WHERE r.dataset = $dataset
       RETURN type(r) AS key, count(*) AS count ORDER BY key`,
      { dataset },
    );
    const figures = await tx.run('MATCH (f:Figure {dataset: $dataset}) RETURN count(f) AS count', {
      dataset,
    });
    const toRecord = (records: typeof labels.records) =>
      Object.fromEntries(records.map((r) => [r.get('key') as string, Number(r.get('count'))]));
    return {
      labels: toRecord(labels.records),
      relationshipTypes: toRecord(rels.records),
      figures: Number(figures.records[0]?.get('count') ?? 0),
    };
  });
}

/** Number of knowledge-graph entities in the database (0 means "seed me"). */
export async function entityCount(db: Db): Promise<number> {
  return db.read(async (tx) => {
    const result = await tx.run('MATCH (n:Entity) RETURN count(n) AS count');
    return Number(result.records[0]?.get('count') ?? 0);
  });
}
