// Grouped search in real headless Chromium: sections with counts, a sentence put on the canvas in
// one click, a figure opening its entity with the figure highlighted, and the keyboard path.
import type { Core } from 'cytoscape';
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

type CyWindow = { explorer: { cy: Core } };
const cyEval = <T>(fn: (cy: Core) => T) => evalOnCy(page, fn);
const onCanvas = (id: string) =>
  page.waitForFunction((id) => (window as unknown as CyWindow).explorer.cy.getElementById(id).nonempty(), id);

async function openEmptyCanvas(): Promise<void> {
  await page.goto(`${appUrl()}/`);
  await waitReady(page);
  // The overview draws the whole seed; start from nothing so that "onto the canvas" is visible.
  await cyEval((cy) => void cy.elements().remove());
}

describe('grouped search', () => {
  it('shows a sentence with its match highlighted, its article, and puts its quoting elements on the canvas in one click', async () => {
    await openEmptyCanvas();
    await page.fill('#search-input', '保税仓储+直播');
    const sentence = '#search-results li[data-kind="sentence"]';
    await page.waitForSelector(sentence);
    expect(await page.textContent(`${sentence} mark`)).toBe('保税仓储+直播');
    expect(await page.textContent(`${sentence} .result-en`)).toContain('2023-11-20');
    const headings = await page.$$eval('#search-results .search-group-heading', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(headings.some((h) => /\(\d+\)$/.test(h))).toBe(true);
    expect(await page.$$eval(`${sentence} .search-chip`, (els) => els.length)).toBeGreaterThan(1);
    await screenshot(page, 'search-01-sentence');
    // On the sentence itself: a chip inside the row brings only its own element.
    await page.click(`${sentence} .result-sentence`);
    await onCanvas('outcome-bonded-warehousing-livestreaming');
    await onCanvas('park-zouping-bonded-logistics-centre');
    expect(errors).toEqual([]);
  });

  it('opens a figure’s entity with the figure highlighted', async () => {
    await openEmptyCanvas();
    await page.fill('#search-input', 'GDP');
    const figure = '#search-results li[data-kind="figure"][data-id="fig-wca-gdp-2023-q1-q3"]';
    await page.waitForSelector(figure);
    expect(await page.textContent(figure)).toContain('3650.31');
    await page.click(figure);
    await onCanvas('zone-west-coast-new-area');
    const row = await page.waitForSelector('tr.figure-focused[data-figure-id="fig-wca-gdp-2023-q1-q3"]');
    expect(await row.getAttribute('aria-current')).toBe('true');
    await screenshot(page, 'search-02-figure');
    expect(errors).toEqual([]);
  });

  it('works from the keyboard: pinyin initials, arrow down, Enter', async () => {
    await openEmptyCanvas();
    await page.focus('#search-input');
    await page.keyboard.type('xhaxq');
    await page.waitForSelector('#search-results li[data-id="zone-west-coast-new-area"]');
    await page.keyboard.press('ArrowDown');
    expect(await page.getAttribute('#search-input', 'aria-activedescendant')).toBe('search-option-0');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      (window as unknown as CyWindow).explorer.cy.getElementById('zone-west-coast-new-area').selected(),
    );
    expect(errors).toEqual([]);
  });
});
