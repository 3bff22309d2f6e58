// The insight panel in real headless Chromium against the real API and embedded Neo4j.
import type { Core as Cy } from 'cytoscape';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { evalOnCy, freshPagePerTest, screenshot, waitReady } from '../helpers/browser';

let page: Page;
let errors: string[];
const appUrl = () => inject('appUrl');
freshPagePerTest({ width: 1440, height: 900 }, (p, e) => {
  page = p;
  errors = e;
});

const cyEval = <T>(fn: (cy: Cy) => T) => evalOnCy(page, fn);
const width = (id: string) =>
  page.evaluate(
    (nodeId) => (window as unknown as { explorer: { cy: Cy } }).explorer.cy.getElementById(nodeId).width(),
    id,
  );
const isFaded = (id: string) =>
  page.evaluate(
    (nodeId) =>
      (window as unknown as { explorer: { cy: Cy } }).explorer.cy
        .getElementById(nodeId)
        .hasClass('insight-faded'),
    id,
  );

async function open(hash = ''): Promise<void> {
  await page.goto(`${appUrl()}/${hash}`);
  await waitReady(page);
  await page.click('#tab-analysis'); // the analysis tools are a tab of the sidebar
  await page.waitForSelector('#insight-hubs li button');
}

async function tapNode(id: string): Promise<void> {
  await page.evaluate((nodeId) => {
    (window as unknown as { explorer: { cy: Cy } }).explorer.cy.getElementById(nodeId).emit('tap');
  }, id);
  await page.waitForFunction(
    (nodeId) =>
      document.querySelector('#details-body .entity-name') !== null && location.hash.includes(nodeId),
    id,
  );
}

