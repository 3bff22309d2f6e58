// The packed form in which a graph goes to the analytics thread and its scores come back: ids once,
// everything else in typed arrays that are transferred rather than copied. Pure, and light to load:
// the thread imports this and metrics.ts only.
import type { EntityRef } from '../../contract/types';
import type { AnalyticsOptions, AnalyticsResult, GraphInput } from './metrics';

/** The message the thread receives. */
export interface AnalyticsJob {
  graph: PackedGraph;
  options: AnalyticsOptions;
}

/** A graph as the thread receives it. */
export interface PackedGraph {
  /** Entity ids, each once, in the input's order (the order decides ties and Louvain's visits). */
  ids: string[];
  /** Relationships as index pairs into `ids`: source, target, source, target, … */
  edges: Uint32Array;
}

/** An AnalyticsResult as the thread sends it back; per-entity arrays are indexed like `ids`. */
export interface PackedResult {
  nodeCount: number;
  edgeCount: number;
  modularity: number;
  betweennessInfo: AnalyticsResult['betweenness'];
  degree: Uint32Array;
  betweenness: Float64Array;
  pagerank: Float64Array;
  community: Uint32Array;
  /** Community members, community after community, each in the order computeAnalytics gave. */
  members: Uint32Array;
  communitySizes: Uint32Array;
}

/** Keeps each entity's first occurrence and the relationships between known entities. */
export function packGraph(input: GraphInput): PackedGraph {
  const index = new Map<string, number>();
  const ids: string[] = [];
  for (const { id } of input.nodes) {
    if (index.has(id)) continue;
    index.set(id, ids.length);
    ids.push(id);
  }
  const edges = new Uint32Array(input.edges.length * 2);
  let length = 0;
  for (const { source, target } of input.edges) {
    const s = index.get(source);
    const t = index.get(target);
    if (s === undefined || t === undefined) continue; // computeAnalytics ignores these too
    edges[length++] = s;
    edges[length++] = t;
  }
  return { ids, edges: edges.slice(0, length) };
}

/** The graph computeAnalytics takes. Names stay on the main thread: only ids are needed here. */
export function unpackGraph(packed: PackedGraph): GraphInput {
  const nodes = packed.ids.map((id) => ({ id, type: '', name: '', nameEn: '' }));
  const edges: GraphInput['edges'] = [];
  for (let i = 0; i < packed.edges.length; i += 2) {
    edges.push({ source: packed.ids[packed.edges[i]!]!, target: packed.ids[packed.edges[i + 1]!]! });
  }
  return { nodes, edges };
}

export function packResult(result: AnalyticsResult, ids: string[]): PackedResult {
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const packed: PackedResult = {
    nodeCount: result.nodeCount,
    edgeCount: result.edgeCount,
    modularity: result.modularity,
    betweennessInfo: result.betweenness,
    degree: new Uint32Array(n),
    betweenness: new Float64Array(n),
    pagerank: new Float64Array(n),
    community: new Uint32Array(n),
    members: new Uint32Array(n),
    communitySizes: new Uint32Array(result.communities.length),
  };
  ids.forEach((id, i) => {
    const scores = result.scores.get(id);
    if (!scores) throw new Error(`no scores for entity ${id}`);
    packed.degree[i] = scores.degree;
    packed.betweenness[i] = scores.betweenness;
    packed.pagerank[i] = scores.pagerank;
    packed.community[i] = scores.community;
  });
  let at = 0;
  result.communities.forEach((community, c) => {
    packed.communitySizes[c] = community.members.length;
    for (const member of community.members) packed.members[at++] = index.get(member.id)!;
  });
  return packed;
}

/** The result as computeAnalytics returned it, with the entities' names from `refs`. */
export function unpackResult(
  packed: PackedResult,
  ids: string[],
  refs: Map<string, EntityRef>,
): AnalyticsResult {
  const scores: AnalyticsResult['scores'] = new Map();
  ids.forEach((id, i) =>
    scores.set(id, {
      degree: packed.degree[i]!,
      betweenness: packed.betweenness[i]!,
      pagerank: packed.pagerank[i]!,
      community: packed.community[i]!,
    }),
  );
  const communities: AnalyticsResult['communities'] = [];
  let at = 0;
  packed.communitySizes.forEach((size, id) => {
    const members = Array.from(packed.members.subarray(at, at + size), (i) => refs.get(ids[i]!)!);
    communities.push({ id, members });
    at += size;
  });
  return {
    nodeCount: packed.nodeCount,
    edgeCount: packed.edgeCount,
    scores,
    communities,
    modularity: packed.modularity,
    betweenness: packed.betweennessInfo,
  };
}

/** The buffers a packed message hands over instead of copying. */
export function transferablesOf(packed: PackedGraph | PackedResult): ArrayBuffer[] {
  return Object.values(packed)
    .filter((value): value is Uint32Array | Float64Array => ArrayBuffer.isView(value))
    .map((array) => array.buffer as ArrayBuffer);
}
