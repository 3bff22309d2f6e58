// Centrality and communities over the knowledge graph: pure (a graph in, scores out), and light to
// load, because the analytics thread imports it with the wire format and nothing else.
import { UndirectedGraph } from 'graphology';
import louvain from 'graphology-communities-louvain';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';
import pagerank from 'graphology-metrics/centrality/pagerank';
import type { CentralityMeasure, EntityRef, EntityScores, RankedEntity } from '../../contract/types';
import { seededRandom } from '../../graph-seed/random';

export interface GraphInput {
  /** Entities, in a stable order (the order decides ties and Louvain's visiting order). */
  nodes: EntityRef[];
  /** Relationships between entities; direction is ignored, parallel relationships count once. */
  edges: { source: string; target: string }[];
}

export interface AnalyticsOptions {
  /** Above this many nodes betweenness is estimated from sampled sources instead of all of them. */
  exactBetweennessLimit: number;
  /** At most this many sources are sampled for the estimate… */
  betweennessSamples: number;
  /** …and fewer when a graph is so big that they would visit more than this many nodes and edges. */
  betweennessBudget: number;
  /** Seed for Louvain and for the sample, so the same graph always gives the same answer. */
  seed: number;
}

export const DEFAULT_ANALYTICS_OPTIONS: AnalyticsOptions = {
  exactBetweennessLimit: 5000, // exact Brandes is O(V·E): about a second at 5k nodes
  betweennessSamples: 256, // error ~1/√k on the ranking of the top brokers, good enough to list them
  betweennessBudget: 20_000_000, // 40 sources at 100k nodes and 200k relationships; never fewer than 32
  seed: 20231120,
};

export interface AnalyticsResult {
  nodeCount: number;
  edgeCount: number;
  scores: Map<string, EntityScores>;
  communities: { id: number; members: EntityRef[] }[];
  modularity: number;
  /** Exact, or estimated from `samples` sources because the graph has more than `limit` nodes. */
  betweenness: { exact: boolean; samples?: number; limit: number };
}

/**
 * Betweenness from `samples` random sources, scaled up to estimate the full sum (Brandes & Pich,
 * 2007). Brandes' accumulation over a compact adjacency array, without per-source predecessor
 * lists: a predecessor of w is any neighbour one step closer to the source. About 4 ms per source
 * at 100k nodes, where the library's routine allocates 100k arrays per source.
 */
