// The API against the real embedded Neo4j holding the seed dataset.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  CyElements,
  CypherResult,
  NodeDetail,
  SchemaInfo,
  SearchResult,
  SourcesResponse,
} from '../../contract/types';
import type { Db } from '../../server/db/driver';
import { startTestApp, testConfig, testDb } from '../helpers/neo4j';

let db: Db;
let app: Awaited<ReturnType<typeof startTestApp>>;
/** An app whose query timeout is short, for the test that needs a query to reach it. */
let quickDb: Db;
let quickApp: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  const neo4j = inject('neo4j');
  // A cold first query on a loaded machine took over 3 s: no timeout here may be what a test meets
  // unless the test is about it.
  const config = testConfig(neo4j, { QUERY_TIMEOUT_MS: '120000', CONSOLE_ROW_LIMIT: '50' });
  db = testDb(neo4j, config);
  app = await startTestApp(db, config);
  const quick = testConfig(neo4j, { QUERY_TIMEOUT_MS: '2000', CONSOLE_ROW_LIMIT: '50' });
  quickDb = testDb(neo4j, quick);
  quickApp = await startTestApp(quickDb, quick);
});
afterAll(async () => {
  await Promise.all([app.close(), quickApp.close()]);
  await Promise.all([db.close(), quickDb.close()]);
});

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(app.baseUrl + path);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return { status: res.status, body: (await res.json()) as T };
}
async function cypher(query: string, params: Record<string, unknown> = {}, base = app.baseUrl) {
  const res = await fetch(`${base}/api/cypher`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, params }),
  });
  return {
    status: res.status,
    body: (await res.json()) as CypherResult & { error?: { code: string; message: string; reason?: string } },
  };
}
const ids = (elements: CyElements) => elements.nodes.map((n) => n.data.id);

