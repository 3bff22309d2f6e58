// Imports from the UI, against a Neo4j of its own (these tests write the knowledge graph): a dataset
// file (a good one loads to its counts; a bad one is answered record by record and writes nothing;
// writes need a token off loopback), and tables (CSV and XLSX) with good and bad rows.
import fs from 'node:fs';
import path from 'node:path';
import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/driver';
import { datasetCounts } from '../../server/queries/dataset';
import { startTestApp, testConfig, testDb } from '../helpers/neo4j';
import { scratchNeo4j, type ScratchNeo4j } from '../helpers/scratch-neo4j';
import { storeTotals } from '../helpers/store-totals';
import { jsonCall } from '../helpers/json-call';

let neo4j: ScratchNeo4j;
let db: Db;
let app: Awaited<ReturnType<typeof startTestApp>>;

const call = (
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  base = app.baseUrl,
) => jsonCall(base, method, url, body, headers);

const FIXTURE = path.resolve('tests/fixtures/second-dataset');

/** The fixture dataset as a file uploaded from the UI carries it: every article's text inline. */
function inlineFixture(): Record<string, unknown> & { nodes: Record<string, unknown>[] } {
  const file = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'dataset.json'), 'utf8'));
  file.articles = file.articles.map(({ file: textFile, ...article }: { file: string }) => ({
    ...article,
    text: fs.readFileSync(path.join(FIXTURE, textFile), 'utf8'),
  }));
  return file;
}

beforeAll(async () => {
  neo4j = await scratchNeo4j();
  const config = testConfig(neo4j, { QUERY_TIMEOUT_MS: '120000', RATE_LIMIT_PER_MINUTE: '0' });
  db = testDb(neo4j, config);
  app = await startTestApp(db, config);
}, 360_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
  await neo4j?.stop();
});

// Caps for a hung run, not speed bounds.
describe('a dataset file imported from the UI', { timeout: 360_000 }, () => {
  it('answers a bad file record by record, and writes nothing', async () => {
    const before = await storeTotals(db);
    const file = inlineFixture();
    file.nodes[1]!.type = 'Airline';
    (file.edges as Record<string, unknown>[])[1]!.target = 'fx-nowhere';
    (file.nodes[0]!.sources as { quote: string }[])[0]!.quote = '这句话不在文章里';
    const dry = await call('POST', '/api/imports/dataset', { fileName: 'bad.json', file, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ record: 'nodes[1] (fx-blue-sea)', field: 'type' }),
        expect.objectContaining({ record: expect.stringMatching(/^edges\[1\]/), field: 'target' }),
        expect.objectContaining({ record: 'nodes[0] (fx-east-port)', field: 'sources[0].quote' }),
      ]),
    );
    expect(dry.body.problems).toHaveLength(3);
    expect(dry.body.counts).toEqual({ articles: 1, entities: 3, relationships: 3, figures: 1 });

    const real = await call('POST', '/api/imports/dataset', { fileName: 'bad.json', file });
    expect(real.status).toBe(400);
    expect(real.body.error.code).toBe('INVALID_IMPORT');
    expect(real.body.error.problems).toEqual(dry.body.problems);
    expect(await storeTotals(db)).toEqual(before);
  });

  it('refuses an article that names a file on the server instead of carrying its text', async () => {
    const file = inlineFixture();
    const article = (file.articles as Record<string, unknown>[])[0]!;
    delete article.text;
    article.file = '/etc/hostname';
    const dry = await call('POST', '/api/imports/dataset', { file, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.problems).toEqual([
      expect.objectContaining({ record: 'articles[0] (fixture-article)', field: 'file' }),
    ]);
  });

  it('needs a token off loopback, and names the writer in the history', async () => {
    const config = testConfig(neo4j, {
      HOST: '0.0.0.0',
      EXPLORER_TOKENS: 'ana:ana-token-123456',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const guarded = await startTestApp(db, config);
    try {
      const before = await storeTotals(db);
      const body = { fileName: 'fixture.json', file: inlineFixture() };
      const anonymous = await call('POST', '/api/imports/dataset', body, {}, guarded.baseUrl);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
      const table = await call(
        'POST',
        '/api/imports/table',
        {
          dataset: 'x-table',
          file: { name: 't.csv', format: 'csv', content: 'a\n1' },
          mapping: { kind: 'entities', name: 'a', fixedType: 'Thing' },
        },
        {},
        guarded.baseUrl,
      );
      expect(table.status).toBe(401);
      expect(await storeTotals(db)).toEqual(before);

      const ana = await call(
        'POST',
        '/api/imports/dataset',
        body,
        { authorization: 'Bearer ana-token-123456' },
        guarded.baseUrl,
      );
      expect(ana.status, JSON.stringify(ana.body)).toBe(200);
      expect(ana.body).toMatchObject({ dryRun: false, dataset: 'fixture-port-alliance', problems: [] });
      const history = await call('GET', '/api/changes?dataset=fixture-port-alliance');
      expect(history.body.changes[0]).toMatchObject({
        id: ana.body.change,
        who: 'ana',
        action: 'import-dataset',
      });
      expect(Date.parse(history.body.changes[0].at)).not.toBeNaN();
    } finally {
      await guarded.close();
    }
  });

  it('loads a good file to its counts, refuses the same id without replace, and replaces with it', async () => {
    const counts = await datasetCounts(db, 'fixture-port-alliance');
    expect(counts).toEqual({
      labels: { PortOperator: 1, Route: 1, ShippingLine: 1 },
      relationshipTypes: { OPERATES: 2, SIGNED_AGREEMENT_WITH: 1 },
      figures: 1,
    });
    const file = inlineFixture();
    const again = await call('POST', '/api/imports/dataset', { file, dryRun: true });
    expect(again.body).toMatchObject({ exists: true, problems: [] });
    const refused = await call('POST', '/api/imports/dataset', { file });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', field: 'replace' });

    file.nodes = file.nodes.filter((n) => n.id !== 'fx-route');
    file.edges = (file.edges as { target: string; source: string }[]).filter(
      (e) => e.target !== 'fx-route' && e.source !== 'fx-route',
    );
    const replaced = await call('POST', '/api/imports/dataset', { file, replace: true });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(await datasetCounts(db, 'fixture-port-alliance')).toEqual({
      labels: { PortOperator: 1, ShippingLine: 1 },
      relationshipTypes: { SIGNED_AGREEMENT_WITH: 1 },
      // The one figure was the route's.
      figures: 0,
    });
    const undo = await call('POST', `/api/changes/${replaced.body.change}/undo`);
    expect(undo.status).toBe(409);
    expect(undo.body.error.code).toBe('NOT_REVERSIBLE');
  });

  it('refuses ids that belong to another dataset, by record', async () => {
    const file = inlineFixture();
    file.id = 'another-alliance';
    const dry = await call('POST', '/api/imports/dataset', { file, dryRun: true });
    expect(dry.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ record: 'articles[0] (fixture-article)', field: 'id' }),
        expect.objectContaining({ record: 'nodes[0] (fx-east-port)', field: 'id' }),
      ]),
    );
  });
});

