// Results that read right (issue 16): the path finder, figures, details, Cypher results, exports,
// label wrapping, and a start that meets HTTP 429, in real Chromium against the real API.
import http from 'node:http';
import type { Core } from 'cytoscape';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { evalOnCy, freshPagePerTest, openExplorer, screenshot, tapNode, waitReady } from '../helpers/browser';

let page: Page;
let errors: string[];
let warnings: string[];
const appUrl = () => inject('appUrl');
freshPagePerTest({ width: 1600, height: 1000 }, (p, e) => {
  page = p;
  errors = e;
  warnings = [];
  p.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
});

type Explorer = {
  cy: Core;
  store: { set(patch: Record<string, unknown>): void };
  canvas: { svg(full?: boolean): Promise<string> };
};
type ExplorerWindow = { explorer: Explorer };
const cyEval = <T>(fn: (cy: Core) => T) => evalOnCy(page, fn);

const open = (hash = '') => openExplorer(page, appUrl(), hash);

const selectNode = (id: string) => tapNode(page, id);

const PARK = 'park-new-display-industrial-park';

describe('the path finder', () => {
  it('keeps the path nodes their size, widens its edges, fades the rest and moves the view to it', async () => {
    await open('#lang=en');
    const from = 'zone-yanggu-edz';
    const to = 'zone-rizhao-cbz';
    const sizesBefore = await cyEval((cy) =>
      Object.fromEntries(cy.nodes().map((n) => [n.id(), [n.width(), n.height()]])),
    );
    await page.evaluate(
      ([a, b]) =>
        (window as unknown as ExplorerWindow).explorer.store.set({
          pathFrom: { id: a, name: a },
          pathTo: { id: b, name: b },
        }),
      [from, to],
    );
    await page.click('#tab-paths'); // the path finder is a tab of the sidebar
    await page.click('#btn-path');
    await page.waitForSelector('#path-result .path-counter', { timeout: 90_000 });
    const state = await cyEval((cy) => {
      const path = cy.$('.path');
      const rest = cy.elements().not(path);
      return {
        pathNodes: path.nodes().map((n) => ({ id: n.id(), w: n.width(), h: n.height() })),
        pathEdgeWidths: path.edges().map((e) => parseFloat(e.style('width'))),
        otherEdgeWidth: parseFloat(cy.edges().not(path).first().style('width')),
        restOpacities: [...new Set(rest.map((el) => Number(el.style('opacity'))))],
        pathOpacities: [...new Set(path.map((el) => Number(el.style('opacity'))))],
        restCount: rest.length,
      };
    });
    expect(state.pathNodes.map((n) => n.id)).toEqual(expect.arrayContaining([from, to]));
    for (const node of state.pathNodes) {
      const [w, h] = sizesBefore[node.id] ?? [];
      // A node that came with the path had no size before; all others keep theirs exactly.
      if (w !== undefined) expect([node.w, node.h]).toEqual([w, h]);
      expect(node.w).toBeGreaterThan(10);
    }
    for (const width of state.pathEdgeWidths) expect(width).toBeGreaterThan(state.otherEdgeWidth);
    expect(state.restCount).toBeGreaterThan(0);
    expect(state.restOpacities).toEqual([0.15]);
    expect(state.pathOpacities).toEqual([1]);
    // The view moves to the path: its box ends up inside the viewport (the animation is waited for).
    await page.waitForFunction(() => {
      const cy = (window as unknown as ExplorerWindow).explorer.cy;
      if (cy.animated()) return false;
      const box = cy.$('.path').renderedBoundingBox({});
      return box.x1 >= 0 && box.y1 >= 0 && box.x2 <= cy.width() && box.y2 <= cy.height();
    });
    await screenshot(page, 'results-path');
    expect(errors).toEqual([]);
  });

  it('steps through all simple paths, one highlighted at a time', async () => {
    await open('#lang=en');
    await page.evaluate(() =>
      (window as unknown as ExplorerWindow).explorer.store.set({
        pathFrom: { id: 'zone-yanggu-edz', name: 'Yanggu' },
        pathTo: { id: 'zone-qingdao-ftz-area', name: 'FTZ' },
        pathAll: true,
      }),
    );
    await page.click('#tab-paths'); // the path finder is a tab of the sidebar
    await page.check('#path-all');
    await page.click('#btn-path');
    await page.waitForSelector('#path-result .path-counter', { timeout: 90_000 });
    const counter = () => page.textContent('#path-result .path-counter');
    const first = await counter();
    const total = Number(/of (\d+)/.exec(first ?? '')?.[1]);
    expect(total).toBeGreaterThan(1);
    expect(first).toMatch(new RegExp(`^Path 1 of ${total} · \\d+ hops$`));
    const highlighted = () =>
      cyEval((cy) =>
        cy
          .$('.path')
          .map((el) => el.id())
          .sort(),
      );
    const one = await highlighted();
    await page.click('#btn-path-next');
    expect(await counter()).toMatch(new RegExp(`^Path 2 of ${total} · \\d+ hops$`));
    const two = await highlighted();
    expect(two).not.toEqual(one);
    expect(two).toEqual(expect.arrayContaining(['zone-yanggu-edz', 'zone-qingdao-ftz-area']));
    await page.click('#btn-path-prev');
    expect(await counter()).toMatch(/^Path 1 of /);
    expect(await highlighted()).toEqual(one);
    // Back from the first goes round to the last.
    await page.click('#btn-path-prev');
    expect(await counter()).toMatch(new RegExp(`^Path ${total} of ${total}`));
  });

  it('explains a connection with every sentence /api/explain returns', async () => {
    const from = 'zone-yanggu-edz';
    const to = 'zone-qingdao-ftz-area';
    const answer = (await (await fetch(`${appUrl()}/api/explain?from=${from}&to=${to}`)).json()) as {
      paths: { hops: { relationship: { sources: { quote: string }[] } }[] }[];
    };
    const quotes = answer.paths.flatMap((p) =>
      p.hops.flatMap((hop) => hop.relationship.sources.map((s) => s.quote)),
    );
    expect(quotes.length).toBeGreaterThanOrEqual(3);
    await open('#lang=zh');
    await page.evaluate(
      ([a, b]) =>
        (window as unknown as ExplorerWindow).explorer.store.set({
          pathFrom: { id: a, name: a },
          pathTo: { id: b, name: b },
        }),
      [from, to],
    );
    await page.click('#tab-analysis'); // the analysis tools are a tab of the sidebar
    await page.click('#insight-why-go');
    await page.waitForSelector('#insight-why-result .insight-hop');
    const shown = await page.textContent('#insight-why-result');
    for (const quote of new Set(quotes)) expect(shown).toContain(quote);
  });
});

