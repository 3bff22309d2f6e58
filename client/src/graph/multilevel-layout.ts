// A multilevel ForceAtlas2 for the layout worker: the graph is coarsened (each node merged with a
// neighbour, level after level, until a few dozen remain), the coarsest graph is laid out in full,
// and each finer level starts from its coarser level's positions and needs only a few iterations
// to settle. Plain ForceAtlas2 from a spiral spends most of its time untangling what the coarse
// levels place at once; in the same 1.5 s budget (which the finest level of a 3.3k-node graph
// still uses up on a 2-core machine) its result at 20k elements was visibly less tangled.
// Pure: typed arrays in and out, no graphology graph (the worker's boundary carries typed arrays).
import iterate from 'graphology-layout-forceatlas2/iterate.js';

/** Nodes are 0…count-1; `edges` holds [source, target] pairs of indices, flat. */
export interface IndexedGraph {
  count: number;
  edges: Uint32Array;
}

/** One coarser level: which coarse node each finer node joined, and the coarse graph's edges. */
export interface CoarseLevel {
  count: number;
  /** For each node of the finer level, its node in this level. */
  parent: Uint32Array;
  /** [source, target, weight] triples: merged edges add their weights; no self-loops. */
  edges: Float64Array;
}

/** Stop coarsening at this many nodes: small enough to lay out fully in a few milliseconds. */
const COARSEST_NODES = 60;
/** Or when a level shrinks the graph by less than this share (stars and isolated nodes remain). */
const MIN_SHRINK = 0.15;
const MAX_LEVELS = 16;

/** graphology-layout-forceatlas2's matrix layout: values per node and per edge. */
const PPN = 10;
const PPE = 3;

/** The settings the app's layout has always used (layout-worker.ts), for every level. */
const SETTINGS = {
  linLogMode: false,
  outboundAttractionDistribution: false,
  adjustSizes: false,
  edgeWeightInfluence: 1,
  scalingRatio: 20,
  strongGravityMode: false, // strong gravity packs everything into one disc
  gravity: 1,
  slowDown: 2,
  barnesHutTheta: 0.8,
};

/** Iterations for the coarse levels (cheap: they are small) and at least this many at the finest. */
const COARSE_ITERATIONS = 80;
const FINEST_MIN_ITERATIONS = 30;
const FINEST_MAX_ITERATIONS = 150;
/** Iterations between two looks at the clock and two progress reports. */
const ROUND = 10;

/** Weighted edges of the finest level: every weight 1, self-loops dropped. */
function weighted(graph: IndexedGraph): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < graph.edges.length; i += 2) {
    const [s, t] = [graph.edges[i]!, graph.edges[i + 1]!];
    if (s !== t && s < graph.count && t < graph.count) out.push(s, t, 1);
  }
  return Float64Array.from(out);
}

/**
 * One level coarser: nodes, lightest first, pair with their lightest unpaired neighbour (by the
 * weight of what they already hold); a node whose neighbours are all paired joins the lightest of
 * their groups, so a hub's leaves fold into it instead of stalling the coarsening.
 */
