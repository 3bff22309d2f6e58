// Graph analytics and the other "insight" computations behind /api/analytics, /api/explain,
// /api/timeline and /api/compare. The functions here are pure (graphs and rows in, plain objects
// out) so they can be tested on tiny inline graphs and so computeAnalytics can run in a worker
// thread (analytics-worker.ts) without the database modules. analytics-service.ts adds the
// database, the worker and a cache that is refreshed whenever the data's fingerprint changes.
import { UndirectedGraph } from 'graphology';
import louvain from 'graphology-communities-louvain';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';
import pagerank from 'graphology-metrics/centrality/pagerank';
import type {
  AnalyticsResponse,
  Bilingual,
  CentralityMeasure,
  CommunityInfo,
  CompareRow,
  EntityRef,
  EntityScores,
  Figure,
  RankedEntity,
  TimelinePeriod,
} from '../contract/types';

// ---- graph analytics -----------------------------------------------------------------------------

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

export const EXPLANATIONS: AnalyticsResponse['explanations'] = {
  degree: {
    zh: '连接数：与该实体直接相连的关系数量，越多说明它直接参与的往来越多。',
    en: 'Degree: how many relationships an entity has; the more it has, the more direct dealings it takes part in.',
  },
  betweenness: {
    zh: '中介中心性：其他实体之间的最短路径经过它的比例；数值高的实体是连接不同群体的“桥梁”。',
    en: 'Betweenness: the share of shortest paths between other entities that pass through it; high values mark brokers that bridge separate groups.',
  },
  pagerank: {
    zh: 'PageRank：与重要实体相连的实体自身也更重要，衡量它在整个网络中的影响力。',
    en: 'PageRank: an entity matters more when the entities linked to it matter; a network-wide measure of influence.',
  },
  community: {
    zh: '社区（Louvain 算法）：内部联系紧密、与外部联系稀疏的实体群组。',
    en: 'Community (Louvain): a group of entities densely linked to each other and sparsely to the rest.',
  },
};

