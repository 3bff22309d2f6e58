// The one boundary between neo4j-driver values and JSON: integers, temporals, graph values.
import neo4j, { type Node, type Path, type Relationship } from 'neo4j-driver';
import type { CyEdge, CyElements, CyNode, Figure, Source } from '../../contract/types';

/** Labels that mark knowledge-graph entities; other labels on a node are its type. */
export const ENTITY_LABEL = 'Entity';

/** Converts any driver value into JSON-safe data (graph values become tagged objects). */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isDuration(value)
  ) {
    return value.toString();
  }
  if (neo4j.isPoint(value)) return { srid: toPlain(value.srid), x: value.x, y: value.y, z: value.z ?? null };
  if (neo4j.isNode(value))
    return { '~node': nodeId(value), labels: value.labels, properties: plainProps(value.properties) };
  if (neo4j.isRelationship(value)) {
    return { '~relationship': relId(value), type: value.type, properties: plainProps(value.properties) };
  }
  if (neo4j.isPath(value))
    return { '~path': value.segments.map((s) => relId(s.relationship)), length: value.length };
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') return plainProps(value as Record<string, unknown>);
  return value;
}

function plainProps(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, toPlain(v)]));
}

/** Stable id: the dataset id when the node has one, otherwise Neo4j's element id (console results). */
export const nodeId = (node: Node): string =>
  typeof node.properties.id === 'string' ? node.properties.id : node.elementId;
export const relId = (rel: Relationship): string =>
  typeof rel.properties.id === 'string' ? rel.properties.id : rel.elementId;

/** Zips parallel `sourceArticles`/`sourceQuotes` arrays (how sources are stored) into objects. */
export function sourcesOf(props: Record<string, unknown>): Source[] {
  const articles = (props.sourceArticles as string[] | undefined) ?? [];
  const quotes = (props.sourceQuotes as string[] | undefined) ?? [];
  return articles.map((articleId, i) => ({ articleId, quote: quotes[i] ?? '' }));
}

const HIDDEN_PROPS = new Set(['sourceArticles', 'sourceQuotes', 'searchText']);

export function typeOf(node: Node): string {
  return (
    (node.properties.type as string | undefined) ??
    node.labels.find((l) => l !== ENTITY_LABEL) ??
    node.labels[0] ??
    'Node'
  );
}

export function toCyNode(node: Node): CyNode {
  const props = plainProps(node.properties);
  const data: CyNode['data'] = {
    ...Object.fromEntries(Object.entries(props).filter(([k]) => !HIDDEN_PROPS.has(k))),
    id: nodeId(node),
    type: typeOf(node),
    labels: node.labels,
    name: String(props.name ?? props.title ?? props.id ?? node.labels[0] ?? ''),
    nameEn: String(props.nameEn ?? props.titleEn ?? ''),
    sources: sourcesOf(node.properties),
  };
  return { group: 'nodes', data };
}

export function toCyEdge(rel: Relationship, sourceId: string, targetId: string): CyEdge {
  const props = plainProps(rel.properties);
  return {
    group: 'edges',
    data: {
      ...Object.fromEntries(Object.entries(props).filter(([k]) => !HIDDEN_PROPS.has(k))),
      id: relId(rel),
      source: sourceId,
      target: targetId,
      type: rel.type,
      sources: sourcesOf(rel.properties),
    },
  };
}

/**
 * A node as graph-shaped queries return it (server/queries/explore.ts): the canvas fields as a list,
 * which the driver decodes faster than a map; `degree` only in the overview.
 */
export type CompactNodeRow = [
  id: string,
  type: string | null,
  name: string | null,
  nameEn: string | null,
  aliases: string[] | null,
  dataset: string | null,
  labels: string[] | null,
  /** Where the map layout puts it (set by the loader for places). */
  lng: number | null,
  lat: number | null,
  degree?: unknown,
];

/** A relationship the same way: ends by dataset id, scalar properties as `[key, value]` pairs. */
export type CompactEdgeRow = [
  id: string,
  type: string,
  source: string,
  target: string,
  /** Provenance left out by the query. */
  props: [string, unknown][] | null,
];

export function compactNode(row: CompactNodeRow): CyNode {
  const [id, type, name, nameEn, aliases, dataset, labels, lng, lat, degree] = row;
  const data: CyNode['data'] = {
    id,
    type: type ?? labels?.find((l) => l !== ENTITY_LABEL) ?? 'Node',
    labels: labels ?? [],
    name: name ?? id,
    nameEn: nameEn ?? '',
    aliases: aliases ?? [],
  };
  if (dataset) data.dataset = dataset;
  if (typeof lng === 'number' && typeof lat === 'number') [data.lng, data.lat] = [lng, lat];
  if (degree !== undefined && degree !== null) data.degree = Number(toPlain(degree));
  return { group: 'nodes', data };
}

export function compactEdge(row: CompactEdgeRow): CyEdge {
  const [id, type, source, target, pairs] = row;
  const props = Object.fromEntries(
    (pairs ?? []).filter(([k]) => !HIDDEN_PROPS.has(k)).map(([k, v]) => [k, toPlain(v)]),
  );
  return { group: 'edges', data: { ...props, id, source, target, type } };
}

