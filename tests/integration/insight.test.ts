// The insight endpoints against the real embedded Neo4j holding the seed dataset.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  AnalyticsResponse,
  CompareResponse,
  ExplainResponse,
  NodeDetail,
  SchemaInfo,
  TimelineResponse,
} from '../../contract/types';
import { dataVersionOf } from '../../server/data-version';
import type { Db } from '../../server/db/driver';
import { startTestApp, testConfig, testDb } from '../helpers/neo4j';

let db: Db;
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  const neo4j = inject('neo4j');
  const config = testConfig(neo4j, { QUERY_TIMEOUT_MS: '60000' });
  db = testDb(neo4j, config);
  app = await startTestApp(db, config);
});
afterAll(async () => {
  await removeTestData();
  await app.close();
  await db.close();
});

type ErrorBody = { error: { code: string; message: string } };
async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(app.baseUrl + path);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return { status: res.status, body: (await res.json()) as T };
}

// The shared database holds the seed for every test file: what this file adds it removes again.
const TEST_DATASET = 'insight-test';
const removeTestData = () =>
  db.write((tx) => tx.run('MATCH (n {dataset: $dataset}) DETACH DELETE n', { dataset: TEST_DATASET }));

describe('GET /api/analytics', () => {
  it('scores every entity, with hubs, brokers, communities and explanations', async () => {
    const { status, body } = await get<AnalyticsResponse>('/api/analytics');
    expect(status).toBe(200);
    const schema = (await get<SchemaInfo>('/api/schema')).body;
    const entities = schema.labels.reduce((sum, l) => sum + l.count, 0);
    expect(body.nodeCount).toBe(entities);
    expect(Object.keys(body.scores)).toHaveLength(entities);
    expect(body.edgeCount).toBe(schema.relationshipTypes.reduce((sum, r) => sum + r.count, 0));
    expect(body.betweenness).toEqual({ exact: true });

    // degree agrees with the entity detail
    const ftz = (await get<NodeDetail>('/api/nodes/zone-qingdao-ftz-area')).body;
    expect(body.scores['zone-qingdao-ftz-area']!.degree).toBe(ftz.degree);
    // the two zones the articles are about lead the hubs; the FTZ area also brokers the most
    expect(
      body.hubs
        .slice(0, 2)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['zone-qingdao-ftz-area', 'zone-west-coast-new-area']);
    expect(body.hubs[0]).toMatchObject({ type: 'Zone', name: expect.any(String), score: expect.any(Number) });
    expect(body.brokers.slice(0, 3).map((b) => b.id)).toContain('zone-qingdao-ftz-area');
    expect(body.max.degree).toBe(ftz.degree);
    expect(body.hubs).toHaveLength(10);

    const sizes = body.communities.map((c) => c.size);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(entities);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    expect(body.communities.length).toBeGreaterThan(2);
    expect(body.scores['zone-yanggu-edz']!.community).toBe(body.scores['zone-qingdao-ftz-area']!.community);
    for (const key of ['degree', 'betweenness', 'pagerank', 'community'] as const) {
      expect(body.explanations[key].zh).toBeTruthy();
      expect(body.explanations[key].en).toBeTruthy();
    }
  });

  it('answers from its cache until the data changes', async () => {
    const first = (await get<AnalyticsResponse>('/api/analytics?top=3')).body;
    const second = (await get<AnalyticsResponse>('/api/analytics?ids=zone-yanggu-edz,nope')).body;
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(second.computedAt).toBe(first.computedAt);
    expect(first.hubs).toHaveLength(3);
    expect(Object.keys(second.scores)).toEqual(['zone-yanggu-edz']);
  });

  it.each([
    ['?top=0', 'top'],
    ['?top=51', 'top'],
    ['?ids=', 'ids'],
  ])('refuses %s naming the field', async (query, field) => {
    const { status, body } = await get<ErrorBody>(`/api/analytics${query}`);
    expect(status).toBe(400);
    expect(body.error.message).toContain(field);
  });
});

