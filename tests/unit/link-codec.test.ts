// Deep links carry positions and id sets packed (client/src/link-codec.ts): what is packed comes back
// (positions to the unit), a link made for other nodes is not applied, and malformed text is ignored.
import { describe, expect, it } from 'vitest';
import {
  packIds,
  packPositions,
  positionsFor,
  toBase64Url,
  unpackIds,
  unpackPositions,
} from '../../client/src/link-codec';

const arrangement = new Map([
  ['zone-yanggu-edz', { x: -971.89, y: 630.92 }],
  ['region-qingdao', { x: 980.95, y: -642.88 }],
  ['article-qdmp-2023-11-20-west-coast', { x: 0.4, y: -0.6 }],
  ['阳谷', { x: 12.5, y: 7 }],
]);

describe('packed positions', () => {
  it('round-trips every position to within half a unit, for the same nodes in any order', () => {
    const packed = unpackPositions(packPositions(arrangement)!)!;
    const back = positionsFor(packed, [...arrangement.keys()].reverse())!;
    expect([...back.keys()].sort()).toEqual([...arrangement.keys()].sort());
    for (const [id, { x, y }] of arrangement) {
      expect(Math.abs(back.get(id)!.x - x)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(back.get(id)!.y - y)).toBeLessThanOrEqual(0.5);
    }
  });

  it('keeps a single node and nodes that share a place', () => {
    const one = new Map([['a', { x: 3, y: -4 }]]);
    expect(positionsFor(unpackPositions(packPositions(one)!)!, ['a'])).toEqual(one);
    const same = new Map([
      ['a', { x: 5, y: 5 }],
      ['b', { x: 5, y: 5 }],
    ]);
    expect(positionsFor(unpackPositions(packPositions(same)!)!, ['b', 'a'])).toEqual(same);
  });

  it('applies to no other set of nodes: one more, one fewer or one renamed', () => {
    const packed = unpackPositions(packPositions(arrangement)!)!;
    const ids = [...arrangement.keys()];
    expect(positionsFor(packed, [...ids, 'extra'])).toBeUndefined();
    expect(positionsFor(packed, ids.slice(1))).toBeUndefined();
    expect(positionsFor(packed, [...ids.slice(1), 'zone-yanggu-edz2'])).toBeUndefined();
  });

  it('packs the overview-sized arrangement (113 nodes over 1,950 × 1,270 units) in under 450 characters', () => {
    const many = new Map(
      Array.from({ length: 113 }, (_, i) => [
        `entity-${i}`,
        { x: -975 + ((i * 617) % 1950), y: -635 + ((i * 331) % 1270) },
      ]),
    );
    const text = packPositions(many)!;
    expect(text.length).toBeLessThan(450);
    expect(positionsFor(unpackPositions(text)!, many.keys())!.get('entity-7')).toEqual(many.get('entity-7'));
  });

  it('makes nothing of nothing, and of positions that are not numbers', () => {
    expect(packPositions(new Map())).toBeUndefined();
    expect(packPositions(new Map([['a', { x: Number.NaN, y: 0 }]]))).toBeUndefined();
  });

  it('ignores malformed text instead of throwing', () => {
    const good = packPositions(arrangement)!;
    for (const bad of ['', '!!!', '<script>', 'AAAA', good.slice(0, 8), toBase64Url([9, 1, 2]), '%%']) {
      expect(() => unpackPositions(bad)).not.toThrow();
      expect(unpackPositions(bad)).toBeUndefined();
    }
  });
});

describe('packed id sets', () => {
  it('round-trips a set of ids, whatever characters they hold, sorted and without repeats', () => {
    const ids = ['zone-b', 'zone-a', '阳谷,经济 & #1', 'zone-a', 'z'];
    expect(unpackIds(packIds(ids), 100)).toEqual(['z', 'zone-a', 'zone-b', '阳谷,经济 & #1']);
    expect(unpackIds(packIds([]), 100)).toEqual([]);
  });

  it('is shorter than the comma list for slugs that share prefixes', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `article-qdmp-2023-11-${String(i).padStart(3, '0')}`);
    expect(packIds(ids).length).toBeLessThan(ids.join(',').length / 3);
  });

  it('stops at the limit, and ignores malformed text instead of throwing', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `n${i}`);
    expect(unpackIds(packIds(ids), 10)).toHaveLength(10);
    for (const bad of [
      '',
      '***',
      toBase64Url([1, 3, 5, 2]),
      toBase64Url([1, 1, 0, 2, 0xff, 0xfe]),
      packIds(ids).slice(0, 9),
    ])
      expect(unpackIds(bad, 100)).toBeUndefined();
  });
});
