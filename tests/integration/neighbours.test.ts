// The neighbours, paths, subgraph and overview queries (server/queries/explore.ts) give the answers
// the queries before issue 18 gave. Those queries are kept here, verbatim, as the oracle: both run
// against the seed plus a synthetic graph with hubs, and the sorted nodes and edges must match,
// with and without the list of hub relationships, with a list read before a delete (stale), and
// with a list whose threshold makes most members hubs; where an answer is cut at its limit, what
// the new query picks is defined (nearest neighbours first, shortest paths first) and compared.
// Also: a hub's neighbour summary, and paging one of its groups through the neighbours operation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import neo4j from 'neo4j-driver';
import type { CyElements } from '../../contract/types';
import { generateFromSeed } from '../../graph-seed/synthetic-files';
import type { Db } from '../../server/db/driver';
import { toPlain } from '../../server/db/mapper';
import {
  hubLinks,
  neighbors,
  neighbourSummary,
  paths,
  subgraph,
  overview,
  type HubLinks,
  type NeighborQuery,
  type PathQuery,
} from '../../server/queries/explore';
import { loadDatasetFile } from '../../server/seed/loader';
import { loadSynthetic } from '../../server/seed/synthetic-loader';
import { startTestApp, testConfig, testDb } from '../helpers/neo4j';
import { scratchNeo4j, type ScratchNeo4j } from '../helpers/scratch-neo4j';

// Starts a JVM and loads 3,000 entities: minutes on a busy machine, never more than this.
const CAP = 360_000;
const LIMIT = 200;
const synth = generateFromSeed({ nodes: 3000, seed: 18 });

// ---- the oracle: the queries as they were before issue 18 (commit 0a3224d) ----
const PROVENANCE_KEYS = "['sourceArticles', 'sourceQuotes', 'searchText']";
const leanNode = (v: string, extra = '') =>
  `{id: ${v}.id, type: ${v}.type, name: ${v}.name, nameEn: ${v}.nameEn, aliases: ${v}.aliases,
    dataset: ${v}.dataset, labels: labels(${v})${extra}}`;
const leanRel = (v: string) =>
  `{id: coalesce(${v}.id, elementId(${v})), type: type(${v}), source: startNode(${v}).id, target: endNode(${v}).id,
    props: [k IN keys(${v}) WHERE NOT k IN ${PROVENANCE_KEYS} | [k, ${v}[k]]]}`;
const relationshipsAmongMembers = ({ onlyRelTypes = false } = {}) =>
  `OPTIONAL CALL (members) {
         UNWIND members AS a
         MATCH (a)-[r]->(b:Entity)
         WHERE b IN members${onlyRelTypes ? ' AND (size($relTypes) = 0 OR type(r) IN $relTypes)' : ''}
         RETURN collect(${leanRel('r')}) AS rels
       }`;
type Direction = 'both' | 'out' | 'in';
const ARROWS: Record<Direction, [string, string]> = { both: ['-', '-'], out: ['-', '->'], in: ['<-', '-'] };
const OLD_NEIGHBOURS = (depth: number, direction: Direction = 'both') => `MATCH (n:Entity {id: $id})
       OPTIONAL CALL (n) {
         MATCH p = (n)${ARROWS[direction][0]}[rs*1..${depth}]${ARROWS[direction][1]}(m:Entity)
         WHERE m <> n
           AND all(r IN rs WHERE type(r) <> 'HAS_FIGURE' AND (size($relTypes) = 0 OR type(r) IN $relTypes))
           AND all(x IN nodes(p) WHERE x:Entity)
           AND (size($types) = 0 OR m.type IN $types)
         RETURN DISTINCT m SKIP $offset LIMIT $scan
       }
       WITH n, collect(m) AS found
       WITH n, found[0..$limit] AS ms, size(found) > $limit AS truncated
       WITH n, [n] + ms AS members, truncated
       ${relationshipsAmongMembers({ onlyRelTypes: true })}
       RETURN [m IN members | ${leanNode('m')}] AS members, rels, truncated`;