/** mulberry32: a tiny seeded PRNG, so Louvain and the betweenness sample are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

// ---- time ---------------------------------------------------------------------------------------

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** "2023" → 2023-01-01…2023-12-31, "2023-06" → the month, "2023-06-05" → the day; else undefined. */
export function expandDate(value: string): { start: string; end: string } | undefined {
  const m = DATE.exec(value.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  if (!m[2]) return { start: `${year}-01-01`, end: `${year}-12-31` };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (!m[3])
    return { start: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-${lastDay(year, month)}` };
  const day = Number(m[3]);
  if (day < 1 || day > lastDay(year, month)) return undefined;
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  return { start: iso, end: iso };
}

/** Readable labels for a bare date as the data writes it (2023, 2023-06, 2023-11-20). */
export function dateLabel(value: string): Bilingual {
  const m = DATE.exec(value.trim());
  if (!m) return { zh: value, en: value };
  const [, y, mo, d] = m;
  if (!mo) return { zh: `${y}年`, en: y! };
  if (!d) return { zh: `${y}年${Number(mo)}月`, en: `${MONTHS_EN[Number(mo) - 1]} ${y}` };
  return { zh: `${y}年${Number(mo)}月${Number(d)}日`, en: `${Number(d)} ${MONTHS_EN[Number(mo) - 1]} ${y}` };
}

export interface TimeFields {
  periodStart?: string | null;
  periodEnd?: string | null;
  periodLabel?: string | null;
  periodLabelEn?: string | null;
  date?: string | null;
}

/** A figure's period or date as ISO start and end with labels; undefined when it has neither. */
export function normalisePeriod(
  f: TimeFields,
): { start: string; end: string; label: string; labelEn: string } | undefined {
  const from = f.periodStart ?? f.periodEnd;
  const to = f.periodEnd ?? f.periodStart;
  if (from && to) {
    const start = expandDate(from)?.start;
    const end = expandDate(to)?.end;
    if (start && end) {
      const fallback = dateLabel(from === to ? from : `${from}–${to}`);
      return {
        start,
        end,
        label: f.periodLabel ?? f.periodLabelEn ?? fallback.zh,
        labelEn: f.periodLabelEn ?? f.periodLabel ?? fallback.en,
      };
    }
  }
  if (f.date) {
    const range = expandDate(f.date);
    if (range) {
      const label = dateLabel(f.date);
      return { ...range, label: label.zh, labelEn: label.en };
    }
  }
  return undefined;
}

export type WindowMode = 'within' | 'overlaps';

/** `within`: the whole period lies in the window; `overlaps`: any part of it does. */
export function inWindow(
  period: { start: string; end: string },
  window: { from: string; to: string },
  mode: WindowMode,
): boolean {
  return mode === 'within'
    ? period.start >= window.from && period.end <= window.to
    : period.start <= window.to && period.end >= window.from;
}

export interface TimedItem {
  start: string;
  end: string;
  label: string;
  labelEn: string;
}

/** Distinct periods of figures and dated entities, ordered by end then start (playback order). */
export function collectPeriods(
  figures: TimedItem[],
  entities: TimedItem[],
): { periods: TimelinePeriod[]; extent: { start: string; end: string } | null } {
  const periods = new Map<string, TimelinePeriod>();
  const add = (item: TimedItem, kind: 'figures' | 'entities') => {
    const key = `${item.start}/${item.end}`;
    const period = periods.get(key) ?? {
      key,
      start: item.start,
      end: item.end,
      label: item.label,
      labelEn: item.labelEn,
      figures: 0,
      entities: 0,
    };
    period[kind]++;
    periods.set(key, period);
  };
  figures.forEach((f) => add(f, 'figures'));
  entities.forEach((e) => add(e, 'entities'));
  const sorted = [...periods.values()].sort(
    (a, b) => a.end.localeCompare(b.end) || a.start.localeCompare(b.start),
  );
  const extent = sorted.length
    ? {
        start: sorted.reduce((min, p) => (p.start < min ? p.start : min), sorted[0]!.start),
        end: sorted[sorted.length - 1]!.end,
      }
    : null;
  return { periods: sorted, extent };
}

// ---- compare ------------------------------------------------------------------------------------

/**
 * Rows of figures aligned by measure, unit and period (or date): one row per combination, one cell
 * per entity. Rows most entities share come first, then by measure and period.
 */
export function alignFigures(entities: { id: string; figures: Figure[] }[]): CompareRow[] {
  const rows = new Map<string, CompareRow>();
  for (const entity of entities) {
    for (const figure of entity.figures) {
      const period = normalisePeriod({
        periodStart: figure.period?.start,
        periodEnd: figure.period?.end,
        periodLabel: figure.period?.label,
        periodLabelEn: figure.period?.labelEn,
        date: figure.date,
      });
      const key = `${figure.measure}|${figure.unit}|${period ? `${period.start}/${period.end}` : ''}`;
      const row = rows.get(key) ?? {
        key,
        measure: figure.measure,
        measureZh: figure.measureZh,
        unit: figure.unit,
        unitZh: figure.unitZh ?? null,
        period: period ?? null,
        aligned: 0,
        cells: {},
      };
      const cell = (row.cells[entity.id] ??= []);
      if (!cell.length) row.aligned++;
      cell.push(figure);
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort(
    (a, b) =>
      b.aligned - a.aligned ||
      a.measure.localeCompare(b.measure) ||
      (a.period?.end ?? '').localeCompare(b.period?.end ?? '') ||
      (a.period?.start ?? '').localeCompare(b.period?.start ?? ''),
  );
}

// ---- why connected ------------------------------------------------------------------------------

export interface HopInput {
  from: EntityRef;
  to: EntityRef;
  type: string;
  nameZh?: string;
  nameEn?: string;
  forward: boolean;
  quote?: string;
}

const arrow = (name: string, forward: boolean) => (forward ? ` —${name}→ ` : ` ←${name}— `);
const zhName = (e: EntityRef) => e.name || e.nameEn || e.id;
const enName = (e: EntityRef) => e.nameEn || e.name || e.id;

/** "阳谷经开区 —联动→ 青岛自贸片区：“…”", with the arrow against the walk when the relationship is. */
export function hopSentence(hop: HopInput): Bilingual {
  const zhRel = hop.nameZh ?? hop.nameEn ?? hop.type;
  const enRel = hop.nameEn ?? hop.type;
  const zh = `${zhName(hop.from)}${arrow(zhRel, hop.forward)}${zhName(hop.to)}`;
  const en = `${enName(hop.from)}${arrow(enRel, hop.forward)}${enName(hop.to)}`;
  return hop.quote ? { zh: `${zh}：“${hop.quote}”`, en: `${en}: “${hop.quote}”` } : { zh, en };
}

/** The whole walk without quotes: "A —联动→ B ←属于— C". */
export function chainSentence(hops: HopInput[]): Bilingual {
  if (!hops.length) return { zh: '', en: '' };
  let zh = zhName(hops[0]!.from);
  let en = enName(hops[0]!.from);
  for (const hop of hops) {
    zh += arrow(hop.nameZh ?? hop.nameEn ?? hop.type, hop.forward) + zhName(hop.to);
    en += arrow(hop.nameEn ?? hop.type, hop.forward) + enName(hop.to);
  }
  return { zh, en };
}

// ---- the answer ---------------------------------------------------------------------------------

/** One computation's result with what the answers need around it (see analytics-service.ts). */
export interface AnalyticsSnapshot {
  fingerprint: string;
  computedAt: string;
  computeMs: number;
  result: AnalyticsResult;
  refs: Map<string, EntityRef>;
}

/** The JSON body of /api/analytics from a snapshot; `ids` restricts the per-entity scores. */
export function analyticsResponse(
  snapshot: AnalyticsSnapshot,
  top: number,
  ids?: string[],
): AnalyticsResponse {
  const { result, refs } = snapshot;
  const max = { degree: 0, betweenness: 0, pagerank: 0 };
  for (const s of result.scores.values()) {
    max.degree = Math.max(max.degree, s.degree);
    max.betweenness = Math.max(max.betweenness, s.betweenness);
    max.pagerank = Math.max(max.pagerank, s.pagerank);
  }
  const wanted = ids?.length ? ids.filter((id) => result.scores.has(id)) : [...result.scores.keys()];
  const communities: CommunityInfo[] = result.communities.map((c) => ({
    id: c.id,
    size: c.members.length,
    top: c.members.slice(0, top),
  }));
  return {
    fingerprint: snapshot.fingerprint,
    computedAt: snapshot.computedAt,
    computeMs: snapshot.computeMs,
    nodeCount: result.nodeCount,
    edgeCount: result.edgeCount,
    betweenness: result.betweenness.exact
      ? { exact: true }
      : {
          exact: false,
          samples: result.betweenness.samples,
          note: {
            zh: `图中实体超过 ${result.betweenness.limit} 个，中介中心性由 ${result.betweenness.samples} 个随机起点抽样估算。`,
            en: `The graph has more than ${result.betweenness.limit} entities, so betweenness is estimated from ${result.betweenness.samples} sampled sources.`,
          },
        },
    modularity: result.modularity,
    explanations: EXPLANATIONS,
    max,
    hubs: topBy(result, refs, 'pagerank', top),
    brokers: topBy(result, refs, 'betweenness', top),
    communities: communities.slice(0, 50),
    scores: Object.fromEntries(wanted.map((id) => [id, result.scores.get(id)!])),
  };
}
