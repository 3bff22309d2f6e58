import { describe, expect, it } from 'vitest';
import { DataCache } from '../../server/data-cache';

describe('DataCache', () => {
  it('computes once per key while the fingerprint stays, and again after it changes', async () => {
    let fingerprint = 'load-1';
    const cache = new DataCache(async () => fingerprint);
    let calls = 0;
    const compute = async () => `answer ${++calls} for ${fingerprint}`;
    expect(await cache.get('overview', compute)).toBe('answer 1 for load-1');
    expect(await cache.get('overview', compute)).toBe('answer 1 for load-1');
    expect(cache.computations).toBe(1);
    fingerprint = 'load-2';
    expect(await cache.get('overview', compute)).toBe('answer 2 for load-2');
    expect(cache.computations).toBe(2);
  });

  it('shares one computation between concurrent callers', async () => {
    const cache = new DataCache(async () => 'same');
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const compute = async () => {
      calls++;
      await gate;
      return calls;
    };
    const both = Promise.all([cache.get('k', compute), cache.get('k', compute)]);
    release();
    expect(await both).toEqual([1, 1]);
    expect(calls).toBe(1);
  });

  it('does not keep a failure: the next call computes again', async () => {
    const cache = new DataCache(async () => 'same');
    await expect(cache.get('k', async () => Promise.reject(new Error('Neo4j down')))).rejects.toThrow(
      'Neo4j down',
    );
    await Promise.resolve(); // let the cache drop the failed entry
    expect(await cache.get('k', async () => 'recovered')).toBe('recovered');
  });

  it('keeps at most maxEntries keys, dropping the least recently used', async () => {
    const cache = new DataCache(async () => 'same', 2);
    await cache.get('a', async () => 'A');
    await cache.get('b', async () => 'B');
    await cache.get('a', async () => 'A again'); // a is now the most recent
    await cache.get('c', async () => 'C'); // evicts b
    expect(await cache.get('a', async () => 'recomputed')).toBe('A');
    expect(await cache.get('b', async () => 'B recomputed')).toBe('B recomputed');
  });
});
