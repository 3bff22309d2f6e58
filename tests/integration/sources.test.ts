// Bring your own sources, against a Neo4j of its own (these tests write the knowledge graph): an
// article in, facts from its sentences, every refusal of a fact write, merge / delete / undo round
// trips, the history and its writers, and the export loaded again into an empty database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/driver';
import { loadDatasetFile } from '../../server/seed/loader';
import { startTestApp, testConfig, testDb } from '../helpers/neo4j';
import { scratchNeo4j, type ScratchNeo4j } from '../helpers/scratch-neo4j';
import { jsonCall } from '../helpers/json-call';

let neo4j: ScratchNeo4j;
let db: Db;
let app: Awaited<ReturnType<typeof startTestApp>>;

// An article written for this test: another region, other types.
const ARTICLE = [
  '<html><head><title>ignored</title><style>p { color: red }</style></head><body>',
  '<script>document.title = "没有这句";</script>',
  '<h1>烟台港扩建</h1>',
  '<p>烟台港集团宣布扩建芝罘湾港区。港区今年完成投资12.5亿元，同比增长8%。</p>',
  '<p>万华化学入驻芝罘湾港区。Yantai Port Group Co. Ltd. leads the works. 芝罘港区是同一个地方。</p>',
  '</body></html>',
].join('');

const call = (
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  base = app.baseUrl,
) => jsonCall(base, method, url, body, headers);

const counts = () =>
  db.read(async (tx) => {
    const r = await tx.run(
      `CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
       CALL () { MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS relationships }
       CALL () { MATCH (f:Figure) RETURN count(f) AS figures }
       RETURN entities, relationships, figures`,
    );
    const rec = r.records[0]!;
    return {
      entities: Number(rec.get('entities')),
      relationships: Number(rec.get('relationships')),
      figures: Number(rec.get('figures')),
    };
  });

const source = (quote: string) => ({ article: 'yantai-port-expansion', quote });

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

