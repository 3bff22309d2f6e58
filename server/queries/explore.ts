// Read queries behind the exploration endpoints. One named function per query, values as parameters.
// Path lengths and depths cannot be parameters in Cypher; they arrive here as validated integers and
// are inserted through `hops`, which accepts nothing else.
import neo4j, { type Node } from 'neo4j-driver';
import type { CyElements, NodeDetail, Source } from '../../contract/types';
import type { Db } from '../db/driver';
import {
  leanElements,
  sourcesOf,
  toFigure,
  toPlain,
  typeOf,
  type LeanEdgeRow,
  type LeanNodeRow,
} from '../db/mapper';
import { hops } from './identifiers';

// Graph-shaped answers carry what the canvas draws, not whole nodes: the provenance arrays
// (sourceArticles/sourceQuotes) are most of a node's bytes and cost Node CPU to decode
// (BENCHMARKS.md, finding 3). Sources are one request away: GET /api/sources, GET /api/nodes/:id.
// `v` is always one of the fixed variable names below, never user text.
const PROVENANCE_KEYS = "['sourceArticles', 'sourceQuotes', 'searchText']";
const leanNode = (v: string, extra = '') =>
  `{id: ${v}.id, type: ${v}.type, name: ${v}.name, nameEn: ${v}.nameEn, aliases: ${v}.aliases,
    dataset: ${v}.dataset, labels: labels(${v}), lng: ${v}.lng, lat: ${v}.lat${extra}}`;
const leanRel = (v: string) =>
  `{id: coalesce(${v}.id, elementId(${v})), type: type(${v}), source: startNode(${v}).id, target: endNode(${v}).id,
    props: [k IN keys(${v}) WHERE NOT k IN ${PROVENANCE_KEYS} | [k, ${v}[k]]]}`;

/**
 * `rels`: every relationship between two entities of the list `members`, each once (from its start
 * node), as lean rows; with `onlyRelTypes`, only those whose type is in `$relTypes` (empty: any).
 */
const relationshipsAmongMembers = ({ onlyRelTypes = false } = {}) =>
  `OPTIONAL CALL (members) {
         UNWIND members AS a
         MATCH (a)-[r]->(b:Entity)
         WHERE b IN members${onlyRelTypes ? ' AND (size($relTypes) = 0 OR type(r) IN $relTypes)' : ''}
         RETURN collect(${leanRel('r')}) AS rels
       }`;

const CORE_PROPS = new Set([
  'id',
  'type',
  'name',
  'nameEn',
  'aliases',
  'sourceArticles',
  'sourceQuotes',
  'searchText',
]);

export async function nodeDetail(db: Db, id: string): Promise<NodeDetail | undefined> {
  return (await nodeDetails(db, [id])).get(id);
}

/** Several entities' details in one query (the timeline and the comparison need many at once). */
export async function nodeDetails(db: Db, ids: string[]): Promise<Map<string, NodeDetail>> {
  if (ids.length === 0) return new Map();
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (n:Entity) WHERE n.id IN $ids
       CALL (n) {
         OPTIONAL MATCH (n)-[:HAS_FIGURE]->(f:Figure)
         WITH f ORDER BY f.periodStart, f.date, f.id
         RETURN collect(f) AS figures
       }
       RETURN n, figures, COUNT { (n)--(:Entity) } AS degree`,
      { ids },
    );
    return new Map(
      result.records.map((record) => {
        const detail = toNodeDetail(
          record.get('n') as Node,
          record.get('figures') as Node[],
          record.get('degree'),
        );
        return [detail.node.id, detail];
      }),
    );
  });
}

function toNodeDetail(n: Node, figures: Node[], degree: unknown): NodeDetail {
  const props = toPlain(n.properties) as Record<string, unknown>;
  return {
    node: {
      id: props.id as string,
      type: typeOf(n),
      name: props.name as string,
      nameEn: (props.nameEn as string | undefined) ?? '',
      aliases: (props.aliases as string[] | undefined) ?? [],
      properties: Object.fromEntries(Object.entries(props).filter(([k]) => !CORE_PROPS.has(k))),
      figures: figures.map(toFigure),
      sources: sourcesOf(n.properties),
    },
    degree: Number(degree),
  };
}

export interface NeighborQuery {
  id: string;
  depth: number;
  types: string[];
  relTypes: string[];
  limit: number;
}

/**
 * The neighbourhood of one entity: up to `limit` distinct entities within `depth` hops (filters
 * apply to every hop), and every relationship among the entities returned.
 */
export async function neighbors(
  db: Db,
  q: NeighborQuery,
): Promise<{ elements: CyElements; truncated: boolean } | undefined> {
  const depth = hops(q.depth, 3);
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (n:Entity {id: $id})
       OPTIONAL CALL (n) {
         MATCH p = (n)-[rs*1..${depth}]-(m:Entity)
         WHERE m <> n
           AND all(r IN rs WHERE type(r) <> 'HAS_FIGURE' AND (size($relTypes) = 0 OR type(r) IN $relTypes))
           AND all(x IN nodes(p) WHERE x:Entity)
           AND (size($types) = 0 OR m.type IN $types)
         RETURN DISTINCT m LIMIT $scan
       }
       WITH n, collect(m) AS found
       WITH n, found[0..$limit] AS ms, size(found) > $limit AS truncated
       WITH n, [n] + ms AS members, truncated
       ${relationshipsAmongMembers({ onlyRelTypes: true })}
       RETURN [m IN members | ${leanNode('m')}] AS members, rels, truncated`,
      { ...q, limit: neo4j.int(q.limit), scan: neo4j.int(q.limit + 1) },
    );
    const record = result.records[0];
    if (!record) return undefined;
    const elements = leanElements(
      record.get('members') as LeanNodeRow[],
      record.get('rels') as LeanEdgeRow[],
    );
    return { elements, truncated: record.get('truncated') as boolean };
  });
}

