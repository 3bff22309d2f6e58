// Read queries behind the insight endpoints (analytics, why-connected, timeline, compare).
// One named function per query, values as parameters. Path lengths cannot be parameters in Cypher;
// they arrive as validated integers and go through `hops`, which accepts nothing else.
import neo4j from 'neo4j-driver';
import type { EntityRef, Source } from '../../contract/types';
import type { Db } from '../db/driver';
import { sourcesOf, toPlain } from '../db/mapper';
import { hops } from './identifiers';

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** `n {.id, .type, .name, .nameEn}` as read back from a record. */
function toRef(value: unknown): EntityRef {
  const m = (value ?? {}) as Record<string, unknown>;
  return { id: str(m.id), type: str(m.type), name: str(m.name), nameEn: str(m.nameEn) };
}

/**
 * A cheap value that changes whenever the data does: every dataset's id, load time and load
 * state, and the node, relationship and figure counts (Neo4j answers counts from its count store).
 */
export async function graphFingerprint(db: Db): Promise<string> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `CALL () {
         MATCH (d:Dataset) WITH d ORDER BY d.id
         RETURN collect(d.id + '@' + coalesce(toString(d.loadedAt), '') + ':' + coalesce(toString(d.loadState), '') +
                        '#' + coalesce(toString(d.revision), '0')) AS datasets
       }
       CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
       CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
       CALL () { MATCH (f:Figure) RETURN count(f) AS figures }
       RETURN datasets, entities, relationships, figures`,
    );
    const record = result.records[0];
    if (!record) return 'empty';
    return [
      (record.get('datasets') as string[]).join(','),
      `e${str(toPlain(record.get('entities')))}`,
      `r${str(toPlain(record.get('relationships')))}`,
      `f${str(toPlain(record.get('figures')))}`,
    ].join('|');
  });
}

/** Every entity (ordered by id) with the ids of the entities its relationships point to. */
export async function knowledgeGraph(
  db: Db,
  timeoutMs: number,
): Promise<{ nodes: EntityRef[]; edges: { source: string; target: string }[] }> {
  return db.read(
    async (tx) => {
      const result = await tx.run(
        `MATCH (n:Entity)
         RETURN n {.id, .type, .name, .nameEn} AS node, [(n)-[]->(m:Entity) | m.id] AS targets
         ORDER BY n.id`,
      );
      const nodes: EntityRef[] = [];
      const edges: { source: string; target: string }[] = [];
      for (const record of result.records) {
        const node = toRef(record.get('node'));
        nodes.push(node);
        for (const target of record.get('targets') as string[]) edges.push({ source: node.id, target });
      }
      return { nodes, edges };
    },
    { timeoutMs },
  );
}

/** The entities among `ids` that exist, with their names and relationship counts. */
export async function entityRefs(db: Db, ids: string[]): Promise<(EntityRef & { degree: number })[]> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (n:Entity) WHERE n.id IN $ids
       RETURN n {.id, .type, .name, .nameEn} AS node, COUNT { (n)--(:Entity) } AS degree`,
      { ids },
    );
    return result.records.map((r) => ({ ...toRef(r.get('node')), degree: Number(r.get('degree')) }));
  });
}

export interface ExplainHopRow {
  from: EntityRef;
  to: EntityRef;
  id: string;
  type: string;
  forward: boolean;
  sources: Source[];
}

/** The shortest paths through entities only, hop by hop, each relationship with its sources. */
export async function explainPaths(
  db: Db,
  q: { from: string; to: string; maxLength: number; limit: number },
): Promise<ExplainHopRow[][]> {
  const maxLength = hops(q.maxLength, 6);
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
       WHERE a <> b
       MATCH p = allShortestPaths((a)-[*..${maxLength}]-(b))
       WHERE all(x IN nodes(p) WHERE x:Entity)
       WITH p LIMIT $limit
       WITH nodes(p) AS ns, relationships(p) AS rs,
            [n IN nodes(p) | n {.id, .type, .name, .nameEn}] AS refs
       RETURN [i IN range(0, size(rs) - 1) | {
         from: refs[i],
         to: refs[i + 1],
         id: coalesce(rs[i].id, elementId(rs[i])),
         type: type(rs[i]),
         forward: startNode(rs[i]) = ns[i],
         sourceArticles: rs[i].sourceArticles,
         sourceQuotes: rs[i].sourceQuotes
       }] AS hops`,
      { from: q.from, to: q.to, limit: neo4j.int(q.limit) },
    );
    return result.records.map((record) =>
      (record.get('hops') as Record<string, unknown>[]).map((hop) => ({
        from: toRef(hop.from),
        to: toRef(hop.to),
        id: str(hop.id),
        type: str(hop.type),
        forward: hop.forward === true,
        sources: sourcesOf(hop),
      })),
    );
  });
}