const OLD_SUBGRAPH = `MATCH (n:Entity) WHERE n.id IN $ids
       WITH collect(n) AS members
       ${relationshipsAmongMembers()}
       RETURN [m IN members | ${leanNode('m')}] AS members, rels`;
const OLD_OVERVIEW = `MATCH (n:Entity) WHERE size($types) = 0 OR n.type IN $types
       WITH n, COUNT { (n)--(:Entity) } AS degree
       ORDER BY degree DESC, n.id
       WITH collect({n: n, degree: degree}) AS ranked
       WITH ranked[0..$limit] AS kept, size(ranked) AS total
       WITH [k IN kept | k.n] AS members, kept, total
       ${relationshipsAmongMembers()}
       RETURN [k IN kept | ${leanNode('k.n', ', degree: k.degree')}] AS kept, rels, total`;

interface Sorted {
  nodes: string[];
  edges: string[];
  truncated?: boolean;
}

/** Old rows (maps) in the answer's terms: what the API showed of each node and edge, sorted. */
function sortedOld(nodes: Record<string, unknown>[], rels: Record<string, unknown>[]): Sorted {
  const plain = (v: unknown) => toPlain(v);
  const ids = new Set(nodes.map((n) => n.id));
  return {
    nodes: [
      ...new Set(
        nodes.map((n) =>
          JSON.stringify([
            n.id,
            n.type,
            n.name ?? n.id,
            n.nameEn ?? '',
            n.aliases ?? [],
            n.dataset ?? null,
            n.labels,
            n.degree === undefined ? null : plain(n.degree),
          ]),
        ),
      ),
    ].sort(),
    edges: [
      ...new Set(
        rels
          .filter((r) => ids.has(r.source) && ids.has(r.target))
          .map((r) =>
            JSON.stringify([
              r.id,
              r.type,
              r.source,
              r.target,
              // as the answer's edge data: the edge's own id, ends and type win over properties
              Object.fromEntries(
                ((r.props as [string, unknown][]) ?? [])
                  .filter(([k]) => !['id', 'source', 'target', 'type'].includes(k))
                  .map(([k, v]) => [k, plain(v)])
                  .sort(),
              ),
            ]),
          ),
      ),
    ].sort(),
  };
}

function sortedNew(elements: CyElements): Sorted {
  return {
    nodes: elements.nodes
      .map(({ data: { id, type, name, nameEn, aliases, dataset, labels, degree } }) =>
        JSON.stringify([id, type, name, nameEn, aliases, dataset ?? null, labels, degree ?? null]),
      )
      .sort(),
    edges: elements.edges
      .map(({ data: { id, type, source, target, ...props } }) =>
        JSON.stringify([id, type, source, target, Object.fromEntries(Object.entries(props).sort())]),
      )
      .sort(),
  };
}

let neo4jServer: ScratchNeo4j;
let db: Db;
/** Ids: every seed entity, every 15th synthetic one, and the 5 best-connected. */
let sample: string[];
let hubs: string[];
/** The entities at the middle and at the tenth percentile of the ranking by degree. */
let median: string;
let p90: string;

