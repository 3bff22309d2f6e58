// The explorer in real headless Chromium against the real API and embedded Neo4j.
import type { Core } from 'cytoscape';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { evalOnCy, freshPagePerTest, openExplorer, screenshot, waitReady } from '../helpers/browser';

let page: Page;
let errors: string[];
const appUrl = () => inject('appUrl');
freshPagePerTest({ width: 1440, height: 900 }, (p, e) => {
  page = p;
  errors = e;
});

type CyWindow = { explorer: { cy: Core } };
const cyEval = <T>(fn: (cy: Core) => T) => evalOnCy(page, fn);
const visibleNodeCount = () => cyEval((cy) => cy.nodes(':visible').length);

const open = (hash = '') => openExplorer(page, appUrl(), hash);

async function searchAndChoose(text: string, expectedId: string): Promise<void> {
  await page.fill('#search-input', text);
  await page.waitForSelector(`#search-results li[data-id="${expectedId}"]`);
  await page.click(`#search-results li[data-id="${expectedId}"]`);
  await page.waitForFunction(
    (id) => (window as unknown as CyWindow).explorer.cy.getElementById(id).selected(),
    expectedId,
  );
}

describe('the explorer', () => {
  it('draws the whole seed graph on load, with a legend that counts', async () => {
    await open();
    const total = ((await (await fetch(`${appUrl()}/api/graph`)).json()) as { total: number }).total;
    expect(await cyEval((cy) => cy.nodes().length)).toBe(total);
    // The canvas really has pixels drawn on it, not just elements in memory.
    const drawn = await page.evaluate(() => {
      let count = 0;
      for (const canvas of document.querySelectorAll<HTMLCanvasElement>('#cy canvas')) {
        const ctx = canvas.getContext('2d');
        if (!ctx || !canvas.width) continue;
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < data.length; i += 4 * 7) if (data[i]! > 0) count++;
      }
      return count;
    });
    expect(drawn).toBeGreaterThan(1000);
    const legendZone = await page.textContent('#legend [data-type="Zone"] .count');
    expect(legendZone).toMatch(/^\d+\/\d+$/);
    await screenshot(page, '01-overview');
    expect(errors).toEqual([]);
  });

  it('names the 20 best-connected nodes legibly in the fitted first view, and still after zooming out', async () => {
    await open();
    // Each of them: labelled, its label at least 11 px tall on screen, inside the view.
    type Named = { id: string; ok: boolean; px: number };
    const legible = () =>
      cyEval((cy): Named[] => {
        const ranked = cy
          .nodes()
          .sort((a, b) => b.degree(false) - a.degree(false))
          .slice(0, 20)
          .nodes();
        const { x1, x2, y1, y2 } = cy.extent();
        return ranked.map((n) => {
          const { x, y } = n.position();
          const px = parseFloat(String(n.renderedStyle('font-size'))) || 0;
          const label = String(n.style('label') ?? '');
          return {
            id: n.id(),
            ok: label.length > 0 && px >= 11 && x >= x1 && x <= x2 && y >= y1 && y <= y2,
            px,
          };
        });
      });
    await page.waitForFunction(
      () =>
        (
          window as unknown as { explorer: { canvas: { landmarkIds(): string[] } } }
        ).explorer.canvas.landmarkIds().length >= 20,
    );
    const zoomAtFit = await cyEval((cy) => cy.zoom());
    expect(zoomAtFit).toBeLessThan(1); // the case this is about: a fitted view is zoomed out
    expect((await legible()).filter((n) => !n.ok)).toEqual([]);
    // Zoomed further out, the same names stay readable once the view rests.
    await cyEval(
      (cy) =>
        void cy.zoom({ level: cy.zoom() / 2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }),
    );
    await expect.poll(async () => (await legible()).filter((n) => !n.ok).length, { timeout: 60_000 }).toBe(0);
  });

  it('searches 阳谷, selects it, and shows a source quote highlighted in its paragraph', async () => {
    await open();
    await searchAndChoose('阳谷', 'zone-yanggu-edz');
    await page.waitForSelector('#details-body .entity-name');
    expect(await page.textContent('#details-body .entity-name')).toBe('阳谷经开区');
    await page.waitForSelector('#details-body .paragraph mark');
    const quote = await page.textContent('#details-body .quote');
    const mark = await page.textContent('#details-body .paragraph mark');
    expect(quote).toContain(mark!.slice(0, 10));
    expect(mark!.length).toBeGreaterThan(5);
    await screenshot(page, '02-search-details');
  });

  it('expands a node and collapses it again, with undo', async () => {
    await open('#focus=zone-yanggu-edz');
    const before = await visibleNodeCount();
    await cyEval((cy) => void cy.getElementById('zone-linked-innovation-zones').select());
    await page.click('#cy');
    await page.evaluate(
      () =>
        void (window as unknown as CyWindow).explorer.cy
          .getElementById('zone-linked-innovation-zones')
          .emit('tap'),
    );
    await page.waitForSelector('#details-body .actions button');
    await page.click('#details-body .actions button:first-child'); // expand
    await page.waitForFunction((n) => (window as unknown as CyWindow).explorer.cy.nodes().length > n, before);
    const expanded = await visibleNodeCount();
    expect(expanded).toBeGreaterThan(before);
    await screenshot(page, '03-expanded');
    await page.click('#btn-undo');
    expect(await visibleNodeCount()).toBe(before);
    await page.click('#btn-redo');
    expect(await visibleNodeCount()).toBe(expanded);
  });

  it('filters a type off and on from the legend', async () => {
    await open();
    const zones = await cyEval((cy) => cy.nodes('[type = "Zone"]:visible').length);
    expect(zones).toBeGreaterThan(5);
    await page.click('#legend [data-type="Zone"]');
    expect(await cyEval((cy) => cy.nodes('[type = "Zone"]:visible').length)).toBe(0);
    expect(await page.getAttribute('#legend [data-type="Zone"]', 'aria-pressed')).toBe('false');
    await screenshot(page, '04-filtered');
    await page.click('#legend [data-type="Zone"]');
    expect(await cyEval((cy) => cy.nodes('[type = "Zone"]:visible').length)).toBe(zones);
  });

  it('finds and highlights the path between two zones', async () => {
    await open();
    await searchAndChoose('阳谷', 'zone-yanggu-edz');
    await page.click('#details-body .actions button:nth-child(5)'); // path from here
    await searchAndChoose('日照综保区', 'zone-rizhao-cbz');
    await page.waitForSelector('#details-body .actions button');
    await page.click('#details-body .actions button:nth-child(6)'); // path to here
    await page.click('#tab-paths'); // the path finder is a tab of the sidebar
    await page.click('#btn-path');
    await page.waitForFunction(() => /\d/.test(document.getElementById('path-result')?.textContent ?? ''));
    const highlighted = await cyEval((cy) => cy.$('.path').map((el) => el.id()));
    expect(highlighted).toEqual(expect.arrayContaining(['zone-yanggu-edz', 'zone-rizhao-cbz']));
    await screenshot(page, '05-path');
  });

  it('draws a Cypher query as a graph and a table', async () => {
    await open();
    await page.click('#btn-console');
    await page.selectOption('#example-select', '0');
    await page.waitForSelector('#console-result table');
    const ids = await cyEval((cy) => cy.nodes().map((n) => n.id()));
    expect(ids).toContain('zone-qingdao-ftz-area');
    expect(ids).toContain('zone-yanggu-edz');
    expect(ids.length).toBeLessThan(15);
    expect(await page.locator('#console-result tbody tr').count()).toBeGreaterThanOrEqual(6);
    await screenshot(page, '06-console');
    // errors are shown plainly
    await page.evaluate(() => {
      const view = document.querySelector('.cm-content') as HTMLElement;
      view.focus();
    });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('MATCH (n) DETACH DELETE n');
    await page.click('#btn-run');
    await page.waitForSelector('#console-result .error');
    // Worded in the interface language (Chinese under the default 中英 setting) from the error's code,
    // the server's particulars after it.
    expect(await page.textContent('#console-result .error')).toMatch(/^此查询不被允许：.*read-only/);
  });

  it('fills the console from a #q= link and waits for the analyst to run it', async () => {
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/cypher')) posted.push(request.postData() ?? '');
    });
    const query = 'MATCH (z:Zone) RETURN z.name AS name LIMIT 3';
    await open(`#q=${encodeURIComponent(query)}&lang=en`);
    expect(await page.locator('.cm-content').textContent()).toBe(query);
    expect(await page.textContent('#console-result .notice')).toMatch(/has not run/);
    expect(posted).toEqual([]);
    // The canvas is not blank meanwhile: the overview is drawn.
    expect(await visibleNodeCount()).toBeGreaterThan(5);
    await page.click('#btn-run');
    await page.waitForSelector('#console-result tbody tr');
    expect(posted).toHaveLength(1);
    expect(JSON.parse(posted[0]!)).toMatchObject({ query });
  });

  it('keeps a note being typed through layout ticks, a layout switch and a language switch, and saves it whole', async () => {
    await open('#focus=zone-yanggu-edz&lang=en');
    await cyEval((cy) => void cy.getElementById('zone-yanggu-edz').emit('tap'));
    await page.waitForSelector('#note-text');
    await page.click('#note-text');
    await page.keyboard.type('Half a note, ');
    // What a large layout does to the store while it runs, many times over, then a real layout.
    await page.evaluate(() => {
      const { store } = (window as unknown as { explorer: { store: { set(p: object): void } } }).explorer;
      for (let i = 0; i < 30; i++) {
        store.set({ busy: { task: 'layout', nodes: 3000 + i, since: Date.now() } });
        store.set({ busy: undefined });
      }
    });
    await page.selectOption('#layout-select', 'concentric');
    await page.waitForFunction(() => document.body.dataset.status === 'ready');
    expect(await page.inputValue('#note-text')).toBe('Half a note, ');
    await page.click('[data-lang="zh"]');
    expect(await page.inputValue('#note-text')).toBe('Half a note, ');
    await page.click('#note-text');
    await page.keyboard.press('End');
    await page.keyboard.type('and the rest.');
    await page.click('#btn-add-note');
    const notesNow = async () =>
      (
        (await (await fetch(`${appUrl()}/api/notes?entityId=zone-yanggu-edz`)).json()) as {
          notes: { id: string; text: string }[];
        }
      ).notes;
    await expect
      .poll(async () => (await notesNow()).map((n) => n.text), { timeout: 60_000 })
      .toContain('Half a note, and the rest.');
    const mine = (await notesNow()).find((n) => n.text === 'Half a note, and the rest.');
    expect(mine).toBeDefined();
    await page.waitForFunction(
      () => (document.getElementById('note-text') as HTMLTextAreaElement).value === '',
    );
    // Leave the shared graph as it was for the other tests.
    await page.evaluate(
      (id) => fetch(`/api/notes/${id}`, { method: 'DELETE' }).then((r) => r.status),
      mine!.id,
    );
  });

  it('renders each view only for its own slice of state', async () => {
    await open('#focus=zone-yanggu-edz&lang=en');
    type Counts = Record<'toolbar' | 'legend' | 'details' | 'table' | 'static', number>;
    const counts = () =>
      page.evaluate(() => ({
        ...(window as unknown as { explorer: { renderCounts: Counts } }).explorer.renderCounts,
      }));
    const delta = (a: Counts, b: Counts) =>
      Object.fromEntries(Object.keys(a).map((k) => [k, b[k as keyof Counts] - a[k as keyof Counts]]));

    // A selection: the details panel (loading, then loaded) and nothing else.
    let before = await counts();
    await cyEval((cy) => void cy.getElementById('zone-yanggu-edz').emit('tap'));
    await page.waitForSelector('#details-body .entity-name');
    const selected = delta(before, await counts());
    expect(selected).toMatchObject({ toolbar: 0, legend: 0, table: 0, static: 0 });
    expect(selected.details).toBeGreaterThanOrEqual(1);
    expect(selected.details).toBeLessThanOrEqual(2);

    // A language switch: every view once.
    before = await counts();
    await page.click('[data-lang="zh"]');
    expect(delta(before, await counts())).toEqual({ toolbar: 1, legend: 1, details: 1, table: 1, static: 1 });

    // Layout progress ticks: the progress line only (the toolbar), never the panels; ticks set in
    // one task render once.
    before = await counts();
    await page.evaluate(() => {
      const { store } = (window as unknown as { explorer: { store: { set(p: object): void } } }).explorer;
      for (let i = 0; i < 10; i++)
        store.set({ busy: { task: 'layout', nodes: 5000 + i, since: Date.now() } });
    });
    await page.evaluate(() => {
      const { store } = (window as unknown as { explorer: { store: { set(p: object): void } } }).explorer;
      store.set({ busy: undefined });
    });
    expect(delta(before, await counts())).toEqual({
      toolbar: 2,
      legend: 0,
      details: 0,
      table: 0,
      static: 0,
    });

    // Focusing an entity that is not on the canvas (a search result): one fetch of its neighbours,
    // one undo step, and the panels that count elements render once for the whole action.
    await cyEval((cy) => void cy.getElementById('zone-yanggu-edz').emit('tap'));
    before = await counts();
    const undoBefore = await page.evaluate(
      () =>
        (window as unknown as { explorer: { canvas: { historySteps: number } } }).explorer.canvas
          .historySteps,
    );
    await page.evaluate(() =>
      (
        window as unknown as { explorer: { actions: { focus(id: string): Promise<void> } } }
      ).explorer.actions.focus('person-guo-nianli'),
    );
    await page.waitForSelector('#details-body .entity-name');
    const focused = delta(before, await counts());
    expect(focused).toMatchObject({ legend: 1, table: 1, static: 0 });
    expect(
      await page.evaluate(
        () =>
          (window as unknown as { explorer: { canvas: { historySteps: number } } }).explorer.canvas
            .historySteps,
      ),
    ).toBe(undoBefore + 1);
  });

  it('switches language everywhere', async () => {
    await open();
    await page.click('[data-lang="en"]');
    expect(await page.textContent('#legend-heading')).toBe('Entity types');
    expect(await page.textContent('#legend [data-type="Zone"] .legend-name')).toBe('Zone');
    const label = await cyEval((cy) => cy.getElementById('zone-yanggu-edz').data('label'));
    expect(label).toBe('Yanggu Economic Development Zone');
    await page.click('[data-lang="zh"]');
    expect(await page.textContent('#legend-heading')).toBe('实体类型');
    // Labels carry zero-width wrap points between Chinese characters (client/src/graph/labels.ts).
    expect(
      await cyEval((cy) =>
        (cy.getElementById('zone-yanggu-edz').data('label') as string).replace(/\u200b/g, ''),
      ),
    ).toBe('阳谷经开区');
    expect(page.url()).toContain('lang=zh');
    await screenshot(page, '07-chinese');
  });

  it('reopens the same view from a deep link', async () => {
    await open('#focus=zone-qingdao-ftz-area&lang=en&layout=concentric');
    await cyEval((cy) => void cy.getElementById('zone-yanggu-edz').emit('tap'));
    await page.waitForSelector('#details-body .entity-name');
    await page.click('#details-body .actions button:nth-child(4)'); // remove → view becomes an id set
    const ids = (await cyEval((cy) => cy.nodes().map((n) => n.id()))).sort();
    const url = page.url();
    expect(url).toContain('nodes=');
    const second = await page
      .context()
      .browser()!
      .newPage({ viewport: { width: 1200, height: 800 } });
    await second.goto(url);
    await waitReady(second);
    const reopened = (
      await second.evaluate(() => (window as unknown as CyWindow).explorer.cy.nodes().map((n) => n.id()))
    ).sort();
    expect(reopened).toEqual(ids);
    expect(
      await second.evaluate(() => (document.getElementById('layout-select') as HTMLSelectElement).value),
    ).toBe('concentric');
    expect(await second.getAttribute('[data-lang="en"]', 'aria-checked')).toBe('true');
    await second.close();
  });

  it('zooms a quarter per wheel notch about the pointer', async () => {
    await open('#lang=en');
    const before = await cyEval((cy) => cy.zoom());
    const box = (await page.locator('#cy').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -100); // one notch in
    await expect.poll(() => cyEval((cy) => cy.zoom()), { timeout: 60_000 }).not.toBe(before);
    const after = await cyEval((cy) => cy.zoom());
    expect(after / before).toBeCloseTo(1.25, 2);
  });

  it('unlocks locked positions to run a chosen layout, and says so', async () => {
    await open('#lang=en');
    await page.click('#btn-lock');
    expect(await page.getAttribute('#btn-lock', 'aria-pressed')).toBe('true');
    await page.selectOption('#layout-select', 'concentric');
    await page.waitForFunction(() =>
      document.getElementById('stage-status')?.textContent?.includes('unlocked'),
    );
    expect(await page.getAttribute('#btn-lock', 'aria-pressed')).toBe('false');
  });

  it('names a saved view in a dialog, not a browser prompt', async () => {
    await open('#lang=en');
    let prompted = false;
    page.once('dialog', (d) => {
      prompted = true;
      void d.dismiss();
    });
    const name = `Dialog view ${Date.now()}`;
    await page.click('#btn-save-view');
    await page.waitForSelector('#view-name-dialog[open]');
    await page.fill('#view-name-input', name);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.saved-view button:text("${name}")`);
    expect(prompted).toBe(false);
    // Leave the shared graph as it was for the other tests.
    await page.evaluate(async (name) => {
      const { views } = (await (await fetch('/api/views')).json()) as {
        views: { id: string; name: string }[];
      };
      for (const v of views.filter((v) => v.name === name))
        await fetch(`/api/views/${v.id}`, { method: 'DELETE' });
    }, name);
  });

  it('offers a sortable table of the graph and works from the keyboard', async () => {
    await open();
    await page.click('#btn-table');
    await page.waitForSelector('#table-view table');
    const rows = await page.locator('#table-view table:first-child tbody tr').count();
    expect(rows).toBe(await visibleNodeCount());
    await page.click('#table-view table:first-child th:nth-child(4) button'); // sort by degree
    await page.click('#table-view table:first-child th:nth-child(4) button'); // descending
    const first = await page.textContent(
      '#table-view table:first-child tbody tr:first-child td:nth-child(4)',
    );
    expect(Number(first)).toBeGreaterThan(5);
    await screenshot(page, '08-table');
    await page.click('#btn-table');
    // keyboard: "/" focuses search; arrows in the canvas walk nodes and select them
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
    await page.focus('#cy');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('#details-body .entity-name');
    expect(await cyEval((cy) => cy.$(':selected').length)).toBe(1);
  });
});
