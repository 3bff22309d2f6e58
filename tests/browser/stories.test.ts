// Building a story, presenting it from the keyboard, and every export, in real Chromium.
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from 'cytoscape';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { evalOnCy, exportAs, launchBrowser, screenshot, waitReady } from '../helpers/browser';
import { startTestApp, testConfig, testDb } from '../helpers/neo4j';

let browser: Browser;
let page: Page;
const appUrl = () => inject('appUrl');
const OUT = path.resolve('test-output', 'exports');
const title = `联动故事 ${Date.now()}`;

type Cy = Core;
const cyEval = <T>(fn: (cy: Cy) => T) => evalOnCy(page, fn);
const nodeIds = async () => (await cyEval((cy) => cy.nodes().map((n) => n.id()))).sort();

async function saveDownload(trigger: () => Promise<unknown>): Promise<{ download: Download; file: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger()]);
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, download.suggestedFilename());
  await download.saveAs(file);
  return { download, file };
}

async function stepCount(): Promise<number> {
  return page.locator('#stories-body .story-step').count();
}

/** Resolves once the open story has nothing unsaved (the editor shows steps before they are saved). */
async function storySaved(on = page): Promise<void> {
  await on.waitForSelector('#stories-body .save-state[data-state="saved"]');
}

async function addStep(expected: number): Promise<void> {
  await page.click('#btn-add-step');
  await page.waitForFunction(
    (n) => document.querySelectorAll('#stories-body .story-step').length === n,
    expected,
  );
  await storySaved();
}

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('stories and presentations', () => {
  const saved: string[][] = [];

  it('builds a three-step story that survives a reload', async () => {
    await page.goto(`${appUrl()}/#focus=zone-qingdao-ftz-area`);
    await waitReady(page);
    await page.click('#btn-stories');
    await page.fill('#new-story-title', title);
    await page.click('#btn-new-story');
    await page.waitForSelector('#btn-add-step');

    saved.push(await nodeIds());
    await addStep(1);
    await page.fill('#stories-body .story-step:nth-child(1) .step-caption', 'The FTZ and its partners');
    await page.press('#stories-body .story-step:nth-child(1) .step-caption', 'Tab');
    // new story v1, step added v2, caption v3, narration v4: each saved before the next edit
    await page.waitForFunction(() =>
      /v3/.test(document.querySelector('#stories-body .save-state')?.textContent ?? ''),
    );
    await page.fill(
      '#stories-body .story-step:nth-child(1) .step-narration',
      '青岛自贸片区与**六个**联动创新区合作。',
    );
    await page.press('#stories-body .story-step:nth-child(1) .step-narration', 'Tab');
    await page.waitForFunction(() =>
      /v4/.test(document.querySelector('#stories-body .save-state')?.textContent ?? ''),
    );

    // step 2: Yanggu's neighbourhood
    await page.fill('#search-input', '阳谷');
    await page.waitForSelector('#search-results li[data-id="zone-yanggu-edz"]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      (window as unknown as { explorer: { cy: Cy } }).explorer.cy
        .getElementById('zone-yanggu-edz')
        .selected(),
    );
    await page.evaluate(() => {
      const cy = (window as unknown as { explorer: { cy: Cy } }).explorer.cy;
      cy.nodes()
        .filter(
          (n) => n.id() !== 'zone-yanggu-edz' && n.edgesWith(cy.getElementById('zone-yanggu-edz')).empty(),
        )
        .remove();
    });
    saved.push(await nodeIds());
    await addStep(2);

    // step 3: a path, highlighted, in English
    await page.click('[data-lang="en"]');
    await page.evaluate(() => {
      const cy = (window as unknown as { explorer: { cy: Cy } }).explorer.cy;
      cy.nodes().slice(0, 3).remove();
    });
    saved.push(await nodeIds());
    await addStep(3);
    await screenshot(page, '10-story-editor');

    await page.reload();
    await waitReady(page);
    await page.click('#btn-stories');
    await page.click(`#stories-body .story-link:has-text("${title}")`);
    await page.waitForSelector('#stories-body .story-step');
    expect(await stepCount()).toBe(3);
    expect(await page.inputValue('#stories-body .story-step:nth-child(1) .step-narration')).toContain('六个');
    expect(await page.inputValue('#stories-body .story-step:nth-child(1) .step-caption')).toBe(
      'The FTZ and its partners',
    );
  });

  it('presents it with the keyboard, with animated steps, and Esc returns to exploring', async () => {
    await page.click('#btn-present');
    await page.waitForFunction(() => document.body.classList.contains('presenting'));
    await page.waitForFunction(() => document.getElementById('presenter-counter')?.textContent === '1 / 3');
    expect(await page.textContent('#presenter-caption')).toBe('The FTZ and its partners');
    expect(await page.innerHTML('#presenter-narration')).toContain('<strong>六个</strong>');
    expect(await nodeIds()).toEqual(saved[0]);
    await screenshot(page, '11-presenting-step-1');

    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.getElementById('presenter-counter')?.textContent === '2 / 3');
    expect(await nodeIds()).toEqual(saved[1]);
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.getElementById('presenter-counter')?.textContent === '3 / 3');
    expect(await nodeIds()).toEqual(saved[2]);
    expect(await page.getAttribute('[data-lang="en"]', 'aria-checked')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.getElementById('presenter-counter')?.textContent === '2 / 3');
    await screenshot(page, '12-presenting-step-2');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.body.classList.contains('presenting'));
    expect(await nodeIds()).toEqual(saved[1]); // exploring continues from the same view
  });

  it('exports a PNG of the expected size', async () => {
    const expected = await page.evaluate(() => {
      const cy = (window as unknown as { explorer: { cy: Cy } }).explorer.cy;
      const bb = cy.elements(':visible').boundingBox({});
      return {
        width: Math.ceil(bb.w * 2 * window.devicePixelRatio),
        height: Math.ceil(bb.h * 2 * window.devicePixelRatio),
      };
    });
    const { file } = await saveDownload(() => exportAs(page, 'png', 2));
    const png = fs.readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(Math.abs(width - expected.width)).toBeLessThanOrEqual(4);
    expect(Math.abs(height - expected.height)).toBeLessThanOrEqual(4);
    expect(png.length).toBeGreaterThan(5000);
  });

  it('guards against images larger than the browser can draw', async () => {
    await page.evaluate(
      () =>
        void (window as unknown as { explorer: { cy: Cy } }).explorer.cy
          .nodes()
          .first()
          .position({ x: 50_000, y: 50_000 }),
    );
    await exportAs(page, 'png', 10);
    await page.waitForFunction(() =>
      /beyond what the browser can draw/.test(document.getElementById('stage-status')?.textContent ?? ''),
    );
    await page.keyboard.press('Control+Z'); // the move was not recorded; reload the step instead
  });

  it('exports SVG that parses and holds the labels', async () => {
    await page.goto('about:blank'); // a hash-only change would not reload the app
    await page.goto(`${appUrl()}/#focus=zone-yanggu-edz&lang=zh`);
    await waitReady(page);
    const { file } = await saveDownload(() => exportAs(page, 'svg'));
    const text = fs.readFileSync(file, 'utf8');
    const parsed = await page.evaluate((svg) => {
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.nodeName,
        text: doc.documentElement.textContent,
      };
    }, text);
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    // Cytoscape's `text-overflow-wrap: anywhere` puts zero-width spaces between the characters.
    expect(parsed.text?.replace(/\u200b/g, '')).toContain('阳谷经开区');
  });

  it('exports JSON and CSV that round-trip', async () => {
    const before = await cyEval((cy) =>
      cy
        .nodes(':visible')
        .map((n) => ({ id: n.id(), x: Math.round(n.position('x')), y: Math.round(n.position('y')) })),
    );
    const edgesBefore = (await cyEval((cy) => cy.edges(':visible').map((e) => e.id()))).sort();
    const { file } = await saveDownload(() => exportAs(page, 'json'));
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(json.format).toBe('kg-explorer/elements@1');
    expect(json.elements.nodes.map((n: { data: { id: string } }) => n.data.id).sort()).toEqual(
      before.map((n) => n.id).sort(),
    );
    expect(json.elements.nodes[0].data.sources.length).toBeGreaterThan(0);

    // back in through the import button: same elements, same places
    // `void`: returning the removed collection made Playwright serialise Cytoscape's whole object
    // graph (24 s, 3.8 GB of page heap, and once a crashed tab).
    await cyEval((cy) => void cy.elements().remove());
    await page.setInputFiles('#import-json', file);
    await page.waitForFunction(
      (n) => (window as unknown as { explorer: { cy: Cy } }).explorer.cy.nodes().length === n,
      before.length,
    );
    const after = await cyEval((cy) =>
      cy.nodes().map((n) => ({ id: n.id(), x: Math.round(n.position('x')), y: Math.round(n.position('y')) })),
    );
    expect(after.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      before.sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect((await cyEval((cy) => cy.edges().map((e) => e.id()))).sort()).toEqual(edgesBefore);

    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await exportAs(page, 'csv');
    await page.waitForFunction(() => true);
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBe(2);
    const nodesFile = path.join(OUT, 'nodes.csv');
    const edgesFile = path.join(OUT, 'edges.csv');
    await downloads.find((d) => d.suggestedFilename() === 'nodes.csv')!.saveAs(nodesFile);
    await downloads.find((d) => d.suggestedFilename() === 'edges.csv')!.saveAs(edgesFile);
    const nodeLines = fs.readFileSync(nodesFile, 'utf8').trim().split('\r\n');
    expect(nodeLines[0]).toBe('id,type,name,nameEn,aliases,x,y,sources');
    expect(
      nodeLines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(before.map((n) => n.id).sort());
    const edgeLines = fs.readFileSync(edgesFile, 'utf8').trim().split('\r\n');
    expect(
      edgeLines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(edgesBefore);
  });

  it('exports the story as one HTML file that plays from file:// with the same keys', async () => {
    await page.click('#btn-stories');
    await page.click(`#stories-body .story-link:has-text("${title}")`);
    await page.waitForSelector('#stories-body .story-step');
    const { file } = await saveDownload(() => page.click('#btn-export-story'));
    const html = fs.readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // nothing fetched
    const offline = await browser.newPage();
    await offline.goto(`file://${file}`);
    expect(await offline.locator('section.step').count()).toBe(3);
    expect(await offline.locator('section.step:not([hidden]) h2').textContent()).toBe(
      'The FTZ and its partners',
    );
    expect(await offline.locator('section.step:not([hidden]) svg').count()).toBe(1);
    await offline.keyboard.press('ArrowRight');
    expect(await offline.evaluate(() => document.body.dataset.step)).toBe('1');
    await offline.keyboard.press(' ');
    expect(await offline.evaluate(() => document.body.dataset.step)).toBe('2');
    await offline.keyboard.press('ArrowLeft');
    expect(await offline.evaluate(() => document.body.dataset.step)).toBe('1');
    await offline.screenshot({ path: path.resolve('test-output', 'screenshots', '13-offline-story.png') });
    await offline.close();
  });
});

describe('nothing typed in a story is lost', () => {
  async function openExplorer() {
    const tab = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await tab.goto(`${appUrl()}/#focus=zone-qingdao-ftz-area`);
    await waitReady(tab);
    await tab.click('#btn-stories');
    return tab;
  }
  const serverCopy = async (id: string) =>
    (
      (await (await fetch(`${appUrl()}/api/stories/${id}`)).json()) as {
        story: { version: number; steps: { narration: string }[] };
      }
    ).story;

  it('keeps narration typed right before "Add step", twenty times in a row', async () => {
    const tab = await openExplorer();
    await tab.fill('#new-story-title', `narration race ${Date.now()}`);
    await tab.click('#btn-new-story');
    await tab.waitForSelector('#btn-add-step');
    await tab.click('#btn-add-step');
    await tab.waitForSelector('#stories-body .story-step');
    const id = (await tab.getAttribute('#stories-body .story-link.current', 'data-story-id'))!;
    for (let i = 0; i < 20; i++) {
      const box = `#stories-body .story-step:nth-child(${i + 1}) .step-narration`;
      // Typed key by key for the first round, filled for the rest; then "Add step" at once.
      if (i === 0) await tab.locator(box).pressSequentially('叙述 0 typed', { delay: 0 });
      else await tab.fill(box, `叙述 ${i}`);
      await tab.click('#btn-add-step');
      await tab.waitForFunction(
        (n) => document.querySelectorAll('#stories-body .story-step').length === n,
        i + 2,
      );
      // The box just typed in still holds its text after the editor redrew.
      expect(await tab.inputValue(box)).toBe(i === 0 ? '叙述 0 typed' : `叙述 ${i}`);
    }
    await storySaved(tab);
    const story = await serverCopy(id);
    expect(story.steps).toHaveLength(21);
    expect(story.steps.slice(0, 20).map((s) => s.narration)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i === 0 ? '叙述 0 typed' : `叙述 ${i}`)),
    );
    expect(await tab.locator('.story-conflict').count()).toBe(0);
    await tab.close();
  });

  it('two tabs on one story: the second saver sees both versions, chooses, and neither text is lost', async () => {
    const a = await openExplorer();
    await a.fill('#new-story-title', `two tabs ${Date.now()}`);
    await a.click('#btn-new-story');
    await a.click('#btn-add-step');
    await storySaved(a);
    const id = (await a.getAttribute('#stories-body .story-link.current', 'data-story-id'))!;
    const b = await openExplorer();
    await b.click(`#stories-body .story-link[data-story-id="${id}"]`);
    await b.waitForSelector('#stories-body .story-step');

    const narrationBox = '#stories-body .story-step:nth-child(1) .step-narration';
    await a.fill(narrationBox, 'written in tab A');
    await a.press(narrationBox, 'Tab');
    await storySaved(a);
    await b.fill(narrationBox, 'written in tab B');
    await b.press(narrationBox, 'Tab');
    await b.waitForSelector('#stories-body .story-conflict');
    expect(await b.textContent('.story-conflict .mine')).toContain('written in tab B');
    expect(await b.textContent('.story-conflict .theirs')).toContain('written in tab A');
    expect(await b.inputValue(narrationBox)).toBe('written in tab B'); // never an empty box
    expect((await serverCopy(id)).steps[0]!.narration).toBe('written in tab A');

    await b.click('.story-conflict .keep-mine');
    await storySaved(b);
    expect((await serverCopy(id)).steps[0]!.narration).toBe('written in tab B');
    await a.close();
    await b.close();
  });
});

