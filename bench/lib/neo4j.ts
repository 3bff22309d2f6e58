// The benchmark's own embedded Neo4j: a temporary store, the app's heap and page-cache settings
// (NEO4J_HEAP / NEO4J_PAGECACHE, as for `npm start`), removed when the run ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../server/config';
import { createDb, type Db } from '../../server/db/driver';
import { EmbeddedNeo4j } from '../../server/db/embedded';
import { pageCacheSize } from '../../server/db/page-cache';

export interface BenchNeo4j {
  uri: string;
  /** For the harness's own loads and counts: long timeouts, unlike the app's 5 s reads. */
  db: Db;
  jvmPid: number;
  dataDir: string;
  heap: string;
  pageCache: string;
  version: string;
  startMs: number;
  /** Stops Neo4j and removes the store; returns the store's size once flushed (files grow at checkpoints). */
  stop(): Promise<{ storeMiB: number }>;
}

const HARNESS_TIMEOUT_MS = 600_000;
/** The store of the seed + the 100k synthetic graph (BENCHMARKS.md). */
const BIG_STORE_BYTES = 401 * 1024 ** 2;

export async function startBenchNeo4j(log: (line: string) => void): Promise<BenchNeo4j> {
  const config = parseConfig({ ...process.env, NEO4J_URI: '' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-'));
  const { heap } = config.neo4j.embedded;
  const embedded = new EmbeddedNeo4j({
    dataDir,
    boltPort: 0,
    heap,
    // The store is empty at start and the run fills it, so sizing it from the store (as the app
    // does at start) would give the minimum; it gets what the app gives the 100k graph's store.
    pageCache: config.neo4j.embedded.pageCache ?? pageCacheSize(BIG_STORE_BYTES, os.totalmem()),
    startTimeoutMs: 180_000,
    log,
  });
  const started = Date.now();
  const info = await embedded.start();
  const pageCache = info.pageCache;
  const startMs = Date.now() - started;
  const pidFile = JSON.parse(fs.readFileSync(path.join(dataDir, 'neo4j.pid'), 'utf8')) as { pid: number };
  // The app and driver children of the bench read it from their environment (owner-readable only).
  process.env.NEO4J_PASSWORD = info.password;
  const db = createDb({
    uri: info.uri,
    user: 'neo4j',
    password: info.password,
    database: 'neo4j',
    queryTimeoutMs: HARNESS_TIMEOUT_MS,
  });
  return {
    uri: info.uri,
    db,
    jvmPid: pidFile.pid,
    dataDir,
    heap,
    pageCache,
    version: info.version,
    startMs,
    async stop() {
      await db.close();
      await embedded.stop();
      const storeMiB = directoryMiB(path.join(dataDir, 'neo4j', 'data', 'databases', 'neo4j'));
      fs.rmSync(dataDir, { recursive: true, force: true });
      return { storeMiB };
    },
  };
}

function directoryMiB(dir: string): number {
  let bytes = 0;
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) bytes += fs.statSync(p).size;
    }
  };
  try {
    walk(dir);
  } catch {
    return NaN;
  }
  return bytes / 2 ** 20;
}