describe('the insight panel', () => {
  it('sizes nodes by a measure (the hub grows) and colours them by community', async () => {
    await open();
    const hub = 'zone-qingdao-ftz-area';
    // a leaf: an entity with a single relationship
    const leaf = await cyEval((cy) =>
      cy
        .nodes()
        .filter((n) => n.degree(false) === 1)[0]!
        .id(),
    );
    const before = { hub: await width(hub), leaf: await width(leaf) };

    await page.selectOption('#insight-size', 'degree');
    const byDegree = { hub: await width(hub), leaf: await width(leaf) };
    expect(byDegree.hub).toBe(80); // the highest degree gets the largest size
    expect(byDegree.hub).toBeGreaterThan(before.hub);
    expect(byDegree.leaf).toBeLessThan(byDegree.hub / 2);
    expect(await page.textContent('#insight-measure-note')).toMatch(/连接数|Degree/);

    await page.selectOption('#insight-size', 'betweenness');
    const byBetweenness = await cyEval((cy) =>
      cy.nodes().map((n) => [n.id(), n.width()] as [string, number]),
    );
    const biggest = byBetweenness.reduce((a, b) => (b[1] > a[1] ? b : a));
    expect(biggest[1]).toBe(80);
    const brokers = await page.$$eval('#insight-brokers button', (bs) =>
      bs.map((b) => b.getAttribute('data-id')),
    );
    expect(biggest[0]).toBe(brokers[0]);
    expect(await width(leaf)).toBe(18); // a leaf is on no shortest path between others

    await page.check('#insight-colour');
    const colours = await cyEval((cy) => [
      ...new Set(cy.nodes().map((n) => n.style('background-color') as string)),
    ]);
    expect(colours.length).toBeGreaterThan(3);
    const sameCommunity = await cyEval((cy) => [
      cy.getElementById('zone-yanggu-edz').style('background-color'),
      cy.getElementById('zone-qingdao-ftz-area').style('background-color'),
    ]);
    expect(sameCommunity[0]).toBe(sameCommunity[1]);
    await screenshot(page, 'insight-01-sized');

    // back to the default: the bypasses go
    await page.selectOption('#insight-size', 'none');
    await page.uncheck('#insight-colour');
    expect(await width(hub)).toBe(before.hub);

    // the hubs list selects a hub
    await page.click('#insight-hubs li:first-child button');
    await page.waitForSelector('#details-body .entity-name');
    const first = await page.getAttribute('#insight-hubs li:first-child button', 'data-id');
    expect(await cyEval((cy) => cy.$('node:selected').map((n) => n.id()))).toEqual([first]);
    expect(errors).toEqual([]);
  });

  it('filters the canvas with the time slider, lists the period’s figures, and plays', async () => {
    await open();
    await page.waitForFunction(
      () => Number((document.getElementById('insight-time') as HTMLInputElement).max) > 3,
    );
    // keyboard: the slider's first step is the earliest period, 2022
    await page.focus('#insight-time');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('#insight-time-figures li');
    expect(await page.textContent('#insight-time-value')).toContain('2022');
    expect(await page.getAttribute('#insight-time', 'aria-valuetext')).toContain('2022');
    expect(await page.locator('#insight-time-figures li').count()).toBe(5);
    expect(await page.textContent('#insight-time-figures')).toContain('规上工业');

    // a figure only from 2023 fades; the 2022 figures' zone does not; an undated entity stays
    expect(await isFaded('chain-nine-key-industrial-chains')).toBe(true);
    expect(await isFaded('zone-west-coast-new-area')).toBe(false);
    expect(await isFaded('zone-yanggu-edz')).toBe(false);
    expect(await cyEval((cy) => cy.getElementById('chain-nine-key-industrial-chains').style('opacity'))).toBe(
      '0.15',
    );
    await screenshot(page, 'insight-02-time-2022');

    // strict: undated entities fade too
    await page.check('#insight-time-strict');
    expect(await isFaded('zone-yanggu-edz')).toBe(true);
    expect(await isFaded('zone-west-coast-new-area')).toBe(false);
    await page.uncheck('#insight-time-strict');

    // all periods again: nothing faded
    await page.focus('#insight-time');
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.getElementById('insight-time-figures')?.children.length === 0);
    expect(await cyEval((cy) => cy.$('.insight-faded').length)).toBe(0);

    // playback steps forward through the periods by itself
    await page.click('#insight-play');
    expect(await page.getAttribute('#insight-play', 'aria-pressed')).toBe('true');
    await page.waitForFunction(
      () => Number((document.getElementById('insight-time') as HTMLInputElement).value) >= 2,
      undefined,
      {
        timeout: 10_000,
      },
    );
    await page.click('#insight-play');
    expect(await page.getAttribute('#insight-play', 'aria-pressed')).toBe('false');
    expect(errors).toEqual([]);
  });

  it('compares two entities: aligned figures, links and shared neighbours', async () => {
    await open();
    expect(await page.isDisabled('#insight-compare-go')).toBe(true);
    await tapNode('zone-west-coast-new-area');
    await page.click('#insight-compare-add');
    expect(await page.isDisabled('#insight-compare-add')).toBe(true); // already in the tray
    await tapNode('zone-qingdao-ftz-area');
    await page.click('#insight-compare-add');
    expect(await page.locator('#insight-compare-tray li').count()).toBe(2);
    await page.click('#insight-compare-go');
    await page.waitForSelector('#insight-compare-view table');

    const headers = await page.$$eval('#insight-compare-view thead th', (ths) =>
      ths.map((th) => th.textContent),
    );
    expect(headers).toHaveLength(4);
    expect(headers[2]).toContain('青岛西海岸新区');
    expect(headers[3]).toContain('青岛自贸片区');
    // each row is one measure, unit and period, with one cell per entity
    const gdp = page.locator('#insight-compare-view tbody tr', { hasText: /^生产总值/ });
    expect(await gdp.count()).toBe(1);
    const cells = await gdp.locator('td').allTextContents();
    expect(cells[0]).toContain('2023年前三季度');
    expect(cells[1]).toContain('3,650.31');
    expect(cells[2]).toBe('—');
    const ftzRow = page.locator('#insight-compare-view tbody tr', { hasText: '联动任务' }).first();
    const ftzCells = await ftzRow.locator('td').allTextContents();
    expect(ftzCells[1]).toBe('—');
    expect(ftzCells[2]).toMatch(/\d/);
    expect(await page.locator('#insight-compare-view .insight-shared li').count()).toBeGreaterThan(0);
    await screenshot(page, 'insight-03-compare');

    // Escape closes the view and gives focus back
    await page.keyboard.press('Escape');
    expect(await page.isHidden('#insight-compare-view')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('insight-compare-go');
    expect(errors).toEqual([]);
  });

  it('explains why the two nodes selected last are connected, with quotes, and highlights the path', async () => {
    await open();
    await tapNode('zone-yanggu-edz');
    await tapNode('zone-rizhao-cbz');
    expect(await page.textContent('#insight-why-ends')).toMatch(/阳谷经开区.*↔.*日照综保区/);
    await page.click('#insight-why-go');
    await page.waitForSelector('#insight-why-result .insight-path');
    const chains = await page.$$eval('#insight-why-result .insight-chain', (els) =>
      els.map((e) => e.textContent),
    );
    expect(chains.join('\n')).toContain('阳谷经开区 ←联动— 青岛自贸片区 —联动→ 日照综保区');
    expect(await page.textContent('#insight-why-result .insight-hop')).toMatch(/：“.+”/);
    const highlighted = await cyEval((cy) => cy.$('.path').map((el) => el.id()));
    expect(highlighted).toEqual(
      expect.arrayContaining(['zone-yanggu-edz', 'zone-qingdao-ftz-area', 'zone-rizhao-cbz']),
    );
    await screenshot(page, 'insight-04-why');

    // in English only, the same chain reads in English
    await page.click('[data-lang="en"]');
    const english = await page.$$eval('#insight-why-result .insight-chain', (els) =>
      els.map((e) => e.textContent),
    );
    expect(english.join('\n')).toMatch(/Yanggu .* ←linked with— .* —linked with→ Rizhao/);
    expect(await page.textContent('#insight-heading')).toBe('Insight');
    expect(errors).toEqual([]);
  });
});
