// Issue 19's whole scenario in real headless Chromium: an article written for this test (another
// city, other types, a new dataset) is pasted; three entities, two relationships and two figures are
// made from its sentences, by selection and by the reader's chips; a duplicate is merged; an edit
// meets a stale version (409) with what was typed kept; a delete is undone from the toast; the
// dataset is exported through the reader's link and loaded into a second, empty Neo4j: the same
// counts, and every quote verbatim in its article's stored text. Also: what is typed in a form
// survives a language switch and a reload of the list.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../../server/db/driver';
import { loadDatasetFile } from '../../server/seed/loader';
import { freshPagePerTest, screenshot, waitReady } from '../helpers/browser';
import { testConfig, testDb } from '../helpers/neo4j';
import { scratchNeo4j } from '../helpers/scratch-neo4j';

let page: Page;
let errors: string[];
const appUrl = () => inject('appUrl');
freshPagePerTest({ width: 1600, height: 1000 }, (p, e) => {
  page = p;
  errors = e;
});

const DATASET = 'lianyungang-test';
const P1S1 = '连云港徐圩物流园区今年引进企业15家。';
const P1S2 = '园区由连云港港口集团运营。';
const P2S1 = '连云港港口集团与江苏海事实验室共建航运数据平台。';
const P2S2 = '航运数据平台总投资8亿元。';
const P3S1 = '人们常说的徐圩园区就是这里。';
const ARTICLE = `${P1S1}${P1S2}\n\n${P2S1}${P2S2}\n\n${P3S1}`;

let secondDb: Db | undefined;
afterAll(async () => {
  await secondDb?.close();
});

const api = async (method: string, url: string, body?: unknown) => {
  const res = await fetch(appUrl() + url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { [k: string]: never } };
};

/** Selects `words` inside the sentence that holds them, as a mouse would, and lets go. */
async function selectWords(words: string, sentence: string): Promise<void> {
  await page.evaluate(
    ([words, sentence]) => {
      const span = [...document.querySelectorAll('.sentence')].find((s) =>
        s.firstChild?.textContent?.startsWith(sentence),
      );
      const node = span?.firstChild;
      if (!span || !node?.textContent) throw new Error(`no sentence ${sentence}`);
      const at = node.textContent.indexOf(words);
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      const selection = document.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      span.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    },
    [words, sentence] as const,
  );
}

/** The sentence's span (its text starts with `sentence`; its chips follow inside it). */
const sentenceEl = (sentence: string) => `.sentence:has-text("${sentence}")`;

/** Clicks a chip of a sentence: a figure, a known entity or a likely new name. */
async function clickChip(sentence: string, kind: 'figure' | 'entity' | 'name', text: string): Promise<void> {
  await page.click(`${sentenceEl(sentence)} .${kind}-chip:text-is("${text}")`);
}

/** Fills the entity form (its name is `name`) and creates; answers the new entity's id. */
async function createEntity(name: string, type: string, nameEn: string): Promise<string> {
  await page.fill('#reader-entity-form input[name="type"]', type);
  await page.fill('#reader-entity-form input[name="nameEn"]', nameEn);
  await page.click('#reader-entity-form button[type="submit"]');
  await page.waitForSelector('#reader-entity-form', { state: 'detached' });
  const created = await page.waitForSelector(`.reader-created[data-id]:has-text(": ${name} ")`);
  return (await created.getAttribute('data-id')) ?? '';
}

/** Waits for the toast of a write and answers its message. */
async function toastSays(words: string): Promise<void> {
  await page.waitForSelector(`#sources-toast:not([hidden]) .toast-message:has-text("${words}")`);
}

async function datasetCounts() {
  const exported = await api('GET', `/api/datasets/${DATASET}/export`);
  const file = exported.body as unknown as { nodes: unknown[]; edges: unknown[] };
  return file;
}

