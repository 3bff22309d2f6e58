// The client bundle holds no secrets, and the real client runs in Chromium under the app's CSP
// without a single violation (while the policy still blocks what it should). Requests Node's HTTP
// parser refuses get the API's JSON error from the real server process.
//
// The bundle is the one the browser lane's global setup built (tests/helpers/global-app.ts) with
// unique markers set as the server's secrets, and the app serving it is that lane's: a build of its
// own here cost the suite a second whole build.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort, spawnTsx, type Child } from '../../scripts/reliability/processes';
import { launchBrowser, waitReady } from '../helpers/browser';
import { neo4jEnv } from '../helpers/neo4j';

const { dir: outDir, markers: MARKERS } = inject('bundle');
const appUrl = () => inject('appUrl');

let browser: Browser | undefined;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

afterAll(async () => {
  await browser?.close();
});

describe('the client bundle', () => {
  it('contains none of the server-side secrets set during the build', () => {
    const files = filesUnder(outDir);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    const needles = [
      ...Object.values(MARKERS),
      // The password inside the URI on its own, as a bundler could have split it out.
      /:(uri-pass-[^@]+)@/.exec(MARKERS.NEO4J_URI!)![1]!,
      Buffer.from(MARKERS.NEO4J_PASSWORD!).toString('base64'),
    ];
    for (const file of files) {
      const text = fs.readFileSync(file, 'latin1');
      for (const needle of needles) expect(text.includes(needle), `${needle} in ${file}`).toBe(false);
    }
  });
});

describe('the content security policy, in a real browser', () => {
  async function openPage(): Promise<{
    page: Page;
    violations: () => Promise<string[]>;
    consoleErrors: string[];
  }> {
    browser ??= await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    // Collected in the page from the start, before any app script runs.
    await page.addInitScript(
      `window.__csp = []; document.addEventListener('securitypolicyviolation', (e) =>
         window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '')));`,
    );
    const violations = () => page.evaluate('window.__csp') as Promise<string[]>;
    return { page, violations, consoleErrors };
  }

  it('serves the app with the policy and the app runs without a violation', async () => {
    const { page, violations, consoleErrors } = await openPage();
    const response = await page.goto(`${appUrl()}/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await waitReady(page);
    // Search, details, the CodeMirror console and a query result: the paths that inject styles.
    await page.fill('#search-input', '阳谷');
    await page.waitForSelector('#search-results li[data-id="zone-yanggu-edz"]');
    await page.click('#search-results li[data-id="zone-yanggu-edz"]');
    await page.waitForSelector('#details-body .entity-name');
    await page.click('#btn-console');
    await page.waitForSelector('.cm-content');
    await page.selectOption('#example-select', '0');
    await page.waitForSelector('#console-result table');
    await page.evaluate('new Promise((r) => setTimeout(r, 300))');
    expect(await violations()).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await page.close();
  });

  it('renders the API docs page under the policy', async () => {
    const { page, violations } = await openPage();
    await page.goto(`${appUrl()}/api/docs`);
    await page.waitForSelector('#ops h2');
    expect(await violations()).toEqual([]);
    await page.close();
  });

  it('blocks inline scripts, event-handler attributes and foreign connections (the policy is live)', async () => {
    const { page, violations } = await openPage();
    await page.goto(`${appUrl()}/`);
    await waitReady(page);
    await page.evaluate(`(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.appendChild(s);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__ran = true');
      img.src = 'data:,x';
      document.body.appendChild(img);
      fetch('https://example.invalid/exfiltrate').catch(() => undefined);
    })()`);
    await page.evaluate('new Promise((r) => setTimeout(r, 300))');
    expect(await page.evaluate('window.__ran === true')).toBe(false);
    const seen = (await violations()).join('\n');
    expect(seen).toMatch(/script-src-elem|script-src/);
    expect(seen).toMatch(/script-src-attr/);
    expect(seen).toMatch(/connect-src/);
    await page.close();
  });
});

describe('requests over Node’s 16 KB header limit, on the real server process', () => {
  let server: Child | undefined;
  let baseUrl = '';

  beforeAll(async () => {
    // server/index.ts attaches the clientError handler, so run it rather than the app alone.
    const port = await freePort();
    server = spawnTsx('server/index.ts', [], {
      ...neo4jEnv(inject('neo4j')),
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_ON_START: 'false',
    });
    await server.waitForLine(/\[server\] explorer ready at/, 120_000);
    baseUrl = `http://127.0.0.1:${port}`;
  }, 130_000);

  afterAll(async () => {
    server?.process.kill('SIGTERM');
    expect((await server?.exited)?.code).toBe(0);
  });

  const expectJson431 = async (res: Response) => {
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('HEADERS_TOO_LARGE');
    expect(body.error.message).toMatch(/exceed 16 KB: shorten the URL/);
  };

  it('answers a 20 kB request line with the API’s JSON error', async () => {
    await expectJson431(await fetch(`${baseUrl}/api/search?q=${'港'.repeat(2500)}`));
  });

  it('answers a 20 kB header with the API’s JSON error', async () => {
    await expectJson431(
      await fetch(`${baseUrl}/api/health`, { headers: { cookie: `c=${'x'.repeat(20_000)}` } }),
    );
  });

  it('still serves ordinary requests afterwards', async () => {
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
  });
});
