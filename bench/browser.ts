// Browser benchmark: builds bench/browser/ with Vite (production build, like the app), serves it on
// loopback, and drives it in headless Chromium: time to first drawn graph, to laid out, the longest
// freeze, and frame times while panning (mouse drag) and zooming (wheel), for each size, with
// Cytoscape's canvas renderer and its WebGL mode (and, with --variants full, without level of detail).
import express from 'express';
import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import type { CanvasRunResult } from './browser/main';
import type { BenchContext } from './context';
import { loadAverage } from './lib/proc';

const ROOT = path.resolve(import.meta.dirname, '..');
const PAGE_DIR = path.join(ROOT, 'bench', 'browser');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORT = { width: 1280, height: 800 };
/** Per case; the 20k-element layout is the slow one. */
const CASE_TIMEOUT_MS = 180_000;
const MOTION_MS = 2500;

type Renderer = 'canvas' | 'webgl' | 'canvas+full';

export interface BrowserCase extends CanvasRunResult {
  requestedElements: number;
  renderer: Renderer;
  loadAverage: number;
}

export interface BrowserResults {
  chromium: string;
  args: string[];
  viewport: typeof VIEWPORT;
  gl: { webgl2: boolean; renderer: string; vendor: string };
  cases: (BrowserCase | { requestedElements: number; renderer: Renderer; error: string })[];
}

/** Builds the page into `outDir` (a temporary directory: built bundles are not source to lint). */
async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: PAGE_DIR,
    logLevel: 'warn',
    resolve: {
      // Only the bare specifier: renderer-switch.ts itself imports cytoscape's ESM file by path.
      alias: [{ find: /^cytoscape$/, replacement: path.join(PAGE_DIR, 'renderer-switch.ts') }],
    },
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 5000, reportCompressedSize: false },
  });
}

async function serve(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use(express.static(dir));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function browserPart(ctx: BenchContext): Promise<BrowserResults> {
  ctx.log('[browser] building bench/browser with Vite…');
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-page-'));
  await buildPage(outDir);
  const site = await serve(outDir);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const version = browser.version();
    const probe = await browser.newPage({ viewport: VIEWPORT });
    await probe.goto(site.url);
    await probe.waitForFunction(() => window.kgBench?.ready === true);
    const gl = await probe.evaluate(() => window.kgBench.glInfo());
    await probe.close();
    ctx.log(
      `[browser] Chromium ${version}; WebGL 2: ${gl.webgl2 ? `${gl.renderer} (${gl.vendor})` : 'unavailable'}`,
    );

    const cases: BrowserResults['cases'] = [];
    for (const size of ctx.options.browserSizes) {
      const renderers: Renderer[] = [
        ...ctx.options.browserRenderers,
        ...(ctx.options.browserVariants.includes('full') ? ['canvas+full' as const] : []),
      ];
      for (const renderer of renderers) {
        // A fresh page per case: no caches, no garbage from the previous graph.
        const page = await browser.newPage({ viewport: VIEWPORT });
        page.setDefaultTimeout(CASE_TIMEOUT_MS);
        try {
          await page.goto(site.url);
          await page.waitForFunction(() => window.kgBench?.ready === true);
          const result = await page.evaluate((options) => window.kgBench.run(options), {
            elements: size,
            seed: ctx.options.seed,
            webgl: renderer === 'webgl',
            variant: renderer === 'canvas+full' ? ('full' as const) : ('app' as const),
            motionMs: MOTION_MS,
          });
          cases.push({ ...result, requestedElements: size, renderer, loadAverage: loadAverage() });
          ctx.log(
            `[browser] ${size} elements (${result.nodes} nodes, ${result.edges} edges), ${renderer}${renderer === 'webgl' && !result.webglActive ? ' (no WebGL context: canvas)' : ''}: ` +
              `drawn in ${Math.round(result.firstDrawnMs)} ms, laid out in ${Math.round(result.laidOutMs)} ms ` +
              `(layout ${Math.round(result.layoutMs)} ms in the ${result.layoutEngine}, longest freeze ${Math.round(result.longestFreezeMs)} ms); ` +
              `pan ${result.pan.fps.toFixed(1)} fps (p95 frame ${Math.round(result.pan.p95Ms)} ms), zoom ${result.zoom.fps.toFixed(1)} fps; ` +
              `select ${Math.round(result.selectMs)} ms, language switch ${Math.round(result.langMs)} ms, idle frame ${Math.round(result.frameMs)} ms`,
          );
        } catch (error) {
          const message = (error as Error).message.split('\n')[0] ?? String(error);
          cases.push({ requestedElements: size, renderer, error: message });
          ctx.log(`[browser] ${size} elements, ${renderer}: failed: ${message}`);
        } finally {
          await page.close();
        }
      }
    }
    return { chromium: version, args: CHROMIUM_ARGS, viewport: VIEWPORT, gl, cases };
  } finally {
    await browser?.close();
    await site.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