describe('facts from the sentences of a pasted article', () => {
  it('makes 3 entities, 2 relationships, 2 figures, merges, undoes a delete, exports and loads again', async () => {
    await page.goto(`${appUrl()}/`);
    await waitReady(page);
    await page.click('#btn-sources');
    await page.waitForSelector('#sources-add');

    // Nothing typed is lost: the add form's text survives a language switch (the list reloads).
    await page.fill('#sources-add textarea[name="content"]', ARTICLE);
    await page.fill('#sources-add input[name="title"]', '连云港徐圩物流园区招商');
    await page.click('button[data-lang="en"]');
    await page.waitForSelector('#sources-add h4:text-is("Add article")');
    expect(await page.inputValue('#sources-add textarea[name="content"]')).toBe(ARTICLE);
    expect(await page.inputValue('#sources-add input[name="title"]')).toBe('连云港徐圩物流园区招商');
    await page.fill('#sources-add input[name="publisher"]', '测试晚报');
    await page.fill('#sources-add input[name="dataset"]', DATASET);
    await page.fill('#sources-add input[name="date"]', '2026-10-08');
    await page.click('#sources-add button[type="submit"]');
    await page.waitForSelector('.sources-reader:not([hidden]) .reader-title');
    expect(await page.$$eval('.reader-text p', (ps) => ps.length)).toBe(3);

    // Likely new names are offered by their suffix, no known entity yet.
    expect(await page.$$eval('.name-chip', (c) => c.map((e) => e.textContent))).toEqual([
      '连云港徐圩物流园区',
      '连云港港口集团',
      '连云港港口集团',
      '江苏海事实验室',
      '航运数据平台',
      '航运数据平台',
      '徐圩园区',
    ]);
    expect(await page.$$eval('.entity-chip', (c) => c.length)).toBe(0);

    // Entity 1 by a name chip; the type is declared on the spot (a new dataset has none).
    await clickChip(P1S1, 'name', '连云港徐圩物流园区');
    expect(await page.inputValue('#reader-entity-form input[name="name"]')).toBe('连云港徐圩物流园区');
    const park = await createEntity('连云港徐圩物流园区', 'LogisticsPark', 'Xuwei Logistics Park');
    await toastSays('连云港徐圩物流园区');
    // Once it exists, its name is a chip that links, not one that makes a twin.
    await page.waitForSelector(`${sentenceEl(P1S1)} .entity-chip[data-id="${park}"]`);

    // Entity 2 by selecting words in a sentence.
    await selectWords('连云港港口集团', P1S2);
    await page.waitForSelector('#reader-entity-form');
    expect(await page.textContent('#reader-entity-form blockquote')).toBe(P1S2);
    const group = await createEntity('连云港港口集团', 'PortGroup', 'Lianyungang Port Group');
    await page.waitForSelector(`${sentenceEl(P2S1)} .entity-chip[data-id="${group}"]`);

    // Entity 3 by a name chip.
    await clickChip(P2S1, 'name', '航运数据平台');
    const platform = await createEntity('航运数据平台', 'Platform', 'Shipping Data Platform');
    // The duplicate of entity 1, by a name chip, of a type the dataset now has.
    await clickChip(P3S1, 'name', '徐圩园区');
    await page.waitForSelector('#reader-entity-form');
    expect(await page.$$eval('#reader-types option', (o) => o.map((e) => e.getAttribute('value')))).toContain(
      'LogisticsPark',
    );
    const duplicate = await createEntity('徐圩园区', 'LogisticsPark', 'Xuwei Park');

    // Relationship 1 from a selection: the ends by search and by the sentence's suggestions; a
    // missing end is refused beside its field, what was chosen stays.
    await selectWords('连云港港口集团运营', P1S2);
    await page.click('#reader-as-relationship');
    await page.waitForSelector('#reader-relationship-form');
    await page.fill('#reader-relationship-form input[name="type"]', 'OPERATES');
    await page.click(
      `#reader-relationship-form label[data-field="from"] .picker-suggestion[data-id="${group}"]`,
    );
    await page.fill('#reader-relationship-form textarea[name="properties"]', 'since=2021');
    await page.click('#reader-relationship-form button[type="submit"]');
    const toError = await page.waitForSelector(
      '#reader-relationship-form label[data-field="to"] .field-error:not(:empty)',
    );
    expect(await toError.textContent()).not.toBe('');
    expect(await page.inputValue('#reader-relationship-form input[name="fromChosen"]')).toBe(
      '连云港港口集团',
    );
    await page.fill(
      '#reader-relationship-form label[data-field="to"] input.picker-search',
      '连云港徐圩物流园区',
    );
    await page.click(`#reader-relationship-form label[data-field="to"] .picker-result[data-id="${park}"]`);
    expect(await page.textContent('#reader-relationship-form .rel-direction')).toBe(
      '连云港港口集团 —OPERATES→ 连云港徐圩物流园区 · Xuwei Logistics Park',
    );
    await screenshot(page, 'sources-facts-01-relationship');
    await page.click('#reader-relationship-form button[type="submit"]');
    await toastSays('OPERATES');

    // A known entity's chip: this sentence becomes its source, then it is an end of relationship 2.
    await clickChip(P2S1, 'entity', '连云港港口集团');
    await page.click('#reader-link-source');
    await toastSays('Linked');
    await page.waitForSelector(`${sentenceEl(P2S1)}.backed[data-backs~="${group}"]`);
    await clickChip(P2S1, 'entity', '连云港港口集团');
    await page.click('#reader-link-end');
    await page.waitForSelector('#reader-relationship-form');
    expect(await page.inputValue('#reader-relationship-form input[name="from"]')).toBe(group);
    await page.fill('#reader-relationship-form input[name="type"]', 'BUILDS');
    await page.click(
      `#reader-relationship-form label[data-field="to"] .picker-suggestion[data-id="${platform}"]`,
    );
    await page.click('#reader-relationship-form button[type="submit"]');
    await toastSays('BUILDS');

    // Two figures from their chips.
    await clickChip(P1S1, 'figure', '15家');
    await page.selectOption('#reader-figure-form select[name="entity"]', park);
    await page.fill('#reader-figure-form input[name="measure"]', 'companies attracted');
    await page.click('#reader-figure-form button[type="submit"]');
    await toastSays('companies attracted');
    await clickChip(P2S2, 'figure', '8亿元');
    await page.selectOption('#reader-figure-form select[name="entity"]', platform);
    await page.fill('#reader-figure-form input[name="measure"]', 'total investment');
    await page.click('#reader-figure-form button[type="submit"]');
    await toastSays('total investment');
    let file = await datasetCounts();
    expect([file.nodes.length, file.edges.length]).toEqual([4, 2]);

    // Merge the duplicate into the park: what moves is shown first; the toast offers Undo.
    await page.click(`.reader-backs li[data-id="${park}"] .reader-manage`);
    await page.waitForSelector(`.sources-manager:not([hidden]) .manager-title[data-id="${park}"]`);
    await page.fill('#entity-merge input.picker-search', '徐圩园区');
    await page.click(`#entity-merge .picker-result[data-id="${duplicate}"]`);
    const moves = await page.waitForSelector('#entity-merge .merge-moves');
    expect(await moves.textContent()).toContain('徐圩园区');
    expect(await moves.textContent()).toContain(P3S1.slice(0, -1));
    await page.click('#entity-merge button[type="submit"]');
    await toastSays('Merged: 徐圩园区');
    expect(await page.isVisible('#sources-toast .toast-undo')).toBe(true);
    expect((await api('GET', `/api/nodes/${duplicate}`)).status).toBe(404);
    const survivor = (await api('GET', `/api/nodes/${park}`)).body.node as unknown as { aliases: string[] };
    expect(survivor.aliases).toContain('徐圩园区');

    // A stale edit: someone else saves meanwhile; the 409 shows their values, ours stay typed.
    await page.waitForSelector('#entity-history li[data-action="merge-entities"]');
    await page.fill('#entity-edit input[name="nameEn"]', 'Xuwei Logistics Park (typed)');
    // Nothing typed is lost to a re-render either: a language switch rebuilds the manager.
    await page.click('button[data-lang="zh"]');
    await page.waitForSelector('#entity-edit h4:text-is("编辑实体")');
    expect(await page.inputValue('#entity-edit input[name="nameEn"]')).toBe('Xuwei Logistics Park (typed)');
    const deps = (await api('GET', `/api/entities/${park}/dependents`)).body as unknown as {
      entity: { version: number };
    };
    const other = await api('PUT', `/api/entities/${park}`, {
      version: deps.entity.version,
      nameEn: 'Xuwei Park by someone else',
    });
    expect(other.status).toBe(200);
    await page.click('#entity-edit button[type="submit"]');
    const conflict = await page.waitForSelector('#entity-edit .edit-conflict:not([hidden])');
    expect(await conflict.textContent()).toContain('Xuwei Park by someone else');
    expect(await page.inputValue('#entity-edit input[name="nameEn"]')).toBe('Xuwei Logistics Park (typed)');
    await screenshot(page, 'sources-facts-02-conflict');
    await page.click('#entity-edit button[type="submit"]');
    await toastSays('已保存: 连云港徐圩物流园区');
    const edited = (await api('GET', `/api/nodes/${park}`)).body.node as unknown as { nameEn: string };
    expect(edited.nameEn).toBe('Xuwei Logistics Park (typed)');

    // Delete the platform: what it takes is listed first; Undo in the toast brings it all back.
    await page.click('.manager-back');
    await page.click(`.reader-backs li[data-id="${platform}"] .reader-manage`);
    await page.waitForSelector(`.manager-title[data-id="${platform}"]`);
    await page.click('#entity-delete .delete-start');
    const takes = await page.$$eval('#entity-delete .delete-dependents li', (li) =>
      li.map((e) => e.getAttribute('data-kind')),
    );
    expect(takes.filter((k) => k === 'relationship' || k === 'figure').sort()).toEqual([
      'figure',
      'relationship',
    ]);
    await page.click('#entity-delete .delete-confirm');
    await toastSays('已删除: 航运数据平台');
    expect((await api('GET', `/api/nodes/${platform}`)).status).toBe(404);
    file = await datasetCounts();
    expect([file.nodes.length, file.edges.length]).toEqual([2, 1]);
    await page.click('#sources-toast .toast-undo');
    await toastSays('已撤销');
    expect((await api('GET', `/api/nodes/${platform}`)).status).toBe(200);
    // The article's history lists every change, the delete's undo among them.
    await page.click('.reader-history summary');
    const actions = await page.$$eval('#article-history li', (li) =>
      li.map((e) => e.getAttribute('data-action')),
    );
    expect(actions).toEqual(
      expect.arrayContaining(['add-article', 'create-entity', 'create-relationship', 'create-figure']),
    );
    await screenshot(page, 'sources-facts-03-history');

    // Export through the reader's link, and load the file into a second, empty Neo4j.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#reader-export')]);
    const out = path.resolve('test-output', 'sources-facts');
    fs.mkdirSync(out, { recursive: true });
    const exportedFile = path.join(out, `${DATASET}.json`);
    await download.saveAs(exportedFile);
    const exported = JSON.parse(fs.readFileSync(exportedFile, 'utf8')) as {
      format: string;
      nodes: { sources: { quote: string }[]; figures?: unknown[] }[];
      edges: unknown[];
    };
    expect(exported.format).toBe('kg-explorer/dataset@1');
    expect(exported.nodes.length).toBe(3);
    expect(exported.edges.length).toBe(2);

    // The lane's scratch Neo4j, emptied: a JVM of this test's own cost a whole start.
    const second = await scratchNeo4j();
    secondDb = testDb(second, testConfig(second));
    await loadDatasetFile(secondDb, exportedFile, () => undefined);
    const loaded = await secondDb.read(async (tx) => {
      const r = await tx.run(
        `CALL () { MATCH (n:Entity) RETURN count(n) AS entities }
         CALL () { MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS relationships }
         CALL () { MATCH (f:Figure) RETURN count(f) AS figures }
         RETURN entities, relationships, figures`,
      );
      const rec = r.records[0]!;
      return ['entities', 'relationships', 'figures'].map((k) => Number(rec.get(k)));
    });
    expect(loaded).toEqual([3, 2, 2]);
    // Every quote of every entity, relationship and figure is verbatim in its article's stored text.
    const quotes = await secondDb.read(async (tx) => {
      const r = await tx.run(
        `CALL () {
           MATCH (n:Entity) RETURN n.sourceArticles AS articles, n.sourceQuotes AS quotes
           UNION ALL MATCH (:Entity)-[r]->(:Entity) RETURN r.sourceArticles AS articles, r.sourceQuotes AS quotes
           UNION ALL MATCH (f:Figure) RETURN f.sourceArticles AS articles, f.sourceQuotes AS quotes
         }
         UNWIND range(0, size(quotes) - 1) AS i
         OPTIONAL MATCH (s:SourceDocument {id: articles[i]})
         RETURN quotes[i] AS quote, s.text AS text`,
      );
      return r.records.map((rec) => ({
        quote: rec.get('quote') as string,
        text: rec.get('text') as string | null,
      }));
    });
    // 3 entities (the park with its duplicate's sentence too, the group with the linked one), 2 + 2.
    expect(quotes.length).toBeGreaterThanOrEqual(3 + 2 + 2 + 2);
    for (const { quote, text } of quotes) expect(text ?? '').toContain(quote);
    expect(quotes.map((q) => q.quote)).toEqual(expect.arrayContaining([P3S1, P2S1, P1S2]));
    expect(errors.filter((e) => !e.includes('status of 400') && !e.includes('status of 409'))).toEqual([]);
  }, 900_000);
});
