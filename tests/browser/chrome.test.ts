// The explorer's chrome (issue 16): a compact one-row toolbar of named icon buttons, the interface in
// one language at a time, server errors in that language, the canvas's share of the window, the
// sidebar's tabs, the export dialog, type glyphs, the hover card, axe-core's verdict, and the
// README's screenshots, in real Chromium at 1600×1000.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Core } from 'cytoscape';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { evalOnCy, exportAs, freshPagePerTest, openExplorer, screenshot, tapNode } from '../helpers/browser';
import { KNOWN_TYPES } from '../../client/src/graph/palette';

let page: Page;
let errors: string[];
const appUrl = () => inject('appUrl');
freshPagePerTest({ width: 1600, height: 1000 }, (p, e) => {
  page = p;
  errors = e;
});
const OUT = path.resolve('test-output', 'chrome');

type ExplorerWindow = {
  explorer: { cy: Core; settings: { hoverDelay: number }; store: { set(patch: object): void } };
};
const cyEval = <T>(fn: (cy: Core) => T) => evalOnCy(page, fn);

const open = (hash = '') => openExplorer(page, appUrl(), hash);

const selectNode = (id: string) => tapNode(page, id);

/** Every visible button's accessible name (aria-label, else its text). */
const buttonNames = (selector: string) =>
  page.$$eval(selector, (buttons) =>
    buttons
      .filter((b) => (b as HTMLElement).offsetParent !== null)
      .map((b) => ({
        id: b.id,
        name: (b.getAttribute('aria-label') ?? b.textContent ?? '').trim(),
        title: (b as HTMLElement).title,
        icon: !!b.querySelector('svg'),
      })),
  );

const CJK = /[\u3400-\u9fff]/;
/** Terms a Chinese label may keep in Latin letters: names of formats, languages and keys. */
const LATIN_TERMS = /Cypher|PageRank|PNG|SVG|JSON|CSV|HTML|Markdown|Neo4j|Ctrl|Shift|Enter|Esc|English/g;
const hasEnglishWords = (text: string) => /[A-Za-z]{3,}/.test(text.replace(LATIN_TERMS, ''));