describe('GET /api/health', () => {
  it('reports the embedded Neo4j', async () => {
    const { status, body } = await get<{ status: string; neo4j: Record<string, unknown> }>('/api/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.neo4j).toMatchObject({ connected: true, edition: 'community' });
    expect(body.neo4j.version).toMatch(/^5\.26\./);
    expect(body.neo4j.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('GET /api/schema', () => {
  it('lists entity types with counts, relationship types with the labels they join, property keys', async () => {
    const { status, body } = await get<SchemaInfo>('/api/schema');
    expect(status).toBe(200);
    const zone = body.labels.find((l) => l.label === 'Zone');
    expect(zone?.count).toBeGreaterThanOrEqual(8);
    expect(zone?.nameZh).toBeTruthy();
    const linked = body.relationshipTypes.find((r) => r.type === 'LINKED_WITH');
    expect(linked?.count).toBeGreaterThanOrEqual(6);
    expect(linked?.joins).toContainEqual(expect.objectContaining({ from: 'Zone', to: 'Zone' }));
    expect(body.propertyKeys.Zone).toEqual(expect.arrayContaining(['id', 'name', 'nameEn', 'aliases']));
    // bookkeeping labels are not entities
    expect(body.labels.map((l) => l.label)).not.toContain('Figure');
    expect(body.relationshipTypes.map((r) => r.type)).not.toContain('HAS_FIGURE');
  });
});

describe('GET /api/search', () => {
  it.each([
    ['自贸片区', 'zone-qingdao-ftz-area'],
    ['自贸', 'zone-qingdao-ftz-area'],
    ['阳谷', 'zone-yanggu-edz'],
    ['free trade', 'zone-qingdao-ftz-area'],
    ['Yanggu', 'zone-yanggu-edz'],
    ['yang', 'zone-yanggu-edz'],
    ['西海岸新区', 'zone-west-coast-new-area'],
  ])('finds %s', async (q, expected) => {
    const { status, body } = await get<{ results: SearchResult[] }>(`/api/search?q=${encodeURIComponent(q)}`);
    expect(status).toBe(200);
    expect(body.results.map((r) => r.id)).toContain(expected);
    for (const r of body.results)
      expect(Object.keys(r).sort()).toEqual(['id', 'name', 'nameEn', 'score', 'type']);
  });

  it('ranks an exact Chinese name first', async () => {
    const { body } = await get<{ results: SearchResult[] }>(
      `/api/search?q=${encodeURIComponent('阳谷经开区')}`,
    );
    expect(body.results[0]?.id).toBe('zone-yanggu-edz');
  });

  it('finds a single Chinese character by substring', async () => {
    const { body } = await get<{ results: SearchResult[] }>(`/api/search?q=${encodeURIComponent('港')}`);
    expect(body.results.length).toBeGreaterThan(0);
    for (const r of body.results.slice(0, 3)) expect(r.name).toContain('港');
  });

  it('filters by type and limits', async () => {
    const { body } = await get<{ results: SearchResult[] }>('/api/search?q=zone&types=Zone&limit=3');
    expect(body.results.length).toBeLessThanOrEqual(3);
    for (const r of body.results) expect(r.type).toBe('Zone');
  });

  it('survives Lucene syntax in user text', async () => {
    const { status } = await get(
      `/api/search?q=${encodeURIComponent('free AND (trade OR "x" ~ ^ [a TO z] \\')}`,
    );
    expect(status).toBe(200);
  });

  it.each([
    ['', 'q'],
    ['?q=%20', 'q'],
    ['?q=x&limit=0', 'limit'],
    ['?q=x&limit=500', 'limit'],
    ['?q=x&types=Bogus', 'types', 'UNKNOWN_TYPE'],
    ['?q=x&types=lower', 'types', 'BAD_REQUEST'],
  ])('refuses %s naming the field', async (query, field, code = 'BAD_REQUEST') => {
    const { status, body } = await get<{ error: { code: string; message: string } }>(`/api/search${query}`);
    expect(status).toBe(400);
    // A well-formed name of a type that is not loaded has its own code (the document cannot list them).
    expect(body.error.code).toBe(code);
    expect(body.error.message).toContain(field);
  });
});

describe('GET /api/nodes/:id', () => {
  it('returns the entity with names, figures and sources', async () => {
    const { status, body } = await get<NodeDetail>('/api/nodes/zone-west-coast-new-area');
    expect(status).toBe(200);
    expect(body.node).toMatchObject({ id: 'zone-west-coast-new-area', type: 'Zone', name: '青岛西海岸新区' });
    expect(body.node.aliases).toContain('西海岸新区');
    expect(body.node.nameEn).toMatch(/West Coast/);
    expect(body.node.sources[0]).toEqual({ articleId: expect.any(String), quote: expect.any(String) });
    const gdp = body.node.figures.find((f) => f.value === 3650.31);
    expect(gdp).toMatchObject({ currency: 'CNY', multiplier: 100_000_000 });
    expect(gdp?.period?.start).toBe('2023-01-01');
    expect(body.degree).toBeGreaterThan(10);
  });

  it('keeps before→after figures', async () => {
    const { body } = await get<{ results: SearchResult[] }>(
      `/api/search?q=${encodeURIComponent('进口铜精矿')}`,
    );
    const detail = await get<NodeDetail>(`/api/nodes/${body.results[0]!.id}`);
    const clearance = detail.body.node.figures.find((f) => f.unit === 'day' && f.before);
    expect(clearance).toMatchObject({ value: 5, valueMax: 7, before: { value: 10 } });
  });

  it('404s an unknown id', async () => {
    const { status, body } = await get<{ error: { code: string } }>('/api/nodes/no-such-entity');
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });
});

describe('GET /api/nodes/:id/neighbors', () => {
  it('returns lean Cytoscape elements whose sources are one request away', async () => {
    const { status, body } = await get<{ elements: CyElements; truncated: boolean }>(
      '/api/nodes/zone-qingdao-ftz-area/neighbors',
    );
    expect(status).toBe(200);
    expect(ids(body.elements)).toContain('zone-qingdao-ftz-area');
    expect(ids(body.elements)).toContain('zone-yanggu-edz');
    const nodeIds = new Set(ids(body.elements));
    const ftz = body.elements.nodes.find((n) => n.data.id === 'zone-qingdao-ftz-area')!;
    // A place also carries its coordinates (the map layout's input).
    expect(Object.keys(ftz.data).sort()).toEqual(
      ['aliases', 'dataset', 'id', 'labels', 'lat', 'lng', 'name', 'nameEn', 'type'].sort(),
    );
    expect(ftz.data).toMatchObject({ type: 'Zone', labels: expect.arrayContaining(['Entity', 'Zone']) });
    expect(ftz.data.aliases?.length).toBeGreaterThan(0);
    for (const e of body.elements.edges) {
      expect(nodeIds.has(e.data.source) && nodeIds.has(e.data.target)).toBe(true);
      expect(e.data).not.toHaveProperty('sources');
      expect(e.data).not.toHaveProperty('sourceQuotes');
      expect(e.data.dataset).toBe('qingdao-2023-11-20');
    }
    expect(JSON.stringify(body)).not.toMatch(/sourceQuotes|sourceArticles|"quote"/);
    // scalar relationship properties stay on the edge (the details panel lists them)
    expect(body.elements.edges.some((e) => Object.keys(e.data).length > 5)).toBe(true);
    expect(body.truncated).toBe(false);

    const wanted = [...body.elements.nodes.map((n) => n.data.id)];
    for (const e of body.elements.edges) wanted.push(e.data.id, e.data.source);
    const sources = await get<SourcesResponse>(`/api/sources?ids=${[...new Set(wanted)].join(',')}`);
    expect(sources.status).toBe(200);
    expect(sources.body.missing).toEqual([]);
    for (const el of [...body.elements.nodes, ...body.elements.edges]) {
      expect(sources.body.sources[el.data.id]?.length).toBeGreaterThan(0);
      expect(sources.body.sources[el.data.id]![0]).toEqual({
        articleId: expect.any(String),
        quote: expect.any(String),
      });
    }
  });

  it('filters by type and relationship type and truncates at the limit', async () => {
    const zones = await get<{ elements: CyElements }>(
      '/api/nodes/zone-qingdao-ftz-area/neighbors?types=Zone&relTypes=LINKED_WITH',
    );
    const others = zones.body.elements.nodes.filter((n) => n.data.id !== 'zone-qingdao-ftz-area');
    expect(others.length).toBeGreaterThanOrEqual(6);
    for (const n of others) expect(n.data.type).toBe('Zone');
    for (const e of zones.body.elements.edges) expect(e.data.type).toBe('LINKED_WITH');
    // Places carry their coordinates in the lean answer (the map layout's input); Yanggu is in Liaocheng's west.
    const yanggu = others.find((n) => n.data.id === 'zone-yanggu-edz')!;
    expect(yanggu.data.lng).toBeGreaterThan(115);
    expect(yanggu.data.lng).toBeLessThan(116.5);
    const limited = await get<{ elements: CyElements; truncated: boolean }>(
      '/api/nodes/zone-qingdao-ftz-area/neighbors?limit=2',
    );
    expect(limited.body.elements.nodes).toHaveLength(3);
    expect(limited.body.truncated).toBe(true);
  });

  it('reaches further with depth', async () => {
    const one = await get<{ elements: CyElements }>('/api/nodes/zone-yanggu-edz/neighbors?depth=1');
    const two = await get<{ elements: CyElements }>('/api/nodes/zone-yanggu-edz/neighbors?depth=2');
    expect(two.body.elements.nodes.length).toBeGreaterThan(one.body.elements.nodes.length);
  });

  it('refuses bad parameters and unknown ids', async () => {
    expect((await get('/api/nodes/zone-yanggu-edz/neighbors?depth=4')).status).toBe(400);
    expect((await get('/api/nodes/zone-yanggu-edz/neighbors?relTypes=NOPE')).status).toBe(400);
    expect((await get('/api/nodes/nope/neighbors')).status).toBe(404);
  });
});

describe('GET /api/paths', () => {
  it('finds the shortest path between two linked zones', async () => {
    const { status, body } = await get<{ paths: { length: number; elements: CyElements }[] }>(
      '/api/paths?from=zone-yanggu-edz&to=zone-rizhao-cbz',
    );
    expect(status).toBe(200);
    expect(body.paths.length).toBeGreaterThan(0);
    const first = body.paths[0]!;
    expect(first.length).toBe(first.elements.edges.length);
    expect(ids(first.elements)).toEqual(expect.arrayContaining(['zone-yanggu-edz', 'zone-rizhao-cbz']));
    expect(first.elements.nodes[0]!.data.name).toBeTruthy();
    expect(first.elements.edges[0]!.data).not.toHaveProperty('sources');
  });

  it('lists several simple paths in mode=all, shortest first', async () => {
    const { body } = await get<{ paths: { length: number }[] }>(
      '/api/paths?from=zone-yanggu-edz&to=zone-rizhao-cbz&mode=all&maxLength=3',
    );
    expect(body.paths.length).toBeGreaterThan(1);
    const lengths = body.paths.map((p) => p.length);
    expect([...lengths].sort((a, b) => a - b)).toEqual(lengths);
  });

  it('returns no paths when none exist within the length', async () => {
    const { body } = await get<{ paths: unknown[] }>('/api/paths?from=zone-yanggu-edz&to=zone-yanggu-edz');
    expect(body.paths).toEqual([]);
  });

  it('validates', async () => {
    expect((await get('/api/paths?from=zone-yanggu-edz')).status).toBe(400);
    expect((await get('/api/paths?from=zone-yanggu-edz&to=zone-rizhao-cbz&maxLength=7')).status).toBe(400);
    expect((await get('/api/paths?from=zone-yanggu-edz&to=zone-rizhao-cbz&mode=longest')).status).toBe(400);
    expect((await get('/api/paths?from=zone-yanggu-edz&to=nope')).status).toBe(404);
  });
});

describe('GET /api/graph', () => {
  it('returns the best-connected entities first, with degrees, and no dangling edges', async () => {
    const { body } = await get<{ elements: CyElements; truncated: boolean; total: number }>(
      '/api/graph?limit=10',
    );
    expect(body.elements.nodes).toHaveLength(10);
    expect(body.truncated).toBe(true);
    const degrees = body.elements.nodes.map((n) => n.data.degree as number);
    expect([...degrees].sort((a, b) => b - a)).toEqual(degrees);
    const all = await get<{ elements: CyElements; truncated: boolean; total: number }>('/api/graph');
    expect(all.body.truncated).toBe(false);
    expect(all.body.elements.nodes).toHaveLength(all.body.total);
    const nodeIds = new Set(ids(all.body.elements));
    for (const e of all.body.elements.edges)
      expect(nodeIds.has(e.data.source) && nodeIds.has(e.data.target)).toBe(true);
  });
});

describe('GET /api/graph never sends an edge without both its ends', () => {
  type Overview = { elements: CyElements; truncated: boolean; total: number };
  const dangling = (body: Overview) => {
    const nodeIds = new Set(ids(body.elements));
    return body.elements.edges
      .filter((e) => !nodeIds.has(e.data.source) || !nodeIds.has(e.data.target))
      .map((e) => e.data.id);
  };

  it('at every cut of the ranking, where the best-connected entities link to ones left out', async () => {
    const { body: all } = await get<Overview>('/api/graph');
    const limits = [1, 3, 10, 40, all.total - 1];
    for (const limit of limits) {
      const { status, body } = await get<Overview>(`/api/graph?limit=${limit}`);
      expect(status).toBe(200);
      expect(body.elements.nodes).toHaveLength(Math.min(limit, all.total));
      // A cut that keeps a hub and drops its neighbours must drop the hub's edges to them too.
      expect({ limit, dangling: dangling(body) }).toEqual({ limit, dangling: [] });
    }
    // The small cuts really do leave linked entities out, so the check above can fail.
    const { body: top } = await get<Overview>('/api/graph?limit=5');
    const kept = new Set(ids(top.elements));
    const droppedNeighbour = all.elements.edges.some(
      (e) => kept.has(e.data.source) !== kept.has(e.data.target),
    );
    expect(droppedNeighbour).toBe(true);
  });

  it('for each entity type on its own', async () => {
    const { body: schema } = await get<SchemaInfo>('/api/schema');
    for (const { label } of schema.labels) {
      const { body } = await get<Overview>(`/api/graph?types=${label}&limit=20`);
      for (const n of body.elements.nodes) expect(n.data.type).toBe(label);
      expect({ label, dangling: dangling(body) }).toEqual({ label, dangling: [] });
    }
  });
});

describe('GET /api/sources', () => {
  const sourcesOf = (ids: string) => get<SourcesResponse>(`/api/sources?ids=${encodeURIComponent(ids)}`);

  it('answers entities by id and relationships listed with one of their ends', async () => {
    const detail = await get<NodeDetail>('/api/nodes/zone-yanggu-edz');
    const pair = await get<{ elements: CyElements }>(
      '/api/subgraph?ids=zone-qingdao-ftz-area,zone-yanggu-edz',
    );
    const link = pair.body.elements.edges.find((e) => e.data.type === 'LINKED_WITH')!;
    const { status, body } = await sourcesOf(`zone-yanggu-edz,${link.data.id},${link.data.source}`);
    expect(status).toBe(200);
    expect(body.sources['zone-yanggu-edz']).toEqual(detail.body.node.sources);
    expect(body.sources[link.data.id]!.length).toBeGreaterThan(0);
    expect(body.sources[link.data.id]![0]!.quote).toBeTruthy();
    expect(body.missing).toEqual([]);
  });

  it('lists unknown ids and relationships without a listed end as missing', async () => {
    const pair = await get<{ elements: CyElements }>(
      '/api/subgraph?ids=zone-qingdao-ftz-area,zone-yanggu-edz',
    );
    const link = pair.body.elements.edges[0]!;
    const { status, body } = await sourcesOf(`${link.data.id},no-such-thing,__proto__`);
    expect(status).toBe(200);
    expect(body.sources).toEqual({});
    expect(body.missing.sort()).toEqual([link.data.id, 'no-such-thing', '__proto__'].sort());
  });

  it('validates the id list', async () => {
    expect((await get('/api/sources')).status).toBe(400);
    expect((await get('/api/sources?ids=,')).status).toBe(400);
    const many = Array.from({ length: 501 }, (_, i) => `id-${i}`).join(',');
    expect((await get(`/api/sources?ids=${many}`)).status).toBe(400);
  });
});

describe('GET /api/articles/:id', () => {
  it('returns the article text that quotes come from', async () => {
    const { body } = await get<{ article: { text: string; title: string } }>(
      '/api/articles/qdmp-2023-11-20-ftz-linkage',
    );
    expect(body.article.title).toBe('联动创新区建设取得新实效');
    expect(body.article.text).toContain('进口铜精矿两段监管新模式');
  });
});

describe('POST /api/cypher', () => {
  it('shows figures as figures of their entity, never as nodes of their own', async () => {
    const park = 'park-new-display-industrial-park';
    const { status, body } = await cypher(
      'MATCH (n:Entity {id: $id})-[r:HAS_FIGURE]->(f:Figure) RETURN n, r, f',
      { id: park },
    );
    expect(status).toBe(200);
    expect(body.rows).toHaveLength(4);
    expect(body.elements.nodes.map((n) => n.data.id)).toEqual([park]);
    expect(body.elements.nodes[0]!.data.figures).toHaveLength(4);
    expect(body.elements.edges).toEqual([]);
    // Figures alone bring their entities.
    const alone = await cypher('MATCH (f:Figure) WHERE f.id IN $ids RETURN f', {
      ids: ['fig-display-park-area', 'fig-display-park-sections'],
    });
    expect(alone.body.elements.nodes.map((n) => n.data.id)).toEqual([park]);
    expect(alone.body.elements.nodes.every((n) => n.data.type !== 'Figure')).toBe(true);
  });

  it("puts a syntax error's line and column on the query as typed, blank lines and spaces before it too", async () => {
    const { status, body } = await cypher('\n\n  MATCH (n RETURN n');
    expect(status).toBe(400);
    expect(body.error?.message).toContain('(line 3, column 12 (offset: 13))');
  });

  it('returns columns, rows, elements and a summary', async () => {
    const { status, body } = await cypher(
      'MATCH (a:Entity {id: $id})-[r:LINKED_WITH]-(b) RETURN a, r, b.name AS name',
      { id: 'zone-qingdao-ftz-area' },
    );
    expect(status).toBe(200);
    expect(body.columns).toEqual(['a', 'r', 'name']);
    expect(body.rows.length).toBeGreaterThanOrEqual(6);
    expect(body.elements.nodes.map((n) => n.data.id)).toContain('zone-qingdao-ftz-area');
    expect(body.elements.edges.length).toBe(0); // b was not returned as a node: no dangling edges
    expect(body.summary.queryType).toBe('r');
    expect(body.truncated).toBe(false);
  });

  it('draws paths and converts integers', async () => {
    const { body } = await cypher(
      'MATCH p = (:Entity {id: $id})-[:LINKED_WITH]-() RETURN p, length(p) AS len LIMIT $n',
      {
        id: 'zone-qingdao-ftz-area',
        n: 2,
      },
    );
    expect(body.rows).toHaveLength(2);
    expect(body.rows[0]![1]).toBe(1);
    expect(body.elements.edges).toHaveLength(2);
  });

  it('caps rows', async () => {
    const { body } = await cypher('UNWIND range(1, 1000) AS x RETURN x');
    expect(body.rows).toHaveLength(50);
    expect(body.truncated).toBe(true);
  });

  it('reports syntax errors plainly', async () => {
    const { status, body } = await cypher('MATCH (n RETURN n');
    expect(status).toBe(400);
    expect(body.error?.code).toBe('CYPHER_ERROR');
  });

  it('answers 405 with Allow for a known path asked with a wrong method, 404 for an unknown path', async () => {
    for (const [method, path, allow] of [
      ['DELETE', '/api/search?q=x', 'GET, HEAD'],
      ['GET', '/api/cypher', 'POST'],
      ['PATCH', '/api/stories/some-id', 'DELETE, GET, HEAD, PUT'],
      ['POST', '/api/nodes/zone-yanggu-edz', 'GET, HEAD'],
    ] as const) {
      const res = await fetch(`${app.baseUrl}${path}`, { method });
      const body = (await res.json()) as { error: { code: string } };
      expect({ path, status: res.status, allow: res.headers.get('allow'), code: body.error.code }).toEqual({
        path,
        status: 405,
        allow,
        code: 'METHOD_NOT_ALLOWED',
      });
    }
    const unknown = await fetch(`${app.baseUrl}/api/no-such-endpoint`, { method: 'DELETE' });
    expect(unknown.status).toBe(404);
  });

  it('places a syntax error on the query as typed, not on the hidden EXPLAIN', async () => {
    const { status, body } = await cypher('MATCH (n RETURN n');
    expect(status).toBe(400);
    expect(body.error?.code).toBe('CYPHER_ERROR');
    expect(body.error?.message).toContain('(line 1, column 10 (offset: 9))');
    expect(body.error?.message).not.toContain('EXPLAIN');
  });

  it('stops a runaway query at the timeout while other requests are answered', async () => {
    // 9e18 rows cannot be counted on any machine: the only possible answer is the timeout's.
    const runaway = cypher(
      'UNWIND range(1, 9000000000000000000) AS x WITH x WHERE x % 7 = 100 RETURN count(x)',
      {},
      quickApp.baseUrl,
    );
    const health = await get('/api/health');
    expect(health.status).toBe(200);
    const { status, body } = await runaway;
    expect(status).toBe(408);
    expect(body.error?.code).toBe('QUERY_TIMEOUT');
  });

  const countAll = async () => {
    const { body } = await cypher(
      'MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r',
    );
    return body.rows[0];
  };

  it.each([
    ['a create', 'CREATE (n:Hacked) RETURN n'],
    ['a delete', 'MATCH (n) DETACH DELETE n'],
    ['a property update', "MATCH (n:Entity) SET n.name = 'x'"],
    ['a merge', "MERGE (n:Entity {id: 'x'})"],
    ['index creation', 'CREATE INDEX hacked FOR (n:Entity) ON (n.nameEn)'],
    ['constraint drop', 'DROP CONSTRAINT entity_id'],
    ['LOAD CSV of a local file', "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line"],
    ['LOAD CSV over the network', "LOAD CSV FROM 'http://127.0.0.1:1/x.csv' AS line RETURN line"],
    ['an admin procedure', 'CALL dbms.killQueries(["query-1"])'],
    ['a write procedure', "CALL db.createLabel('Hacked')"],
    ['a procedure in odd case', "CALL DB.CreateLabel('Hacked')"],
    ['multiple statements', 'MATCH (n) RETURN n; MATCH (n) DETACH DELETE n'],
    ['a write hidden after a comment', 'MATCH (n) /* harmless */ DETACH DELETE n'],
    ['a write after a line comment', 'MATCH (n) // read\nDELETE n'],
    ['a zero-width-space trick', 'MATCH (n) DE\u200bLETE n'],
    ['batched writes', 'MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS'],
    ['switching to the system database', 'USE system SHOW USERS'],
    ['user management', "CREATE USER hacker SET PASSWORD 'x'"],
    ['a write in a subquery', 'CALL { CREATE (n:Hacked) RETURN n } RETURN n'],
    ['FOREACH', 'MATCH (n) FOREACH (x IN [1] | SET n.hacked = true)'],
  ])('refuses %s and leaves the graph unchanged', async (_name, query) => {
    const before = await countAll();
    const { status, body } = await cypher(query);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(body.error?.message).toBeTruthy();
    expect(await countAll()).toEqual(before);
  });

  it('refuses a read-looking query that Neo4j classifies as a write (EXPLAIN layer)', async () => {
    // `startNode` etc. are reads, so reach the EXPLAIN layer through a write the guard cannot see:
    // a write procedure under a backtick-quoted alias name is still caught by the guard, so call
    // the classification directly on a statement with a write clause hidden as a map key.
    const { classifyQuery } = await import('../../server/queries/console');
    expect(await classifyQuery(db, 'CREATE (n:Hacked)', {}, 60_000)).toBe('w');
    expect(await classifyQuery(db, 'MATCH (n) RETURN n', {}, 60_000)).toBe('r');
  });

  it('answers a repeated query from the read-only verdict cache, one round trip instead of two', async () => {
    const { runReadQuery } = await import('../../server/queries/console');
    let reads = 0;
    // A Db of its own (so a cache of its own) that counts transactions: EXPLAIN is one, the query one.
    const counting = Object.create(db) as Db;
    counting.read = ((work, options) => {
      reads++;
      return db.read(work, options);
    }) as Db['read'];
    counting.readUntil = ((work, options) => {
      reads++;
      return db.readUntil(work, options);
    }) as Db['readUntil'];
    const options = { timeoutMs: 60_000, deadlineMs: 61_000, rowLimit: 50 };
    const query = 'MATCH (z:Zone) RETURN count(z) AS zones';
    const first = await runReadQuery(counting, query, {}, options);
    expect(reads).toBe(2);
    const again = await runReadQuery(counting, query, {}, options);
    expect(reads).toBe(3);
    expect(again.rows).toEqual(first.rows);
    expect(again.summary.queryType).toBe('r');

    // Only read-only verdicts are kept, and on the whole text: a write that starts with a cached
    // read is classified (and refused) every time.
    const write = `${query} UNION CREATE (h:Hacked) RETURN 1 AS zones`;
    for (let i = 0; i < 2; i++) {
      reads = 0;
      await expect(runReadQuery(counting, write, {}, options)).rejects.toMatchObject({
        reason: 'NOT_READ_ONLY',
      });
      expect(reads).toBe(1);
    }
    const hacked = await db.read((tx) => tx.run('MATCH (h:Hacked) RETURN count(h) AS c'));
    expect(Number(hacked.records[0]!.get('c'))).toBe(0);
  });

  it('repeats a query through the API and refuses a write every time', async () => {
    for (let i = 0; i < 3; i++) {
      const ok = await cypher('MATCH (z:Zone) RETURN z.id AS id ORDER BY id LIMIT 3');
      expect(ok.status).toBe(200);
      expect(ok.body.rows).toHaveLength(3);
      const refused = await cypher("MATCH (z:Zone {id: 'zone-yanggu-edz'}) SET z.hacked = true RETURN z");
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
    }
    const left = await cypher("MATCH (z:Zone {id: 'zone-yanggu-edz'}) RETURN z.hacked AS hacked");
    expect(left.body.rows).toEqual([[null]]);
  });

  it('refuses writes in the READ transaction layer even without the other layers', async () => {
    await expect(db.read((tx) => tx.run('CREATE (n:Hacked) RETURN n'))).rejects.toMatchObject({
      code: 'Neo.ClientError.Statement.AccessMode',
    });
  });

  it('has file URLs switched off in Neo4j itself', async () => {
    await expect(
      db.read((tx) => tx.run("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line LIMIT 1")),
    ).rejects.toThrow();
  });

  it('validates the body', async () => {
    const bad = await fetch(`${app.baseUrl}/api/cypher`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": 5}',
    });
    expect(bad.status).toBe(400);
    const broken = await fetch(`${app.baseUrl}/api/cypher`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('BAD_JSON');
    const huge = await fetch(`${app.baseUrl}/api/cypher`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'RETURN 1', params: { x: 'y'.repeat(300_000) } }),
    });
    expect(huge.status).toBe(413);
    let nested: unknown = 1;
    for (let i = 0; i < 1000; i++) nested = [nested];
    const deep = await fetch(`${app.baseUrl}/api/cypher`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'RETURN $x', params: { x: nested } }),
    });
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as { error: { message: string } }).error.message).toMatch(/params: may nest/);
  });
});