export function coarsen(count: number, edges: Float64Array, weights: Float64Array): CoarseLevel {
  const degree = new Uint32Array(count);
  for (let i = 0; i < edges.length; i += 3) {
    degree[edges[i]!]!++;
    degree[edges[i + 1]!]!++;
  }
  // Adjacency in compressed rows.
  const start = new Uint32Array(count + 1);
  for (let v = 0; v < count; v++) start[v + 1] = start[v]! + degree[v]!;
  const fill = start.slice(0, count);
  const adjacent = new Uint32Array(start[count]!);
  for (let i = 0; i < edges.length; i += 3) {
    const [s, t] = [edges[i]!, edges[i + 1]!];
    adjacent[fill[s]!++] = t;
    adjacent[fill[t]!++] = s;
  }
  const order = Array.from({ length: count }, (_, v) => v).sort(
    (a, b) => weights[a]! - weights[b]! || degree[a]! - degree[b]! || a - b,
  );
  const UNSET = 0xffffffff;
  const parent = new Uint32Array(count).fill(UNSET);
  const groupWeight: number[] = [];
  let groups = 0;
  for (const v of order) {
    if (parent[v] !== UNSET) continue;
    let best = UNSET;
    for (let k = start[v]!; k < start[v + 1]!; k++) {
      const u = adjacent[k]!;
      if (parent[u] === UNSET && u !== v && (best === UNSET || weights[u]! < weights[best]!)) best = u;
    }
    if (best !== UNSET) {
      parent[v] = parent[best] = groups++;
      groupWeight.push(weights[v]! + weights[best]!);
    } else if (start[v + 1]! > start[v]!) {
      let lightest = UNSET;
      for (let k = start[v]!; k < start[v + 1]!; k++) {
        const g = parent[adjacent[k]!]!;
        if (lightest === UNSET || groupWeight[g]! < groupWeight[lightest]!) lightest = g;
      }
      parent[v] = lightest;
      groupWeight[lightest]! += weights[v]!;
    } else {
      parent[v] = groups++;
      groupWeight.push(weights[v]!);
    }
  }
  // The coarse edges, parallel ones merged (their weights add up).
  const merged = new Map<number, number>();
  for (let i = 0; i < edges.length; i += 3) {
    let [s, t] = [parent[edges[i]!]!, parent[edges[i + 1]!]!];
    if (s === t) continue;
    if (s > t) [s, t] = [t, s];
    const key = s * groups + t;
    merged.set(key, (merged.get(key) ?? 0) + edges[i + 2]!);
  }
  const coarseEdges = new Float64Array(merged.size * 3);
  let j = 0;
  for (const [key, weight] of merged) {
    coarseEdges[j++] = Math.floor(key / groups);
    coarseEdges[j++] = key % groups;
    coarseEdges[j++] = weight;
  }
  return { count: groups, parent, edges: coarseEdges };
}

/** Runs ForceAtlas2 on one level's matrices for `iterations`, in rounds, while `more()` says so. */
function settle(
  nodes: Float32Array,
  edges: Float32Array,
  iterations: number,
  more: (done: number) => boolean,
  onRound: (done: number) => void,
): number {
  const options = { ...SETTINGS, barnesHutOptimize: nodes.length / PPN > 1000 };
  let done = 0;
  while (done < iterations) {
    const round = Math.min(ROUND, iterations - done);
    for (let i = 0; i < round; i++) iterate(options, nodes, edges);
    done += round;
    onRound(done);
    if (!more(done)) break;
  }
  return done;
}

/** The matrices ForceAtlas2 iterates on, for one level: positions given, masses from the edges. */
function matrices(
  count: number,
  edges: Float64Array,
  x: Float64Array,
  y: Float64Array,
): { nodes: Float32Array; edges: Float32Array } {
  const nodes = new Float32Array(count * PPN);
  for (let v = 0; v < count; v++) {
    const j = v * PPN;
    nodes[j] = x[v]!;
    nodes[j + 1] = y[v]!;
    nodes[j + 6] = 1; // mass: 1 + weighted degree, as graphology sets it
    nodes[j + 7] = 1; // convergence
    nodes[j + 8] = 1; // size (unused without adjustSizes)
  }
  const edgeMatrix = new Float32Array((edges.length / 3) * PPE);
  for (let i = 0, j = 0; i < edges.length; i += 3, j += PPE) {
    const [s, t, w] = [edges[i]!, edges[i + 1]!, edges[i + 2]!];
    nodes[s * PPN + 6]! += w;
    nodes[t * PPN + 6]! += w;
    edgeMatrix[j] = s * PPN;
    edgeMatrix[j + 1] = t * PPN;
    edgeMatrix[j + 2] = w;
  }
  return { nodes, edges: edgeMatrix };
}

export interface MultilevelOptions {
  /** After the coarse levels, the finest stops iterating once this much time has passed. */
  budgetMs: number;
  now: () => number;
  /** Share done, 0…1, after every round. */
  onProgress?: (share: number) => void;
}

