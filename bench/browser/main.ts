/// <reference lib="dom" />
// The browser benchmark page: the app's own GraphCanvas (client/src/graph/canvas.ts, style.ts)
// fed with synthetic elements shaped like the API's, timed from replace() to the first frame drawn,
// then scripted panning and zooming while requestAnimationFrame deltas are recorded.
// bench/browser.ts drives it through window.kgBench.
import type { CyElements, SchemaInfo } from '../../shared-types/api';
import { GraphCanvas } from '../../client/src/graph/canvas';
import seed from '../../graph-seed/datasets/qingdao-2023-11-20.json';
import { generateSynthetic, templateFrom } from '../../graph-seed/synthetic';

export interface CanvasRunOptions {
  /** Nodes + edges wanted (the graph gets about this many). */
  elements: number;
  seed: number;
  webgl: boolean;
  /**
   * 'app': the app's canvas as it is. 'lod': what-if level of detail on top of it: straight
   * (haystack) edges without arrows or labels, edges hidden and the view textured while it moves.
   */
  variant: 'app' | 'lod';
  /** How long each of the pan and zoom phases runs. */
  motionMs: number;
}

export interface FrameFigures {
  frames: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  fps: number;
}

export interface CanvasRunResult {
  nodes: number;
  edges: number;
  webglRequested: boolean;
  variant: CanvasRunOptions['variant'];
  /** A WebGL 2 context exists on the layer Cytoscape creates for it. */
  webglActive: boolean;
  /** replace() called → first 'render' event after it resolved. */
  firstDrawnMs: number;
  /** layoutstart → layoutstop, inside replace(). */
  layoutMs: number;
  replaceMs: number;
  pan: FrameFigures;
  zoom: FrameFigures;
  longTasks: number;
}

const template = templateFrom(seed as unknown as Parameters<typeof templateFrom>[0]);

/** Elements in the shape server/db/mapper.ts gives the client. */
function elementsFor(count: number, seedValue: number): CyElements {
  // Five relationships per node on average: nodes + edges ≈ 6 × nodes.
  const nodes = Math.max(2, Math.round(count / 6));
  const { dataset } = generateSynthetic(template, { nodes, seed: seedValue, id: `canvas-${count}` });
  return {
    nodes: dataset.nodes.map((n) => ({
      group: 'nodes',
      data: {
        ...n.properties,
        id: n.id,
        type: n.type,
        labels: ['Entity', n.type],
        name: n.name,
        nameEn: n.nameEn,
        aliases: n.aliases,
        dataset: dataset.id,
        sources: n.sources.map((s) => ({ articleId: s.article, quote: s.quote })),
      },
    })),
    edges: dataset.edges.map((e) => ({
      group: 'edges',
      data: {
        ...e.properties,
        id: e.id,
        source: e.source,
        target: e.target,
        type: e.type,
        dataset: dataset.id,
        sources: e.sources.map((s) => ({ articleId: s.article, quote: s.quote })),
      },
    })),
  } as CyElements;
}

