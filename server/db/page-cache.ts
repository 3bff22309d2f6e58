// Owns the embedded Neo4j's page cache size when NEO4J_PAGECACHE is not set: the store's size on
// disk with room to grow, within a budget. A page cache smaller than the store makes reads that
// miss it go through the file system (at 256m on the 399 MiB store of the 100k graph, the
// neighbours query's p99 was twice what it was at 1g, issue 18); one much larger than the store
// only holds memory nobody uses. The README states the budget.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MiB = 1024 ** 2;
/** Never below this: an empty store still reads the system database and the first load writes. */
export const PAGECACHE_MIN = 128 * MiB;
/** Never above this, whatever the store: the embedded Neo4j shares the machine with the app. */
export const PAGECACHE_MAX = 2048 * MiB;
/** Room for the store to grow between starts (a load after start writes into the cache). */
const GROWTH = 1.25;
/** Sizes are rounded up to whole steps so that a store growing by a few pages gives the same setting. */
const STEP = 64 * MiB;

/** Bytes the page cache may take at most on a machine with `totalMemoryBytes` of RAM. */
export const pageCacheBudget = (totalMemoryBytes: number): number =>
  Math.max(PAGECACHE_MIN, Math.min(PAGECACHE_MAX, Math.floor(totalMemoryBytes / 4)));

/**
 * Off-heap memory for the offline importer of a first load (server/first-load.ts): the page cache's
 * budget, which it uses before the page cache exists (its own default is 90 % of the RAM).
 */
export const importMemory = (totalMemoryBytes = os.totalmem()): string =>
  `${Math.floor(pageCacheBudget(totalMemoryBytes) / MiB)}m`;

/**
 * The page cache for a store of `storeBytes` on a machine with `totalMemoryBytes` of RAM: the store
 * plus a quarter, rounded up to 64 MiB, at least 128m, and at most the budget — 2g or a quarter of
 * the RAM, whichever is smaller (never below the minimum). As a size Neo4j reads (e.g. `512m`).
 */
export function pageCacheSize(storeBytes: number, totalMemoryBytes: number): string {
  const budget = pageCacheBudget(totalMemoryBytes);
  const wanted = Math.ceil((Math.max(0, storeBytes) * GROWTH) / STEP) * STEP;
  const bytes = Math.min(budget, Math.max(PAGECACHE_MIN, wanted));
  return `${Math.floor(bytes / MiB)}m`;
}

/** Bytes of the store files under an embedded Neo4j home (every database; transaction logs apart). */
export function storeBytes(home: string): number {
  let bytes = 0;
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // a fresh store has no databases directory yet
    }
    for (const entry of entries) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) bytes += fs.statSync(p, { throwIfNoEntry: false })?.size ?? 0;
    }
  };
  walk(path.join(home, 'data', 'databases'));
  return bytes;
}

/** The page cache for the store under `home` on this machine, or for one of `atLeastBytes` if larger. */
export const pageCacheForStore = (home: string, atLeastBytes = 0): string =>
  pageCacheSize(Math.max(storeBytes(home), atLeastBytes), os.totalmem());
