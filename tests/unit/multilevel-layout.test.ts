// The layout worker's multilevel ForceAtlas2 (client/src/graph/multilevel-layout.ts), pure: how it
// coarsens (pairs, leaves folded into their hub, merged edge weights) and what the layout keeps
// (clusters stay together, every node on a point of its own, the same graph lays out the same).
import { describe, expect, it } from 'vitest';
import { coarsen, layoutMultilevel } from '../../client/src/graph/multilevel-layout';

/** Weighted edge triples from index pairs, every weight 1. */
const triples = (pairs: [number, number][]) => Float64Array.from(pairs.flatMap(([s, t]) => [s, t, 1]));
const flat = (pairs: [number, number][]) => Uint32Array.from(pairs.flat());
/** A ring of `n` nodes starting at `from`. */
const ring = (from: number, n: number): [number, number][] =>
  Array.from({ length: n }, (_, i) => [from + i, from + ((i + 1) % n)]);
/** Two dense clusters of `n` nodes (each node linked to the next four) joined by one edge. */
const twoClusters = (n: number): [number, number][] => {
  const pairs: [number, number][] = [];
  for (const base of [0, n])
    for (let i = 0; i < n; i++) for (let k = 1; k <= 4; k++) pairs.push([base + i, base + ((i + k) % n)]);
  pairs.push([0, n]);
  return pairs;
};
/** No time budget: `now` stands still, so the layout runs its full iterations whatever the machine. */
const still = () => 0;

describe('multilevel layout', () => {
  it('pairs each node of a ring with a neighbour: half as many nodes, the ring kept', () => {
    const level = coarsen(8, triples(ring(0, 8)), new Float64Array(8).fill(1));
    expect(level.count).toBe(4);
    for (let v = 0; v < 8; v++) expect(level.parent[v]).toBeLessThan(4);
    // Each coarse node is two neighbours of the ring: the coarse graph is a ring of four.
    expect(level.edges.length / 3).toBe(4);
    for (let i = 0; i < level.edges.length; i += 3) {
      expect(level.edges[i]).not.toBe(level.edges[i + 1]);
      expect(level.edges[i + 2]).toBe(1);
    }
  });

  it('folds a hub’s leaves into it instead of leaving them single, and adds up merged edges', () => {
    // A star: the hub 0 with nine leaves; leaf 1 is also linked to leaf 2.
    const pairs: [number, number][] = [
      ...Array.from({ length: 9 }, (_, i): [number, number] => [0, i + 1]),
      [1, 2],
    ];
    const level = coarsen(10, triples(pairs), new Float64Array(10).fill(1));
    // A matching alone would leave eight of the ten nodes single (only one leaf can pair with the hub).
    expect(level.count).toBeLessThanOrEqual(2);
    const weight = Array.from({ length: level.edges.length / 3 }, (_, i) => level.edges[3 * i + 2]!);
    // Every edge between two groups is counted once in the coarse edge's weight.
    const between = pairs.filter(([s, t]) => level.parent[s] !== level.parent[t]).length;
    expect(weight.reduce((a, b) => a + b, 0)).toBe(between);
  });

  it('keeps clusters together and gives every node a place of its own', () => {
    const n = 150;
    const result = layoutMultilevel(
      { count: 2 * n, edges: flat(twoClusters(n)) },
      { budgetMs: 1, now: still },
    );
    expect(result.levels).toBeGreaterThan(2);
    const at = (v: number) => ({ x: result.positions[2 * v]!, y: result.positions[2 * v + 1]! });
    const centre = (from: number) => {
      let [x, y] = [0, 0];
      for (let v = from; v < from + n; v++) [x, y] = [x + at(v).x, y + at(v).y];
      return { x: x / n, y: y / n };
    };
    const [a, b] = [centre(0), centre(n)];
    // Every node is nearer its own cluster's centre than the other's.
    for (let v = 0; v < 2 * n; v++) {
      const [own, other] = v < n ? [a, b] : [b, a];
      const p = at(v);
      expect(Math.hypot(p.x - own.x, p.y - own.y)).toBeLessThan(Math.hypot(p.x - other.x, p.y - other.y));
    }
    const places = new Set<string>();
    for (let v = 0; v < 2 * n; v++) {
      expect(Number.isFinite(at(v).x) && Number.isFinite(at(v).y)).toBe(true);
      places.add(`${at(v).x},${at(v).y}`);
    }
    expect(places.size).toBe(2 * n);
  });

  it('lays the same graph out the same way, and refines the finest level while the budget lasts', () => {
    const graph = { count: 300, edges: flat(twoClusters(150)) };
    const first = layoutMultilevel(graph, { budgetMs: 1, now: still });
    const again = layoutMultilevel(graph, { budgetMs: 1, now: still });
    expect([...again.positions]).toEqual([...first.positions]);
    // A clock past the budget from the start: the finest level stops after its minimum rounds.
    let tick = 0;
    const late = layoutMultilevel(graph, { budgetMs: 1, now: () => (tick++ === 0 ? 0 : 1000) });
    expect(late.iterations).toBeLessThan(first.iterations);
    expect(late.levels).toBe(first.levels);
  });

  it('lays out a graph with isolated nodes and self-loops', () => {
    const result = layoutMultilevel(
      {
        count: 5,
        edges: flat([
          [0, 1],
          [2, 2],
        ]),
      },
      { budgetMs: 1, now: still },
    );
    expect(result.positions.length).toBe(10);
    expect([...result.positions].every(Number.isFinite)).toBe(true);
  });
});
