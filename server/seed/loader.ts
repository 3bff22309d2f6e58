// Loads a dataset file in one transaction: validated first, nothing written if anything is wrong.
// server/index.ts seeds an empty database with it; scripts/seed.ts is its command line. Into an
// embedded store that was never loaded, the same rows go through the offline importer instead
// (server/first-load.ts), and `completeImportedFile` writes the rest.
import path from 'node:path';
import { readDataset, type ValidDataset } from '../../graph-seed/format';
import { placeEntities, type PlacedEntity } from '../../graph-seed/places/places';
import { DEFAULT_DATASET } from '../../graph-seed/seed-file';
import type { Db } from '../db/driver';
import {
  datasetCounts,
  ensureSchema,
  relationshipTypesOf,
  replaceDataset,
  writeImportedDatasetHead,
  type DatasetWrite,
  type GraphCounts,
} from '../queries/dataset';
import { completeImportedGraph } from './bulk-import';
import type { ImportFiles } from './import-files';
import { toWrite } from './rows';

export interface LoadReport extends GraphCounts {
  dataset: string;
  file: string;
  ms: number;
  /** Entities on the map (coordinates given or their place resolved). */
  placed: number;
  /** Entities whose `place` names no known division: loaded, but not on the map. */
  unplaced: { id: string; place: string }[];
  /** 'import' when the graph went through Neo4j's offline importer, 'cypher' otherwise. */
  path: 'import' | 'cypher';
}

/** A validated dataset file and the rows it writes. */
export interface PreparedDataset {
  file: string;
  data: ValidDataset;
  write: DatasetWrite;
  placed: ReadonlyMap<string, PlacedEntity>;
  unplaced: { id: string; place: string }[];
  /** When preparing began: a report's `ms` counts from here. */
  started: number;
}

/** Validates the whole file (DatasetError, nothing written) and builds its rows. */
export function prepareDatasetFile(
  file: string = DEFAULT_DATASET,
  log: (line: string) => void = console.log,
): PreparedDataset {
  const started = Date.now();
  const data = readDataset(file);
  log(`[seed] ${path.basename(file)} is valid: ${data.nodes.length} nodes, ${data.edges.length} edges`);
  const places = placeEntities(data.nodes);
  if (places.unresolved.length) {
    log(
      `[seed] ${places.unresolved.length} entities name a place that is not known, so they are not on the map: ` +
        places.unresolved.map((u) => `${u.id} ("${u.place}")`).join(', '),
    );
  }
  const write = toWrite(data, undefined, places.placed);
  return { file, data, write, placed: places.placed, unplaced: places.unresolved, started };
}

async function report(db: Db, prepared: PreparedDataset, loadPath: LoadReport['path']): Promise<LoadReport> {
  const counts = await datasetCounts(db, prepared.data.id);
  return {
    dataset: prepared.data.id,
    file: prepared.file,
    ms: Date.now() - prepared.started,
    ...counts,
    placed: prepared.placed.size,
    unplaced: prepared.unplaced,
    path: loadPath,
  };
}

/**
 * Validates the whole file first (DatasetError, nothing written), then creates the schema and
 * replaces the dataset in a single write transaction.
 */
export async function loadDatasetFile(
  db: Db,
  file: string = DEFAULT_DATASET,
  log: (line: string) => void = console.log,
): Promise<LoadReport> {
  return loadPrepared(db, prepareDatasetFile(file, log));
}

/** The Cypher path for a prepared file: schema, then one transaction that replaces the dataset. */
export async function loadPrepared(db: Db, prepared: PreparedDataset): Promise<LoadReport> {
  await ensureSchema(db, relationshipTypesOf(prepared.write));
  await db.write((tx) => replaceDataset(tx, prepared.write));
  return report(db, prepared, 'cypher');
}

/** After the offline import of `files`: the schema, residual properties, Dataset node and documents. */
export async function completeImportedFile(
  db: Db,
  prepared: PreparedDataset,
  files: ImportFiles,
): Promise<LoadReport> {
  await completeImportedGraph(db, files, relationshipTypesOf(prepared.write));
  await db.write((tx) => writeImportedDatasetHead(tx, prepared.write.meta, prepared.write.documents));
  return report(db, prepared, 'import');
}
