// Owns what follows an offline import of a dataset's entities, figures and relationships: the schema
// (its constraints index what was imported) and the properties the CSV files could not carry
// (server/seed/import-files.ts), set by id in batches, or by one scan for an empty list that every
// node lacking the key holds. The Dataset node and the documents are the loaders' (loader.ts,
// synthetic-loader.ts), each as its Cypher path writes them.
import type { Db } from '../db/driver';
import {
  ensureSchema,
  setImportedNodeProps,
  setImportedRelationshipProps,
  setMissingToEmptyList,
} from '../queries/dataset';
import type { ImportFiles } from './import-files';

const BATCH = 5000;

function* chunked<T>(rows: T[], size = BATCH): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** How long the schema (its indexes populated) and the residual properties took. */
export interface ImportedGraphTimings {
  schemaMs: number;
  residualMs: number;
}

/**
 * Creates the schema over the imported graph (with the id indexes of `relationshipTypes`, the
 * dataset's, as the Cypher path makes them), then sets the residual properties through it.
 */
export async function completeImportedGraph(
  db: Db,
  files: ImportFiles,
  relationshipTypes: string[],
): Promise<ImportedGraphTimings> {
  const started = Date.now();
  await ensureSchema(db, relationshipTypes);
  const schemaDone = Date.now();
  const { entities, figures, relationships, emptyLists } = files.residual;
  for (const label of ['Entity', 'Figure'] as const)
    for (const key of emptyLists[label]) {
      let set: number;
      do set = await db.write((tx) => setMissingToEmptyList(tx, label, key, BATCH));
      while (set === BATCH);
    }
  for (const rows of chunked(entities)) await db.write((tx) => setImportedNodeProps(tx, 'Entity', rows));
  for (const rows of chunked(figures)) await db.write((tx) => setImportedNodeProps(tx, 'Figure', rows));
  const byType = new Map<string, typeof relationships>();
  for (const row of relationships) {
    const sameType = byType.get(row.type) ?? [];
    sameType.push(row);
    byType.set(row.type, sameType);
  }
  for (const [type, rows] of byType)
    for (const batch of chunked(rows)) await db.write((tx) => setImportedRelationshipProps(tx, type, batch));
  return { schemaMs: schemaDone - started, residualMs: Date.now() - schemaDone };
}
