// The embedded Neo4j's page cache when NEO4J_PAGECACHE is unset: the store plus room to grow,
// within the budget the README states; and the store measured from the files of a Neo4j home.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config';
import { importMemory, pageCacheForStore, pageCacheSize, storeBytes } from '../../server/db/page-cache';

const MiB = 1024 ** 2;
const GiB = 1024 * MiB;

describe('pageCacheSize', () => {
  it('gives the store plus a quarter, rounded up to 64 MiB', () => {
    // 399 MiB (the 100k graph) × 1.25 = 498.75 MiB → 512m
    expect(pageCacheSize(399 * MiB, 24 * GiB)).toBe('512m');
    // exactly on a step stays on it: 512 MiB × 1.25 = 640 MiB
    expect(pageCacheSize(512 * MiB, 24 * GiB)).toBe('640m');
    expect(pageCacheSize(512 * MiB + 1, 24 * GiB)).toBe('704m');
  });

  it('never goes below 128m, even for an empty or missing store', () => {
    expect(pageCacheSize(0, 24 * GiB)).toBe('128m');
    expect(pageCacheSize(-1, 24 * GiB)).toBe('128m');
    expect(pageCacheSize(50 * MiB, 24 * GiB)).toBe('128m');
  });

  it('never goes above 2g on a large machine', () => {
    expect(pageCacheSize(1500 * MiB, 64 * GiB)).toBe('1920m');
    expect(pageCacheSize(1700 * MiB, 64 * GiB)).toBe('2048m'); // 2125 MiB wanted
    expect(pageCacheSize(50 * GiB, 64 * GiB)).toBe('2048m');
  });

  it('never goes above a quarter of the RAM on a small machine', () => {
    expect(pageCacheSize(3 * GiB, 4 * GiB)).toBe('1024m');
    expect(pageCacheSize(400 * MiB, 1 * GiB)).toBe('256m');
    // the minimum wins over a quarter of a tiny machine
    expect(pageCacheSize(400 * MiB, 256 * MiB)).toBe('128m');
  });
});

describe('storeBytes', () => {
  it('adds up the files of every database under data/databases, and is 0 for a fresh home', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-pagecache-'));
    try {
      expect(storeBytes(home)).toBe(0);
      const db = path.join(home, 'data', 'databases', 'neo4j', 'schema');
      fs.mkdirSync(db, { recursive: true });
      fs.mkdirSync(path.join(home, 'data', 'databases', 'system'), { recursive: true });
      fs.mkdirSync(path.join(home, 'data', 'transactions', 'neo4j'), { recursive: true });
      fs.writeFileSync(
        path.join(home, 'data', 'databases', 'neo4j', 'neostore.nodestore.db'),
        Buffer.alloc(3000),
      );
      fs.writeFileSync(path.join(db, 'index'), Buffer.alloc(200));
      fs.writeFileSync(path.join(home, 'data', 'databases', 'system', 'neostore'), Buffer.alloc(10));
      // transaction logs are not read through the page cache
      fs.writeFileSync(
        path.join(home, 'data', 'transactions', 'neo4j', 'neostore.transaction.db.0'),
        Buffer.alloc(5000),
      );
      expect(storeBytes(home)).toBe(3210);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('pageCacheForStore', () => {
  it('sizes a first load from the store it is about to import, not from the empty one', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-pagecache-'));
    try {
      // An empty home gets the minimum; told that 400 MiB are coming, what a 400 MiB store gets.
      expect(pageCacheForStore(home)).toBe('128m');
      const coming = 400 * MiB;
      expect(pageCacheForStore(home, coming)).toBe(pageCacheSize(coming, os.totalmem()));
      expect(pageCacheForStore(home, coming)).not.toBe('128m');
      // A store already larger than what is announced is sized from itself.
      fs.mkdirSync(path.join(home, 'data', 'databases', 'neo4j'), { recursive: true });
      fs.writeFileSync(path.join(home, 'data', 'databases', 'neo4j', 'neostore'), Buffer.alloc(3 * 1024));
      expect(pageCacheForStore(home, 1024)).toBe(pageCacheForStore(home));
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('NEO4J_PAGECACHE', () => {
  it('is sized from the store when unset or empty, and taken as given when set', () => {
    expect(parseConfig({}).neo4j.embedded.pageCache).toBeUndefined();
    expect(parseConfig({ NEO4J_PAGECACHE: '' }).neo4j.embedded.pageCache).toBeUndefined();
    expect(parseConfig({ NEO4J_PAGECACHE: '1g' }).neo4j.embedded.pageCache).toBe('1g');
    expect(() => parseConfig({ NEO4J_PAGECACHE: 'lots' })).toThrow(/NEO4J_PAGECACHE="lots" must be a size/);
  });
});

describe('importMemory', () => {
  it("gives the offline importer the page cache's budget, never the importer's 90 % of the RAM", () => {
    expect(importMemory(24 * GiB)).toBe('2048m');
    expect(importMemory(2 * GiB)).toBe('512m');
    expect(importMemory(256 * MiB)).toBe('128m');
  });
});