/**
 * Cytoscape elements from compact rows, de-duplicated by id; an edge whose ends are not among the
 * nodes is left out, so the UI never gets a dangling edge. Provenance is not here: clients fetch
 * it by id (`GET /api/sources`, `GET /api/nodes/:id`).
 */
export function compactElements(nodes: CompactNodeRow[], edges: CompactEdgeRow[]): CyElements {
  const byId = new Map<string, CyNode>();
  for (const row of nodes) if (row && !byId.has(row[0])) byId.set(row[0], compactNode(row));
  const edgesById = new Map<string, CyEdge>();
  for (const row of edges) {
    if (row && !edgesById.has(row[0]) && byId.has(row[2]) && byId.has(row[3]))
      edgesById.set(row[0], compactEdge(row));
  }
  return { nodes: [...byId.values()], edges: [...edgesById.values()] };
}

/**
 * Collects nodes, relationships and paths found anywhere in a value (lists, maps, paths) into
 * Cytoscape elements, de-duplicated. Relationships whose end nodes were not returned are kept only
 * when both ends are known, so the UI never gets a dangling edge.
 */
/** The label of figure nodes: values an entity carries, drawn as part of it, never on their own. */
export const FIGURE_LABEL = 'Figure';

export class ElementCollector {
  private readonly nodes = new Map<string, CyNode>();
  private readonly nodeIdsByElementId = new Map<string, string>();
  private readonly rels = new Map<string, Relationship>();
  private readonly figures = new Set<string>();

  add(value: unknown): void {
    if (value === null || value === undefined) return;
    if (neo4j.isNode(value) && value.labels.includes(FIGURE_LABEL)) {
      // A figure is shown as a figure of its entity (see `addFigureOwners`), not as a node of its own.
      this.figures.add(nodeId(value));
    } else if (neo4j.isNode(value)) {
      const node = toCyNode(value);
      this.nodes.set(node.data.id, node);
      this.nodeIdsByElementId.set(value.elementId, node.data.id);
    } else if (neo4j.isRelationship(value)) {
      this.rels.set(value.elementId, value);
    } else if (neo4j.isPath(value)) {
      this.add(value.start);
      for (const segment of value.segments) {
        this.add(segment.end);
        this.add(segment.relationship);
      }
    } else if (Array.isArray(value)) {
      for (const item of value) this.add(item);
    } else if (typeof value === 'object' && !neo4j.isInt(value) && !neo4j.isPoint(value)) {
      for (const item of Object.values(value as Record<string, unknown>)) this.add(item);
    }
  }

  addPath(path: Path): void {
    this.add(path);
  }

  /** Ids of the figures met in the result. */
  figureIds(): string[] {
    return [...this.figures];
  }

  /**
   * The entities the result's figures belong to: each comes onto the canvas (if the result did not
   * bring it already) carrying the ids of its figures in the result (`figures`).
   */
  addFigureOwners(owners: { entity: Node; figure: string }[]): void {
    for (const { entity, figure } of owners) {
      const id = nodeId(entity);
      const node = this.nodes.get(id) ?? toCyNode(entity);
      const figures = (node.data.figures as string[] | undefined) ?? [];
      if (!figures.includes(figure)) node.data.figures = [...figures, figure];
      this.nodes.set(id, node);
      this.nodeIdsByElementId.set(entity.elementId, id);
    }
  }

  get size(): number {
    return this.nodes.size + this.rels.size;
  }

  elements(): CyElements {
    const edges: CyEdge[] = [];
    for (const rel of this.rels.values()) {
      const source = this.nodeIdsByElementId.get(rel.startNodeElementId);
      const target = this.nodeIdsByElementId.get(rel.endNodeElementId);
      if (source && target) edges.push(toCyEdge(rel, source, target));
    }
    return { nodes: [...this.nodes.values()], edges };
  }
}

/** A :Figure node as the API answers it: flat properties regrouped into period, before and share. */
export function toFigure(node: Node): Figure {
  return figureOf(node.properties);
}

/** A figure's stored properties (a node's, or a state a write computed) as the API answers it. */
export function figureOf(properties: Record<string, unknown>): Figure {
  const p = toPlain(properties) as Record<string, unknown>;
  const hasPeriod = p.periodStart || p.periodEnd || p.periodLabel;
  return {
    id: p.id as string,
    measure: p.measure as string,
    measureZh: p.measureZh as string | undefined,
    value: p.value as number,
    valueMax: (p.valueMax as number | undefined) ?? null,
    qualifier: (p.qualifier as string | undefined) ?? null,
    unit: p.unit as string,
    unitZh: (p.unitZh as string | undefined) ?? null,
    multiplier: (p.multiplier as number | undefined) ?? null,
    currency: (p.currency as string | undefined) ?? null,
    period: hasPeriod
      ? {
          start: p.periodStart as string | undefined,
          end: p.periodEnd as string | undefined,
          label: p.periodLabel as string | undefined,
          labelEn: p.periodLabelEn as string | undefined,
        }
      : null,
    date: (p.date as string | undefined) ?? null,
    before:
      p.beforeValue !== undefined
        ? {
            value: p.beforeValue as number,
            valueMax: (p.beforeValueMax as number | undefined) ?? null,
            qualifier: (p.beforeQualifier as string | undefined) ?? null,
          }
        : null,
    share: p.shareOf ? { of: p.shareOf as string, ofEn: p.shareOfEn as string | undefined } : null,
    sources: sourcesOf(properties),
  };
}
