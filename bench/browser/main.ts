/// <reference lib="dom" />
// The browser benchmark page: the app's own GraphCanvas (client/src/graph/canvas.ts, style.ts)
// fed with synthetic elements shaped like the API's, timed from replace() to the first frame drawn,
// then scripted panning and zooming while requestAnimationFrame deltas are recorded.
// bench/browser.ts drives it through window.kgBench.
import type { CyElements, SchemaInfo } from '../../contract/types';
import { GraphCanvas } from '../../client/src/graph/canvas';
import seed from '../../graph-seed/datasets/qingdao-2023-11-20.json';
import { generateSynthetic, templateFrom } from '../../graph-seed/synthetic';

export interface CanvasRunOptions {
  /** Nodes + edges wanted (the graph gets about this many). */
  elements: number;
  seed: number;
  webgl: boolean;
  /**
   * 'app': the app's canvas as it is (level of detail above LARGE_GRAPH_NODES, fCoSE in a worker).
   * 'full': what-if without the level of detail: every label and arrow, bezier edges, fCoSE on the
   * page (how the canvas drew before it had one), for a side-by-side ratio.
   */
  variant: 'app' | 'full';
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
  /** The canvas switched to its level of detail. */
  levelOfDetail: boolean;
  /** replace() called → first 'render' event: the graph is on screen (laid out or previewed). */
  firstDrawnMs: number;
  /** replace() called → final positions drawn (after the layout, wherever it ran). */
  laidOutMs: number;
  /** The layout itself, as the canvas timed it. */
  layoutMs: number;
  layoutEngine: 'worker' | 'page' | 'unknown';
  /** In the worker: its own time and ForceAtlas2 iterations (the rest of layoutMs is the page's). */
  workerMs?: number;
  workerIterations?: number;
  workerLevels?: number;
  /** Longest gap between 10 ms timer ticks from replace() to laid out: how long the page froze. */
  longestFreezeMs: number;
  pan: FrameFigures;
  zoom: FrameFigures;
  /** How far the view travelled during the pan phase (a check that the drag really panned). */
  panTravelPx: number;
  /** Smallest and largest zoom seen during the zoom phase (a check that the wheel really zoomed). */
  zoomRange: [number, number];
  longTasks: number;
  /**
   * One selection change and one language switch on the laid-out graph: the call until the frame
   * after it was painted (median of 5 each), i.e. the main thread's time for the canvas's part.
   */
  selectMs: number;
  langMs: number;
  /** A redraw with nothing changed (cy.forceRender() to its frame drawn): the floor of both. */
  frameMs: number;
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

/** Mouse events as a hand makes them: Cytoscape's own gesture handlers (and their texture mode) run. */
function mouse(type: 'mousedown' | 'mousemove' | 'mouseup', target: EventTarget, x: number, y: number): void {
  target.dispatchEvent(
    new MouseEvent(type, {
      clientX: x,
      clientY: y,
      button: 0,
      buttons: type === 'mouseup' ? 0 : 1,
      bubbles: true,
      cancelable: true,
    }),
  );
}

/** A point of the container with no element under it, to start a pan drag from. */
function emptySpot(canvas: GraphCanvas, container: HTMLElement): { x: number; y: number } {
  const rect = container.getBoundingClientRect();
  const { x1, y1 } = canvas.unsafeCoreForTests().extent();
  const zoom = canvas.unsafeCoreForTests().zoom();
  for (let step = 0; step < 40; step++) {
    const rx = 8 + step * 6;
    const ry = 8 + step * 4;
    const model = { x: x1 + rx / zoom, y: y1 + ry / zoom };
    const hit = canvas
      .unsafeCoreForTests()
      .nodes()
      .some((n) => {
        const bb = n.boundingBox({ includeLabels: false });
        return model.x >= bb.x1 && model.x <= bb.x2 && model.y >= bb.y1 && model.y <= bb.y2;
      });
    if (!hit) return { x: rect.left + rx, y: rect.top + ry };
  }
  return { x: rect.left + 4, y: rect.top + 4 };
}

async function run(options: CanvasRunOptions): Promise<CanvasRunResult> {
  const elements = elementsFor(options.elements, options.seed);
  const container = document.getElementById('cy')!;
  globalThis.benchRenderer = options.webgl ? { name: 'canvas', webgl: true } : undefined;
  globalThis.benchOptions = undefined;
  const canvas = new GraphCanvas(container);
  window.kgBench.canvas = canvas;
  if (options.variant === 'full') canvas.largeGraphNodes = Number.POSITIVE_INFINITY;
  canvas.setSchema(schemaFor(elements));
  const webglLayer = container.querySelector<HTMLCanvasElement>('canvas[data-id$="-webgl"]');
  const webglActive = Boolean(webglLayer?.getContext('webgl2'));

  let longTasks = 0;
  new PerformanceObserver((list) => (longTasks += list.getEntries().length)).observe({ type: 'longtask' });

  // A 10 ms ticker: the longest gap between ticks is the longest time the page could not answer.
  let lastTick = performance.now();
  let longestFreezeMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longestFreezeMs = Math.max(longestFreezeMs, now - lastTick);
    lastTick = now;
  }, 10);

  // The app makes its canvas at start-up, long before a large graph comes: its layout worker has
  // loaded by then. Measuring from a canvas made a moment ago would time the worker's start.
  await canvas.layoutReady();
  const t0 = performance.now();
  let firstDrawn = NaN;
  canvas.unsafeCoreForTests().one('render', () => (firstDrawn = performance.now()));
  await canvas.replace(elements);
  await new Promise<void>((resolve) => {
    canvas.unsafeCoreForTests().one('render', () => resolve());
    setTimeout(resolve, 10_000); // a renderer that never draws still gives a (bad) figure
  });
  const laidOut = performance.now();
  clearInterval(ticker);
  longestFreezeMs = Math.max(longestFreezeMs, laidOut - lastTick);
  if (Number.isNaN(firstDrawn)) firstDrawn = laidOut;
  await nextFrame();
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the labels settle after the fit

  // Pan: a drag from an empty spot, in a slow circle, one mouse move a frame.
  const start = emptySpot(canvas, container);
  // On one of Cytoscape's canvases: it ignores a press whose target is the container itself.
  const layer = container.querySelector('canvas') ?? container;
  mouse('mousedown', layer, start.x, start.y);
  let panTravelPx = 0;
  let lastPan = { ...canvas.unsafeCoreForTests().pan() };
  const pan = await animateFor(options.motionMs, (frame) => {
    const angle = frame / 8;
    mouse('mousemove', window, start.x + 40 + 60 * Math.cos(angle), start.y + 40 + 60 * Math.sin(angle));
    const now = canvas.unsafeCoreForTests().pan();
    panTravelPx += Math.hypot(now.x - lastPan.x, now.y - lastPan.y);
    lastPan = { ...now };
  });
  mouse('mouseup', window, start.x, start.y);
  await new Promise((resolve) => setTimeout(resolve, 300));

  // Zoom: wheel events at the centre, in and out across the level where labels appear.
  const rect = container.getBoundingClientRect();
  const centre = { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  const zoomRange: [number, number] = [
    canvas.unsafeCoreForTests().zoom(),
    canvas.unsafeCoreForTests().zoom(),
  ];
  const zoom = await animateFor(options.motionMs, (frame) => {
    zoomRange[0] = Math.min(zoomRange[0], canvas.unsafeCoreForTests().zoom());
    zoomRange[1] = Math.max(zoomRange[1], canvas.unsafeCoreForTests().zoom());
    const deltaY = Math.floor(frame / 40) % 2 === 0 ? -40 : 40;
    container.dispatchEvent(
      new WheelEvent('wheel', {
        deltaY,
        deltaMode: 0,
        clientX: centre.x,
        clientY: centre.y,
        bubbles: true,
        cancelable: true,
      }),
    );
  });

  // Interactions: what an analyst does most on a big graph, each timed from the call to the end of
  // the first frame Cytoscape draws after it (its 'render' event; its loop skips animation frames
  // when drawing is slow, so "the next animation frame" can come before the drawing).
  const cy = canvas.unsafeCoreForTests();
  const rendered = () => new Promise<void>((resolve) => cy.one('render', () => setTimeout(resolve, 0)));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
  const timed = async (change: () => void): Promise<number> => {
    await settle();
    const drawn = rendered();
    const started = performance.now();
    change();
    await drawn;
    return performance.now() - started;
  };
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const ids = canvas.nodeIds();
  const selectTimes: number[] = [];
  const langTimes: number[] = [];
  const frameTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    frameTimes.push(await timed(() => cy.forceRender()));
    selectTimes.push(await timed(() => canvas.selectOnly([ids[(i * 7919) % ids.length]!])));
    langTimes.push(await timed(() => canvas.setLang(i % 2 === 0 ? 'en' : 'zh')));
  }

  return {
    selectMs: median(selectTimes),
    langMs: median(langTimes),
    frameMs: median(frameTimes),
    nodes: elements.nodes.length,
    edges: elements.edges.length,
    webglRequested: options.webgl,
    variant: options.variant,
    webglActive,
    levelOfDetail: canvas.isLarge,
    firstDrawnMs: firstDrawn - t0,
    laidOutMs: laidOut - t0,
    layoutMs: canvas.lastLayout?.ms ?? NaN,
    layoutEngine: canvas.lastLayout?.engine ?? 'unknown',
    workerMs: canvas.lastLayout?.workerMs,
    workerIterations: canvas.lastLayout?.iterations,
    workerLevels: canvas.lastLayout?.levels,
    longestFreezeMs,
    pan: frameFigures(pan),
    zoom: frameFigures(zoom),
    panTravelPx,
    zoomRange,
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
    /** `canvas` is the last run's, for a profiler to drive after the run (see .scratch tools). */
    kgBench: { run: typeof run; glInfo: typeof glInfo; ready: true; canvas?: GraphCanvas };
  }
}
window.kgBench = { run, glInfo, ready: true };
