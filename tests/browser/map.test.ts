// The map layout and its offline basemap in real Chromium: the FTZ linkage's seven zones inside
// their own prefectures (point-in-polygon on the shipped GeoJSON), no overlaps, the basemap drawn
// with every non-loopback request refused, following pan and zoom, in the SVG export, and a story
// step saved on the map replayed on the map.
import fs from 'node:fs';
import path from 'node:path';
import type { Core, NodeSingular } from 'cytoscape';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { unproject } from '../../client/src/graph/projection';
import { prefectureAt } from '../helpers/basemap';
import { evalOnCy, exportAs, launchBrowser, screenshot, waitReady, watchErrors } from '../helpers/browser';

const ZONES: Record<string, string> = {
  'zone-qingdao-ftz-area': '青岛市',
  'zone-yanggu-edz': '聊城市',
  'zone-linyi-cbz': '临沂市',
  'zone-rizhao-cbz': '日照市',
  'zone-tengzhou-edz': '枣庄市',
  'zone-weifang-binhai-edz': '潍坊市',
  'zone-zouping-edz': '滨州市',
};

let browser: Browser;
let page: Page;
let errors: string[];
const refused: string[] = [];
const appUrl = () => inject('appUrl');
const OUT = path.resolve('test-output', 'exports');

const cyEval = <T>(fn: (cy: Core) => T) => evalOnCy(page, fn);

/** Chooses a layout from the toolbar and resolves when it has stopped (its animation included). */
async function chooseLayout(name: string): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { explorer: { cy: Core }; layoutDone?: Promise<void> };
    w.layoutDone = new Promise((resolve) => w.explorer.cy.one('layoutstop', () => resolve()));
  });
  await page.selectOption('#layout-select', name);
  await page.evaluate(() => (window as unknown as { layoutDone: Promise<void> }).layoutDone);
}

const basemapState = () =>
  page.evaluate(() => {
    const layer = document.querySelector<SVGSVGElement>('#cy svg.basemap-layer');
    return {
      shown: !!layer && getComputedStyle(layer).display !== 'none',
      paths: layer?.querySelectorAll('path').length ?? 0,
      names: [...(layer?.querySelectorAll('text') ?? [])].map((t) => t.textContent),
      transform: layer?.firstElementChild?.getAttribute('transform') ?? '',
      // What is under Cytoscape's layer: the basemap must come first and not take the pointer.
      first: document.querySelector('#cy')?.firstElementChild?.tagName.toLowerCase(),
      pointer: layer ? getComputedStyle(layer).pointerEvents : '',
    };
  });

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  errors = watchErrors(page);
  // No network but this machine: anything else is refused and counted.
  await page.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) return route.continue();
    refused.push(route.request().url());
    return route.abort();
  });
});
afterAll(async () => {
  await browser?.close();
});

