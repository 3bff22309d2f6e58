// Types of the HTTP API's JSON, shared by the server (which produces it) and the client (which reads it).
// Type-only: nothing here runs, so neither side imports the other's code.

export interface Source {
  articleId: string;
  quote: string;
}

export interface CyNodeData {
  id: string;
  type: string;
  labels?: string[];
  name: string;
  nameEn: string;
  aliases?: string[];
  sources?: Source[];
  degree?: number;
  [property: string]: unknown;
}

export interface CyEdgeData {
  id: string;
  source: string;
  target: string;
  type: string;
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
  neo4j: { connected: boolean; version?: string; edition?: string; uri: string; reason?: string };
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
