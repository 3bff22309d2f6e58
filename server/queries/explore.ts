// Read queries behind the exploration endpoints. One named function per query, values as parameters.
// Path lengths and depths cannot be parameters in Cypher; they arrive here as validated integers and
// are inserted through `hops`, which accepts nothing else.
import neo4j, { type ManagedTransaction, type Node } from 'neo4j-driver';
import type { CyElements, NeighbourSummary, NodeDetail, Source } from '../../contract/types';
import type { Db } from '../db/driver';
import {
  compactElements,
  sourcesOf,
  toFigure,
  toPlain,
  typeOf,
  type CompactEdgeRow,
  type CompactNodeRow,
} from '../db/mapper';
import { hops } from './identifiers';

// Graph-shaped answers carry what the canvas draws, not whole nodes: the provenance arrays
// (sourceArticles/sourceQuotes) are most of a node's bytes and cost Node CPU to decode
// (BENCHMARKS.md, finding 3). Sources are one request away: GET /api/sources, GET /api/nodes/:id.
// Rows are lists, not maps: the driver decodes a 201-member answer in about half the time (issue 18);
// their order is `CompactNodeRow` / `CompactEdgeRow` in db/mapper.ts.
// `v` is always one of the fixed variable names below, never user text.
const PROVENANCE_KEYS = "['sourceArticles', 'sourceQuotes', 'searchText']";
const compactNode = (v: string, extra = '') =>
  `[${v}.id, ${v}.type, ${v}.name, ${v}.nameEn, ${v}.aliases, ${v}.dataset, labels(${v}), ${v}.lng, ${v}.lat${extra}]`;
const compactRel = (v: string) =>
  `[coalesce(${v}.id, elementId(${v})), type(${v}), startNode(${v}).id, endNode(${v}).id,
    [k IN keys(${v}) WHERE NOT k IN ${PROVENANCE_KEYS} | [k, ${v}[k]]]]`;
const relTypeFilter = (v: string) => `(size($relTypes) = 0 OR type(${v}) IN $relTypes)`;

/**
 * Above this many relationships an entity is a hub (a `HubLinks` list brings its own threshold):
 * relationships among the members of an answer are read from their other end, and those between
 * two hubs come from `HubLinks`. The median entity of the 100k graph has 7 relationships, and 443
 * of its 100k entities have more than 100.
 */
export const HUB_DEGREE = 100;

/**
 * Every relationship between two hubs, by the hub at its start: the element id and the other end's
 * id, and each hub's degree when the list was read. Kept per data fingerprint (server/hub-links.ts);
 * answers never take a listed relationship on trust: each is read again by element id and kept only
 * if it still joins two members, so a list from before a delete cannot bring back deleted ids.
 */
export interface HubLinks {
  /** Hubs have more relationships than this; answers that use the list take the same threshold. */
  minDegree: number;
  hubs: Map<string, { degree: number; links: [elementId: string, otherId: string][] }>;
}

/** The hubs (more than `minDegree` relationships) and every relationship between two of them. */
export async function hubLinks(db: Db, minDegree = HUB_DEGREE, timeoutMs?: number): Promise<HubLinks> {
  return db.read(
    async (tx) => {
      const result = await tx.run(
        `MATCH (a:Entity) WHERE COUNT { (a)--() } > $minDegree
         CALL (a) {
           OPTIONAL MATCH (a)-[r]->(b:Entity) WHERE COUNT { (b)--() } > $minDegree
           RETURN collect([elementId(r), b.id]) AS links
         }
         RETURN a.id AS id, COUNT { (a)--() } AS degree, links`,
        { minDegree: neo4j.int(minDegree) },
      );
      return {
        minDegree,
        hubs: new Map(
          result.records.map((record) => [
            record.get('id') as string,
            {
              degree: Number(toPlain(record.get('degree'))),
              links: record.get('links') as [string, string][],
            },
          ]),
        ),
      };
    },
    timeoutMs === undefined ? {} : { timeoutMs },
  );
}

const hubDegreeOf = (links: HubLinks | undefined) => neo4j.int(links?.minDegree ?? HUB_DEGREE);

/**
 * After a clause that binds `members` (a list of entities), binds `rels`: every relationship
 * between two members that has a non-hub end, each once (from its start node when both ends are
 * light, else from its light end), as compact rows, and `heavy`: the hub members as
 * `[id, degree, elementId]`. Reading each relationship from a light end is what keeps a member with 11k
 * relationships from being read to find the few that lead to other members; relationships between
 * two hubs are `hubRelationships`' part. With `onlyRelTypes`, only types in `$relTypes` (empty: any).
 */