function sampledBetweenness(graph: UndirectedGraph, samples: number, random: () => number) {
  const ids = graph.nodes();
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const starts = new Uint32Array(n + 1);
  ids.forEach((id, i) => (starts[i + 1] = starts[i]! + graph.degree(id)));
  const adjacency = new Uint32Array(starts[n]!);
  const fill = starts.slice(0, n);
  graph.forEachEdge((_edge, _attributes, source, target) => {
    const a = index.get(source)!;
    const b = index.get(target)!;
    adjacency[fill[a]!++] = b;
    adjacency[fill[b]!++] = a;
  });

  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < samples; i++) {
    const j = i + Math.floor(random() * (n - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const distance = new Int32Array(n);
  const sigma = new Float64Array(n); // path counts overflow 32 bits on large graphs
  const delta = new Float64Array(n);
  const queue = new Uint32Array(n); // BFS order doubles as the stack for the accumulation
  const centrality = new Float64Array(n);
  for (let s = 0; s < samples; s++) {
    const source = order[s]!;
    distance.fill(-1);
    sigma.fill(0);
    delta.fill(0);
    distance[source] = 0;
    sigma[source] = 1;
    let head = 0;
    let tail = 0;
    queue[tail++] = source;
    while (head < tail) {
      const v = queue[head++]!;
      for (let k = starts[v]!; k < starts[v + 1]!; k++) {
        const w = adjacency[k]!;
        if (distance[w] === -1) {
          distance[w] = distance[v]! + 1;
          queue[tail++] = w;
        }
        if (distance[w] === distance[v]! + 1) sigma[w]! += sigma[v]!;
      }
    }
    for (let i = tail - 1; i > 0; i--) {
      const w = queue[i]!;
      const coefficient = (1 + delta[w]!) / sigma[w]!;
      for (let k = starts[w]!; k < starts[w + 1]!; k++) {
        const v = adjacency[k]!;
        if (distance[v] === distance[w]! - 1) delta[v]! += sigma[v]! * coefficient;
      }
      centrality[w]! += delta[w]!;
    }
  }
  // Same normalisation as the exact routine: undirected pairs are counted from both ends.
  const scale = n <= 2 ? 0 : n / samples / ((n - 1) * (n - 2));
  const result: Record<string, number> = {};
  ids.forEach((id, i) => (result[id] = centrality[i]! * scale));
  return result;
}

/**
 * Degree, betweenness, PageRank and Louvain communities over an undirected simple view of the
 * graph. Communities are numbered by size (0 is the largest), ties by their first member's id.
 */
export function computeAnalytics(
  input: GraphInput,
  options: AnalyticsOptions = DEFAULT_ANALYTICS_OPTIONS,
): AnalyticsResult {
  const graph = new UndirectedGraph();
  const refs = new Map<string, EntityRef>();
  for (const node of input.nodes) {
    if (refs.has(node.id)) continue;
    refs.set(node.id, node);
    graph.addNode(node.id);
  }
  const degree = new Map<string, number>();
  let edgeCount = 0;
  for (const { source, target } of input.edges) {
    if (!refs.has(source) || !refs.has(target)) continue;
    edgeCount++;
    degree.set(source, (degree.get(source) ?? 0) + 1);
    if (source === target) continue;
    degree.set(target, (degree.get(target) ?? 0) + 1);
    graph.mergeEdge(source, target);
  }
  const n = graph.order;
  const random = seededRandom(options.seed);

  const exact = n <= options.exactBetweennessLimit;
  const perSource = n + 2 * graph.size;
  const affordable = Math.max(32, Math.floor(options.betweennessBudget / Math.max(1, perSource)));
  const samples = Math.min(n, options.betweennessSamples, affordable);
  const betweenness =
    n === 0
      ? {}
      : exact
        ? betweennessCentrality(graph, { getEdgeWeight: null, normalized: true })
        : sampledBetweenness(graph, samples, random);
  const ranks = n === 0 ? {} : pagerank(graph, { getEdgeWeight: null });

  let modularity = 0;
  let rawCommunity: Record<string, number>;
  if (graph.size === 0) {
    // Louvain needs at least one edge; without any, every entity is its own community.
    rawCommunity = Object.fromEntries(graph.nodes().map((id, i) => [id, i]));
  } else {
    const detailed = louvain.detailed(graph, { rng: random, getEdgeWeight: null });
    rawCommunity = detailed.communities;
    modularity = detailed.modularity;
  }
  const groups = new Map<number, string[]>();
  for (const id of graph.nodes()) {
    const c = rawCommunity[id]!;
    const group = groups.get(c);
    if (group) group.push(id);
    else groups.set(c, [id]);
  }
  const ordered = [...groups.values()]
    .map((members) => [...members].sort())
    .sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
  const communityOf = new Map<string, number>();
  ordered.forEach((members, i) => members.forEach((id) => communityOf.set(id, i)));

  const scores = new Map<string, EntityScores>();
  for (const id of graph.nodes()) {
    scores.set(id, {
      degree: degree.get(id) ?? 0,
      betweenness: betweenness[id] ?? 0,
      pagerank: ranks[id] ?? 0,
      community: communityOf.get(id)!,
    });
  }
  const byRank = (a: string, b: string) =>
    scores.get(b)!.pagerank - scores.get(a)!.pagerank || a.localeCompare(b);
  return {
    nodeCount: n,
    edgeCount,
    scores,
    communities: ordered.map((members, id) => ({
      id,
      members: [...members].sort(byRank).map((m) => refs.get(m)!),
    })),
    modularity,
    betweenness: exact
      ? { exact: true, limit: options.exactBetweennessLimit }
      : { exact: false, samples, limit: options.exactBetweennessLimit },
  };
}

/**
 * The `count` entities with the highest score of a measure (ties by id), zero scores left out.
 * A selection, not a sort: it runs on the event loop for every request, over up to 100k entities.
 */
export function topBy(
  result: AnalyticsResult,
  refs: Map<string, EntityRef>,
  measure: CentralityMeasure,
  count: number,
): RankedEntity[] {
  const before = (a: [string, number], b: [string, number]) => b[1] - a[1] || a[0].localeCompare(b[0]);
  const best: [string, number][] = []; // sorted, at most `count` long
  for (const [id, scores] of result.scores) {
    const entry: [string, number] = [id, scores[measure]];
    if (!(entry[1] > 0) || count <= 0) continue;
    if (best.length === count && before(entry, best[count - 1]!) >= 0) continue;
    let i = best.length;
    while (i > 0 && before(entry, best[i - 1]!) < 0) i--;
    best.splice(i, 0, entry);
    if (best.length > count) best.pop();
  }
  return best.map(([id, score]) => ({ ...refs.get(id)!, score }));
}
