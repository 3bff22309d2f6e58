// The Import dialog in real headless Chromium: a CSV of companies with their park and investment is
// uploaded, its columns mapped (name, English name, a property, a link to the park), the check
// shows the one bad row, the analyst chooses to skip it, imports, and the new companies are found
// by search.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { freshPagePerTest, screenshot, waitReady } from '../helpers/browser';

let page: Page;
let errors: string[];
const appUrl = () => inject('appUrl');
freshPagePerTest({ width: 1440, height: 900 }, (p, e) => {
  page = p;
  errors = e;
});

const CSV = [
  '公司,英文名,园区,投资额',
  '浏览器导入甲公司,Browser Import Alpha Co,青岛自贸片区,12.5',
  '浏览器导入乙公司,Browser Import Beta Co,不存在的园区,3',
  '浏览器导入丙公司,Browser Import Gamma Co,青岛经济技术开发区,7',
].join('\n');

describe('the Import dialog', () => {
  it('maps a CSV’s columns, shows the bad row in the check, skips it, imports, and search finds the rest', async () => {
    await page.goto(`${appUrl()}/`);
    await waitReady(page);
    await page.click('#btn-sources');
    await page.click('#sources-import');
    await page.waitForSelector('#import-dialog');
    await page.setInputFiles('#import-table-file', {
      name: 'companies.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV, 'utf8'),
    });
    await page.waitForSelector('.import-mapping');
    // 公司 is guessed as the name; the rest is mapped by hand.
    expect(await page.inputValue('select[data-column="公司"]')).toBe('name');
    await page.selectOption('select[data-column="英文名"]', 'nameEn');
    await page.selectOption('select[data-column="园区"]', 'link');
    await page.fill('input.import-detail[data-column="园区"]', 'LOCATED_IN');
    await page.dispatchEvent('input.import-detail[data-column="园区"]', 'change');
    await page.fill('input.import-detail[data-column="投资额"]', 'investment');
    await page.dispatchEvent('input.import-detail[data-column="投资额"]', 'change');
    await page.fill('#import-fixed-type', 'Company');
    await page.dispatchEvent('#import-fixed-type', 'change');
    await page.fill('#import-dataset', 'qingdao-2023-11-20');
    await page.dispatchEvent('#import-dataset', 'change');

    await page.click('#import-check');
    await page.waitForSelector('#import-result[data-status="checked"]');
    const bad = await page.$$eval('.import-problems tbody tr', (rows) =>
      rows.map((r) => [r.getAttribute('data-row'), r.children[1]?.textContent, r.children[2]?.textContent]),
    );
    expect(bad).toHaveLength(1);
    expect(bad[0]![0]).toBe('3');
    expect(bad[0]![1]).toBe('园区');
    expect(bad[0]![2]).toContain('不存在的园区');
    await screenshot(page, 'imports-01-checked');

    // Importing with the bad row refuses everything and says so.
    await page.click('#import-go');
    await page.waitForSelector('#import-error');
    expect(await page.textContent('#import-error')).toMatch(/nothing was written|未写入/);

    await page.check('#import-skip');
    await page.click('#import-go');
    await page.waitForSelector('#import-result[data-status="imported"]');
    expect(await page.textContent('#import-result')).toContain('3');
    await screenshot(page, 'imports-02-imported');
    await page.click('#import-close');

    await page.click('#btn-sources');
    // Search answers after a debounce: wait for the result that names the company.
    for (const name of ['浏览器导入甲公司', '浏览器导入丙公司']) {
      await page.fill('#search-input', name);
      const hit = await page.waitForSelector(`#search-results li[data-id]:has-text("${name}")`);
      expect(await hit.getAttribute('data-id')).toMatch(/^company-/);
    }
    // The refused import's 400 is the only failed request.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