describe('a server started with EXPLORER_TOKEN', () => {
  it('asks for the token once, saves with it, and says plainly when it is wrong', async () => {
    const neo4j = inject('neo4j');
    const config = testConfig(neo4j, { EXPLORER_TOKEN: 'the-right-token-0123456789' });
    const db = testDb(neo4j, config);
    const app = await startTestApp(db, config, path.resolve('test-output', 'dist'));
    const tab = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await tab.goto(`${app.baseUrl}/#focus=zone-qingdao-ftz-area`);
      await waitReady(tab);
      await tab.click('#btn-stories');
      const storyTitle = `token story ${Date.now()}`;
      await tab.fill('#new-story-title', storyTitle);
      await tab.click('#btn-new-story');
      // The 401 opens the dialog; a wrong token is refused with a message, and asked again.
      await tab.waitForSelector('#token-dialog[open]');
      await tab.fill('#token-input', 'a-wrong-token');
      await tab.click('#token-ok');
      await tab.waitForSelector('#token-dialog[open] #token-refused');
      expect(await tab.textContent('#token-refused')).toMatch(/not accepted|不对/);
      await tab.fill('#token-input', 'the-right-token-0123456789');
      await tab.click('#token-ok');
      await tab.waitForSelector('#btn-add-step');
      // Once entered, the token is used for every write of this tab without asking again.
      await tab.click('#btn-add-step');
      await tab.waitForSelector('#stories-body .save-state[data-state="saved"]');
      expect(await tab.locator('#token-dialog').count()).toBe(0);
      const id = (await tab.getAttribute('#stories-body .story-link.current', 'data-story-id'))!;
      const stored = (await (await fetch(`${app.baseUrl}/api/stories/${id}`)).json()) as {
        story: { title: string; steps: unknown[] };
      };
      expect(stored.story).toMatchObject({ title: storyTitle });
      expect(stored.story.steps).toHaveLength(1);
      // Cancelling the dialog saves nothing and says so.
      await tab.evaluate(() => sessionStorage.clear());
      await tab.click('#btn-add-step');
      await tab.waitForSelector('#token-dialog[open]');
      await tab.click('#token-dialog button[value="cancel"]');
      await tab.waitForSelector('#stories-body .save-state[data-state="error"]');
      expect(await tab.textContent('#stories-body .save-state')).toMatch(/token/i);
    } finally {
      await tab.close();
      await app.close();
      await db.close();
    }
  });
});