describe('the map layout', () => {
  it('places the FTZ area and its six linked zones inside their own prefectures, without overlaps', async () => {
    await page.goto(`${appUrl()}/#focus=zone-qingdao-ftz-area&lang=zh`);
    await waitReady(page);
    expect(await basemapState()).toMatchObject({ shown: false });
    await chooseLayout('map');

    const nodes = await cyEval((cy) =>
      cy.nodes().map((n) => ({ id: n.id(), ...n.position(), size: Number(n.data('size')) })),
    );
    for (const [id, prefecture] of Object.entries(ZONES)) {
      const node = nodes.find((n) => n.id === id);
      expect(node, id).toBeDefined();
      expect({ id, prefecture: prefectureAt(unproject(node!.x, node!.y)) }).toEqual({ id, prefecture });
    }
    for (let i = 0; i < nodes.length; i++)
      for (let j = i + 1; j < nodes.length; j++) {
        const [a, b] = [nodes[i]!, nodes[j]!];
        const apart = Math.hypot(a.x - b.x, a.y - b.y);
        expect(apart, `${a.id} and ${b.id} overlap`).toBeGreaterThanOrEqual((a.size + b.size) / 2);
      }
    // A node that is no place sits near something it is linked to (the layout's second rule).
    const strays = await cyEval((cy) =>
      cy
        .nodes()
        .filter((n) => typeof n.data('lng') !== 'number' && n.degree(false) > 0)
        .filter((node) => {
          const n = node as NodeSingular;
          const p = n.position();
          const nearest = Math.min(
            ...n
              .neighborhood('node')
              .map((m) =>
                Math.hypot((m as NodeSingular).position('x') - p.x, (m as NodeSingular).position('y') - p.y),
              ),
          );
          return nearest > 400;
        })
        .map((n) => n.id()),
    );
    expect(strays).toEqual([]);
    await screenshot(page, '30-map-layout');
  });

  it('draws the basemap beneath the graph from shipped data, with the network refused', async () => {
    const state = await basemapState();
    expect(state).toMatchObject({ shown: true, paths: 17, first: 'svg', pointer: 'none' });
    expect(state.names).toContain('聊城市');
    expect(refused).toEqual([]); // the page asked for nothing beyond this machine
    await page.click('[data-lang="en"]');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#cy svg.basemap-layer text')].some((t) => t.textContent === 'Liaocheng'),
    );
    // Pan and zoom move the map with the graph: the layer's transform is the viewport's.
    const viewport = await cyEval((cy) => {
      cy.zoom({ level: cy.zoom() * 1.5, renderedPosition: { x: 300, y: 300 } });
      cy.panBy({ x: 40, y: -25 });
      return { zoom: cy.zoom(), pan: cy.pan() };
    });
    expect((await basemapState()).transform).toBe(
      `translate(${viewport.pan.x} ${viewport.pan.y}) scale(${viewport.zoom})`,
    );
    await page.click('[data-lang="zh"]');
    expect(errors).toEqual([]);
  });

  it('puts the boundaries in the SVG export, beneath the graph', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), exportAs(page, 'svg')]);
    fs.mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, 'map.svg');
    await download.saveAs(file);
    const svg = fs.readFileSync(file, 'utf8');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const layer = doc.querySelector('g.basemap');
      const all = [...doc.documentElement.querySelectorAll('*')];
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        codes: [...(layer?.querySelectorAll('path') ?? [])].map((p) => p.getAttribute('data-code')),
        names: [...(layer?.querySelectorAll('text') ?? [])].map((t) => t.textContent),
        // The basemap comes before the graph's drawings (so it lies beneath them).
        layerIndex: layer ? all.indexOf(layer) : -1,
        lastIndex: all.length - 1,
      };
    }, svg);
    expect(parsed.error).toBeNull();
    expect(parsed.codes).toEqual(expect.arrayContaining(['370000', '371500', '370200']));
    expect(parsed.names).toContain('青岛市');
    expect(parsed.layerIndex).toBeGreaterThanOrEqual(0);
    expect(parsed.layerIndex).toBeLessThan(parsed.lastIndex - 10);
  });

  it('draws the basemap beneath the graph in the PNG export', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), exportAs(page, 'png', 1)]);
    const file = path.join(OUT, 'map.png');
    await download.saveAs(file);
    const share = await page.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [image.width, image.height];
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let land = 0;
      // The prefectures' fill (#e8eef5), give or take the encoder's rounding.
      for (let i = 0; i < data.length; i += 4)
        if (
          Math.abs(data[i]! - 0xe8) <= 2 &&
          Math.abs(data[i + 1]! - 0xee) <= 2 &&
          Math.abs(data[i + 2]! - 0xf5) <= 2
        )
          land++;
      return land / (data.length / 4);
    }, fs.readFileSync(file).toString('base64'));
    expect(share).toBeGreaterThan(0.2);
  });

  it('hides the basemap on other layouts, and a story step saved on the map replays on the map', async () => {
    const title = `地图故事 ${Date.now()}`;
    await page.click('#btn-stories');
    await page.fill('#new-story-title', title);
    await page.click('#btn-new-story');
    await page.waitForSelector('#btn-add-step');
    const saved = await cyEval((cy) => cy.nodes().map((n) => ({ id: n.id(), ...n.position() })));
    await page.click('#btn-add-step');
    await page.waitForSelector('#stories-body .story-step');
    await page.waitForSelector('#stories-body .save-state[data-state="saved"]');

    await chooseLayout('concentric');
    expect(await basemapState()).toMatchObject({ shown: false });

    await page.click('#btn-present');
    await page.waitForFunction(() => document.getElementById('presenter-counter')?.textContent === '1 / 1');
    await page.waitForFunction(
      () => (document.getElementById('layout-select') as HTMLSelectElement).value === 'map',
    );
    expect(await basemapState()).toMatchObject({ shown: true, paths: 17 });
    // The step's positions are the map's: every node back where it was saved.
    await expect
      .poll(async () => {
        const now = await cyEval((cy) => cy.nodes().map((n) => ({ id: n.id(), ...n.position() })));
        return saved.every((s) => {
          const n = now.find((m) => m.id === s.id);
          return n !== undefined && Math.abs(n.x - s.x) < 1 && Math.abs(n.y - s.y) < 1;
        });
      })
      .toBe(true);
    await screenshot(page, '31-map-story-step');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.body.classList.contains('presenting'));
    // The offline HTML story draws the step on its map too.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-export-story')]);
    const file = path.join(OUT, 'map-story.html');
    await download.saveAs(file);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).toContain('<g class="basemap"');
    expect(html).toContain('data-code="371500"');
    // canvas2svg (inside cytoscape-svg) logs this for every label it draws on any export; it is
    // not an error of the page.
    expect(errors.filter((e) => !e.startsWith('Attempted to apply path command to node'))).toEqual([]);
    expect(refused).toEqual([]);
  });
});