// Caps for a hung run, not speed bounds: each step is a few requests, minutes on a busy machine.
describe('an article in, facts from its sentences', { timeout: 360_000 }, () => {
  const ids: Record<string, string> = {};

  it('stores an uploaded HTML page as its paragraphs and answers its sentences', async () => {
    const added = await call('POST', '/api/articles', {
      dataset: 'yantai-test',
      datasetTitle: '烟台测试',
      id: 'yantai-port-expansion',
      title: '烟台港扩建',
      publisher: '测试日报',
      date: '2026-11-30',
      authors: ['测试'],
      language: 'zh',
      format: 'html',
      content: ARTICLE,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.article.text).not.toContain('没有这句');
    expect(added.body.article.text).not.toContain('color');
    expect(added.body.paragraphs).toBe(3);
    expect(added.body.sentences.map((s: { text: string }) => s.text)).toEqual([
      '烟台港扩建',
      '烟台港集团宣布扩建芝罘湾港区。',
      '港区今年完成投资12.5亿元，同比增长8%。',
      '万华化学入驻芝罘湾港区。',
      'Yantai Port Group Co. Ltd. leads the works.',
      '芝罘港区是同一个地方。',
    ]);
    // The existing reader reads it like a seed article.
    const article = await call('GET', '/api/articles/yantai-port-expansion');
    expect(article.status).toBe(200);
    expect(article.body.article.title).toBe('烟台港扩建');
    const taken = await call('POST', '/api/articles', {
      dataset: 'yantai-test',
      id: 'yantai-port-expansion',
      title: 'again',
      date: '2026-11-30',
      content: 'x',
    });
    expect(taken.status).toBe(409);
  });

  it('creates entities with types declared on the spot, a relationship and a figure', async () => {
    const port = await call('POST', '/api/entities', {
      type: 'PortGroup',
      declareType: { nameZh: '港口集团', nameEn: 'Port group' },
      name: '烟台港集团',
      nameEn: 'Yantai Port Group',
      source: source('烟台港集团宣布扩建芝罘湾港区'),
    });
    expect(port.status, JSON.stringify(port.body)).toBe(201);
    expect(port.body.entity).toMatchObject({ type: 'PortGroup', version: 1 });
    ids.port = port.body.entity.id;
    for (const [key, name, nameEn, quote] of [
      ['area', '芝罘湾港区', 'Zhifu Bay port area', '扩建芝罘湾港区'],
      ['duplicate', '芝罘港区', 'Zhifu port area', '芝罘港区是同一个地方'],
    ] as const) {
      const made = await call('POST', '/api/entities', {
        type: 'PortArea',
        declareType: { nameZh: '港区' },
        name,
        nameEn,
        source: source(quote),
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      ids[key] = made.body.entity.id;
    }
    const company = await call('POST', '/api/entities', {
      type: 'Company',
      declareType: { nameZh: '企业' },
      name: '万华化学',
      nameEn: 'Wanhua Chemical',
      source: source('万华化学入驻芝罘湾港区'),
    });
    ids.company = company.body.entity.id;

    const expands = await call('POST', '/api/relationships', {
      type: 'EXPANDS',
      declareType: { nameZh: '扩建' },
      from: ids.port,
      to: ids.area,
      source: source('烟台港集团宣布扩建芝罘湾港区。'),
    });
    expect(expands.status, JSON.stringify(expands.body)).toBe(201);
    ids.expands = expands.body.relationship.id;
    const locates = await call('POST', '/api/relationships', {
      type: 'LOCATED_IN',
      declareType: { nameZh: '入驻' },
      from: ids.company,
      to: ids.duplicate,
      source: source('万华化学入驻芝罘湾港区'),
    });
    expect(locates.status).toBe(201);
    ids.locates = locates.body.relationship.id;

    const figure = await call('POST', '/api/figures', {
      entity: ids.area,
      measure: 'investment completed',
      measureZh: '完成投资',
      value: 12.5,
      unit: 'CNY',
      unitZh: '亿元',
      multiplier: 1e8,
      currency: 'CNY',
      period: { start: '2026-01-01', end: '2026-11-30', label: '今年' },
      source: source('港区今年完成投资12.5亿元'),
    });
    expect(figure.status, JSON.stringify(figure.body)).toBe(201);
    expect(figure.body.figure).toMatchObject({ value: 12.5, unitZh: '亿元', entity: ids.area, version: 1 });
    ids.figure = figure.body.figure.id;

    // The reader marks the sentences that back facts, and says what each backs.
    const reading = await call('GET', '/api/articles/yantai-port-expansion/reading');
    const backs = Object.fromEntries(
      reading.body.sentences.map((s: { text: string; backs: { id: string }[] }) => [
        s.text,
        s.backs.map((b) => b.id),
      ]),
    );
    expect(backs['烟台港集团宣布扩建芝罘湾港区。']).toEqual(
      expect.arrayContaining([ids.port, ids.area, ids.expands]),
    );
    expect(backs['港区今年完成投资12.5亿元，同比增长8%。']).toEqual([ids.figure]);
    expect(backs['Yantai Port Group Co. Ltd. leads the works.']).toEqual([]);
    expect(reading.body.nodeTypes.map((t: { label: string }) => t.label)).toEqual([
      'PortGroup',
      'PortArea',
      'Company',
    ]);
    // The entities named in the text come along for the reader's linking chips, the English
    // sentence's "Yantai Port Group" among them.
    expect(reading.body.known.map((k: { id: string }) => k.id).sort()).toEqual(
      [ids.port, ids.area, ids.duplicate, ids.company].sort(),
    );
    expect(reading.body.known.find((k: { id: string }) => k.id === ids.port)).toMatchObject({
      type: 'PortGroup',
      nameEn: 'Yantai Port Group',
      aliases: [],
    });
    // The caches follow: search finds the new entity.
    const found = await call('GET', `/api/search?q=${encodeURIComponent('万华化学')}`);
    expect(found.body.results.map((r: { id: string }) => r.id)).toContain(ids.company);
  });

  it('refuses a quote that is not in the text, naming the field', async () => {
    const bad = await call('POST', '/api/entities', {
      type: 'Company',
      name: '不存在公司',
      nameEn: 'Nowhere Co',
      source: source('这句话不在文章里'),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'QUOTE_NOT_FOUND', field: 'source.quote' });
    // A sentence of the script the page ran is not part of the stored text either.
    const script = await call('POST', '/api/entities', {
      type: 'Company',
      name: '没有这句',
      nameEn: 'Not this',
      source: source('没有这句'),
    });
    expect(script.body.error.code).toBe('QUOTE_NOT_FOUND');
    const article = await call('POST', '/api/entities', {
      type: 'Company',
      name: 'x',
      nameEn: 'x',
      source: { article: 'no-such-article', quote: '万华化学' },
    });
    expect(article.body.error).toMatchObject({ code: 'UNKNOWN_ARTICLE', field: 'source.article' });
  });

  it('refuses an undeclared type, and a reserved one declared', async () => {
    const unknown = await call('POST', '/api/entities', {
      type: 'Harbour',
      name: '万华化学',
      nameEn: 'Wanhua',
      source: source('万华化学'),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'UNKNOWN_TYPE', field: 'type' });
    const rel = await call('POST', '/api/relationships', {
      type: 'OWNS',
      from: ids.port,
      to: ids.area,
      source: source('扩建芝罘湾港区'),
    });
    expect(rel.body.error).toMatchObject({ code: 'UNKNOWN_TYPE', field: 'type' });
    const reserved = await call('POST', '/api/entities', {
      type: 'ExplorerStory',
      declareType: {},
      name: '万华化学',
      nameEn: 'Wanhua',
      source: source('万华化学'),
    });
    expect(reserved.body.error).toMatchObject({ code: 'BAD_TYPE', field: 'type' });
  });

  it('refuses a relationship with a dangling end', async () => {
    const dangling = await call('POST', '/api/relationships', {
      type: 'EXPANDS',
      from: ids.port,
      to: 'no-such-entity',
      source: source('扩建芝罘湾港区'),
    });
    expect(dangling.status).toBe(400);
    expect(dangling.body.error).toMatchObject({ code: 'DANGLING_END', field: 'to' });
    const figure = await call('POST', '/api/figures', {
      entity: 'no-such-entity',
      measure: 'm',
      value: 1,
      unit: 'count',
      source: source('扩建芝罘湾港区'),
    });
    expect(figure.body.error).toMatchObject({ code: 'DANGLING_END', field: 'entity' });
  });

  it('refuses an edit based on a stale version with 409 and the current version', async () => {
    const first = await call('PUT', `/api/entities/${ids.port}`, {
      version: 1,
      nameEn: 'Yantai Port Group Co.',
    });
    expect(first.status).toBe(200);
    expect(first.body.entity.version).toBe(2);
    const stale = await call('PUT', `/api/entities/${ids.port}`, { version: 1, nameEn: 'Lost edit' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const staleDelete = await call('DELETE', `/api/entities/${ids.port}?version=1`);
    expect(staleDelete.status).toBe(409);
    const detail = await call('GET', `/api/nodes/${ids.port}`);
    expect(detail.body.node.nameEn).toBe('Yantai Port Group Co.');
  });

  it('merges a duplicate and undoes the merge', async () => {
    const before = await counts();
    const dupDetail = await call('GET', `/api/entities/${ids.duplicate}/dependents`);
    const areaDetail = await call('GET', `/api/entities/${ids.area}/dependents`);
    const merged = await call('POST', `/api/entities/${ids.area}/merge`, {
      version: areaDetail.body.entity.version,
      duplicate: ids.duplicate,
      duplicateVersion: dupDetail.body.entity.version,
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const after = await counts();
    expect(after).toEqual({ ...before, entities: before.entities - 1 });
    const survivor = await call('GET', `/api/nodes/${ids.area}`);
    expect(survivor.body.node.aliases).toContain('芝罘港区');
    expect(survivor.body.node.sources.map((s: { quote: string }) => s.quote)).toContain(
      '芝罘港区是同一个地方',
    );
    // The company's relationship now ends at the survivor.
    const deps = await call('GET', `/api/entities/${ids.area}/dependents`);
    expect(deps.body.relationships.map((r: { id: string; from: string }) => [r.id, r.from])).toEqual(
      expect.arrayContaining([[ids.locates, ids.company]]),
    );
    expect((await call('GET', `/api/nodes/${ids.duplicate}`)).status).toBe(404);

    const undone = await call('POST', `/api/changes/${merged.body.change}/undo`);
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(await counts()).toEqual(before);
    const back = await call('GET', `/api/entities/${ids.duplicate}/dependents`);
    expect(back.body.relationships.map((r: { id: string }) => r.id)).toEqual([ids.locates]);
    expect((await call('GET', `/api/nodes/${ids.area}`)).body.node.aliases).toEqual([]);
    // Undone once: a second undo of the same change is refused.
    expect((await call('POST', `/api/changes/${merged.body.change}/undo`)).status).toBe(409);
  });

  it('previews what a delete takes with it, deletes, and undoes the delete', async () => {
    const before = await counts();
    const deps = await call('GET', `/api/entities/${ids.area}/dependents`);
    expect(deps.body.relationships.map((r: { id: string }) => r.id)).toEqual([ids.expands]);
    expect(deps.body.figures.map((f: { id: string }) => f.id)).toEqual([ids.figure]);
    const removed = await call('DELETE', `/api/entities/${ids.area}?version=${deps.body.entity.version}`);
    expect(removed.status).toBe(200);
    expect(await counts()).toEqual({
      entities: before.entities - 1,
      relationships: before.relationships - 1,
      figures: before.figures - 1,
    });
    const undone = await call('POST', `/api/changes/${removed.body.change}/undo`);
    expect(undone.status).toBe(200);
    expect(await counts()).toEqual(before);
    const restored = await call('GET', `/api/nodes/${ids.area}`);
    expect(restored.body.node.figures.map((f: { id: string }) => f.id)).toEqual([ids.figure]);
    // The undo gave it a version above any it had, so an edit based on the deleted copy is stale.
    expect(
      (await call('PUT', `/api/entities/${ids.area}`, { version: deps.body.entity.version, name: 'x' }))
        .status,
    ).toBe(409);
  });

  it('refuses an undo when what it touched changed since', async () => {
    const deps = await call('GET', `/api/entities/${ids.port}/dependents`);
    const version = deps.body.relationships.find((r: { id: string }) => r.id === ids.expands).version;
    const edit = await call('PUT', `/api/relationships/${ids.expands}`, {
      version,
      properties: { phase: 'one' },
    });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    const later = await call('PUT', `/api/relationships/${ids.expands}`, {
      version: version + 1,
      properties: { phase: 'two' },
    });
    expect(later.status).toBe(200);
    const conflict = await call('POST', `/api/changes/${edit.body.change}/undo`);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.element).toEqual({ kind: 'relationship', id: ids.expands });
    // Newest first, it goes.
    expect((await call('POST', `/api/changes/${later.body.change}/undo`)).status).toBe(200);
    expect((await call('POST', `/api/changes/${edit.body.change}/undo`)).status).toBe(200);
  });

  it('finds relationships by id through their type, declared types included, and misses the rest', async () => {
    // The declared type got its id index when its first relationship was committed.
    const indexed = await db.read(async (tx) => {
      const result = await tx.run(
        `SHOW INDEXES YIELD name, entityType, labelsOrTypes, properties, state
         WHERE entityType = 'RELATIONSHIP' AND properties = ['id']
         RETURN labelsOrTypes[0] AS type, state`,
      );
      return Object.fromEntries(result.records.map((r) => [r.get('type'), r.get('state')]));
    });
    expect(indexed).toMatchObject({ EXPANDS: 'ONLINE', LOCATED_IN: 'ONLINE' });
    expect(indexed).not.toHaveProperty('HAS_FIGURE');

    const deps = await call('GET', `/api/entities/${ids.port}/dependents`);
    const expands = deps.body.relationships.find((r: { id: string }) => r.id === ids.expands);
    expect(expands).toMatchObject({ type: 'EXPANDS', from: ids.port, to: ids.area });
    // Taken: an explicit id answers 409, a derived one is replaced by a fresh id.
    const taken = await call('POST', '/api/relationships', {
      id: ids.expands,
      type: 'EXPANDS',
      from: ids.port,
      to: ids.area,
      source: source('烟台港集团宣布扩建芝罘湾港区。'),
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'CONFLICT', field: 'id' });
    // Missed: no relationship has the id (an entity's and a figure's ids included).
    for (const id of ['no-such-relationship', ids.port, ids.figure]) {
      const edit = await call('PUT', `/api/relationships/${encodeURIComponent(id!)}`, {
        version: 1,
        properties: { phase: 'x' },
      });
      expect(edit.status, id).toBe(404);
      expect((await call('DELETE', `/api/relationships/${encodeURIComponent(id!)}?version=1`)).status).toBe(
        404,
      );
    }
    // Found, and a stale version still answers 409 with the current one.
    const stale = await call('DELETE', `/api/relationships/${ids.expands}?version=${expands.version + 5}`);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'CONFLICT', currentVersion: expands.version });
  });

  it('keeps the history per entity and per article, with before and after', async () => {
    const ofEntity = await call('GET', `/api/changes?entity=${ids.port}`);
    const actions = ofEntity.body.changes.map((c: { action: string }) => c.action);
    expect(actions).toEqual(
      expect.arrayContaining(['create-entity', 'update-entity', 'create-relationship']),
    );
    const edit = ofEntity.body.changes.find((c: { action: string }) => c.action === 'update-entity');
    expect(edit.who).toBe('local');
    expect(edit.before[0].props.nameEn).toBe('Yantai Port Group');
    expect(edit.after[0].props.nameEn).toBe('Yantai Port Group Co.');
    const ofArticle = await call('GET', '/api/changes?article=yantai-port-expansion');
    expect(ofArticle.body.changes.map((c: { action: string }) => c.action)).toContain('add-article');
  });

  it('undoes adding an article nothing quotes, and refuses while facts quote it', async () => {
    const history = await call('GET', '/api/changes?article=yantai-port-expansion');
    const addedFirst = history.body.changes.find((c: { action: string }) => c.action === 'add-article');
    const quoted = await call('POST', `/api/changes/${addedFirst.id}/undo`);
    expect(quoted.status).toBe(409);
    expect(quoted.body.error.code).toBe('CONFLICT');
    expect(quoted.body.error.quoting).toBeGreaterThan(0);
    expect((await call('GET', '/api/articles/yantai-port-expansion')).status).toBe(200);

    const added = await call('POST', '/api/articles', {
      dataset: 'yantai-test',
      id: 'yantai-added-by-mistake',
      title: '误加的文章',
      date: '2026-11-30',
      language: 'zh',
      format: 'text',
      content: '这篇文章没有任何事实引用。',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const undone = await call('POST', `/api/changes/${added.body.change}/undo`);
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect((await call('GET', '/api/articles/yantai-added-by-mistake')).status).toBe(404);
    // Taken out again, it is not put back by undoing the undo: adding it again is the way.
    const again = await call('POST', `/api/changes/${undone.body.change}/undo`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NOT_REVERSIBLE');
  });

  it('exports the dataset, which loads into an empty database to the same counts, every quote verbatim', async () => {
    const exported = await call('GET', '/api/datasets/yantai-test/export');
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ format: 'kg-explorer/dataset@1', id: 'yantai-test' });
    const before = await counts();
    const quotes = exported.body.nodes.flatMap((n: { sources: { quote: string }[] }) =>
      n.sources.map((s) => s.quote),
    );
    expect(quotes).toContain('万华化学入驻芝罘湾港区');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-export-'));
    const file = path.join(dir, 'yantai-test.json');
    fs.writeFileSync(file, JSON.stringify(exported.body, null, 2));
    await db.write((tx) => tx.run('MATCH (n) DETACH DELETE n'));
    expect(await counts()).toEqual({ entities: 0, relationships: 0, figures: 0 });
    // The loader checks every quote verbatim against its article before writing anything.
    const report = await loadDatasetFile(db, file, () => undefined);
    expect(report.dataset).toBe('yantai-test');
    expect(await counts()).toEqual(before);
    const again = await call('GET', '/api/datasets/yantai-test/export');
    const strip = (d: { nodes: object[]; edges: object[]; articles: object[] }) => ({
      nodes: d.nodes,
      edges: d.edges,
      articles: d.articles,
    });
    expect(strip(again.body)).toEqual(strip(exported.body));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('who may write facts', { timeout: 360_000 }, () => {
  it('needs a token off loopback, refuses a wrong one, and names the writer of a named token', async () => {
    const config = testConfig(neo4j, {
      HOST: '0.0.0.0',
      EXPLORER_TOKENS: 'ana:ana-token-123456,li:li-token-654321',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const guarded = await startTestApp(db, config);
    try {
      const body = {
        type: 'Company',
        name: '万华化学',
        nameEn: 'Wanhua Chemical (2)',
        source: source('万华化学入驻芝罘湾港区'),
      };
      const anonymous = await call('POST', '/api/entities', body, {}, guarded.baseUrl);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
      const wrong = await call(
        'POST',
        '/api/entities',
        body,
        { authorization: 'Bearer nope-nope-nope' },
        guarded.baseUrl,
      );
      expect(wrong.status).toBe(401);
      const li = await call(
        'POST',
        '/api/entities',
        body,
        { authorization: 'Bearer li-token-654321' },
        guarded.baseUrl,
      );
      expect(li.status, JSON.stringify(li.body)).toBe(201);
      const history = await call(
        'GET',
        `/api/changes?entity=${li.body.entity.id}`,
        undefined,
        {},
        guarded.baseUrl,
      );
      expect(history.body.changes[0]).toMatchObject({ who: 'li', action: 'create-entity' });
    } finally {
      await guarded.close();
    }
  });
});