describe('everywhere', () => {
  it('answers unknown API paths with a JSON 404', async () => {
    const { status, body } = await get<{ error: { code: string } }>('/api/nope');
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
  });

  it('serves an OpenAPI 3.1 document generated from the request schemas', async () => {
    const { body } = await get<{
      openapi: string;
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    }>('/api/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    expect(body.paths['/api/search']?.get?.parameters?.map((p) => p.name)).toEqual(['q', 'types', 'limit']);
    expect(body.paths['/api/sources']?.get?.parameters?.map((p) => p.name)).toEqual(['ids']);
    const docs = await fetch(`${app.baseUrl}/api/docs`);
    expect(await docs.text()).toContain('/api/openapi.json');
  });

  it('never shows a stack trace', async () => {
    const res = await fetch(`${app.baseUrl}/api/nodes/${'x'.repeat(300)}`);
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('GET /api/subgraph', () => {
  it('returns the given entities, the links among them, and reports missing ids', async () => {
    const { status, body } = await get<{ elements: CyElements; missing: string[] }>(
      '/api/subgraph?ids=zone-qingdao-ftz-area,zone-yanggu-edz,gone-entity',
    );
    expect(status).toBe(200);
    expect(ids(body.elements).sort()).toEqual(['zone-qingdao-ftz-area', 'zone-yanggu-edz']);
    expect(body.elements.edges.map((e) => e.data.type)).toContain('LINKED_WITH');
    expect(body.missing).toEqual(['gone-entity']);
    expect((await get('/api/subgraph')).status).toBe(400);
  });
});
