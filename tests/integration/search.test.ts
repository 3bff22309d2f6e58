// Search through the API against the real embedded Neo4j: the ranking rule on every name and alias
// of the seed, figures, sentences, pinyin, and a second dataset's glossary used with no code change.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readDataset } from '../../graph-seed/format';
import { DEFAULT_DATASET } from '../../graph-seed/seed-file';
import type { Db } from '../../server/db/driver';
import { loadDatasetFile } from '../../server/seed/loader';
import { SearchService } from '../../server/search/service';
import type { GroupedSearchResponse, SearchResult } from '../../contract/types';
import { startTestApp, testConfig, testDb } from '../helpers/neo4j';
import { scratchNeo4j, type ScratchNeo4j } from '../helpers/scratch-neo4j';

// Hundreds of searches in a row: the per-client rate limit is not what is tested here.
const OVERRIDES = { RATE_LIMIT_PER_MINUTE: '0' };

let db: Db;
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  const neo4j = inject('neo4j');
  const config = testConfig(neo4j, OVERRIDES);
  db = testDb(neo4j, config);
  app = await startTestApp(db, config);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

async function get<T>(base: string, route: string): Promise<{ status: number; body: T }> {
  const res = await fetch(base + route);
  return { status: res.status, body: (await res.json()) as T };
}
const entitySearch = async (q: string) =>
  (await get<{ results: SearchResult[] }>(app.baseUrl, `/api/search?q=${encodeURIComponent(q)}`)).body
    .results;
const grouped = async (q: string, kind?: string, base = app.baseUrl) =>
  (
    await get<GroupedSearchResponse>(
      base,
      `/api/search/all?q=${encodeURIComponent(q)}${kind ? `&kind=${kind}` : ''}`,
    )
  ).body;

const seed = readDataset(DEFAULT_DATASET);
const everyNameAndAlias = seed.nodes.flatMap((n) =>
  [...new Set([n.name, n.nameEn, ...n.aliases])].map((q) => [q, n.id] as const),
);