describe('figures', () => {
  const figureRow = (id: string) => `#details-body tr[data-figure-id="${id}"]`;
  const value = (id: string) => page.textContent(`${figureRow(id)} .figure-value`);
  const period = (id: string) => page.textContent(`${figureRow(id)} .figure-period`);

  it('read as an analyst would say them, in 中英, Chinese and English, each with its sentence', async () => {
    await open(`#focus=${PARK}&lang=both`);
    await selectNode(PARK);
    await page.waitForSelector(figureRow('fig-display-park-area'));
    expect(await value('fig-display-park-area')).toBe('1.4万亩 (14,000 mu)');
    expect(await value('fig-display-park-projects-investment')).toBe('1,700多亿元 (over 170 bn CNY)');
    expect(await value('fig-display-park-projects-pipeline')).toBe('40多个 (over 40)');
    expect(await value('fig-display-park-sections')).toBe('3个');
    const table = (await page.textContent('#details-body table.figures')) ?? '';
    expect(table).not.toMatch(/×|1e\d|\bcount\b/);
    // Undated figures (dated only with their article's day) show no period once the article is known.
    await page.waitForFunction(() => document.querySelectorAll('#details-body .figure-period').length === 4);
    await expect.poll(() => period('fig-display-park-area')).toBe('');
    // Each figure's sentence is on the page, not only in a hover title.
    const quote = page.locator('#details-body [data-figure-quote="fig-display-park-area"] .figure-quote');
    expect(await quote.isVisible()).toBe(true);
    expect(await quote.textContent()).toContain('园区总占地1.4万亩');
    await screenshot(page, 'results-figures');

    await page.click('[data-lang="en"]');
    await page.waitForSelector(figureRow('fig-display-park-area'));
    expect(await value('fig-display-park-area')).toBe('14,000 mu');
    expect(await value('fig-display-park-projects-investment')).toBe('over 170 bn CNY');
    expect(await value('fig-display-park-projects-pipeline')).toBe('over 40');
    expect(await value('fig-display-park-sections')).toBe('3');
    await page.click('[data-lang="zh"]');
    await page.waitForSelector(figureRow('fig-display-park-area'));
    expect(await value('fig-display-park-area')).toBe('1.4万亩');
    expect(await value('fig-display-park-projects-investment')).toBe('1,700多亿元');
    expect(await value('fig-display-park-sections')).toBe('3个');
  });

  it('shows a dated figure with its period', async () => {
    await open('#focus=zone-west-coast-new-area&lang=en');
    await selectNode('zone-west-coast-new-area');
    await page.waitForSelector(figureRow('fig-wca-gdp-2023-q1-q3'));
    expect(await value('fig-wca-gdp-2023-q1-q3')).toBe('365.031 bn CNY');
    expect(await period('fig-wca-gdp-2023-q1-q3')).toBe('Q1–Q3 2023');
  });
});