describe('the chrome', () => {
  // One page per language for the canvas's share and the toolbar: each opened its own page before.
  for (const lang of ['zh', 'en'] as const) {
    it(`fits the toolbar in one row, every button named and with a tooltip, and leaves the canvas at least 70 % of the window at 1600×1000, details open or not (${lang})`, async () => {
      await open(`#lang=${lang}`);
      // One row: every group's top within a few pixels of the others'.
      const tops = await page.$$eval('.toolbar > *', (items) =>
        items.map((i) => i.getBoundingClientRect().top),
      );
      expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(8);
      const bar = await page.$eval('.topbar', (b) => b.getBoundingClientRect().height);
      expect(bar).toBeLessThanOrEqual(50);
      const buttons = await buttonNames('.toolbar button');
      expect(buttons.length).toBeGreaterThanOrEqual(14);
      for (const b of buttons) {
        expect(b.name, b.id).not.toBe('');
        expect(b.title, b.id).not.toBe('');
      }
      // The icon buttons: each shows an icon, and says what it does in the interface language.
      const icons = buttons.filter((b) => b.icon);
      expect(icons.map((b) => b.id)).toEqual(
        expect.arrayContaining([
          'btn-fit',
          'btn-undo',
          'btn-redo',
          'btn-console',
          'btn-export',
          'btn-import',
        ]),
      );
      for (const b of icons) {
        if (lang === 'zh') expect(b.name, b.id).toMatch(CJK);
        else expect(b.name, b.id).not.toMatch(CJK);
      }

      const share = () =>
        page.evaluate(() => {
          const box = document.getElementById('cy')!.getBoundingClientRect();
          return (box.width * box.height) / (innerWidth * innerHeight);
        });
      expect(await share()).toBeGreaterThanOrEqual(0.7);
      await selectNode('zone-qingdao-ftz-area');
      expect(await share()).toBeGreaterThanOrEqual(0.7);
    });
  }

  it('never labels a button in both languages, in 中文, English or 中英', async () => {
    for (const lang of ['zh', 'en', 'both'] as const) {
      await page.goto('about:blank'); // a hash-only change would not reload the app
      await open(`#lang=${lang}`);
      await selectNode('zone-qingdao-ftz-area');
      // In 中英 the data (legend, names) is in both languages by design; the chrome is not.
      const selector =
        lang === 'both'
          ? '.toolbar button, .tabs button, #details-body .actions button, #btn-show-hidden'
          : 'button';
      for (const b of await buttonNames(`${selector}`)) {
        if (b.id.startsWith('lang-') || /^(中文|English|中英|Both)$/.test(b.name)) continue;
        const both = CJK.test(b.name) && hasEnglishWords(b.name);
        expect(both, `${lang}: ${b.id} "${b.name}"`).toBe(false);
        if (lang === 'en') expect(b.name, b.id).not.toMatch(CJK);
      }
    }
  });

  it('puts the path finder and the analysis tools one click away, in tabs', async () => {
    await open('#lang=en');
    expect(await page.isVisible('#legend')).toBe(true);
    expect(await page.isVisible('#btn-path')).toBe(false);
    await page.click('#tab-analysis');
    await page.waitForSelector('#insight-hubs li button');
    expect(await page.isVisible('#legend')).toBe(false);
    expect(await page.getAttribute('#tab-analysis', 'aria-selected')).toBe('true');
    // Arrow keys move along the tabs (one tab stop for the row).
    await page.focus('#tab-analysis');
    await page.keyboard.press('ArrowLeft');
    expect(await page.isVisible('#btn-path')).toBe(true);
    // Setting a path end from the details opens the path finder's tab.
    await page.click('#tab-types');
    await selectNode('zone-yanggu-edz');
    await page.click('#details-body button:has-text("Path from here")');
    expect(await page.getAttribute('#tab-paths', 'aria-selected')).toBe('true');
    expect(await page.textContent('#path-from')).toMatch(/Yanggu/);
  });

  it('exports a PNG at the scale chosen in the export dialog', async () => {
    await open('#lang=en');
    const sizes: { width: number; height: number }[] = [];
    for (const scale of [1, 2]) {
      const [download] = await Promise.all([page.waitForEvent('download'), exportAs(page, 'png', scale)]);
      fs.mkdirSync(OUT, { recursive: true });
      const file = path.join(OUT, `graph-${scale}x.png`);
      await download.saveAs(file);
      const png = fs.readFileSync(file);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      sizes.push({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });
    }
    expect(Math.abs(sizes[1]!.width - 2 * sizes[0]!.width)).toBeLessThanOrEqual(2);
    expect(Math.abs(sizes[1]!.height - 2 * sizes[0]!.height)).toBeLessThanOrEqual(2);
    expect(await page.isVisible('#export-dialog')).toBe(false);
  });

  it('shows a server error in the interface language (a bad Cypher query, zh)', async () => {
    await open('#lang=zh');
    await page.click('#btn-console');
    await page.waitForSelector('.cm-content');
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('MATCH (n RETURN n');
    await page.click('#btn-run');
    await page.waitForSelector('#console-result .error');
    const text = (await page.textContent('#console-result .error')) ?? '';
    expect(text).toMatch(/^Cypher 查询有误：/);
    await screenshot(page, 'console');
  });

  it('renames the chosen entity in the search box after a language switch', async () => {
    await open('#lang=both');
    await page.fill('#search-input', '阳谷');
    await page.waitForSelector('#search-results [data-kind="entity"]');
    await screenshot(page, 'search');
    await page.click('#search-results [data-kind="entity"]');
    const bilingual = await page.inputValue('#search-input');
    expect(bilingual).toMatch(/阳谷.* · .*Yanggu/);
    await page.click('[data-lang="en"]');
    await page.waitForFunction(() => !/[\u3400-\u9fff]/.test(document.querySelector('input')!.value));
    expect(await page.inputValue('#search-input')).toMatch(/^[^\u3400-\u9fff]*Yanggu/);
    expect(await page.getAttribute('#search-input', 'placeholder')).toMatch(/^Search/);
  });

  it('draws each type with its glyph on the canvas, in the legend, the details and the SVG', async () => {
    await open('#lang=en');
    const images = await cyEval((cy) => {
      const byType: Record<string, string> = {};
      cy.nodes().forEach((n) => {
        byType[n.data('type') as string] = String(n.style('background-image'));
      });
      return byType;
    });
    expect(Object.keys(images).length).toBeGreaterThanOrEqual(5);
    for (const url of Object.values(images)) expect(url).toMatch(/^data:image\/svg\+xml/);
    // The seed's types each have their own (other browser files may have declared types of their own
    // in the shared database; palette.test.ts covers those).
    const seedImages = Object.entries(images).filter(([type]) => KNOWN_TYPES.includes(type));
    expect(seedImages.length).toBeGreaterThanOrEqual(5);
    expect(new Set(seedImages.map(([, url]) => url)).size).toBe(seedImages.length);
    expect(await page.locator('#legend .legend-item .type-glyph svg').count()).toBe(
      await page.locator('#legend .legend-item').count(),
    );
    await selectNode('zone-qingdao-ftz-area');
    expect(await page.locator('#details-body .type-badge .type-glyph svg').count()).toBe(1);
    const svg = await page.evaluate(() =>
      (window as unknown as { explorer: { canvas: { svg(): Promise<string> } } }).explorer.canvas.svg(),
    );
    const drawn = await cyEval((cy) => cy.nodes().filter((n) => n.visible()).length);
    expect((svg.match(/<image\b/g) ?? []).length).toBeGreaterThanOrEqual(drawn);
  });

  it('shows a hover card for the node the pointer rests on, and for the node the keyboard moves to', async () => {
    await open('#lang=en');
    await page.evaluate(() => ((window as unknown as ExplorerWindow).explorer.settings.hoverDelay = 0));
    const id = 'zone-qingdao-ftz-area';
    const at = await page.evaluate((nodeId) => {
      const n = (window as unknown as ExplorerWindow).explorer.cy.getElementById(nodeId);
      const box = document.getElementById('cy')!.getBoundingClientRect();
      return { x: box.left + n.renderedPosition().x, y: box.top + n.renderedPosition().y };
    }, id);
    expect(await page.isVisible('#hover-card')).toBe(false);
    await page.mouse.move(at.x, at.y);
    await page.waitForSelector('#hover-card:not([hidden])');
    expect(await page.getAttribute('#hover-card', 'data-id')).toBe(id);
    const card = (await page.textContent('#hover-card')) ?? '';
    expect(card).toMatch(/Qingdao/);
    expect(card).toMatch(/Zone/);
    expect(card).toMatch(/\d+ links/);
    await page.waitForFunction(() =>
      /Source/.test(document.querySelector('.hover-source')?.textContent ?? ''),
    );
    await page.mouse.move(5, 995);
    await page.waitForSelector('#hover-card', { state: 'hidden' });
    // The keyboard: arrow keys on the focused canvas move to a node and show its card.
    await page.focus('#cy');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('#hover-card[data-via="keyboard"]:not([hidden])');
  });
});

