// Real headless Chromium (Debian's package) driven by playwright-core.
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from 'cytoscape';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export const SCREENSHOTS = path.resolve('test-output', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Collects page errors so a test can assert the page ran clean. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/** Waits until the explorer has finished loading (status set by the store on <body>). */
export async function waitReady(page: Page): Promise<void> {
  // A function, not a string: the app's CSP forbids eval. Typed loosely: this module has no DOM types.
  const ready = () => {
    const doc = (
      globalThis as unknown as { document: { body: { dataset: Record<string, string | undefined> } } }
    ).document;
    return ['ready', 'empty'].includes(doc.body.dataset.status ?? '');
  };
  // A cap for a loaded machine, not a speed check: the first view waits on Neo4j and a layout.
  await page.waitForFunction(ready, undefined, { timeout: 120_000 });
}

/**
 * The set-up every browser test file shares: one Chromium for the file, a fresh page per test (closed
 * after it) whose errors are collected. `use` receives each test's page and error list.
 */
/**
 * Runs `fn` on the explorer's Cytoscape core in the page (window.explorer.cy). `fn` must not return
 * Cytoscape elements: Playwright would serialise their whole object graph (seconds and gigabytes).
 */
export const evalOnCy = <T>(page: Page, fn: (cy: Core) => T): Promise<T> =>
  page.evaluate(`(${fn.toString()})(window.explorer.cy)`) as Promise<T>;

/** Opens the explorer at `base` with this hash and waits until it has loaded. */
export async function openExplorer(page: Page, base: string, hash = ''): Promise<void> {
  await page.goto(`${base}/${hash}`);
  await waitReady(page);
}

/** Taps a node as a user would and waits for its details. */
export async function tapNode(page: Page, id: string): Promise<void> {
  await page.evaluate((nodeId) => {
    const w = globalThis as unknown as { explorer: { cy: Core } };
    w.explorer.cy.getElementById(nodeId).emit('tap');
  }, id);
  await page.waitForSelector('#details-body .entity-name');
}

export function freshPagePerTest(
  viewport: { width: number; height: number },
  use: (page: Page, errors: string[]) => void,
): void {
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    page = await browser!.newPage({ viewport });
    use(page, watchErrors(page));
  });
  afterEach(async () => {
    await page?.close();
  });
}

/** Exports through the toolbar's export dialog: the format, and for PNG the scale. */
export async function exportAs(
  page: Page,
  format: 'png' | 'svg' | 'json' | 'csv',
  scale?: number,
): Promise<void> {
  await page.click('#btn-export');
  await page.check(`#export-dialog input[name="export-format"][value="${format}"]`);
  if (scale !== undefined) await page.fill('#export-scale', String(scale));
  await page.click('#btn-export-go');
}