describe('details', () => {
  it('list what belongs to 青岛市新型显示产业园, by relationship and direction, each a click away', async () => {
    await open(`#focus=${PARK}&lang=both`);
    await selectNode(PARK);
    await page.waitForSelector('#details-body .neighbour-group');
    // Expected from the API: the park's relationships, grouped by type and direction.
    const { elements } = (await (await fetch(`${appUrl()}/api/nodes/${PARK}/neighbors`)).json()) as {
      elements: { edges: { data: { source: string; target: string; type: string } }[] };
    };
    const expected: Record<string, string[]> = {};
    for (const { data: e } of elements.edges) {
      if (e.source !== PARK && e.target !== PARK) continue;
      const key = `${e.type}|${e.source === PARK ? 'out' : 'in'}`;
      (expected[key] ??= []).push(e.source === PARK ? e.target : e.source);
    }
    const shown = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>('#details-body .neighbour-group')].map((g) => [
          `${g.dataset.rel}|${g.dataset.direction}`,
          [...g.querySelectorAll<HTMLElement>('button.neighbour')].map((b) => b.dataset.id),
        ]),
      ),
    );
    expect(Object.keys(shown).sort()).toEqual(Object.keys(expected).sort());
    for (const [key, ids] of Object.entries(expected))
      expect(shown[key]?.sort()).toEqual([...new Set(ids)].sort());
    // Its three sections are part of it.
    expect(shown['PART_OF|in']).toHaveLength(3);
    const partOf = (await page.textContent('#details-body .neighbour-group[data-rel="PART_OF"] h4')) ?? '';
    expect(partOf).toContain('属于');
    // Properties by name, values as words; the article named once.
    const props = (await page.textContent('#details-body .props')) ?? '';
    expect(props).toContain('Planning direction');
    expect(props).not.toMatch(/planningDirection|industrial-park|\bEn\b/);
    const titles = await page.locator('#details-body .source-article .article-title').allTextContents();
    expect(new Set(titles).size).toBe(titles.length);
    await screenshot(page, 'results-details');
    // A neighbour is a click away: it is selected and its details shown.
    await page.click('#details-body button.neighbour[data-id="zone-west-coast-new-area"]');
    await page.waitForFunction(
      () => document.querySelector('#details-body .entity-name')?.textContent === '青岛西海岸新区',
    );
    expect(await cyEval((cy) => cy.getElementById('zone-west-coast-new-area').selected())).toBe(true);
  });
});