describe('accessibility (axe-core)', () => {
  const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const violations = async () => {
    // Once per page: the script is half a megabyte, and a page keeps it until it navigates.
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
    return page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(ctx: Document, options: { resultTypes: string[] }): Promise<AxeResult> };
        }
      ).axe;
      type AxeResult = { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
      // Every rule still runs. Only violations get a selector for each of their nodes (axe's docs: that
      // step is slow on pages with many nodes); the test reads nothing else.
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      );
    });
  };

  it('finds nothing on the first view and with the details panel open', async () => {
    await open('#lang=en');
    await screenshot(page, 'first-view');
    expect(await violations()).toEqual([]);
    await selectNode('zone-qingdao-ftz-area');
    await screenshot(page, 'details');
    expect(await violations()).toEqual([]);
    await page.goto('about:blank'); // a hash-only change would not reload the app
    await open('#lang=zh');
    expect(await violations()).toEqual([]);
    expect(errors).toEqual([]);
  });

  /** axe's verdict on the page as it is now, named by the state it is in. */
  const check = async (state: string) =>
    expect({ state, found: await violations() }).toEqual({ state, found: [] });

  for (const lang of ['zh', 'en'] as const) {
    it(`finds nothing in search, the table, a console result, the dialogs and a toast (${lang})`, async () => {
      await open(`#lang=${lang}`);
      await page.fill('#search-input', lang === 'zh' ? '阳谷' : 'Yanggu');
      await page.waitForSelector('#search-results [data-kind="entity"]');
      await check('search results');
      await page.fill('#search-input', '');
      await page.click('#btn-table');
      await page.waitForSelector('#table-view tbody tr');
      await check('table view');
      await page.click('#btn-table');
      await page.click('#btn-console');
      await page.waitForSelector('.cm-content');
      await page.click('.cm-content');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('MATCH (z:Zone)-[r]->(m) RETURN z, r, m LIMIT 20');
      await page.click('#btn-run');
      await page.waitForSelector('#console-result .result-table tbody tr');
      await check('console result (graph and table)');
      await page.click('#btn-console');
      await page.click('#btn-export');
      await page.waitForSelector('#export-dialog[open]');
      await check('export dialog');
      await page.click('#btn-export-cancel');
      // A hub: with a page of three, expanding Qingdao offers its neighbours by group first.
      await page.goto('about:blank'); // a hash-only change would not reload the app
      await open(`#lang=${lang}`);
      await page.evaluate(() => {
        const w = window as unknown as {
          explorer: { settings: { expandPage: number; toastDuration: number } };
        };
        w.explorer.settings.expandPage = 3;
        w.explorer.settings.toastDuration = 3_600_000;
      });
      await selectNode('region-qingdao');
      await page.keyboard.press('e');
      await page.waitForSelector('#hub-dialog[open]');
      await check('hub dialog');
      await page.click('#hub-dialog .hub-close');
      await page.focus('#cy');
      await page.keyboard.press('Backspace');
      await page.waitForSelector('#toast .toast-undo');
      await check('toast');
      expect(errors).toEqual([]);
    });

    it(`finds nothing in the path finder, the story editor, presentation, Sources and the reader (${lang})`, async () => {
      await open(`#lang=${lang}`);
      await page.evaluate(() =>
        (window as unknown as ExplorerWindow).explorer.store.set({
          pathFrom: { id: 'zone-yanggu-edz', name: 'Yanggu' },
          pathTo: { id: 'zone-rizhao-cbz', name: 'Rizhao' },
          sidebarTab: 'paths',
        }),
      );
      await page.click('#btn-path');
      await page.waitForSelector('#path-result li, #path-result .path-steps');
      await check('path');
      await page.click('#tab-analysis');
      await page.waitForSelector('#insight-hubs li button');
      await check('analysis tab');
      await page.click('#btn-stories');
      await page.fill('#new-story-title', `axe ${lang} ${Date.now()}`);
      await page.click('#btn-new-story');
      await page.waitForSelector('#btn-add-step');
      await page.click('#btn-add-step');
      await page.waitForSelector('#stories-body .story-step');
      await check('story editor');
      await page.click('#btn-present');
      await page.waitForFunction(() => document.body.classList.contains('presenting'));
      await check('presentation');
      await page.click('#presenter-exit');
      await page.waitForFunction(() => !document.body.classList.contains('presenting'));
      await page.click('#btn-stories');
      await page.click('#btn-sources');
      await page.waitForSelector('#sources-articles button');
      await check('sources panel');
      await page.click('#sources-articles button');
      await page.waitForSelector('.sources-reader:not([hidden]) .reader-title');
      await check('reader');
      expect(errors).toEqual([]);
    });
  }
});