export interface MultilevelResult {
  /** x, y per node, in ForceAtlas2's units. */
  positions: Float32Array;
  /** Iterations run over all levels. */
  iterations: number;
  levels: number;
}

/** Lays the graph out, coarsest level first; deterministic for the same graph. */
export function layoutMultilevel(graph: IndexedGraph, options: MultilevelOptions): MultilevelResult {
  const started = options.now();
  const more = () => options.now() - started < options.budgetMs;
  // The levels, finest first.
  const levels: { count: number; edges: Float64Array; parent?: Uint32Array }[] = [
    { count: graph.count, edges: weighted(graph) },
  ];
  let weights = new Float64Array(graph.count).fill(1);
  while (levels.length < MAX_LEVELS) {
    const fine = levels[levels.length - 1]!;
    if (fine.count <= COARSEST_NODES) break;
    const coarse = coarsen(fine.count, fine.edges, weights);
    if (coarse.count > fine.count * (1 - MIN_SHRINK)) break;
    fine.parent = coarse.parent;
    const coarseWeights = new Float64Array(coarse.count);
    coarse.parent.forEach((p, v) => (coarseWeights[p]! += weights[v]!));
    weights = coarseWeights;
    levels.push({ count: coarse.count, edges: coarse.edges });
  }
  // The coarsest level starts on a sunflower spiral (no two nodes on one point).
  const coarsest = levels[levels.length - 1]!;
  let x = new Float64Array(coarsest.count);
  let y = new Float64Array(coarsest.count);
  for (let v = 0; v < coarsest.count; v++) {
    const radius = 10 * Math.sqrt(v + 0.5);
    x[v] = radius * Math.cos(v * 2.399963229728653);
    y[v] = radius * Math.sin(v * 2.399963229728653);
  }
  let iterations = 0;
  const total = (levels.length - 1) * COARSE_ITERATIONS + FINEST_MAX_ITERATIONS;
  const report = (done: number) => options.onProgress?.(Math.min(1, (iterations + done) / total));
  for (let level = levels.length - 1; level >= 0; level--) {
    const { count, edges } = levels[level]!;
    const m = matrices(count, edges, x, y);
    const finest = level === 0;
    iterations += settle(
      m.nodes,
      m.edges,
      finest ? FINEST_MAX_ITERATIONS : COARSE_ITERATIONS,
      finest ? (done) => done < FINEST_MIN_ITERATIONS || more() : () => true,
      report,
    );
    const [lx, ly] = [new Float64Array(count), new Float64Array(count)];
    for (let v = 0; v < count; v++) [lx[v], ly[v]] = [m.nodes[v * PPN]!, m.nodes[v * PPN + 1]!];
    if (finest) {
      [x, y] = [lx, ly];
      break;
    }
    // The next finer level: each node near its group's place, members spread on a small spiral
    // (a tenth of an average edge) so that no two start on the same point.
    const finer = levels[level - 1]!;
    let length = 0;
    for (let i = 0; i < edges.length; i += 3)
      length += Math.hypot(lx[edges[i]!]! - lx[edges[i + 1]!]!, ly[edges[i]!]! - ly[edges[i + 1]!]!);
    const spread = 0.1 * (edges.length ? length / (edges.length / 3) : 10);
    const seen = new Uint32Array(count);
    [x, y] = [new Float64Array(finer.count), new Float64Array(finer.count)];
    finer.parent!.forEach((p, v) => {
      const k = seen[p]!++;
      const radius = spread * Math.sqrt(k + 0.5);
      x[v] = lx[p]! + radius * Math.cos(k * 2.399963229728653);
      y[v] = ly[p]! + radius * Math.sin(k * 2.399963229728653);
    });
  }
  const positions = new Float32Array(graph.count * 2);
  for (let v = 0; v < graph.count; v++) [positions[2 * v], positions[2 * v + 1]] = [x[v]!, y[v]!];
  return { positions, iterations, levels: levels.length };
}