export async function entityExists(db: Db, id: string): Promise<boolean> {
  return db.read(async (tx) => {
    const result = await tx.run('MATCH (n:Entity {id: $id}) RETURN count(n) > 0 AS exists', { id });
    return result.records[0]?.get('exists') === true;
  });
}

export interface PathQuery {
  from: string;
  to: string;
  maxLength: number;
  mode: 'shortest' | 'all';
  limit: number;
}

/** Paths through entities only (never through figures or app data), shortest or all simple ones. */
export async function paths(db: Db, q: PathQuery): Promise<{ length: number; elements: CyElements }[]> {
  const maxLength = hops(q.maxLength, 6);
  const match =
    q.mode === 'shortest'
      ? `MATCH p = allShortestPaths((a)-[*..${maxLength}]-(b))
         WHERE all(x IN nodes(p) WHERE x:Entity)`
      : `MATCH p = (a)-[*1..${maxLength}]-(b)
         WHERE all(x IN nodes(p) WHERE x:Entity)
           AND all(i IN range(0, size(nodes(p)) - 2) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])`;
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
       WHERE a <> b
       ${match}
       WITH p ORDER BY length(p) LIMIT $limit
       RETURN length(p) AS length, [x IN nodes(p) | ${leanNode('x')}] AS nodes,
              [r IN relationships(p) | ${leanRel('r')}] AS rels`,
      { from: q.from, to: q.to, limit: neo4j.int(q.limit) },
    );
    return result.records.map((record) => ({
      length: Number(toPlain(record.get('length'))),
      elements: leanElements(record.get('nodes') as LeanNodeRow[], record.get('rels') as LeanEdgeRow[]),
    }));
  });
}

/** The first view: the best-connected entities (optionally of some types) and the links among them. */
export async function overview(
  db: Db,
  types: string[],
  limit: number,
): Promise<{ elements: CyElements; truncated: boolean; total: number }> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (n:Entity) WHERE size($types) = 0 OR n.type IN $types
       WITH n, COUNT { (n)--(:Entity) } AS degree
       ORDER BY degree DESC, n.id
       WITH collect({n: n, degree: degree}) AS ranked
       WITH ranked[0..$limit] AS kept, size(ranked) AS total
       WITH [k IN kept | k.n] AS members, kept, total
       ${relationshipsAmongMembers()}
       RETURN [k IN kept | ${leanNode('k.n', ', degree: k.degree')}] AS kept, rels, total`,
      { types, limit: neo4j.int(limit) },
    );
    const record = result.records[0];
    const kept = (record?.get('kept') as LeanNodeRow[] | undefined) ?? [];
    const elements = leanElements(kept, (record?.get('rels') as LeanEdgeRow[] | undefined) ?? []);
    const total = Number(toPlain(record?.get('total') ?? 0));
    return { elements, truncated: total > kept.length, total };
  });
}

export async function sourceDocument(db: Db, id: string) {
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (s:SourceDocument {id: $id})
       RETURN s.id AS id, s.title AS title, s.titleEn AS titleEn, s.publisher AS publisher,
              s.publisherEn AS publisherEn, s.date AS date, s.authors AS authors, s.url AS url, s.text AS text`,
      { id },
    );
    const record = result.records[0];
    return record ? (toPlain(record.toObject()) as Record<string, unknown>) : undefined;
  });
}

/** The given entities and every relationship among them (deep links, saved views). */
export async function subgraph(db: Db, ids: string[]): Promise<{ elements: CyElements; missing: string[] }> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (n:Entity) WHERE n.id IN $ids
       WITH collect(n) AS members
       ${relationshipsAmongMembers()}
       RETURN [m IN members | ${leanNode('m')}] AS members, rels`,
      { ids },
    );
    const record = result.records[0];
    const elements = leanElements(
      (record?.get('members') as LeanNodeRow[] | undefined) ?? [],
      (record?.get('rels') as LeanEdgeRow[] | undefined) ?? [],
    );
    const found = new Set(elements.nodes.map((n) => n.data.id));
    return { elements, missing: ids.filter((id) => !found.has(id)) };
  });
}

/**
 * Provenance of entities and relationships by dataset id, for answers that leave it out. Entities
 * are found through their id index. Neo4j has no index over the ids of relationships of every
 * type, so a relationship is found from an entity at one of its ends that is in `ids` too (clients
 * have an edge's ends and send them along); this never scans the whole graph.
 */
export async function elementSources(db: Db, ids: string[]): Promise<Record<string, Source[]>> {
  return db.read(async (tx) => {
    const entities = await tx.run(
      `MATCH (n:Entity) WHERE n.id IN $ids
       RETURN n.id AS id, n.sourceArticles AS sourceArticles, n.sourceQuotes AS sourceQuotes`,
      { ids },
    );
    const relationships = await tx.run(
      `MATCH (a:Entity)-[r]-(:Entity) WHERE a.id IN $ids AND r.id IN $ids
       RETURN DISTINCT r.id AS id, r.sourceArticles AS sourceArticles, r.sourceQuotes AS sourceQuotes`,
      { ids },
    );
    // Object.fromEntries defines own properties, so an id such as "__proto__" stays an ordinary key.
    return Object.fromEntries(
      [...entities.records, ...relationships.records].map((record) => [
        record.get('id') as string,
        sourcesOf({
          sourceArticles: record.get('sourceArticles') ?? [],
          sourceQuotes: record.get('sourceQuotes') ?? [],
        }),
      ]),
    );
  });
}