describe('screenshots for the README', () => {
  it('takes the path, the story editor and presentation mode', async () => {
    await open('#lang=en');
    await page.evaluate(() =>
      (window as unknown as ExplorerWindow).explorer.store.set({
        pathFrom: { id: 'zone-yanggu-edz', name: 'Yanggu' },
        pathTo: { id: 'zone-rizhao-cbz', name: 'Rizhao' },
        sidebarTab: 'paths',
      }),
    );
    await page.click('#btn-path');
    await page.waitForSelector('#path-result .path-steps, #path-result li, #path-result p');
    await cyEval((cy) => cy.edges('.path').length).then((n) => expect(n).toBeGreaterThan(0));
    await screenshot(page, 'path');
    await page.click('#btn-stories');
    await page.fill('#new-story-title', `Chrome screenshots ${Date.now()}`);
    await page.click('#btn-new-story');
    await page.waitForSelector('#btn-add-step');
    await page.click('#btn-add-step');
    await page.waitForSelector('#stories-body .story-step');
    await page.fill('#stories-body .story-step:nth-child(1) .step-caption', 'From Yanggu to Rizhao');
    await screenshot(page, 'story-editor');
    await page.click('#btn-present');
    await page.waitForFunction(() => document.body.classList.contains('presenting'));
    await screenshot(page, 'presentation');
    for (const name of ['first-view', 'search', 'details', 'path', 'console', 'story-editor', 'presentation'])
      expect(fs.existsSync(path.resolve('test-output', 'screenshots', `${name}.png`)), name).toBe(true);
  });
});