describe('GET /api/explain', () => {
  it('explains a direct link with its relationship and source quote', async () => {
    const { status, body } = await get<ExplainResponse>(
      '/api/explain?from=zone-yanggu-edz&to=zone-qingdao-ftz-area',
    );
    expect(status).toBe(200);
    expect(body.from).toMatchObject({ id: 'zone-yanggu-edz', name: '阳谷经开区' });
    expect(body.paths).toHaveLength(1);
    const [hop] = body.paths[0]!.hops;
    expect(hop!.relationship).toMatchObject({ type: 'LINKED_WITH', nameZh: '联动', forward: false });
    expect(hop!.relationship.sources[0]!.quote).toContain('阳谷经开区');
    // walked from Yanggu, the relationship points back at it
    expect(hop!.sentence.zh).toMatch(/^阳谷经开区 ←联动— 青岛自贸片区：“.*阳谷经开区.*”$/);
    expect(hop!.sentence.en).toMatch(/^Yanggu .* ←linked with— .*: “/);
    expect(body.paths[0]!.chain.zh).toBe('阳谷经开区 ←联动— 青岛自贸片区');
  });

  it('chains the hops of longer shortest paths', async () => {
    const { body } = await get<ExplainResponse>('/api/explain?from=zone-yanggu-edz&to=zone-rizhao-cbz');
    expect(body.paths.length).toBeGreaterThan(0);
    for (const path of body.paths) {
      expect(path.length).toBe(2);
      expect(path.hops[0]!.from.id).toBe('zone-yanggu-edz');
      expect(path.hops[1]!.to.id).toBe('zone-rizhao-cbz');
      expect(path.hops[0]!.to.id).toBe(path.hops[1]!.from.id);
      for (const hop of path.hops) expect(hop.relationship.sources.length).toBeGreaterThan(0);
      expect(path.chain.zh.split(/[—←→]/).filter((s) => s.trim()).length).toBeGreaterThanOrEqual(5);
    }
    const viaFtz = body.paths.find((p) => p.hops[0]!.to.id === 'zone-qingdao-ftz-area');
    expect(viaFtz?.chain.zh).toBe('阳谷经开区 ←联动— 青岛自贸片区 —联动→ 日照综保区');
  });

  it('returns no paths beyond maxLength, or from an entity to itself', async () => {
    const short = await get<ExplainResponse>(
      '/api/explain?from=zone-yanggu-edz&to=zone-rizhao-cbz&maxLength=1',
    );
    expect(short.status).toBe(200);
    expect(short.body.paths).toEqual([]);
    const self = await get<ExplainResponse>('/api/explain?from=zone-yanggu-edz&to=zone-yanggu-edz');
    expect(self.body.paths).toEqual([]);
  });

  it.each([
    ['?from=zone-yanggu-edz', 400, 'to'],
    ['?to=zone-yanggu-edz', 400, 'from'],
    ['?from=zone-yanggu-edz&to=zone-rizhao-cbz&maxLength=7', 400, 'maxLength'],
    ['?from=zone-yanggu-edz&to=zone-rizhao-cbz&limit=x', 400, 'limit'],
    ['?from=nope&to=zone-rizhao-cbz', 404, 'from'],
    ['?from=zone-yanggu-edz&to=nope', 404, 'to'],
  ])('refuses %s with %i', async (query, status, field) => {
    const res = await get<ErrorBody>(`/api/explain${query}`);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST');
    expect(res.body.error.message).toContain(field);
  });
});