const relationshipsAmongMembers = ({ onlyRelTypes = false } = {}) =>
  `CALL (members) {
         UNWIND members AS a
         WITH a WHERE COUNT { (a)--() } <= $hubDegree
         MATCH (a)-[r]-(b:Entity)
         WHERE b IN members AND (startNode(r) = a OR COUNT { (b)--() } > $hubDegree)${
           onlyRelTypes ? ` AND ${relTypeFilter('r')}` : ''
         }
         RETURN collect(${compactRel('r')}) AS rels
       }
       WITH *, [m IN members WHERE COUNT { (m)--() } > $hubDegree | [m.id, COUNT { (m)--() }, elementId(m)]] AS heavy`;

/**
 * The relationships between two hub members of an answer (or of one with itself). Between two hubs
 * that both stand in `links` with the degree they have now, the listed relationships, read again
 * by element id and kept only when they still join two members. A hub the list does not know as it
 * is now (the data changed since it was read) has all its relationships read, those to other hub
 * members kept. Without a list (it is read in the background after a change), each hub member's
 * outgoing relationships are read, as the query before issue 18 did for every member.
 */
async function hubRelationships(
  tx: ManagedTransaction,
  heavy: [id: string, degree: unknown, elementId: string][],
  links: HubLinks | undefined,
  relTypes: string[],
): Promise<CompactEdgeRow[]> {
  if (!heavy.length) return [];
  const members = heavy.map(([id]) => id);
  // Element ids, because they are checked without reading the store (an id is a property read).
  const elementIds = new Map(heavy.map(([id, , elementId]) => [id, elementId]));
  const listed = (id: string, degree: unknown) => links?.hubs.get(id)?.degree === Number(toPlain(degree));
  const known = new Set(heavy.filter(([id, degree]) => listed(id, degree)).map(([id]) => id));
  const unknown = members.filter((id) => !known.has(id));
  // Each relationship once from its start node when no hub is known; else from either end.
  const unknownElements = unknown.map((id) => elementIds.get(id)!);
  const [outgoing, both] = links ? [[], unknownElements] : [unknownElements, []];
  const candidates = [...known].flatMap((id) =>
    links!.hubs
      .get(id)!
      .links.filter(([, other]) => known.has(other))
      .map(([elementId]) => elementId),
  );
  if (!candidates.length && !unknown.length) return [];
  const result = await tx.run(
    `CALL () {
       UNWIND $candidates AS rid
       MATCH ()-[r]->() WHERE elementId(r) = rid AND ${relTypeFilter('r')}
       RETURN collect(${compactRel('r')}) AS listed
     }
     CALL () {
       UNWIND $outgoing AS id
       MATCH (a)-[r]->(b) WHERE elementId(a) = id AND elementId(b) IN $members AND ${relTypeFilter('r')}
       RETURN collect(${compactRel('r')}) AS fromStart
     }
     CALL () {
       UNWIND $both AS id
       MATCH (a)-[r]-(b) WHERE elementId(a) = id AND elementId(b) IN $members AND ${relTypeFilter('r')}
       RETURN collect(${compactRel('r')}) AS fromEither
     }
     RETURN listed + fromStart + fromEither AS rels`,
    { candidates, outgoing, both, members: [...elementIds.values()], relTypes },
  );
  const ends = new Set(members);
  const rows = (result.records[0]?.get('rels') as CompactEdgeRow[] | undefined) ?? [];
  return rows.filter(([, , source, target]) => ends.has(source) && ends.has(target));
}

/** The compact rows of a query that ended with `relationshipsAmongMembers`, hub pairs added. */
async function membersAndRelationships(
  tx: ManagedTransaction,
  record: { get(key: string): unknown } | undefined,
  nodesKey: string,
  links: HubLinks | undefined,
  relTypes: string[] = [],
): Promise<{ nodes: CompactNodeRow[]; edges: CompactEdgeRow[] }> {
  if (!record) return { nodes: [], edges: [] };
  const heavy = record.get('heavy') as [string, unknown, string][];
  const edges = record.get('rels') as CompactEdgeRow[];
  const between = await hubRelationships(tx, heavy, links, relTypes);
  return {
    nodes: record.get(nodesKey) as CompactNodeRow[],
    edges: between.length ? [...edges, ...between] : edges,
  };
}