beforeAll(async () => {
  neo4jServer = await scratchNeo4j();
  db = testDb(neo4jServer, testConfig(neo4jServer, { QUERY_TIMEOUT_MS: '120000' }));
  await loadDatasetFile(db, undefined, () => undefined);
  await loadSynthetic(db, synth, { log: () => undefined });
  const ranked = await db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (n:Entity) WITH n ORDER BY COUNT { (n)--(:Entity) } DESC, n.id
       RETURN collect(n.id) AS ids`,
    );
    return result.records[0]!.get('ids') as string[];
  });
  hubs = ranked.slice(0, 5);
  median = ranked[Math.floor(ranked.length / 2)]!;
  p90 = ranked[Math.floor(ranked.length / 10)]!;
  const byId = [...ranked].sort();
  sample = [...new Set([...byId.filter((id, i) => !id.startsWith('synthetic') || i % 15 === 0), ...hubs])];
}, CAP);
afterAll(async () => {
  await db?.close();
  await neo4jServer?.stop();
});

interface Filters {
  types?: string[];
  relTypes?: string[];
  direction?: Direction;
}

async function oldNeighbours(
  id: string,
  depth: number,
  filters: Filters = {},
  limit = LIMIT,
): Promise<Sorted> {
  return db.read(async (tx) => {
    const result = await tx.run(OLD_NEIGHBOURS(depth, filters.direction), {
      id,
      types: filters.types ?? [],
      relTypes: filters.relTypes ?? [],
      limit: neo4j.int(limit),
      scan: neo4j.int(limit + 1),
      offset: neo4j.int(0),
    });
    const record = result.records[0]!;
    return {
      ...sortedOld(record.get('members'), record.get('rels')),
      truncated: record.get('truncated') as boolean,
    };
  });
}

async function oldSubgraph(ids: string[]): Promise<Sorted> {
  return db.read(async (tx) => {
    const record = (await tx.run(OLD_SUBGRAPH, { ids })).records[0]!;
    return sortedOld(record.get('members'), record.get('rels'));
  });
}

async function newNeighbours(
  id: string,
  depth: number,
  links: HubLinks | undefined,
  filters: Filters = {},
): Promise<Sorted> {
  const answer = await neighbors(
    db,
    {
      id,
      depth,
      types: filters.types ?? [],
      relTypes: filters.relTypes ?? [],
      direction: filters.direction,
      limit: LIMIT,
    },
    links,
  );
  return { ...sortedNew(answer!.elements), truncated: answer!.truncated };
}

/** The members of `hub`'s neighbourhood, fetched a page of `q.limit` at a time until one is not cut. */
async function everyPage(hub: string, q: Omit<NeighborQuery, 'id' | 'offset'>): Promise<string[]> {
  const seen: string[] = [];
  for (let offset = 0; ; offset += q.limit) {
    const page = (await neighbors(db, { ...q, id: hub, offset }))!;
    seen.push(...page.elements.nodes.map((n) => n.data.id).filter((id) => id !== hub));
    if (!page.truncated) return seen;
  }
}

const idOf = (row: string) => JSON.parse(row)[0] as string;
const typeOfEdge = (row: string) => JSON.parse(row)[1] as string;

/**
 * The new answer against the oracle. Complete answers (under the limit) must be the same. Where
 * both are cut at the limit, the oracle's members are the first in the store's order of a
 * variable-length walk, the new ones are defined as nearest first (every neighbour one hop away
 * before any two hops away; within a distance, the store's order): then the members must be as many,
 * all within the depth (the oracle without a limit), nearest first, and the edges the oracle's
 * subgraph of them (of the filtered types).
 */
async function expectSameAsOracle(
  id: string,
  depth: number,
  links: HubLinks | undefined,
  filters: Filters = {},
) {
  const [before, now] = await Promise.all([
    oldNeighbours(id, depth, filters),
    newNeighbours(id, depth, links, filters),
  ]);
  expect(now.truncated, id).toBe(before.truncated);
  if (!before.truncated || JSON.stringify(before.nodes) === JSON.stringify(now.nodes)) {
    expect(now, id).toEqual(before);
    return;
  }
  const all = await oldNeighbours(id, depth, filters, 100_000);
  expect(now.nodes.length).toBe(before.nodes.length);
  expect(all.nodes).toEqual(expect.arrayContaining(now.nodes));
  const members = now.nodes.map(idOf);
  if (depth > 1) {
    const near = (await oldNeighbours(id, depth - 1, filters, 100_000)).nodes.map(idOf);
    const beyond = members.filter((m) => m !== id && !near.includes(m));
    if (beyond.length) expect(members, id).toEqual(expect.arrayContaining(near));
  }
  const among = await oldSubgraph(members);
  const relTypes = filters.relTypes ?? [];
  const ofTypes = among.edges.filter((e) => !relTypes.length || relTypes.includes(typeOfEdge(e)));
  expect(now.edges, id).toEqual(ofTypes);
}

describe('neighbours: the answers of the queries before issue 18', { timeout: CAP }, () => {
  it('the graph has hubs whose neighbours are more than a page', async () => {
    const top = await oldNeighbours(hubs[0]!, 1);
    expect(top.truncated).toBe(true);
    expect(sample.length).toBeGreaterThan(250);
  });

  it('depth 1, with the list of hub relationships, without it, and with most members hubs', async () => {
    const links = await hubLinks(db);
    const low = await hubLinks(db, 5);
    expect(low.hubs.size).toBeGreaterThan(links.hubs.size);
    for (const id of sample) {
      await expectSameAsOracle(id, 1, links);
      await expectSameAsOracle(id, 1, undefined);
      await expectSameAsOracle(id, 1, low);
    }
  });

  it('depth 1 and 2 with type and relationship filters', async () => {
    const links = await hubLinks(db, 5);
    for (const id of sample.filter((_, i) => i % 4 === 0)) {
      await expectSameAsOracle(id, 1, links, { relTypes: ['LOCATED_IN', 'PART_OF'] });
      await expectSameAsOracle(id, 1, links, { types: ['Company', 'Park'] });
      await expectSameAsOracle(id, 2, links, { relTypes: ['LOCATED_IN', 'PART_OF', 'ATTRACTED'] });
    }
  });

  it('depth 2 at hubs and at the median and p90 entity, each way, with and without filters', async () => {
    const links = await hubLinks(db);
    const ids = [...hubs, median, p90];
    const filters: Filters[] = [
      {},
      { direction: 'out' },
      { direction: 'in' },
      { types: ['Company'] },
      { relTypes: ['LOCATED_IN', 'PART_OF'], direction: 'out' },
      { types: ['Park', 'Zone'], relTypes: ['LOCATED_IN', 'PART_OF', 'ATTRACTED'], direction: 'in' },
    ];
    for (const id of ids) for (const f of filters) await expectSameAsOracle(id, 2, links, f);
    // Some of these must be cut at the limit for the nearest-first rule to be tried.
    expect((await oldNeighbours(hubs[4]!, 2)).truncated).toBe(true);
  });

  it("pages a hub's depth-2 neighbourhood: every member once, nearest first", async () => {
    const hub = hubs[1]!;
    const filters: Filters = { types: ['Company'], direction: 'in' };
    const all = (await oldNeighbours(hub, 2, filters, 100_000)).nodes.map(idOf).filter((m) => m !== hub);
    const near = (await oldNeighbours(hub, 1, filters, 100_000)).nodes.map(idOf).filter((m) => m !== hub);
    expect(all.length).toBeGreaterThan(near.length);
    const seen = await everyPage(hub, {
      depth: 2,
      types: ['Company'],
      relTypes: [],
      direction: 'in',
      limit: 150,
    });
    expect(seen).toHaveLength(all.length);
    expect(new Set(seen)).toEqual(new Set(all));
    expect(new Set(seen.slice(0, near.length))).toEqual(new Set(near));
  });

  it('depth 2 and 3', async () => {
    const links = await hubLinks(db, 5);
    for (const id of sample.filter((_, i) => i % 3 === 0)) await expectSameAsOracle(id, 2, links);
    for (const id of sample.filter((_, i) => i % 20 === 0)) await expectSameAsOracle(id, 3, links);
  });

  it('subgraphs and the overview', async () => {
    const links = await hubLinks(db, 5);
    for (let start = 0; start < sample.length; start += 40) {
      const ids = [...sample.slice(start, start + 60), ...hubs, 'no-such-entity'];
      const answer = await subgraph(db, ids, links);
      expect(sortedNew(answer.elements)).toEqual(await oldSubgraph(ids));
      expect(answer.missing).toEqual(['no-such-entity']);
    }
    for (const limit of [10, 300]) {
      const now = await overview(db, [], limit, links);
      const before = await db.read(async (tx) => {
        const record = (await tx.run(OLD_OVERVIEW, { types: [], limit: neo4j.int(limit) })).records[0]!;
        return sortedOld(record.get('kept'), record.get('rels'));
      });
      expect(sortedNew(now.elements)).toEqual(before);
    }
  });

  it('a list read before relationships between hubs were deleted brings none of them back', async () => {
    const stale = await hubLinks(db, 5);
    // Two relationships between hubs that neighbours of the top hub bring together.
    const doomed = await db.read(async (tx) => {
      const result = await tx.run(
        `MATCH (a:Entity)-[r]->(b:Entity)
         WHERE COUNT { (a)--() } > 5 AND COUNT { (b)--() } > 5 AND a <> b AND type(r) <> 'HAS_FIGURE'
           AND (a.id IN $hubs OR b.id IN $hubs)
         RETURN r.id AS id, a.id AS a, b.id AS b ORDER BY r.id`,
        { hubs },
      );
      const rows = result.records.map((r) => ({ id: r.get('id') as string, ends: [r.get('a'), r.get('b')] }));
      // two with no end in common, so that the second's delete leaves the first's degrees alone
      const first = rows[0]!;
      const second = rows.find((r) => !r.ends.some((e) => first.ends.includes(e)));
      return second ? [first, second] : [first];
    });
    expect(doomed).toHaveLength(2);
    // The first is replaced at both ends by a relationship to a new entity, so its hubs keep their
    // degree and the stale list still vouches for them: only reading the listed relationship again
    // by element id (gone, or reused for another relationship) keeps it out. The second is only
    // deleted: its hubs' degrees change, so they are read afresh.
    await db.write(async (tx) => {
      await tx.run('MATCH ()-[r]->() WHERE r.id IN $ids DELETE r', { ids: doomed.map((d) => d.id) });
      await tx.run(
        `UNWIND $ends AS end
         MATCH (a:Entity {id: end})
         CREATE (a)-[:LOCATED_IN {id: 'swap-' + end}]->(:Entity:Park {id: 'park-swap-' + end, type: 'Park', name: end})`,
        { ends: doomed[0]!.ends },
      );
    });
    const [a, b] = doomed[0]!.ends as [string, string];
    const degrees = await db.read(async (tx) => {
      const result = await tx.run(
        'MATCH (n:Entity) WHERE n.id IN [$a, $b] RETURN n.id AS id, COUNT { (n)--() } AS d',
        {
          a,
          b,
        },
      );
      return Object.fromEntries(result.records.map((r) => [r.get('id'), Number(toPlain(r.get('d')))]));
    });
    expect(degrees).toEqual({ [a]: stale.hubs.get(a)!.degree, [b]: stale.hubs.get(b)!.degree });
    const ends = [...new Set(doomed.flatMap((d) => d.ends as string[]))];
    for (const id of [...ends, ...hubs]) {
      const answer = await neighbors(db, { id, depth: 1, types: [], relTypes: [], limit: LIMIT }, stale);
      const edgeIds = answer!.elements.edges.map((e) => e.data.id);
      for (const d of doomed) expect(edgeIds).not.toContain(d.id);
      await expectSameAsOracle(id, 1, stale);
    }
    const answer = await subgraph(db, ends, stale);
    expect(sortedNew(answer.elements)).toEqual(await oldSubgraph(ends));
  });
});

// ---- paths: the query before issue 18's second part, kept as the oracle ----
const OLD_PATHS = (
  mode: 'shortest' | 'all',
  maxLength: number,
) => `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
       WHERE a <> b
       ${
         mode === 'shortest'
           ? `MATCH p = allShortestPaths((a)-[*..${maxLength}]-(b))
         WHERE all(x IN nodes(p) WHERE x:Entity)`
           : `MATCH p = (a)-[*1..${maxLength}]-(b)
         WHERE all(x IN nodes(p) WHERE x:Entity)
           AND all(i IN range(0, size(nodes(p)) - 2) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])`
       }
       WITH p ORDER BY length(p) LIMIT $limit
       RETURN [x IN nodes(p) | x.id] AS nodes, [r IN relationships(p) | coalesce(r.id, elementId(r))] AS rels`;

/** A path as its entity ids and relationship ids in order. */
type PathKey = string;

async function oldPaths(q: PathQuery): Promise<PathKey[]> {
  return db.read(async (tx) => {
    const result = await tx.run(OLD_PATHS(q.mode, q.maxLength), {
      from: q.from,
      to: q.to,
      limit: neo4j.int(q.limit),
    });
    return result.records.map((r) => JSON.stringify([r.get('nodes'), r.get('rels')]));
  });
}

/** The new answer's paths as keys, each checked to be a path: its edges join its nodes in order. */
async function newPaths(q: PathQuery): Promise<PathKey[]> {
  return (await paths(db, q)).map(({ length, elements }) => {
    const nodes = elements.nodes.map((n) => n.data.id);
    const edges = elements.edges.map((e) => e.data);
    expect(edges).toHaveLength(length);
    expect(new Set(nodes).size, 'a simple path').toBe(length + 1);
    expect([nodes[0], nodes.at(-1)]).toEqual([q.from, q.to]);
    edges.forEach((e, i) => expect([e.source, e.target].sort()).toEqual([nodes[i], nodes[i + 1]].sort()));
    return JSON.stringify([nodes, edges.map((e) => e.id)]);
  });
}
const lengthOf = (key: PathKey) => (JSON.parse(key) as [string[], string[]])[1].length;

/**
 * Complete answers (fewer paths than the limit) are the same paths. Cut at the limit, which of
 * the longest kept length make the cut is the store's order in both: then as many paths, of the
 * same lengths, each a path of the graph the oracle finds with a larger limit, when that is affordable.
 */
async function expectSamePaths(q: PathQuery) {
  const [before, now] = await Promise.all([oldPaths(q), newPaths(q)]);
  const label = JSON.stringify(q);
  if (before.length < q.limit) {
    expect([...now].sort(), label).toEqual([...before].sort());
    return;
  }
  expect(now.length, label).toBe(before.length);
  expect(now.map(lengthOf), label).toEqual(before.map(lengthOf).sort((x, y) => x - y));
  expect(new Set(now).size, label).toBe(now.length);
  const more = await oldPaths({ ...q, limit: 100 });
  if (more.length < 100) expect(more, label).toEqual(expect.arrayContaining(now));
}

describe('paths: the answers of the query before issue 18', { timeout: CAP }, () => {
  it('shortest and all simple paths between hubs, the median and the p90 entity', async () => {
    const ends = [hubs[0]!, hubs[3]!, median, p90, sample[7]!];
    let cut = 0;
    for (const from of ends) {
      for (const to of ends) {
        if (from === to) continue;
        for (const maxLength of [2, 4, 6]) {
          await expectSamePaths({ from, to, mode: 'shortest', maxLength, limit: 10 });
          if ((await oldPaths({ from, to, mode: 'shortest', maxLength, limit: 10 })).length === 10) cut++;
        }
        for (const maxLength of [1, 2, 3])
          await expectSamePaths({ from, to, mode: 'all', maxLength, limit: 10 });
      }
    }
    // Some answers must be cut at the limit for that rule to be tried.
    expect(cut).toBeGreaterThan(0);
  });

  it('all simple paths from a median entity, four long, cut at the limit', async () => {
    for (const to of [hubs[0]!, hubs[2]!, p90]) {
      await expectSamePaths({ from: median, to, mode: 'all', maxLength: 4, limit: 25 });
      await expectSamePaths({ from: median, to, mode: 'all', maxLength: 4, limit: 3 });
    }
  });
});

describe('hubs as summaries', { timeout: CAP }, () => {
  it("counts a hub's neighbours by type and by relationship, and pages a chosen group", async () => {
    const hub = hubs[0]!;
    const summary = (await neighbourSummary(db, hub))!;
    const neighbours = await db.read(async (tx) => {
      const result = await tx.run(
        `MATCH (n:Entity {id: $id})-[r]-(m:Entity) WHERE m <> n AND type(r) <> 'HAS_FIGURE'
         RETURN m.id AS id, m.type AS type, type(r) AS relType, startNode(r) = n AS out`,
        { id: hub },
      );
      return result.records.map(
        (r) => r.toObject() as { id: string; type: string; relType: string; out: boolean },
      );
    });
    const distinct = (rows: { id: string }[]) => new Set(rows.map((r) => r.id)).size;
    expect(summary.total).toBe(distinct(neighbours));
    expect(summary.total).toBeGreaterThan(LIMIT);
    for (const { type, count } of summary.byType)
      expect(count, type).toBe(distinct(neighbours.filter((n) => n.type === type)));
    expect(summary.byType.reduce((s, t) => s + t.count, 0)).toBe(summary.total);
    const groups = new Set(neighbours.map((n) => `${n.relType} ${n.out} ${n.type}`));
    expect(summary.byRelationship).toHaveLength(groups.size);
    for (const g of summary.byRelationship) {
      const rows = neighbours.filter(
        (n) => n.relType === g.relType && n.out === (g.direction === 'out') && n.type === g.neighbourType,
      );
      expect(g.count, JSON.stringify(g)).toBe(distinct(rows));
    }
    const counts = summary.byRelationship.map((g) => g.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    // The largest group, paged 50 at a time: every neighbour of the group once, then no more.
    const group = summary.byRelationship[0]!;
    const want = new Set(
      neighbours
        .filter(
          (n) =>
            n.relType === group.relType &&
            n.out === (group.direction === 'out') &&
            n.type === group.neighbourType,
        )
        .map((n) => n.id),
    );
    const seen = await everyPage(hub, {
      depth: 1,
      types: [group.neighbourType],
      relTypes: [group.relType],
      direction: group.direction,
      limit: 50,
    });
    expect(seen).toHaveLength(want.size);
    expect(new Set(seen)).toEqual(want);
  });

  it('is undefined for an unknown entity and all zero for one without neighbours', async () => {
    expect(await neighbourSummary(db, 'no-such-entity')).toBeUndefined();
    await db.write((tx) => tx.run("CREATE (:Entity:Company {id: 'lonely-18', type: 'Company', name: 'x'})"));
    expect(await neighbourSummary(db, 'lonely-18')).toEqual({
      id: 'lonely-18',
      total: 0,
      byType: [],
      byRelationship: [],
    });
  });
});

describe('the routes', { timeout: CAP }, () => {
  it('answer the summary (404 for an unknown id) and page a group through the query string', async () => {
    const app = await startTestApp(db, testConfig(neo4jServer));
    try {
      const get = async (path: string) => {
        const res = await fetch(app.baseUrl + path);
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const hub = encodeURIComponent(hubs[0]!);
      const summary = await get(`/api/nodes/${hub}/neighbour-summary`);
      expect(summary.status).toBe(200);
      expect(summary.body).toEqual(await neighbourSummary(db, hubs[0]!));
      expect((await get('/api/nodes/no-such-entity/neighbour-summary')).status).toBe(404);

      const group = (
        summary.body.byRelationship as { relType: string; direction: string; neighbourType: string }[]
      )[0]!;
      const query = `types=${group.neighbourType}&relTypes=${group.relType}&direction=${group.direction}&limit=20`;
      const first = await get(`/api/nodes/${hub}/neighbors?${query}`);
      const second = await get(`/api/nodes/${hub}/neighbors?${query}&offset=20`);
      const ids = (body: Record<string, unknown>) =>
        (body.elements as CyElements).nodes.map((n) => n.data.id).filter((id) => id !== hubs[0]);
      expect(ids(first.body)).toHaveLength(20);
      expect(ids(second.body).filter((id) => ids(first.body).includes(id))).toEqual([]);
      expect((await get(`/api/nodes/${hub}/neighbors?direction=sideways`)).status).toBe(400);
    } finally {
      await app.close();
    }
  });
});