describe('ranking: every name and alias of the seed puts its own entity first', () => {
  it(`holds for all ${everyNameAndAlias.length} names and aliases, through /api/search and /api/search/all`, async () => {
    const wrong: string[] = [];
    for (const [q, id] of everyNameAndAlias) {
      const viaSearch = (await entitySearch(q))[0]?.id;
      const viaAll = (await grouped(q, 'entities')).entities?.results[0]?.id;
      if (viaSearch !== id || viaAll !== id) wrong.push(`${q} → ${viaSearch}/${viaAll}, want ${id}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['青岛自贸片区', 'zone-qingdao-ftz-area'],
    ['青岛市新型显示产业园', 'park-new-display-industrial-park'],
    ['新型显示产业园', 'park-new-display-industrial-park'],
    ['联动创新区', 'zone-linked-innovation-zones'],
    ['跨境电商', 'industry-cross-border-ecommerce'],
  ])('the issue’s misranked %s now gives %s first, said to be an exact match', async (q, id) => {
    const { entities } = await grouped(q, 'entities');
    expect(entities?.results[0]).toMatchObject({ id, match: expect.stringMatching(/^(name|alias)$/) });
  });

  it('puts a name prefix before a match elsewhere, and keeps /api/search’s shape', async () => {
    const results = await entitySearch('青岛自贸');
    expect(results[0]?.id).toBe('zone-qingdao-ftz-area');
    for (const r of results) expect(Object.keys(r).sort()).toEqual(['id', 'name', 'nameEn', 'score', 'type']);
  });
});

describe('pinyin', () => {
  it.each([
    ['qingdao', 'region-qingdao'],
    ['xihaian', 'zone-west-coast-new-area'],
    ['xi hai an', 'zone-west-coast-new-area'],
    ['xhaxq', 'zone-west-coast-new-area'],
    ['lianchangzhi', 'policy-chain-chief-system'],
  ])('%s finds %s first', async (q, id) => {
    expect((await entitySearch(q))[0]?.id).toBe(id);
  });
});

describe('figures', () => {
  it.each([
    ['GDP', 'fig-wca-gdp-2023-q1-q3'],
    ['生产总值', 'fig-wca-gdp-2023-q1-q3'],
    ['地区生产总值', 'fig-wca-gdp-2023-q1-q3'],
    ['3650.31', 'fig-wca-gdp-2023-q1-q3'],
    ['FDI', 'fig-wca-fdi-2023-jan-oct'],
    ['外资', 'fig-wca-fdi-2023-jan-oct'],
    ['1700', 'fig-display-park-projects-investment'],
  ])('%s finds %s first, with its entity and period', async (q, id) => {
    const { figures, entities, sentences } = await grouped(q);
    expect(entities).toBeDefined();
    expect(sentences).toBeDefined();
    expect(figures?.results[0]?.id).toBe(id);
    expect(figures?.results[0]?.entity.name).toBeTruthy();
    expect(figures?.total).toBeGreaterThanOrEqual(figures?.results.length ?? 0);
  });

  it('shows the GDP figure with the West Coast New Area and its period', async () => {
    const { figures } = await grouped('GDP', 'figures');
    expect(figures?.results[0]).toMatchObject({
      value: 3650.31,
      unitZh: '亿元',
      match: 'glossary',
      entity: { id: 'zone-west-coast-new-area', name: '青岛西海岸新区' },
      period: { label: '2023年前三季度', labelEn: 'Q1–Q3 2023' },
    });
  });

  it('finds year-on-year figures from 同比 and from English', async () => {
    for (const q of ['同比', 'year on year']) {
      const ids = (await grouped(q, 'figures')).figures?.results.map((f) => f.id);
      expect(ids).toContain('fig-wca-industrial-output-growth-2022');
    }
  });
});

describe('sentences', () => {
  it.each(['链长制', '保税仓储+直播'])(
    '%s gives its sentence, article, highlight and quoting elements',
    async (q) => {
      const { sentences } = await grouped(q, 'sentences');
      const first = sentences!.results[0]!;
      expect(first.article).toMatchObject({
        id: expect.any(String),
        title: expect.any(String),
        date: '2023-11-20',
      });
      const [start, end] = first.highlights[0]!;
      expect(first.text.slice(start, end)).toBe(q);
      expect(first.quotedBy.entities.length + first.quotedBy.relationships.length).toBeGreaterThan(0);
    },
  );

  it('names the figures a sentence backs', async () => {
    const { sentences } = await grouped('3650.31亿元', 'sentences');
    expect(sentences?.results[0]?.quotedBy.figures.map((f) => f.id)).toContain('fig-wca-gdp-2023-q1-q3');
  });
});

describe('GET /api/search/all requests', () => {
  it('answers only the kinds asked for', async () => {
    const body = await grouped('GDP', 'figures,sentences');
    expect(Object.keys(body).sort()).toEqual(['figures', 'q', 'sentences']);
  });

  it.each([
    ['?q=x&kind=people', 'kind'],
    ['?kind=figures', 'q'],
    ['?q=x&limit=0', 'limit'],
    ['?q=x&types=Bogus', 'types'],
  ])('refuses %s naming the field', async (query, field) => {
    const { status, body } = await get<{ error: { code: string; message: string } }>(
      app.baseUrl,
      `/api/search/all${query}`,
    );
    expect(status).toBe(400);
    expect(body.error.message).toContain(field);
  });
});

describe('a second dataset’s glossary', () => {
  let own: ScratchNeo4j;
  let ownDb: Db;
  let ownApp: Awaited<ReturnType<typeof startTestApp>>;

  beforeAll(async () => {
    // Its own Neo4j: loading another dataset into the shared one would change what other files see.
    own = await scratchNeo4j();
    const config = testConfig(own, { ...OVERRIDES, QUERY_TIMEOUT_MS: '120000' });
    ownDb = testDb(own, config);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-glossary-'));
    const fixture = path.resolve('tests/fixtures/second-dataset');
    const raw = JSON.parse(fs.readFileSync(path.join(fixture, 'dataset.json'), 'utf8'));
    raw.glossary = [{ terms: ['throughput', '运量', '吞吐量'] }];
    fs.writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify(raw));
    fs.copyFileSync(path.join(fixture, 'article.txt'), path.join(dir, 'article.txt'));
    await loadDatasetFile(ownDb, path.join(dir, 'dataset.json'), () => undefined);
    ownApp = await startTestApp(ownDb, config);
  });
  afterAll(async () => {
    await ownApp?.close();
    await ownDb?.close();
    await own?.stop();
  });

  it('finds the route’s volume figure by a synonym only the dataset knows', async () => {
    const { figures } = await grouped('throughput', 'figures', ownApp.baseUrl);
    expect(figures?.results.map((f) => [f.id, f.match])).toEqual([['fx-route-volume', 'glossary']]);
  });
});

describe('the search thread', () => {
  it('builds the catalogue in its own thread, shares one load among concurrent searches, and is replaced when it dies', async () => {
    const service = new SearchService(db, async () => 'fixed');
    try {
      const first = await Promise.all(
        ['青岛自贸片区', 'xhaxq', 'GDP'].map((q) => service.entities(q, [], 5)),
      );
      expect(service.builds).toBe(1);
      expect(first[0]![0]!.id).toBe('zone-qingdao-ftz-area');
      // The thread reported its build: the rows reached it and the catalogue is its own.
      const entities = (
        await db.read((tx) => tx.run('MATCH (n:Entity) RETURN count(n) AS n'))
      ).records[0]!.get('n');
      expect(service.thread.lastBuild?.entities).toBe(Number(entities));

      await service.thread.kill();
      expect(service.thread.deaths).toBe(1);
      // The next search starts a new thread and loads it again; the answer is the same.
      expect((await service.entities('青岛自贸片区', [], 5))[0]!.id).toBe('zone-qingdao-ftz-area');
      expect(service.builds).toBe(2);
      expect(
        (await service.grouped({ q: '链长制', kinds: ['sentences'], types: [], limit: 3 })).sentences!.total,
      ).toBeGreaterThan(0);
    } finally {
      await service.thread.close();
    }
  });

  it('asks again on a new thread when the thread dies under a question', async () => {
    const service = new SearchService(db, async () => 'fixed');
    try {
      await service.entities('阳谷', [], 5);
      // The thread ends while the question is in flight: the caller still gets its answer.
      const asked = service.entities('阳谷', [], 5);
      await service.thread.kill();
      expect((await asked).map((r) => r.id)).toContain('zone-yanggu-edz');
      expect(service.thread.deaths).toBe(1);
    } finally {
      await service.thread.close();
    }
  });
});