describe('GET /api/timeline', () => {
  it('lists the periods of figures and dated entities in playback order', async () => {
    const { status, body } = await get<TimelineResponse>('/api/timeline');
    expect(status).toBe(200);
    expect(body.window).toBeNull();
    expect(body.figures).toEqual([]);
    const labels = body.periods.map((p) => p.labelEn);
    expect(labels).toEqual(
      expect.arrayContaining(['2022', 'Q1–Q3 2023', 'Jan–Oct 2023', 'Jun 2023', '20 Nov 2023']),
    );
    expect(labels.indexOf('2022')).toBeLessThan(labels.indexOf('Jun 2023'));
    expect(labels.indexOf('Jun 2023')).toBeLessThan(labels.indexOf('Q1–Q3 2023'));
    expect(labels.indexOf('Q1–Q3 2023')).toBeLessThan(labels.indexOf('Jan–Oct 2023'));
    const q3 = body.periods.find((p) => p.labelEn === 'Q1–Q3 2023')!;
    expect(q3).toMatchObject({ start: '2023-01-01', end: '2023-09-30', label: '2023年前三季度', figures: 3 });
    for (const p of body.periods) {
      expect(p.start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.end >= p.start).toBe(true);
    }
    expect(body.periods.reduce((sum, p) => sum + p.figures, 0)).toBe(43);
    expect(body.extent).toEqual({ start: '2022-01-01', end: '2023-12-31' });
  });

  it('returns the figures and dated entities inside a window', async () => {
    const { body } = await get<TimelineResponse>('/api/timeline?from=2022-01-01&to=2022-12-31');
    expect(body.window).toEqual({ from: '2022-01-01', to: '2022-12-31', mode: 'within' });
    expect(body.figures).toHaveLength(5);
    for (const f of body.figures) {
      expect(f.entity.id).toBe('zone-west-coast-new-area');
      expect(f.period?.labelEn).toBe('2022');
      expect(f.sources.length).toBeGreaterThan(0);
    }
    expect(body.entityIds).toEqual(
      expect.arrayContaining([
        'zone-west-coast-new-area',
        'event-display-park-unveiling',
        'award-dcmm-outstanding-region',
      ]),
    );
    expect(body.entityIds).not.toContain('chain-nine-key-industrial-chains');
    expect(body.entities.find((e) => e.id === 'event-display-park-unveiling')).toMatchObject({
      start: '2022-01-01',
      end: '2022-12-31',
    });
    expect(body.truncated).toBe(false);
  });

  it('tells figures within a window from figures overlapping it', async () => {
    const within = (await get<TimelineResponse>('/api/timeline?from=2023-06-01&to=2023-06-30')).body;
    expect(within.figures).toEqual([]);
    expect(within.entityIds).toEqual(['event-bg136-clinical-trial-start']);
    const overlaps = (
      await get<TimelineResponse>('/api/timeline?from=2023-06-01&to=2023-06-30&mode=overlaps')
    ).body;
    expect(overlaps.figures.map((f) => f.period?.labelEn)).toContain('Q1–Q3 2023');
    expect(overlaps.figures.some((f) => f.period?.labelEn === '2022')).toBe(false);
    const limited = (await get<TimelineResponse>('/api/timeline?from=2023-01-01&limit=2')).body;
    expect(limited.figures).toHaveLength(2);
    expect(limited.truncated).toBe(true);
    expect(limited.window?.to).toBe('9999-12-31');
  });

  it.each([
    ['?from=2023-02-30', 'from'],
    ['?from=2023-1-1', 'from'],
    ['?from=2023-12-01&to=2023-01-01', 'from'],
    ['?from=2023-01-01&mode=during', 'mode'],
    ['?from=2023-01-01&limit=0', 'limit'],
  ])('refuses %s', async (query, field) => {
    const { status, body } = await get<ErrorBody>(`/api/timeline${query}`);
    expect(status).toBe(400);
    expect(body.error.message).toContain(field);
  });
});

describe('GET /api/compare', () => {
  it('aligns two zones: their figures by measure, unit and period, their links, what they share', async () => {
    const { status, body } = await get<CompareResponse>(
      '/api/compare?ids=zone-west-coast-new-area,zone-qingdao-ftz-area',
    );
    expect(status).toBe(200);
    expect(body.entities.map((e) => e.id)).toEqual(['zone-west-coast-new-area', 'zone-qingdao-ftz-area']);
    const gdp = body.rows.find((r) => r.measure === 'gross domestic product')!;
    expect(gdp).toMatchObject({
      unit: 'CNY',
      aligned: 1,
      period: { start: '2023-01-01', end: '2023-09-30' },
    });
    expect(gdp.cells['zone-west-coast-new-area']![0]!.value).toBe(3650.31);
    expect(gdp.cells['zone-qingdao-ftz-area']).toBeUndefined();
    expect(body.rows.length).toBe(13 + 5);
    expect(body.rows.some((r) => r.cells['zone-qingdao-ftz-area'])).toBe(true);

    const neighbours = async (id: string) =>
      new Set(
        (
          await db.read((tx) =>
            tx.run('MATCH (:Entity {id: $id})--(m:Entity) RETURN DISTINCT m.id AS id', { id }),
          )
        ).records.map((r) => r.get('id') as string),
      );
    const [a, b] = await Promise.all([
      neighbours('zone-west-coast-new-area'),
      neighbours('zone-qingdao-ftz-area'),
    ]);
    const common = [...a].filter(
      (id) => b.has(id) && id !== 'zone-west-coast-new-area' && id !== 'zone-qingdao-ftz-area',
    );
    expect(body.shared.map((s) => s.id).sort()).toEqual(common.sort());
    for (const s of body.shared) expect(s.of).toEqual(['zone-qingdao-ftz-area', 'zone-west-coast-new-area']);
    const direct = a.has('zone-qingdao-ftz-area');
    expect(body.links.length > 0).toBe(direct);
  });

  it('lists the direct links between compared entities with their sources', async () => {
    const { body } = await get<CompareResponse>(
      '/api/compare?ids=zone-yanggu-edz,zone-qingdao-ftz-area,zone-rizhao-cbz',
    );
    expect(body.entities).toHaveLength(3);
    const types = body.links.map((l) => `${l.source} ${l.type} ${l.target}`);
    expect(types).toContain('zone-qingdao-ftz-area LINKED_WITH zone-yanggu-edz');
    expect(types).toContain('zone-qingdao-ftz-area LINKED_WITH zone-rizhao-cbz');
    for (const link of body.links) {
      expect(link.nameZh).toBeTruthy();
      expect(link.sources.length).toBeGreaterThan(0);
    }
    expect(body.shared.find((s) => s.id === 'zone-linked-innovation-zones')?.of).toEqual([
      'zone-qingdao-ftz-area',
      'zone-rizhao-cbz',
      'zone-yanggu-edz',
    ]);
  });

  it.each([
    ['', 400, 'ids'],
    ['?ids=zone-yanggu-edz', 400, 'ids'],
    ['?ids=zone-yanggu-edz,zone-yanggu-edz', 400, 'ids'],
    ['?ids=a,b,c,d,e,f,g', 400, 'ids'],
    ['?ids=zone-yanggu-edz,nope', 404, 'nope'],
  ])('refuses %s with %i', async (query, status, text) => {
    const res = await get<ErrorBody>(`/api/compare${query}`);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toContain(text);
  });
});