describe('exports', () => {
  it('hold every node shape on the canvas, with no warnings', async () => {
    await open();
    const counted = await page.evaluate(async () => {
      const { cy, canvas } = (window as unknown as ExplorerWindow).explorer;
      const svg = await canvas.svg();
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      const fills = new Map<string, number>();
      doc.querySelectorAll('path').forEach((p) => {
        const fill = p.getAttribute('fill') ?? '';
        fills.set(fill, (fills.get(fill) ?? 0) + 1);
      });
      const byType = new Map<string, { colour: string; nodes: number }>();
      cy.nodes().forEach((n) => {
        const type = String(n.data('type'));
        const entry = byType.get(type) ?? { colour: n.style('background-color') as string, nodes: 0 };
        entry.nodes++;
        byType.set(type, entry);
      });
      return [...byType].map(([type, { colour, nodes }]) => ({
        type,
        nodes,
        shapes: fills.get(colour) ?? 0,
      }));
    });
    expect(counted.length).toBe(18);
    for (const { type, nodes, shapes } of counted) expect({ type, shapes }).toEqual({ type, shapes: nodes });
    const total = await cyEval((cy) => cy.nodes().length);
    expect(counted.reduce((sum, c) => sum + c.shapes, 0)).toBe(total);
    expect(warnings.filter((w) => /path command|invalid endpoints/.test(w))).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('labels', () => {
  it('wrap between words, never inside one', async () => {
    await open('#lang=en');
    const lines = await cyEval((cy) =>
      cy.nodes().map((n) => ({
        label: String(n.data('label')),
        lines: ((n as unknown as { _private: { rscratch: { labelWrapCachedLines?: string[] } } })._private
          .rscratch.labelWrapCachedLines ?? []) as string[],
      })),
    );
    const wrapped = lines.filter((l) => l.lines.length > 1);
    expect(wrapped.length).toBeGreaterThan(5);
    for (const { label, lines: parts } of wrapped) {
      const words = new Set(label.split(/[\s\u200b]+/));
      for (const part of parts)
        for (const word of part.split(/[\s\u200b]+/).filter(Boolean))
          expect({ label, word, whole: words.has(word) }).toEqual({ label, word, whole: true });
    }
  });
});

describe('Cypher results', () => {
  async function typeQuery(text: string): Promise<void> {
    await page.click('.cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(text);
  }
  /**
   * The completion list once it offers `wanted`. CodeMirror updates the list after the typing
   * settles; on a busy machine the list for an earlier prefix (`MATCH`: MATCH, OPTIONAL MATCH)
   * is still open when the last key has been typed, and reading it then tested that one.
   */
  const completionsOffering = async (wanted: string) => {
    await page.waitForFunction(
      (label) =>
        [...document.querySelectorAll('.cm-tooltip-autocomplete li .cm-completionLabel')].some(
          (el) => el.textContent === label,
        ),
      wanted,
    );
    return page.locator('.cm-tooltip-autocomplete li .cm-completionLabel').allTextContents();
  };

  it('complete labels after (n: and relationship types after [r:', async () => {
    await open('#lang=en');
    const loaded: string[] = [];
    page.on('request', (r) => loaded.push(r.url()));
    // CodeMirror comes when the console opens, not before.
    expect(await page.evaluate(() => document.body.dataset.consoleEditor)).toBeUndefined();
    await page.click('#btn-console');
    await page.waitForSelector('.cm-content');
    expect(loaded.some((url) => /console-editor-.*\.js$/.test(url))).toBe(true);
    await typeQuery('MATCH (n:Zo');
    const labels = await completionsOffering('Zone');
    expect(labels).toContain('Zone');
    expect(labels).not.toContain('LINKED_WITH');
    await typeQuery('MATCH (n)-[r:LIN');
    const types = await completionsOffering('LINKED_WITH');
    expect(types).toContain('LINKED_WITH');
    expect(types).not.toContain('Zone');
  });

  it('show figures as figures of their entity and keep relationship direction in the table', async () => {
    await open('#lang=both');
    await page.click('#btn-console');
    await page.waitForSelector('.cm-content');
    await typeQuery(`MATCH (p:Entity {id: '${PARK}'})-[r:HAS_FIGURE]->(f:Figure) RETURN p, f`);
    await page.click('#btn-run');
    await page.waitForSelector('#console-result table');
    const table = (await page.textContent('#console-result table')) ?? '';
    expect(table).toContain('1.4万亩 (14,000 mu)');
    expect(table).not.toContain('fig-display-park');
    expect(await cyEval((cy) => cy.nodes().map((n) => n.id()))).toEqual([PARK]);
    // Chinese names only from here: the English ones hold parentheses of their own.
    await page.click('[data-lang="zh"]');
    await typeQuery("MATCH (a:Entity {id: 'zone-qingdao-ftz-area'})-[r:LINKED_WITH]-(b) RETURN b, r, a");
    await page.click('#btn-run');
    await page.waitForFunction(() =>
      /LINKED_WITH/.test(document.querySelector('#console-result table')?.textContent ?? ''),
    );
    const cells = await page.locator('#console-result tbody td:nth-child(2)').allTextContents();
    expect(cells.length).toBeGreaterThanOrEqual(6);
    for (const c of cells) expect(c).toMatch(/^\(青岛自贸片区\)-\[:LINKED_WITH\]->\([^()]+\)$/);
  });
});

describe('start-up', () => {
  it('meets HTTP 429, says it is retrying, and recovers by itself', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/schema', async (route) => {
      calls++;
      if (calls === 1) {
        await route.fulfill({
          status: 429,
          headers: { 'retry-after': '1', 'content-type': 'application/json' },
          body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Too many requests' } }),
        });
        return;
      }
      // The retry is answered only once the test has seen the waiting state, whatever the speed.
      await seen;
      await route.continue();
    });
    await page.goto(`${appUrl()}/#lang=en`);
    await page.waitForSelector('#server-wait:not([hidden])');
    expect(await page.textContent('#server-wait-text')).toMatch(/^Server busy, retrying in \d+ s$/);
    release();
    await waitReady(page);
    expect(calls).toBe(2);
    expect(await page.isHidden('#server-wait')).toBe(true);
    expect(await cyEval((cy) => cy.nodes().length)).toBeGreaterThan(50);
    expect(await page.locator('#legend [data-type]').count()).toBeGreaterThan(10);
  });

  it('serves the built files compressed, with the original type', async () => {
    const html = await (await fetch(`${appUrl()}/`)).text();
    const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const head = (encoding: string) =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.get(`${appUrl()}${script}`, { headers: { 'accept-encoding': encoding } }, (res) => {
          res.resume();
          resolve(res);
        });
        req.on('error', reject);
      });
    const br = await head('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    const gzip = await head('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await head('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(br.headers['content-length'])).toBeLessThan(Number(plain.headers['content-length']) / 2);
  });
});