export interface FigureTimeRow {
  entityId: string;
  figureId: string;
  periodStart: string | null;
  periodEnd: string | null;
  periodLabel: string | null;
  periodLabelEn: string | null;
  date: string | null;
}

/** The time fields of every figure, with the entity it belongs to. */
export async function figureTimes(db: Db, timeoutMs: number): Promise<FigureTimeRow[]> {
  return db.read(
    async (tx) => {
      const result = await tx.run(
        `MATCH (n:Entity)-[:HAS_FIGURE]->(f:Figure)
         RETURN n.id AS entityId, f.id AS figureId, f.periodStart AS periodStart, f.periodEnd AS periodEnd,
                f.periodLabel AS periodLabel, f.periodLabelEn AS periodLabelEn, toString(f.date) AS date
         ORDER BY entityId, figureId`,
      );
      return result.records.map((r) => {
        const row = toPlain(r.toObject()) as Record<string, unknown>;
        const opt = (key: string) => (row[key] === null || row[key] === undefined ? null : String(row[key]));
        return {
          entityId: str(row.entityId),
          figureId: str(row.figureId),
          periodStart: opt('periodStart'),
          periodEnd: opt('periodEnd'),
          periodLabel: opt('periodLabel'),
          periodLabelEn: opt('periodLabelEn'),
          date: opt('date'),
        };
      });
    },
    { timeoutMs },
  );
}

/**
 * Entities dated by their own `date` or `year` property (events, awards, articles, policies). A year
 * arrives as a float (2022.0) from JSON numbers; as an integer it reads as the year it is.
 */
export async function datedEntities(
  db: Db,
  timeoutMs: number,
): Promise<{ entity: EntityRef; date: string }[]> {
  return db.read(
    async (tx) => {
      const result = await tx.run(
        `MATCH (n:Entity) WHERE n.date IS NOT NULL OR n.year IS NOT NULL
         RETURN n {.id, .type, .name, .nameEn} AS node,
                CASE WHEN n.date IS NOT NULL THEN toString(n.date) ELSE toString(toInteger(n.year)) END AS date
         ORDER BY n.id`,
      );
      return result.records.map((r) => ({ entity: toRef(r.get('node')), date: str(r.get('date')) }));
    },
    { timeoutMs },
  );
}

export interface CompareGraphRows {
  links: { id: string; type: string; source: string; target: string; sources: Source[] }[];
  shared: (EntityRef & { of: string[] })[];
}

/** Relationships among the given entities, and the entities that neighbour two or more of them. */
export async function compareGraph(db: Db, ids: string[], sharedLimit: number): Promise<CompareGraphRows> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (n:Entity) WHERE n.id IN $ids
       WITH collect(n) AS members
       CALL (members) {
         UNWIND members AS a
         MATCH (a)-[r]->(b:Entity) WHERE b IN members
         WITH a, b, r ORDER BY a.id, b.id, type(r)
         RETURN collect({id: coalesce(r.id, elementId(r)), type: type(r), source: a.id, target: b.id,
                         sourceArticles: r.sourceArticles, sourceQuotes: r.sourceQuotes}) AS links
       }
       CALL (members) {
         UNWIND members AS a
         MATCH (a)--(m:Entity) WHERE NOT m IN members
         WITH m, collect(DISTINCT a.id) AS of WHERE size(of) >= 2
         WITH m, of ORDER BY size(of) DESC, m.id LIMIT $limit
         RETURN collect(m {.id, .type, .name, .nameEn, of: of}) AS shared
       }
       RETURN links, shared`,
      { ids, limit: neo4j.int(sharedLimit) },
    );
    const record = result.records[0];
    const links = ((record?.get('links') as Record<string, unknown>[] | undefined) ?? []).map((l) => ({
      id: str(l.id),
      type: str(l.type),
      source: str(l.source),
      target: str(l.target),
      sources: sourcesOf(l),
    }));
    const shared = ((record?.get('shared') as Record<string, unknown>[] | undefined) ?? []).map((m) => ({
      ...toRef(m),
      of: [...(m.of as string[])].sort(),
    }));
    return { links, shared };
  });
}
