// Types of the HTTP API's JSON, shared by the server (which produces it) and the client (which reads it).
// Type-only: nothing here runs, so neither side imports the other's code.

export interface Source {
  articleId: string;
  quote: string;
}

/**
 * A node on the canvas. Graph answers (neighbours, paths, overview, subgraph) carry the fields below
 * without `sources`; console answers carry every property and `sources`. Provenance of any element
 * is in `SourcesResponse` (GET /api/sources) and `NodeDetail`.
 */
export interface CyNodeData {
  id: string;
  type: string;
  labels?: string[];
  name: string;
  nameEn: string;
  aliases?: string[];
  dataset?: string;
  /** Console answers only. */
  sources?: Source[];
  degree?: number;
  [property: string]: unknown;
}

/** An edge: its scalar properties (role, action, year…) and, in console answers only, `sources`. */
export interface CyEdgeData {
  id: string;
  source: string;
  target: string;
  type: string;
  /** Console answers only. */
  sources?: Source[];
  [property: string]: unknown;
}

export interface CyNode {
  group: 'nodes';
  data: CyNodeData;
}
export interface CyEdge {
  group: 'edges';
  data: CyEdgeData;
}
export interface CyElements {
  nodes: CyNode[];
  edges: CyEdge[];
}

export interface Period {
  start?: string;
  end?: string;
  label?: string;
  labelEn?: string;
}

export interface Figure {
  id: string;
  measure: string;
  measureZh?: string;
  value: number;
  valueMax?: number | null;
  qualifier?: string | null;
  unit: string;
  unitZh?: string | null;
  multiplier?: number | null;
  currency?: string | null;
  period?: Period | null;
  date?: string | null;
  before?: { value: number; valueMax?: number | null; qualifier?: string | null } | null;
  share?: { of: string; ofEn?: string } | null;
  sources: Source[];
}

export interface NodeDetail {
  node: {
    id: string;
    type: string;
    name: string;
    nameEn: string;
    aliases: string[];
    properties: Record<string, unknown>;
    figures: Figure[];
    sources: Source[];
  };
  degree: number;
}

/** GET /api/sources: provenance by entity or relationship id; ids not found are in `missing`. */
export interface SourcesResponse {
  sources: Record<string, Source[]>;
  missing: string[];
}

export interface SearchResult {
  id: string;
  type: string;
  name: string;
  nameEn: string;
  score: number;
}

export interface Article {
  id: string;
  title: string;
  titleEn?: string;
  publisher?: string;
  date?: string;
  text: string;
}

export interface TypeInfo {
  label: string;
  nameZh?: string;
  nameEn?: string;
  description?: string;
  color?: string;
  shape?: string;
  count: number;
}

export interface RelTypeInfo {
  type: string;
  nameZh?: string;
  nameEn?: string;
  description?: string;
  count: number;
  joins: { from: string; to: string; count: number }[];
}

export interface SchemaInfo {
  labels: TypeInfo[];
  relationshipTypes: RelTypeInfo[];
  propertyKeys: Record<string, string[]>;
}

export interface HealthBody {
  status: 'ok' | 'unavailable';
  neo4j: {
    connected: boolean;
    version?: string;
    edition?: string;
    uri: string;
    reason?: string;
    /** The embedded Neo4j's supervisor: restarts since start, the last unexpected exit, and
     * 'restarting' while it brings the JVM back. */
    supervisor?: {
      state: 'running' | 'restarting';
      restarts: number;
      lastExit?: string;
      nextAttemptInMs?: number;
    };
  };
}

export interface CypherResult {
  columns: string[];
  rows: unknown[][];
  elements: CyElements;
  summary: {
    queryType: string;
    resultAvailableAfter: number | null;
    resultConsumedAfter: number | null;
    rowCount: number;
  };
  truncated: boolean;
}

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

// ---- insight: analytics, why-connected, timeline, compare -----------------------------------------

/** A text in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

export type CentralityMeasure = 'degree' | 'betweenness' | 'pagerank';

export interface EntityRef {
  id: string;
  type: string;
  name: string;
  nameEn: string;
}

export interface EntityScores {
  /** Relationships to other entities. */
  degree: number;
  /** Normalised to 0..1 (share of shortest paths between other pairs). */
  betweenness: number;
  /** Sums to 1 over the graph. */
  pagerank: number;
  /** Community id; 0 is the largest community. */
  community: number;
}

export interface RankedEntity extends EntityRef {
  score: number;
}

export interface CommunityInfo {
  id: number;
  size: number;
  /** The best-connected members (by PageRank). */
  top: EntityRef[];
}

export interface AnalyticsResponse {
  /** Changes whenever the data changes; scores are cached per fingerprint. */
  fingerprint: string;
  computedAt: string;
  computeMs: number;
  nodeCount: number;
  edgeCount: number;
  betweenness: { exact: boolean; samples?: number; note?: Bilingual };
  modularity: number;
  /** One sentence per measure. */
  explanations: Record<CentralityMeasure | 'community', Bilingual>;
  /** Highest value of each measure over the whole graph, for scaling. */
  max: Record<CentralityMeasure, number>;
  hubs: RankedEntity[];
  brokers: RankedEntity[];
  communities: CommunityInfo[];
  scores: Record<string, EntityScores>;
}

export interface ExplainHop {
  from: EntityRef;
  to: EntityRef;
  relationship: {
    id: string;
    type: string;
    nameZh?: string;
    nameEn?: string;
    /** True when the relationship points from `from` to `to` (the direction of the walk). */
    forward: boolean;
    sources: Source[];
  };
  sentence: Bilingual;
}

export interface ExplainPath {
  length: number;
  hops: ExplainHop[];
  /** The whole chain of names and relationships, without quotes. */
  chain: Bilingual;
}

export interface ExplainResponse {
  from: EntityRef;
  to: EntityRef;
  paths: ExplainPath[];
}

export interface TimelinePeriod {
  /** `start/end`, ISO dates. */
  key: string;
  start: string;
  end: string;
  label: string;
  labelEn: string;
  /** Figures with this period or date. */
  figures: number;
  /** Entities dated by their own `date` or `year` (events, awards, articles). */
  entities: number;
}

export interface TimelineFigure extends Figure {
  entity: EntityRef;
  start: string;
  end: string;
}

export interface TimelineResponse {
  /** Ordered by end, then start: the order playback steps through. */
  periods: TimelinePeriod[];
  extent: { start: string; end: string } | null;
  window: { from: string; to: string; mode: 'within' | 'overlaps' } | null;
  /** Present with a window: figures in it, and entities dated in it. */
  figures: TimelineFigure[];
  entities: (EntityRef & { start: string; end: string })[];
  /** Entities with a figure or their own date in the window. */
  entityIds: string[];
  truncated: boolean;
}

export interface CompareRow {
  key: string;
  measure: string;
  measureZh?: string;
  unit: string;
  unitZh?: string | null;
  period: { start: string; end: string; label: string; labelEn: string } | null;
  /** How many of the compared entities have a value in this row. */
  aligned: number;
  cells: Record<string, Figure[]>;
}

export interface CompareLink {
  id: string;
  type: string;
  nameZh?: string;
  nameEn?: string;
  source: string;
  target: string;
  sources: Source[];
}

export interface CompareResponse {
  entities: (EntityRef & { degree: number })[];
  rows: CompareRow[];
  links: CompareLink[];
  /** Neighbours of at least two compared entities; `of` lists which. */
  shared: (EntityRef & { of: string[] })[];
}
