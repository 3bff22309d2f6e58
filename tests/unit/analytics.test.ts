// Graph analytics on small graphs whose answers are known by hand.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../graph-seed/random';
import {
  computeAnalytics,
  DEFAULT_ANALYTICS_OPTIONS,
  topBy,
  type GraphInput,
} from '../../server/analytics/metrics';
import { analyticsResponse } from '../../server/analytics/response';
import type { EntityRef } from '../../contract/types';

const node = (id: string): EntityRef => ({ id, type: 'Zone', name: id, nameEn: id.toUpperCase() });
const graph = (ids: string[], pairs: [string, string][]): GraphInput => ({
  nodes: ids.map(node),
  edges: pairs.map(([source, target]) => ({ source, target })),
});
const argmax = (scores: Map<string, number>) =>
  [...scores].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))[0]![0];
const measure = (result: ReturnType<typeof computeAnalytics>, key: 'degree' | 'betweenness' | 'pagerank') =>
  new Map([...result.scores].map(([id, s]) => [id, s[key]]));

const star = graph(
  ['centre', 'a', 'b', 'c', 'd', 'e'],
  [
    ['centre', 'a'],
    ['centre', 'b'],
    ['c', 'centre'], // direction does not matter
    ['centre', 'd'],
    ['centre', 'e'],
  ],
);

/** Two 4-cliques, l0..l3 and r0..r3, joined by one bridge l3—r0. */
function twoCliques(): GraphInput {
  const left = ['l0', 'l1', 'l2', 'l3'];
  const right = ['r0', 'r1', 'r2', 'r3'];
  const pairs: [string, string][] = [];
  for (const side of [left, right])
    for (let i = 0; i < side.length; i++)
      for (let j = i + 1; j < side.length; j++) pairs.push([side[i]!, side[j]!]);
  pairs.push(['l3', 'r0']);
  return graph([...left, ...right], pairs);
}

describe('computeAnalytics', () => {
  it('puts the centre of a star first on every measure', () => {
    const result = computeAnalytics(star);
    expect(result.scores.get('centre')).toMatchObject({ degree: 5, betweenness: 1 });
    expect(argmax(measure(result, 'pagerank'))).toBe('centre');
    expect(argmax(measure(result, 'betweenness'))).toBe('centre');
    for (const leaf of ['a', 'b', 'c', 'd', 'e']) {
      expect(result.scores.get(leaf)).toMatchObject({ degree: 1, betweenness: 0 });
      expect(result.scores.get(leaf)!.pagerank).toBeLessThan(result.scores.get('centre')!.pagerank);
    }
    const total = [...result.scores.values()].reduce((sum, s) => sum + s.pagerank, 0);
    expect(total).toBeCloseTo(1, 6);
    expect(result.betweenness.exact).toBe(true);
  });

  it('finds the two cliques of a barbell as two communities, and the bridge ends as brokers', () => {
    const result = computeAnalytics(twoCliques());
    expect(result.communities).toHaveLength(2);
    const community = (id: string) => result.scores.get(id)!.community;
    for (const id of ['l0', 'l1', 'l2', 'l3']) expect(community(id)).toBe(community('l0'));
    for (const id of ['r0', 'r1', 'r2', 'r3']) expect(community(id)).toBe(community('r0'));
    expect(community('l0')).not.toBe(community('r0'));
    expect(result.modularity).toBeGreaterThan(0.3);

    const betweenness = measure(result, 'betweenness');
    const ranked = [...betweenness].sort(([, x], [, y]) => y - x).map(([id]) => id);
    expect(ranked.slice(0, 2).sort()).toEqual(['l3', 'r0']);
    // Each bridge end carries the one shortest path between each of its 3 clique mates and each of
    // the 4 nodes opposite: 12 of the 21 pairs it is not part of.
    expect(betweenness.get('l3')).toBeCloseTo(12 / 21, 10);
    expect(betweenness.get('l0')).toBe(0);
  });

  it('gives exact betweenness on a path: the middle of three carries the one path', () => {
    const result = computeAnalytics(
      graph(
        ['x', 'y', 'z'],
        [
          ['x', 'y'],
          ['y', 'z'],
        ],
      ),
    );
    expect(result.scores.get('y')!.betweenness).toBe(1);
    expect(result.scores.get('x')!.betweenness).toBe(0);
  });

  it('counts parallel relationships in degree but not twice in the algorithms', () => {
    const result = computeAnalytics(
      graph(
        ['p', 'q', 'r'],
        [
          ['p', 'q'],
          ['q', 'p'],
          ['q', 'r'],
        ],
      ),
    );
    expect(result.scores.get('q')!.degree).toBe(3);
    expect(result.scores.get('p')!.degree).toBe(2);
    expect(result.edgeCount).toBe(3);
  });

  it('is deterministic, numbers communities by size and ignores edges to unknown nodes', () => {
    const input = twoCliques();
    input.nodes.push(node('alone'));
    input.edges.push({ source: 'alone', target: 'nowhere' });
    const first = computeAnalytics(input);
    const second = computeAnalytics(input);
    expect([...second.scores]).toEqual([...first.scores]);
    expect(first.communities.map((c) => c.members.length)).toEqual([4, 4, 1]);
    expect(first.scores.get('alone')).toMatchObject({ degree: 0, community: 2 });
    expect(first.communities[0]!.members[0]!.id).toMatch(/^(l3|r0)$/); // highest PageRank first
  });

  it('handles an empty graph and a graph without relationships', () => {
    expect(computeAnalytics({ nodes: [], edges: [] }).scores.size).toBe(0);
    const lonely = computeAnalytics(graph(['a', 'b'], []));
    expect(lonely.communities).toHaveLength(2);
    expect(lonely.scores.get('a')).toMatchObject({ degree: 0, betweenness: 0 });
  });

  it('estimates betweenness by sampling above the limit, exactly when every source is sampled', () => {
    const exact = computeAnalytics(twoCliques());
    const all = computeAnalytics(twoCliques(), {
      ...DEFAULT_ANALYTICS_OPTIONS,
      exactBetweennessLimit: 4,
      betweennessSamples: 100,
    });
    expect(all.betweenness).toEqual({ exact: false, samples: 8, limit: 4 });
    for (const [id, s] of exact.scores)
      expect(all.scores.get(id)!.betweenness).toBeCloseTo(s.betweenness, 10);
  });

  it('keeps a large graph affordable: 6000 nodes, sampled, the hub still on top', () => {
    const random = seededRandom(7);
    const ids = Array.from({ length: 6000 }, (_, i) => `n${String(i).padStart(4, '0')}`);
    const pairs: [string, string][] = [];
    for (let i = 1; i < ids.length; i++) {
      pairs.push([ids[i]!, ids[Math.floor(random() * i)]!]); // a random tree
      if (i % 10 === 0) pairs.push([ids[i]!, 'n0000']); // and a hub
    }
    // Affordable = sampled (256 sources, not 6000); how long it takes is the benchmark's business.
    const result = computeAnalytics(graph(ids, pairs));
    expect(result.betweenness).toMatchObject({ exact: false, samples: 256 });
    expect(argmax(measure(result, 'betweenness'))).toBe('n0000');
    expect(argmax(measure(result, 'pagerank'))).toBe('n0000');
    expect(result.communities.length).toBeGreaterThan(1);
  });
});

