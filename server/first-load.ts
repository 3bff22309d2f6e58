// Owns which path a load takes: into an embedded store whose database was never created, the rows go
// through Neo4j's offline importer while the JVM starts (CSV files written here, imported by the
// launcher before the database opens) and the loader writes the rest through Cypher; into any other
// store, and into an external Neo4j, the loader writes everything through Cypher. Used by
// server/index.ts (the first start's seed), scripts/seed.ts and scripts/seed-synthetic.ts, so one
// command picks the path by itself and the graph is the same either way (tests/integration/bulk-import.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config';
import { EmbeddedStartError, firstLoadFinished, runningEmbedded, storeAwaitsFirstLoad } from './db/embedded';
import { importMemory } from './db/page-cache';
import { startNeo4j, type Neo4jRuntime, type StartOptions } from './neo4j';
import type { DatasetWrite } from './queries/dataset';
import { writeImportFiles, type ImportFiles } from './seed/import-files';

export interface StartedForLoad {
  runtime: Neo4jRuntime;
  /** The files the store was loaded from, when the offline importer ran. */
  imported?: ImportFiles;
  /** Writing the CSV files, the whole start (import included), the import inside the JVM. */
  timings: { filesMs: number; startMs: number; importMs: number };
}

/**
 * Store bytes per byte of import files: synthetic-100000-1's 147 MB of CSV made a store of 396 MiB
 * (issue 18's bench). The page cache of a first load is sized from the store it is about to hold:
 * sized from the empty store it got the minimum, 128m, for the schema and writes after the import.
 */
const STORE_BYTES_PER_CSV_BYTE = 2.8;

const expectedStoreBytes = (files: ImportFiles): number =>
  STORE_BYTES_PER_CSV_BYTE * files.files.reduce((sum, file) => sum + fs.statSync(file).size, 0);

/** Whether a start with this config would load through the offline importer. */
export function wouldImport(config: Config, options: Pick<StartOptions, 'reuseRunning'> = {}): boolean {
  if (config.neo4j.externalUri) return false;
  if (options.reuseRunning && runningEmbedded(config.dataDir)) return false;
  return storeAwaitsFirstLoad(config.dataDir);
}

/**
 * Starts Neo4j as `startNeo4j` does; when the store awaits its first load, `rows()` (unless it gives
 * nothing) is written as import files and the launcher imports them before the database opens. An import that fails
 * leaves nothing (the launcher clears it): Neo4j then starts without it and the caller's Cypher
 * path loads, so the result is the same, only slower.
 */
export async function startNeo4jForLoad(
  config: Config,
  rows: (() => DatasetWrite | undefined) | undefined,
  options: StartOptions = {},
): Promise<StartedForLoad> {
  const log = options.log ?? console.log;
  const started = Date.now();
  const write = rows && wouldImport(config, options) ? rows() : undefined;
  if (!write || write.entitiesByLabel.size === 0) {
    const runtime = await startNeo4j(config, options);
    return { runtime, timings: { filesMs: 0, startMs: Date.now() - started, importMs: 0 } };
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(config.dataDir, 'bulk-import-'));
  try {
    const files = writeImportFiles(write, dir);
    const filesMs = Date.now() - started;
    log(
      `[load] the store is empty: ${files.nodes.toLocaleString('en')} nodes and ${files.relationships.toLocaleString('en')} relationships ` +
        `go through Neo4j's offline importer (${files.files.length} CSV files written in ${filesMs} ms)`,
    );
    const startedJvm = Date.now();
    let runtime: Neo4jRuntime;
    try {
      runtime = await startNeo4j(config, {
        ...options,
        bulkImport: { dir, memory: importMemory(), expectedStoreBytes: expectedStoreBytes(files) },
      });
    } catch (error) {
      if (!(error instanceof EmbeddedStartError && error.code === 'IMPORT_FAILED')) throw error;
      log(`[load] ${error.message} Loading through Cypher instead.`);
      const runtime = await startNeo4j(config, options);
      return { runtime, timings: { filesMs, startMs: Date.now() - startedJvm, importMs: 0 } };
    }
    return {
      runtime,
      imported: runtime.imported ? files : undefined,
      timings: { filesMs, startMs: Date.now() - startedJvm, importMs: runtime.importMs },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the loader's path: `afterImport` when the importer loaded the store (then marks the first
 * load finished, see db/embedded.ts `firstLoadFinished`), else `viaCypher`.
 */
export async function completeLoad<R>(
  config: Config,
  started: StartedForLoad,
  afterImport: (files: ImportFiles) => Promise<R>,
  viaCypher: () => Promise<R>,
): Promise<R> {
  if (!started.imported) return viaCypher();
  const result = await afterImport(started.imported);
  firstLoadFinished(config.dataDir);
  return result;
}
