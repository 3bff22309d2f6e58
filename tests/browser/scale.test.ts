// The explorer at scale, in real headless Chromium against the real app: level of detail, the layout
// worker with its progress indicator, and paged expansion of hubs with their "+N" summary.
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { freshPagePerTest, screenshot, waitReady } from '../helpers/browser';

let page: Page;
let errors: string[];
const appUrl = () => inject('appUrl');
freshPagePerTest({ width: 1280, height: 800 }, (p, e) => {
  page = p;
  errors = e;
});
beforeEach(async () => {
  await page.goto(`${appUrl()}/`);
  await waitReady(page);
});

/** Runs `body` in the page with the explorer's objects; a string, so no bundler helpers leak in. */
const inPage = <T>(body: string) => page.evaluate(`(async () => { ${body} })()`) as Promise<T>;

/**
 * A big graph made in the page: `nodes` entities, each linked to up to three earlier ones chosen
 * by preferential attachment (a few hubs, many leaves), deterministic (a fixed linear
 * congruential sequence), shaped like the API's elements.
 */
const BIG_GRAPH = (nodes: number) => `
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const types = ['Company', 'Zone', 'Park', 'Project', 'Policy'];
  const elements = { nodes: [], edges: [] };
  const ends = [];
  for (let i = 0; i < ${nodes}; i++) {
    elements.nodes.push({ group: 'nodes', data: { id: 'big-' + i, type: types[i % types.length],
      labels: ['Entity', types[i % types.length]], name: '实体' + i, nameEn: 'Entity ' + i, sources: [] } });
    const links = i === 0 ? 0 : 1 + Math.floor(random() * 3);
    for (let k = 0; k < links; k++) {
      const j = ends.length && random() < 0.8 ? ends[Math.floor(random() * ends.length)] : Math.floor(random() * i);
      if (j === i) continue;
      elements.edges.push({ group: 'edges', data: { id: 'big-e' + elements.edges.length, source: 'big-' + i,
        target: 'big-' + j, type: 'LOCATED_IN', sources: [] } });
      ends.push(i, j);
    }
  }
`;

