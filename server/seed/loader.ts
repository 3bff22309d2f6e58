// Loads a dataset file in one transaction: validated first, nothing written if anything is wrong.
// server/index.ts seeds an empty database with it; scripts/seed.ts is its command line.
import path from 'node:path';
import { readDataset } from '../../graph-seed/format';
import { placeEntities } from '../../graph-seed/places/places';
import { DEFAULT_DATASET } from '../../graph-seed/seed-file';
import type { Db } from '../db/driver';
import { datasetCounts, ensureSchema, replaceDataset, type GraphCounts } from '../queries/dataset';
import { toWrite } from './rows';

export interface LoadReport extends GraphCounts {
  dataset: string;
  file: string;
  ms: number;
  /** Entities on the map (coordinates given or their place resolved). */
  placed: number;
  /** Entities whose `place` names no known division: loaded, but not on the map. */
  unplaced: { id: string; place: string }[];
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
  await ensureSchema(db);
  const write = toWrite(data, undefined, places.placed);
  await db.write((tx) => replaceDataset(tx, write));
  const counts = await datasetCounts(db, data.id);
  return {
    dataset: data.id,
    file,
    ms: Date.now() - started,
    ...counts,
    placed: places.placed.size,
    unplaced: places.unresolved,
  };
}