function schemaFor(elements: CyElements): SchemaInfo {
  const count = (key: string, list: { data: Record<string, unknown> }[]) =>
    list.filter((el) => el.data.type === key).length;
  return {
    labels: template.nodeTypes.map((t) => ({ ...t, count: count(t.label, elements.nodes) })),
    relationshipTypes: template.relationshipTypes.map((t) => ({
      ...t,
      count: count(t.type, elements.edges),
      joins: [],
    })),
    propertyKeys: {},
  } as SchemaInfo;
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

function frameFigures(deltas: number[]): FrameFigures {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const mean = sorted.reduce((s, d) => s + d, 0) / Math.max(1, sorted.length);
  return {
    frames: sorted.length,
    meanMs: mean,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    maxMs: sorted[sorted.length - 1] ?? NaN,
    fps: 1000 / mean,
  };
}

/** Calls `step` once a frame for `durationMs`; returns the time between frames. */
async function animateFor(durationMs: number, step: (frame: number) => void): Promise<number[]> {
  const deltas: number[] = [];
  let last = await nextFrame();
  const end = last + durationMs;
  for (let frame = 0; last < end; frame++) {
    step(frame);
    const now = await nextFrame();
    deltas.push(now - last);
    last = now;
  }
  return deltas;
}

async function run(options: CanvasRunOptions): Promise<CanvasRunResult> {
  const elements = elementsFor(options.elements, options.seed);
  const container = document.getElementById('cy')!;
  globalThis.benchRenderer = options.webgl ? { name: 'canvas', webgl: true } : undefined;
  globalThis.benchOptions =
    options.variant === 'lod' ? { hideEdgesOnViewport: true, textureOnViewport: true } : undefined;
  const canvas = new GraphCanvas(container);
  canvas.setSchema(schemaFor(elements));
  if (options.variant === 'lod') {
    canvas.cy
      .style()
      .selector('edge')
      .style({ 'curve-style': 'haystack', 'haystack-radius': 0, 'target-arrow-shape': 'none', label: '' })
      .update();
  }
  const webglLayer = container.querySelector<HTMLCanvasElement>('canvas[data-id$="-webgl"]');
  const webglActive = Boolean(webglLayer?.getContext('webgl2'));

  let longTasks = 0;
  new PerformanceObserver((list) => (longTasks += list.getEntries().length)).observe({ type: 'longtask' });

  let layoutStart = NaN;
  let layoutStop = NaN;
  canvas.cy.one('layoutstart', () => (layoutStart = performance.now()));
  canvas.cy.one('layoutstop', () => (layoutStop = performance.now()));
  const t0 = performance.now();
  await canvas.replace(elements);
  const replaced = performance.now();
  await new Promise<void>((resolve) => {
    canvas.cy.one('render', () => resolve());
    setTimeout(resolve, 10_000); // a renderer that never draws still gives a (bad) figure
  });
  const firstDrawnMs = performance.now() - t0;
  await nextFrame();

  const centre = { x: canvas.cy.width() / 2, y: canvas.cy.height() / 2 };
  // Pan in a slow circle: every frame moves the view, so every frame redraws.
  const pan = await animateFor(options.motionMs, (frame) => {
    const angle = frame / 8;
    canvas.cy.panBy({ x: 12 * Math.cos(angle), y: 12 * Math.sin(angle) });
  });
  // Zoom in and out around the centre, 2 % a frame, across the level where labels appear.
  const startZoom = canvas.cy.zoom();
  const zoom = await animateFor(options.motionMs, (frame) => {
    const factor = Math.floor(frame / 40) % 2 === 0 ? 1.02 : 1 / 1.02;
    canvas.cy.zoom({ level: canvas.cy.zoom() * factor, renderedPosition: centre });
  });
  canvas.cy.zoom({ level: startZoom, renderedPosition: centre });

  return {
    nodes: elements.nodes.length,
    edges: elements.edges.length,
    webglRequested: options.webgl,
    variant: options.variant,
    webglActive,
    firstDrawnMs,
    layoutMs: layoutStop - layoutStart,
    replaceMs: replaced - t0,
    pan: frameFigures(pan),
    zoom: frameFigures(zoom),
    longTasks,
  };
}

/** What the GPU process says it is (SwiftShader means software rendering). */
function glInfo(): { webgl2: boolean; renderer: string; vendor: string } {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return { webgl2: false, renderer: 'none', vendor: 'none' };
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return {
    webgl2: true,
    renderer: String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER)),
    vendor: String(gl.getParameter(debug ? debug.UNMASKED_VENDOR_WEBGL : gl.VENDOR)),
  };
}

declare global {
  interface Window {
    kgBench: { run: typeof run; glInfo: typeof glInfo; ready: true };
  }
}
window.kgBench = { run, glInfo, ready: true };
