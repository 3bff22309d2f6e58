// The data's version: one throttled read per database, shared by every cache that follows it.
import { describe, expect, it } from 'vitest';
import { DataVersion, dataVersionOf } from '../../server/data-version';
import type { Db } from '../../server/db/driver';

const fakeDb = () => ({}) as Db;

describe('DataVersion', () => {
  it('reads once per interval, with concurrent callers sharing the read', async () => {
    let reads = 0;
    const version = new DataVersion(fakeDb(), 60_000, async () => `v${++reads}`);
    expect(await Promise.all([version.current(), version.current()])).toEqual(['v1', 'v1']);
    expect(await version.current()).toBe('v1');
    expect(reads).toBe(1);
  });

  it('reads again after forget(), and after a failed read', async () => {
    let reads = 0;
    const version = new DataVersion(fakeDb(), 60_000, async () => {
      if (++reads === 2) throw new Error('Neo4j unavailable');
      return `v${reads}`;
    });
    expect(await version.current()).toBe('v1');
    version.forget();
    await expect(version.current()).rejects.toThrow('Neo4j unavailable');
    expect(await version.current()).toBe('v3');
  });

  it('is one per database, so the schema counts and the analytics follow the same read', () => {
    const db = fakeDb();
    expect(dataVersionOf(db)).toBe(dataVersionOf(db));
    expect(dataVersionOf(db)).not.toBe(dataVersionOf(fakeDb()));
  });
});