describe('the explorer at scale', () => {
  it('lays a 3,000-node graph out in the worker without freezing the page, with a progress indicator', async () => {
    const result = await inPage<{
      engine: string | undefined;
      workerIterations: number | undefined;
      workerLevels: number | undefined;
      progressShown: boolean;
      progressText: string;
      progressHiddenAfter: boolean;
      nodes: number;
      large: boolean;
      spread: number;
      edgesShownDuringLayout: number;
      pendingAfter: number;
      edges: number;
      expectedEdges: number;
    }>(`
      ${BIG_GRAPH(3000)}
      const { canvas, cy } = window.explorer;
      let progressShown = false;
      let progressText = '';
      const watch = new MutationObserver(() => {
        const box = document.getElementById('stage-progress');
        if (!box.hidden) { progressShown = true; progressText = box.textContent; }
      });
      watch.observe(document.getElementById('stage-progress'), { attributes: true, childList: true, subtree: true });
      const before = canvas.onBusy;
      let edgesShownDuringLayout = 0;
      canvas.onBusy = (busy) => {
        if (busy) edgesShownDuringLayout = Math.max(edgesShownDuringLayout, cy.edges().not('.pending').length);
        before(busy);
      };
      await canvas.replace(elements);
      watch.disconnect();
      canvas.onBusy = before;
      const xs = cy.nodes().map((n) => n.position('x'));
      return {
        engine: canvas.lastLayout?.engine,
        workerIterations: canvas.lastLayout?.iterations,
        workerLevels: canvas.lastLayout?.levels,
        progressShown,
        progressText,
        progressHiddenAfter: document.getElementById('stage-progress').hidden,
        nodes: cy.nodes().length,
        large: canvas.isLarge,
        spread: Math.max(...xs) - Math.min(...xs),
        edgesShownDuringLayout,
        pendingAfter: cy.edges('.pending').length,
        edges: cy.edges().length,
        expectedEdges: elements.edges.length,
      };
    `);
    expect(result.nodes).toBe(3000);
    expect(result.large).toBe(true);
    expect(result.engine).toBe('worker');
    // The worker's own account of the layout: it ran there, off the page's thread. (How long the
    // page stayed free meanwhile depends on the machine: the benchmark's freeze figure, not a test.)
    expect(result.workerIterations).toBeGreaterThan(0);
    expect(result.workerLevels).toBeGreaterThanOrEqual(1);
    expect(result.progressShown).toBe(true);
    expect(result.progressText).toMatch(/3,000/);
    expect(result.progressHiddenAfter).toBe(true);
    expect(result.spread).toBeGreaterThan(500); // laid out, not piled on one point
    // The preview shows nodes only (the edges are held back or hidden); every edge is on the
    // canvas and shown once the positions are in.
    expect(result.edgesShownDuringLayout).toBe(0);
    expect(result.expectedEdges).toBeGreaterThan(0);
    expect(result.edges).toBe(result.expectedEdges);
    expect(result.pendingAfter).toBe(0);
    await screenshot(page, '30-large-graph-worker-layout');
    expect(errors).toEqual([]);
  });

  it('keeps every edge of a large graph when the analyst acts while its preview shows the nodes alone', async () => {
    const result = await inPage<{
      heldBackThen: number;
      nodesThen: number;
      afterRemove: number;
      afterUndo: number;
      nodesAfterUndo: number;
      expected: number;
      victimEdges: number;
      pending: number;
    }>(`
      ${BIG_GRAPH(3000)}
      const { canvas, cy } = window.explorer;
      const victim = 'big-1';
      const victimEdges = elements.edges.filter((e) => e.data.source === victim || e.data.target === victim).length;
      // The moment the nodes are added, the edges are held back until the worker answers (a task):
      // a microtask then runs inside that window, as a click on the preview would.
      let acted;
      cy.one('add', 'node', () => {
        acted = new Promise((resolve) => queueMicrotask(() => {
          const then = { heldBackThen: elements.edges.length - cy.edges().length, nodesThen: cy.nodes().length };
          canvas.remove([victim]);
          resolve(then);
        }));
      });
      await canvas.replace(elements);
      const then = await acted;
      const afterRemove = cy.edges().length;
      canvas.undo();
      return {
        ...then,
        afterRemove,
        afterUndo: cy.edges().length,
        nodesAfterUndo: cy.nodes().length,
        expected: elements.edges.length,
        victimEdges,
        pending: cy.edges('.pending').length,
      };
    `);
    // The removal came while every edge was held back…
    expect(result.nodesThen).toBe(3000);
    expect(result.heldBackThen).toBe(result.expected);
    // …and took only the removed node's edges; undoing it brought them back, all shown.
    expect(result.victimEdges).toBeGreaterThan(0);
    expect(result.afterRemove).toBe(result.expected - result.victimEdges);
    expect(result.afterUndo).toBe(result.expected);
    expect(result.nodesAfterUndo).toBe(3000);
    expect(result.pending).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows only the second graph when a large graph replaces another before its layout ends', async () => {
    const result = await inPage<{
      nodes: number;
      edges: number;
      expectedNodes: number;
      expectedEdges: number;
      foreign: number;
    }>(`
      ${BIG_GRAPH(3000)}
      const { canvas, cy } = window.explorer;
      const keep = new Set(elements.nodes.slice(0, 2000).map((n) => n.data.id));
      const second = {
        nodes: elements.nodes.filter((n) => keep.has(n.data.id)),
        edges: elements.edges.filter((e) => keep.has(e.data.source) && keep.has(e.data.target)),
      };
      const first = canvas.replace(elements);
      const next = canvas.replace(second);
      await Promise.all([first, next]);
      return {
        nodes: cy.nodes().length,
        edges: cy.edges().length,
        expectedNodes: second.nodes.length,
        expectedEdges: second.edges.length,
        foreign: cy.nodes().filter((n) => !keep.has(n.id())).length,
      };
    `);
    expect(result.expectedEdges).toBeGreaterThan(0);
    expect(result.nodes).toBe(result.expectedNodes);
    expect(result.edges).toBe(result.expectedEdges);
    expect(result.foreign).toBe(0);
    expect(errors).toEqual([]);
  });

  it('draws a large graph at a level of detail: few labels when zoomed out, more when zoomed in, cheap edges', async () => {
    const result = await inPage<{
      zoomedOutLabels: number;
      zoomedInLabels: number;
      zoomedInAllInView: boolean;
      edgeCurve: string;
      selectedNeighboursLabelled: boolean;
      smallAgain: { labelled: number; edgeCurve: string; large: boolean };
    }>(`
      ${BIG_GRAPH(1500)}
      const { canvas, cy } = window.explorer;
      await canvas.replace(elements);
      const settle = () => new Promise((r) => setTimeout(r, 400));
      cy.zoom(0.2); cy.center();
      await settle();
      const zoomedOutLabels = cy.nodes('.labelled').length;
      const edgeCurve = cy.edges()[0].style('curve-style');
      const hub = cy.nodes().max((n) => n.degree(false)).ele;
      cy.zoom({ level: 1.5, position: hub.position() });
      await settle();
      const ext = cy.extent();
      const labelled = cy.nodes('.labelled').filter((n) => n.degree(false) < 3);
      const zoomedInAllInView = labelled.every((n) => {
        const p = n.position();
        return p.x >= ext.x1 && p.x <= ext.x2 && p.y >= ext.y1 && p.y <= ext.y2;
      });
      const zoomedInLabels = cy.nodes('.labelled').length;
      const leaf = cy.nodes().filter((n) => n.degree(false) === 1)[0];
      cy.zoom(0.2);
      await settle();
      leaf.select();
      await settle();
      const selectedNeighboursLabelled = leaf.closedNeighborhood().every((el) => el.hasClass('labelled'));
      document.getElementById('btn-reset').click();
      await new Promise((r) => setTimeout(r, 200));
      await new Promise((resolve) => {
        const check = () => (document.body.dataset.status === 'ready' ? resolve() : setTimeout(check, 50));
        check();
      });
      return {
        zoomedOutLabels, zoomedInLabels, zoomedInAllInView, edgeCurve, selectedNeighboursLabelled,
        smallAgain: { labelled: cy.elements('.labelled').length, edgeCurve: cy.edges()[0].style('curve-style'), large: canvas.isLarge },
      };
    `);
    // Zoomed out: only the hubs (30) are labelled, not 1,500 names on top of each other.
    expect(result.zoomedOutLabels).toBeGreaterThan(0);
    expect(result.zoomedOutLabels).toBeLessThanOrEqual(30);
    // Zoomed in: what is in view gets its labels (and only what is in view, apart from the hubs).
    expect(result.zoomedInLabels).toBeGreaterThan(result.zoomedOutLabels);
    expect(result.zoomedInAllInView).toBe(true);
    expect(result.edgeCurve).toBe('haystack');
    expect(result.selectedNeighboursLabelled).toBe(true);
    // Back to the seed graph: full detail again.
    expect(result.smallAgain).toEqual({ labelled: 0, edgeCurve: 'bezier', large: false });
    expect(errors).toEqual([]);
  });

  it('shows a large graph as a table in pages of 500 rows, sortable', async () => {
    await inPage<void>(`
      ${BIG_GRAPH(1500)}
      await window.explorer.canvas.replace(elements);
    `);
    await page.click('#btn-table');
    const nodesTable = page.locator('#table-view table').first();
    await expect.poll(() => nodesTable.locator('tbody tr').count()).toBe(500);
    expect(await nodesTable.locator('caption').textContent()).toContain('1500');
    await nodesTable.locator('.table-more').click();
    await expect.poll(() => nodesTable.locator('tbody tr').count()).toBe(1000);
    // Sorting by degree (twice: descending) puts the best-connected entity first.
    await nodesTable.locator('th button').nth(3).click();
    await nodesTable.locator('th button').nth(3).click();
    const topDegree = Number(await nodesTable.locator('tbody tr').first().locator('td').nth(3).textContent());
    const maxDegree = await inPage<number>(
      `return window.explorer.cy.nodes().max((n) => n.degree(false)).value;`,
    );
    expect(topDegree).toBe(maxDegree);
    expect(errors).toEqual([]);
  });

  it('opts into Cytoscape’s WebGL renderer with ?renderer=webgl', async () => {
    await page.goto(`${appUrl()}/?renderer=webgl`);
    await waitReady(page);
    const result = await inPage<{ webgl: boolean; nodes: number }>(`
      const layer = document.querySelector('#cy canvas[data-id$="-webgl"]');
      return { webgl: Boolean(layer && layer.getContext('webgl2')), nodes: window.explorer.cy.nodes().length };
    `);
    expect(result.webgl).toBe(true);
    expect(result.nodes).toBeGreaterThan(100);
    expect(errors).toEqual([]);
  });

  it('pages a hub’s neighbours and shows how many are still off the canvas', async () => {
    // The seed's hubs have tens of neighbours; a page of 4 shows the paging on them.
    const result = await inPage<{
      hub: string;
      degree: number;
      pages: { neighbours: number; more: number; label: string; border: string }[];
      detailsMore: string;
      pickerOffered: boolean;
    }>(`
      const { canvas, cy, settings } = window.explorer;
      settings.expandPage = 4;
      const graph = await (await fetch('/api/graph?limit=500')).json();
      // A hub with 9 to 40 distinct neighbours (relationships can be parallel: count neighbours).
      const neighbours = new Map();
      const link = (a, b) => neighbours.set(a, (neighbours.get(a) ?? new Set()).add(b));
      for (const e of graph.elements.edges) {
        link(e.data.source, e.data.target);
        link(e.data.target, e.data.source);
      }
      const [hub] = [...neighbours.entries()]
        .filter(([, set]) => set.size >= 9 && set.size <= 40)
        .sort((a, b) => a[1].size - b[1].size)[0];
      const detail = await (await fetch('/api/nodes/' + encodeURIComponent(hub))).json();
      await canvas.replace({ nodes: graph.elements.nodes.filter((n) => n.data.id === hub), edges: [] });
      const waitIdle = () => new Promise((resolve) => {
        const check = () => (document.body.dataset.status === 'ready' ? resolve() : setTimeout(check, 50));
        setTimeout(check, 50);
      });
      const pages = [];
      let detailsMore = '';
      const waitFor = async (selector) => {
        for (let tries = 0; tries < 600 && !document.querySelector(selector); tries++) {
          await new Promise((r) => setTimeout(r, 50));
        }
        return document.querySelector(selector);
      };
      let pickerOffered = false;
      for (let i = 0; i < 3; i++) {
        cy.getElementById(hub).emit('dbltap');
        await waitIdle();
        if (i === 0) {
          // More neighbours than a page: the first expansion offers the summary; take a page anyway.
          const firstPage = await waitFor('#hub-dialog button.hub-first-page');
          pickerOffered = Boolean(firstPage);
          firstPage?.click();
          await new Promise((r) => setTimeout(r, 100));
          await waitIdle();
        }
        await new Promise((r) => setTimeout(r, 300));
        const node = cy.getElementById(hub);
        pages.push({
          neighbours: node.neighborhood().nodes().length,
          more: Number(node.data('more') ?? 0),
          label: node.data('label'),
          border: node.style('border-style'),
        });
        if (i === 0) {
          // The details panel says the same, with what to do about it.
          node.emit('tap');
          for (let tries = 0; tries < 100 && !document.querySelector('#details-body .off-canvas'); tries++) {
            await new Promise((r) => setTimeout(r, 50));
          }
          detailsMore = document.querySelector('#details-body .off-canvas')?.getAttribute('data-more') ?? '';
        }
      }
      return { hub, degree: detail.degree, pages, detailsMore, pickerOffered };
    `);
    expect(result.pickerOffered).toBe(true);
    const [first, second] = result.pages;
    expect(first!.neighbours).toBe(4);
    expect(second!.neighbours).toBe(8);
    // "+N": relationships of the hub not yet on the canvas, under its name, with a dashed ring.
    expect(first!.more).toBeGreaterThan(0);
    expect(first!.label).toContain(`+${first!.more}`);
    expect(first!.border).toBe('dashed');
    expect(second!.more).toBeLessThan(first!.more);
    expect(result.detailsMore).toBe(String(first!.more));
    await screenshot(page, '31-paged-hub');
    expect(errors).toEqual([]);
  });

  it('offers a hub’s neighbours counted by type and relationship, and brings only the group picked', async () => {
    const result = await inPage<{
      group: { relType: string; direction: string; neighbourType: string; count: number };
      total: number;
      pages: { ids: string[]; wrong: string[] }[];
      dialogAfterPick: boolean;
    }>(`
      const { canvas, cy, settings } = window.explorer;
      settings.expandPage = 3;
      const graph = await (await fetch('/api/graph?limit=500')).json();
      const counts = new Map();
      for (const e of graph.elements.edges) for (const end of [e.data.source, e.data.target]) counts.set(end, (counts.get(end) ?? 0) + 1);
      // The best-connected entity, and its biggest group of more than a page.
      const [hub] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
      const summary = await (await fetch('/api/nodes/' + encodeURIComponent(hub) + '/neighbour-summary')).json();
      const group = summary.byRelationship.find((g) => g.count > settings.expandPage);
      await canvas.replace({ nodes: graph.elements.nodes.filter((n) => n.data.id === hub), edges: [] });
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const waitIdle = async () => {
        await sleep(50);
        while (document.body.dataset.status !== 'ready') await sleep(50);
      };
      const waitFor = async (selector) => {
        for (let tries = 0; tries < 600 && !document.querySelector(selector); tries++) await sleep(50);
        return document.querySelector(selector);
      };
      cy.getElementById(hub).emit('dbltap');
      await waitIdle();
      const button = await waitFor('#hub-dialog button.hub-pick[data-rel-type="' + group.relType + '"][data-direction="' + group.direction + '"][data-type="' + group.neighbourType + '"]');
      button.click();
      await sleep(100);
      await waitIdle();
      const dialogAfterPick = Boolean(document.querySelector('#hub-dialog'));
      // What the group means: neighbours of that type, joined by that relationship, that way round.
      const inGroup = (id) => cy.getElementById(id).data('type') === group.neighbourType &&
        cy.edges().some((e) => e.data('type') === group.relType &&
          (group.direction === 'out' ? e.source().id() === hub && e.target().id() === id : e.target().id() === hub && e.source().id() === id));
      const page = () => {
        const ids = cy.getElementById(hub).neighborhood().nodes().map((n) => n.id());
        return { ids, wrong: ids.filter((id) => !inGroup(id)) };
      };
      const pages = [page()];
      await window.explorer.actions.showMore();
      await sleep(100);
      await waitIdle();
      pages.push(page());
      return { group, total: summary.total, pages, dialogAfterPick };
    `);
    expect(result.total).toBeGreaterThan(3);
    expect(result.dialogAfterPick).toBe(false);
    const [first, second] = result.pages;
    expect(first!.ids.length).toBe(Math.min(3, result.group.count));
    expect(first!.wrong).toEqual([]);
    // "Show more" pages the same group on from where the first page stopped.
    expect(second!.ids.length).toBe(Math.min(6, result.group.count));
    expect(second!.wrong).toEqual([]);
    expect(new Set(second!.ids).size).toBe(second!.ids.length);
    expect(errors).toEqual([]);
  });
});