describe('analyticsResponse', () => {
  it('lists hubs and brokers, explains every measure and limits scores to the ids asked for', () => {
    const input = twoCliques();
    const result = computeAnalytics(input);
    const refs = new Map(input.nodes.map((n) => [n.id, n]));
    const snapshot = { fingerprint: 'fp', computedAt: 'now', computeMs: 1, result, refs };
    const body = analyticsResponse(snapshot, 2, ['l0', 'nope']);
    expect(Object.keys(body.scores)).toEqual(['l0']);
    expect(body.brokers.map((b) => b.id).sort()).toEqual(['l3', 'r0']);
    expect(body.brokers[0]).toMatchObject({ type: 'Zone', nameEn: expect.any(String) });
    expect(body.hubs).toHaveLength(2);
    expect(body.communities.map((c) => c.size)).toEqual([4, 4]);
    expect(body.communities[0]!.top).toHaveLength(2);
    for (const key of ['degree', 'betweenness', 'pagerank', 'community'] as const) {
      expect(body.explanations[key].zh.length).toBeGreaterThan(10);
      expect(body.explanations[key].en).toMatch(/\.$/);
    }
    expect(body.max.degree).toBe(4);
    expect(body.betweenness).toEqual({ exact: true });
    expect(Object.keys(analyticsResponse(snapshot, 10).scores)).toHaveLength(8);
    expect(topBy(result, refs, 'betweenness', 10).map((r) => r.id)).not.toContain('l0'); // zero scores left out
  });

  it('picks the top entities as a full sort would, ties by id, zero scores left out', () => {
    const random = seededRandom(7);
    const ids = Array.from({ length: 300 }, (_, i) => `e${String(i).padStart(3, '0')}`);
    const scores = new Map(
      ids.map((id) => {
        // few distinct values, so many ties; a third are zero
        const value = Math.floor(random() * 12) / 4;
        return [id, { degree: value, betweenness: value, pagerank: value, community: 0 }];
      }),
    );
    const result = { ...computeAnalytics({ nodes: [], edges: [] }), scores };
    const refs = new Map(ids.map((id) => [id, node(id)]));
    const sorted = [...scores]
      .filter(([, s]) => s.pagerank > 0)
      .sort(([a, x], [b, y]) => y.pagerank - x.pagerank || a.localeCompare(b))
      .map(([id]) => id);
    for (const count of [0, 1, 7, 50, 299, 400]) {
      expect(topBy(result, refs, 'pagerank', count).map((r) => r.id)).toEqual(sorted.slice(0, count));
    }
    expect(topBy(result, refs, 'pagerank', 3)[0]).toMatchObject({ nameEn: sorted[0]!.toUpperCase() });
  });

  it('says so when betweenness was sampled', () => {
    const input = twoCliques();
    const result = computeAnalytics(input, { ...DEFAULT_ANALYTICS_OPTIONS, exactBetweennessLimit: 4 });
    const body = analyticsResponse(
      { fingerprint: 'fp', computedAt: 'now', computeMs: 1, result, refs: new Map() },
      5,
    );
    expect(body.betweenness).toMatchObject({ exact: false, samples: 8 });
    expect(body.betweenness.note?.en).toMatch(/more than 4 entities.*8 sampled/);
    expect(body.betweenness.note?.zh).toContain('抽样');
  });
});