describe('when the data changes', () => {
  it('recomputes analytics and the timeline, and aligns figures two entities share', async () => {
    const before = (await get<AnalyticsResponse>('/api/analytics')).body;
    await db.write((tx) =>
      tx.run(
        `MATCH (hub:Entity {id: 'zone-qingdao-ftz-area'})
         CREATE (a:Entity:Zone {id: 'insight-test-a', dataset: $dataset, type: 'Zone', name: '测试甲区', nameEn: 'Test zone A'}),
                (b:Entity:Zone {id: 'insight-test-b', dataset: $dataset, type: 'Zone', name: '测试乙区', nameEn: 'Test zone B'}),
                (a)-[:LINKED_WITH {id: 'insight-test-ab', dataset: $dataset, sourceArticles: ['x'], sourceQuotes: ['甲乙联动']}]->(b),
                (b)-[:LINKED_WITH {id: 'insight-test-b-hub', dataset: $dataset}]->(hub)
         WITH a, b
         UNWIND [[a, 'insight-test-fa', 5], [b, 'insight-test-fb', 7]] AS row
         WITH row[0] AS owner, row[1] AS id, row[2] AS value
         CREATE (owner)-[:HAS_FIGURE]->(:Figure {id: id, dataset: $dataset, measure: 'test parks', measureZh: '测试园区',
                 value: value, unit: 'count', periodStart: '2021-01-01', periodEnd: '2021-12-31',
                 periodLabel: '2021年', periodLabelEn: '2021', sourceArticles: ['x'], sourceQuotes: ['测试']})`,
        { dataset: TEST_DATASET },
      ),
    );
    // The app reads the data's version at most once a second; a writer in this process says so.
    dataVersionOf(db).forget();
    try {
      const after = (await get<AnalyticsResponse>('/api/analytics')).body;
      expect(after.fingerprint).not.toBe(before.fingerprint);
      expect(after.nodeCount).toBe(before.nodeCount + 2);
      expect(after.scores['insight-test-b']).toMatchObject({ degree: 2 });
      expect(after.scores['insight-test-b']!.betweenness).toBeGreaterThan(0);

      const timeline = (await get<TimelineResponse>('/api/timeline?from=2021-01-01&to=2021-12-31')).body;
      expect(timeline.periods[0]).toMatchObject({ labelEn: '2021', figures: 2 });
      expect(timeline.entityIds).toEqual(['insight-test-a', 'insight-test-b']);

      const compare = (await get<CompareResponse>('/api/compare?ids=insight-test-a,insight-test-b')).body;
      expect(compare.rows).toHaveLength(1);
      expect(compare.rows[0]).toMatchObject({
        measure: 'test parks',
        aligned: 2,
        period: { labelEn: '2021' },
      });
      expect(compare.rows[0]!.cells['insight-test-a']![0]!.value).toBe(5);
      expect(compare.rows[0]!.cells['insight-test-b']![0]!.value).toBe(7);
      expect(compare.links).toHaveLength(1);

      const explain = (await get<ExplainResponse>('/api/explain?from=insight-test-a&to=zone-yanggu-edz'))
        .body;
      expect(explain.paths[0]!.chain.zh).toBe(
        '测试甲区 —联动→ 测试乙区 —联动→ 青岛自贸片区 —联动→ 阳谷经开区',
      );
      expect(explain.paths[0]!.hops[0]!.sentence.zh).toContain('：“甲乙联动”');
      expect(explain.paths[0]!.hops[1]!.sentence.zh).not.toContain('“'); // no source, no quote
    } finally {
      await removeTestData();
      dataVersionOf(db).forget();
    }
    const restored = (await get<AnalyticsResponse>('/api/analytics')).body;
    expect(restored.nodeCount).toBe(before.nodeCount);
    expect(restored.scores['insight-test-a']).toBeUndefined();
  });
});