const CORE_PROPS = new Set([
  'id',
  'type',
  'name',
  'nameEn',
  'aliases',
  'sourceArticles',
  'sourceQuotes',
  'searchText',
  // The version fact writes check (server/facts/), answered as `version`.
  '_version',
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
      version: typeof props._version === 'number' ? props._version : 1,
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
  /** Which way every hop goes; both by default. */
  direction?: 'both' | 'out' | 'in';
  /** Neighbours passed over first, in the store's order; 0 by default. */
  offset?: number;
}

/** The two ends of a hop's arrow for a direction (fixed strings, chosen from the enum). */
function arrow(direction: NeighborQuery['direction']): [string, string] {
  if (direction === 'out') return ['-', '->'];
  if (direction === 'in') return ['<-', '-'];
  return ['-', '-'];
}

/**
 * After `n` is bound, the entities of `$types` within `depth` hops of it (every hop through a
 * relationship that passes the filters, the way `direction` says, between entities of any type),
 * nearest first: those one hop away in the store's order, then those two hops away, and so on, as
 * `m` (repeats left for the caller's DISTINCT). One branch per distance, united lazily, so the
 * caller's LIMIT stops the reading as soon as it has enough: a hub's neighbours at depth 1 fill a
 * page without the second hop being read. Within a branch each entity of a frontier is expanded
 * once (DISTINCT between hops), where a variable-length pattern walked a hub once per path to it.
 * The set is the one `(n)-[rs*1..depth]-(m)` finds: a node reachable by a walk of length up to
 * `depth` is reachable by a path of at most that length, so relationship uniqueness changes nothing.
 */
function withinDepth(depth: number, direction: NeighborQuery['direction']): string {
  const [from, to] = arrow(direction);
  const hop = (r: string) => `type(${r}) <> 'HAS_FIGURE' AND ${relTypeFilter(r)}`;
  const branch = (distance: number) => {
    let clauses = '';
    let at = 'n';
    for (let i = 1; i < distance; i++) {
      // A frontier never needs n again: whatever lies beyond n is nearer and found by a shorter branch.
      clauses += `MATCH (${at})${from}[r${i}]${to}(x${i}:Entity) WHERE x${i} <> n AND ${hop(`r${i}`)}
           WITH DISTINCT n, x${i}
           `;
      at = `x${i}`;
    }
    return `${clauses}MATCH (${at})${from}[r${distance}]${to}(m:Entity)
           WHERE m <> n AND ${hop(`r${distance}`)} AND (size($types) = 0 OR m.type IN $types)
           RETURN m`;
  };
  return Array.from({ length: depth }, (_, i) => branch(i + 1)).join(`
           UNION ALL
           `);
}

/**
 * The neighbourhood of one entity: up to `limit` distinct entities within `depth` hops (filters
 * apply to every hop), nearest first (`withinDepth`), and every relationship among the entities
 * returned. `links` lets relationships between hub members come from the list rather than from
 * reading the hubs.
 */
export async function neighbors(
  db: Db,
  q: NeighborQuery,
  links?: HubLinks,
): Promise<{ elements: CyElements; truncated: boolean } | undefined> {
  const depth = hops(q.depth, 3);
  const found = `CALL (n) {
           ${withinDepth(depth, q.direction)}
         }
         WITH DISTINCT m`;
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (n:Entity {id: $id})
       OPTIONAL CALL (n) {
         ${found}
         RETURN m SKIP $offset LIMIT $scan
       }
       WITH n, collect(m) AS found
       WITH n, found[0..$limit] AS ms, size(found) > $limit AS truncated
       WITH [n] + ms AS members, truncated
       ${relationshipsAmongMembers({ onlyRelTypes: true })}
       RETURN [m IN members | ${compactNode('m')}] AS members, rels, heavy, truncated`,
      {
        id: q.id,
        types: q.types,
        relTypes: q.relTypes,
        limit: neo4j.int(q.limit),
        scan: neo4j.int(q.limit + 1),
        offset: neo4j.int(q.offset ?? 0),
        hubDegree: hubDegreeOf(links),
      },
    );
    const record = result.records[0];
    if (!record) return undefined;
    const rows = await membersAndRelationships(tx, record, 'members', links, q.relTypes);
    return {
      elements: compactElements(rows.nodes, rows.edges),
      truncated: record.get('truncated') as boolean,
    };
  });
}

/**
 * An entity's neighbours (depth 1, figures left out) counted: distinct neighbours in all, by type,
 * and by relationship type, direction and neighbour type; undefined when there is no such entity.
 */
export async function neighbourSummary(db: Db, id: string): Promise<NeighbourSummary | undefined> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (n:Entity {id: $id})
       CALL (n) {
         OPTIONAL MATCH (n)-[r]-(m:Entity) WHERE m <> n AND type(r) <> 'HAS_FIGURE'
         WITH type(r) AS relType, startNode(r) = n AS out, m.type AS neighbourType, count(DISTINCT m) AS count
         WHERE relType IS NOT NULL
         ORDER BY count DESC, relType, out DESC, neighbourType
         RETURN collect([relType, out, neighbourType, count]) AS groups
       }
       CALL (n) {
         OPTIONAL MATCH (n)-[r]-(m:Entity) WHERE m <> n AND type(r) <> 'HAS_FIGURE'
         WITH DISTINCT m
         WITH m.type AS type, count(m) AS count
         WHERE type IS NOT NULL
         ORDER BY count DESC, type
         RETURN collect([type, count]) AS byType
       }
       RETURN groups, byType`,
      { id },
    );
    const record = result.records[0];
    if (!record) return undefined;
    const byType = (record.get('byType') as [string, unknown][]).map(([type, count]) => ({
      type,
      count: Number(toPlain(count)),
    }));
    return {
      id,
      total: byType.reduce((sum, t) => sum + t.count, 0),
      byType,
      byRelationship: (record.get('groups') as [string, boolean, string, unknown][]).map(
        ([relType, out, neighbourType, count]) => ({
          relType,
          direction: out ? ('out' as const) : ('in' as const),
          neighbourType,
          count: Number(toPlain(count)),
        }),
      ),
    };
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

/**
 * Paths through entities only (never through figures or app data), shortest or all simple ones,
 * shorter first; up to `limit`. Neither mode sorts: a sort has to see every path before it answers
 * one, and through hubs there can be millions. Every shortest path has the same length, so the
 * first `limit` of them are the answer; simple paths are found one length at a time (one branch
 * per length, united lazily), so the search stops at the length where `limit` are found. Which
 * paths of the last length make the cut is the store's order, as it was under the sort.
 */
export async function paths(db: Db, q: PathQuery): Promise<{ length: number; elements: CyElements }[]> {
  const maxLength = hops(q.maxLength, 6);
  const throughEntities = 'all(x IN nodes(p) WHERE x:Entity)';
  const simple = 'all(i IN range(0, size(nodes(p)) - 2) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])';
  const ofLength = (length: number) =>
    `MATCH p = (a)-[*${length}..${length}]-(b) WHERE ${throughEntities} AND ${simple} RETURN p`;
  const match =
    q.mode === 'shortest'
      ? `MATCH p = allShortestPaths((a)-[*..${maxLength}]-(b))
         WHERE ${throughEntities}`
      : `CALL (a, b) {
           ${Array.from({ length: maxLength }, (_, i) => ofLength(i + 1)).join(`
           UNION ALL
           `)}
         }`;
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
       WHERE a <> b
       ${match}
       WITH p LIMIT $limit
       RETURN length(p) AS length, [x IN nodes(p) | ${compactNode('x')}] AS nodes,
              [r IN relationships(p) | ${compactRel('r')}] AS rels`,
      { from: q.from, to: q.to, limit: neo4j.int(q.limit) },
    );
    return result.records.map((record) => ({
      length: Number(toPlain(record.get('length'))),
      elements: compactElements(
        record.get('nodes') as CompactNodeRow[],
        record.get('rels') as CompactEdgeRow[],
      ),
    }));
  });
}

/** The first view: the best-connected entities (optionally of some types) and the links among them. */
export async function overview(
  db: Db,
  types: string[],
  limit: number,
  links?: HubLinks,
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
       RETURN [k IN kept | ${compactNode('k.n', ', k.degree')}] AS kept, rels, heavy, total`,
      { types, limit: neo4j.int(limit), hubDegree: hubDegreeOf(links) },
    );
    const record = result.records[0];
    const rows = await membersAndRelationships(tx, record, 'kept', links);
    const elements = compactElements(rows.nodes, rows.edges);
    const total = Number(toPlain(record?.get('total') ?? 0));
    return { elements, truncated: total > rows.nodes.length, total };
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
export async function subgraph(
  db: Db,
  ids: string[],
  links?: HubLinks,
): Promise<{ elements: CyElements; missing: string[] }> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (n:Entity) WHERE n.id IN $ids
       WITH collect(n) AS members
       ${relationshipsAmongMembers()}
       RETURN [m IN members | ${compactNode('m')}] AS members, rels, heavy`,
      { ids, hubDegree: hubDegreeOf(links) },
    );
    const rows = await membersAndRelationships(tx, result.records[0], 'members', links);
    const elements = compactElements(rows.nodes, rows.edges);
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