const COMPANIES = [
  'name,nameEn,type,park,investment,aliases',
  '青岛测试电子公司,Qingdao Test Electronics,Company,东方港务,12.5,测试电子',
  '青岛测试化工公司,Qingdao Test Chemicals,Company,nowhere-park,8,',
  ',Nameless Co,Company,东方港务,3,',
  '青岛测试物流公司,Qingdao Test Logistics,Company,fx-blue-sea,20,',
].join('\n');
const companies = (extra: Record<string, unknown> = {}) => ({
  dataset: 'fixture-port-alliance',
  file: { name: 'companies.csv', format: 'csv', content: COMPANIES },
  mapping: {
    kind: 'entities',
    name: 'name',
    nameEn: 'nameEn',
    type: 'type',
    aliases: 'aliases',
    properties: [{ column: 'investment', key: 'investment' }],
    links: [{ column: 'park', type: 'LOCATED_AT' }],
  },
  declareTypes: true,
  ...extra,
});

describe('a table imported with a column mapping', { timeout: 360_000 }, () => {
  it('previews the columns and first rows', async () => {
    const preview = await call('POST', '/api/imports/table/preview', {
      file: { name: 'companies.csv', format: 'csv', content: COMPANIES },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.columns).toEqual(['name', 'nameEn', 'type', 'park', 'investment', 'aliases']);
    expect(preview.body.rowCount).toBe(4);
    const broken = await call('POST', '/api/imports/table/preview', {
      file: { name: 'x.csv', format: 'csv', content: 'a,b\n"unclosed,1' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ code: 'UNREADABLE_FILE', field: 'file' });
  });

  it('a dry run lists exactly the bad rows; a real run refuses them all unless told to skip', async () => {
    const before = await storeTotals(db);
    const articles = async () =>
      (await call('GET', '/api/articles?dataset=fixture-port-alliance')).body.articles.length;
    const articlesBefore = await articles();
    const dry = await call('POST', '/api/imports/table', companies({ dryRun: true }));
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.problems).toEqual([
      expect.objectContaining({ record: 'row 3', row: 3, field: 'park' }),
      expect.objectContaining({ record: 'row 4', row: 4, field: 'name' }),
    ]);
    expect(dry.body.problems[0].message).toContain('nowhere-park');
    expect(dry.body).toMatchObject({ rows: 4, entities: 2, relationships: 2, article: null, change: null });

    const refused = await call('POST', '/api/imports/table', companies());
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('INVALID_IMPORT');
    expect(refused.body.error.problems).toHaveLength(2);
    expect(await storeTotals(db)).toEqual(before);
    expect(await articles()).toBe(articlesBefore);

    const written = await call('POST', '/api/imports/table', companies({ skipBadRows: true }));
    expect(written.status, JSON.stringify(written.body)).toBe(200);
    expect(written.body).toMatchObject({ entities: 2, relationships: 2, skipped: [3, 4] });
    expect(written.body.declaredTypes.sort()).toEqual(['Company', 'LOCATED_AT']);

    // Each fact quotes its row of the document the table became.
    const search = await call('GET', `/api/search?q=${encodeURIComponent('青岛测试电子公司')}`);
    const hit = search.body.results.find((r: { name: string }) => r.name === '青岛测试电子公司');
    expect(hit).toBeDefined();
    const node = await call('GET', `/api/nodes/${hit.id}`);
    expect(node.body.node.sources).toEqual([
      {
        articleId: written.body.article,
        quote:
          'row 2 | name: 青岛测试电子公司 | nameEn: Qingdao Test Electronics | type: Company | park: 东方港务 | investment: 12.5 | aliases: 测试电子',
      },
    ]);
    expect(node.body.node.properties ?? node.body.node).toMatchObject({ investment: 12.5 });
    const reading = await call('GET', `/api/articles/${written.body.article}/reading`);
    expect(reading.status).toBe(200);
    const backed = reading.body.sentences.filter((s: { backs: unknown[] }) => s.backs.length);
    expect(backed.map((s: { text: string }) => s.text.slice(0, 6))).toEqual(['row 2 ', 'row 5 ']);
    const history = await call('GET', `/api/changes?article=${written.body.article}`);
    expect(history.body.changes[0]).toMatchObject({ action: 'import-table', who: 'local' });

    // Undo removes what the import wrote.
    const undo = await call('POST', `/api/changes/${written.body.change}/undo`);
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    expect(await storeTotals(db)).toEqual(before);
  });

  it('imports relationships whose ends are found by id, name or alias', async () => {
    const csv = ['from,to,kind', '东方港务,Blue Sea Shipping,partner', 'fx-blue-sea,nobody,partner'].join(
      '\r\n',
    );
    const body = {
      dataset: 'fixture-port-alliance',
      file: { name: 'links.csv', format: 'csv', content: csv },
      mapping: {
        kind: 'relationships',
        from: 'from',
        to: 'to',
        fixedType: 'PARTNERS_WITH',
        properties: [{ column: 'kind', key: 'kind' }],
      },
    };
    const unknownType = await call('POST', '/api/imports/table', { ...body, dryRun: true });
    expect(unknownType.body.problems.map((p: { row: number; field: string }) => [p.row, p.field])).toEqual([
      [2, 'type'],
      [3, 'to'],
      [3, 'type'],
    ]);
    const written = await call('POST', '/api/imports/table', {
      ...body,
      declareTypes: true,
      skipBadRows: true,
    });
    expect(written.status, JSON.stringify(written.body)).toBe(200);
    expect(written.body).toMatchObject({ relationships: 1, skipped: [3] });
    const counts = await datasetCounts(db, 'fixture-port-alliance');
    expect(counts.relationshipTypes.PARTNERS_WITH).toBe(1);
  });

  it('reads an XLSX sheet as it reads a CSV', async () => {
    const buffer = await writeXlsxFile([
      [{ value: '名称' }, { value: '类型' }, { value: '员工' }],
      [{ value: '青岛表格公司' }, { value: 'Company' }, { value: 300 }],
      [{ value: '青岛表格二公司' }, { value: 'Compny' }, { value: 12 }],
    ]).toBuffer();
    const body = {
      dataset: 'fixture-port-alliance',
      file: { name: 'sheet.xlsx', format: 'xlsx', content: buffer.toString('base64') },
      mapping: {
        kind: 'entities',
        name: '名称',
        type: '类型',
        properties: [{ column: '员工', key: 'staff' }],
      },
    };
    const preview = await call('POST', '/api/imports/table/preview', { file: body.file });
    expect(preview.body).toMatchObject({
      columns: ['名称', '类型', '员工'],
      rowCount: 2,
      rows: [
        ['青岛表格公司', 'Company', '300'],
        ['青岛表格二公司', 'Compny', '12'],
      ],
    });
    expect(preview.body.sheets).toHaveLength(1);
    const dry = await call('POST', '/api/imports/table', { ...body, dryRun: true });
    expect(dry.body.problems).toEqual([expect.objectContaining({ row: 3, field: '类型' })]);
    expect(dry.body.problems[0].message).toContain('Compny');
  });
});
