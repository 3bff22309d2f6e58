// Runs layouts: on the page (the registry's options, animated for small graphs) or, for large
// graphs with a force-directed layout, in the layout worker, whose lifecycle it owns.
import type {
  CollectionReturnValue,
  Core,
  EdgeCollection,
  LayoutOptions,
  NodeCollection,
  NodeSingular,
} from 'cytoscape';
import { byDegree, shownElements } from './elements';
import type { LayoutReady, LayoutRequest, LayoutResponse } from './layout-protocol';
import { layoutEntry, type LayoutName } from './layouts';
import type { LevelOfDetail } from './level-of-detail';

/** What the canvas is busy with, for a progress indicator; undefined when idle. */
export interface CanvasBusy {
  task: 'layout';
  nodes: number;
  since: number;
  /** Share done, 0…1, when the task can tell. */
  progress?: number;
}

export interface LayoutRunOptions {
  animate?: boolean;
  fit?: boolean;
  /** Nodes that keep their place (an expansion: what the analyst arranged stays). */
  fixed?: { nodeId: string; position: { x: number; y: number } }[];
  /**
   * Adds what the canvas held back while a fresh large graph was previewed (its edges): inside the
   * batch that places the worker's answer, or before any other layout of the graph. Never called
   * by a layout a newer one replaced.
   */
  settle?: () => void;
}

/** How the last layout ran: where, how long from the page's side, and the worker's own account. */
export interface LayoutReport {
  engine: 'worker' | 'page';
  ms: number;
  workerMs?: number;
  iterations?: number;
  /** Levels of the worker's multilevel layout (1: the graph itself only). */
  levels?: number;
}

/** The worker's finest level stops refining after this long (the coarser levels always run). */
const WORKER_BUDGET_MS = 1500;
/** A fitted view is never zoomed in further than this. */
export const MAX_FIT_ZOOM = 1.5;
/** On the page, fCoSE drops to its draft quality (spectral only) above this many nodes. */
const DRAFT_LAYOUT_NODES = 800;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
/** A new task soon, without setTimeout's clamping: a message through a channel of our own. */
const nextTask = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });

export class LayoutRunner {
  name: LayoutName;
  lastLayout: LayoutReport | undefined;
  /** Told when a long task starts and ends (undefined), so the page can show its progress. */
  onBusy: (busy: CanvasBusy | undefined) => void = () => undefined;
  private worker: Worker | undefined;
  private workerBusy = false;
  private abandonLayout: (() => void) | undefined;
  private request = 0;
  private lastWorkerRun: { ms: number; iterations: number; levels: number } | undefined;
  /** Resolves when the current worker has posted that it loaded. */
  private workerReady: Promise<void> | undefined;
  /** A worker layout started from a fresh graph's definitions (`startEarly`), not yet taken. */
  private early:
    { id: number; ids: readonly string[]; answer: Promise<LayoutResponse | undefined> } | undefined;

  constructor(
    private readonly cy: Core,
    private readonly detail: LevelOfDetail,
    name: LayoutName,
  ) {
    this.name = name;
    // The worker starts with the canvas, not with the first large graph: a module worker starts
    // only when the page's thread is free, and adding 20k elements kept it from starting for
    // seconds, so the layout began only after the preview had been drawn.
    this.warmUp();
  }

  /** Resolves when the layout worker has loaded (at once when there is none to wait for). */
  ready(): Promise<void> {
    this.warmUp();
    return this.workerReady ?? Promise.resolve();
  }

  /** Whether the current layout runs in the worker for a graph of this many nodes. */
  private inWorker(nodeCount: number): boolean {
    return this.detail.isLargeCount(nodeCount) && layoutEntry(this.name).forceDirected === true;
  }

  /** Whether a fresh graph of this many nodes is previewed without its edges while the worker lays it out. */
  previewsWithoutEdges(nodeCount: number): boolean {
    return this.inWorker(nodeCount) && typeof Worker !== 'undefined';
  }

  /** Whether an expansion keeps what was placed where it is (fixed-node constraints). */
  get pinsPlaced(): boolean {
    return layoutEntry(this.name).forceDirected === true;
  }

  /** Starts the worker ahead of need (it loads while a large graph's elements are added). */
  warmUp(): void {
    // Never through layoutWorker(): that would end a layout the worker is running (startEarly's).
    if (layoutEntry(this.name).forceDirected && !this.worker) this.layoutWorker();
  }

  async run(options: LayoutRunOptions = {}): Promise<void> {
    // The worker's early layout (startEarly) answers for exactly these nodes, if nothing came between.
    const early = this.early;
    this.early = undefined;
    let visible = shownElements(this.cy);
    const answer =
      early && early.id === this.request && !options.fixed && sameOrder(early.ids, visible.nodes())
        ? early.answer
        : undefined;
    if (!answer) {
      // Any other layout sees the whole graph: what the canvas held back for a preview comes now.
      options.settle?.();
      visible = shownElements(this.cy);
    }
    if (visible.empty()) return;
    const nodeCount = visible.nodes().length;
    const large = this.detail.isLargeCount(nodeCount);
    const started = performance.now();
    const run = ++this.request;
    if (large) this.onBusy({ task: 'layout', nodes: nodeCount, since: Date.now() });
    try {
      // The worker path places the preview before anything is drawn: no frame is spent on nodes
      // piled at the origin, and the worker computes while the page draws the preview.
      if (this.inWorker(nodeCount)) {
        const done = await this.layoutInWorker(visible, options, run, answer);
        if (done) {
          this.lastLayout = {
            engine: 'worker',
            ms: performance.now() - started,
            workerMs: this.lastWorkerRun?.ms,
            iterations: this.lastWorkerRun?.iterations,
            levels: this.lastWorkerRun?.levels,
          };
          return;
        }
        if (run !== this.request) return; // a newer layout took over
      }
      options.settle?.(); // the early layout failed: the page lays out everything
      if (large) await nextFrame(); // a layout on the page blocks: let the indicator paint first
      await this.layoutOnPage(shownElements(this.cy), options, large);
      this.lastLayout = { engine: 'page', ms: performance.now() - started };
    } finally {
      if (large && run === this.request) this.onBusy(undefined);
    }
  }

  private async layoutOnPage(
    visible: CollectionReturnValue,
    options: LayoutRunOptions,
    large: boolean,
  ): Promise<void> {
    const entry = layoutEntry(this.name);
    const computed = entry.positions?.(visible.nodes());
    const opts = {
      ...entry.options,
      ...(computed ? { positions: (node: NodeSingular) => computed.get(node.id()) ?? node.position() } : {}),
      animate: options.animate === true && !large,
      animationDuration: 450,
      fit: options.fit !== false,
      padding: 40,
      ...(entry.forceDirected
        ? {
            randomize: !options.fixed,
            quality: visible.nodes().length > DRAFT_LAYOUT_NODES ? 'draft' : 'default',
            fixedNodeConstraint: options.fixed,
          }
        : {}),
    } as LayoutOptions;
    const layout = visible.layout(opts);
    const done = new Promise<void>((resolve) => layout.one('layoutstop', () => resolve()));
    layout.run();
    await done;
    // Fitting one or two nodes would zoom to the maximum: names the size of the screen.
    if (options.fit !== false && this.cy.zoom() > MAX_FIT_ZOOM) {
      this.cy.zoom(MAX_FIT_ZOOM);
      this.cy.center(visible);
    }
  }

  /**
   * Starts the worker on a fresh large graph from its definitions, before Cytoscape adds and styles
   * them (`GraphCanvas.replace`): the worker lays out while the page adds, styles and draws the
   * preview, side by side on two cores instead of one after the other. `run()` takes the answer
   * when the graph it lays out is still this one, node for node in this order.
   */
  async startEarly(nodeIds: readonly string[], edges: Uint32Array): Promise<void> {
    this.early = undefined;
    if (!this.previewsWithoutEdges(nodeIds.length)) return;
    const worker = this.layoutWorker();
    if (!worker) return;
    const id = ++this.request;
    const request: LayoutRequest = { id, count: nodeIds.length, edges, budgetMs: WORKER_BUDGET_MS };
    this.early = { id, ids: nodeIds, answer: this.post(worker, request) };
    // Chromium hands a message to a worker only once the task that posted it ends: without this
    // the worker would wait for the whole add and the preview's first frame (seconds at 20k).
    await nextTask();
  }

  /**
   * ForceAtlas2 in the worker (layout-worker.ts): the page stays responsive while it runs. Until the
   * answer comes, the graph shows as a spiral with its hubs in the middle, so there is something to
   * see at once. An expansion (`fixed`) keeps everything where it is: the newcomers already
   * sit in a ring around their anchor, which reads well at this size. Resolves false when the
   * worker is unavailable or failed (the caller lays out on the page), and true when the positions
   * were applied or a newer layout made this one moot.
   */
  private async layoutInWorker(
    visible: CollectionReturnValue,
    options: LayoutRunOptions,
    run: number,
    answer: Promise<LayoutResponse | undefined> | undefined,
  ): Promise<boolean> {
    if (options.fixed) {
      this.detail.scheduleLabels(0);
      return true;
    }
    const nodes = visible.nodes();
    const worker = answer ? this.worker : this.layoutWorker();
    if (!worker) return false;
    const { cy } = this;
    // Edges stay out of sight until the real positions come: in a spiral they only cross each
    // other, and drawing them made the first frame of a 20k-element graph seconds slower. A fresh
    // graph laid out early has none on the canvas yet (the canvas holds them back, `settle`).
    const pendingEdges = visible.edges();
    if (!answer) {
      // The preview: a sunflower spiral, best-connected at the centre. O(n log n), no layout engine.
      // (A fresh graph laid out early came placed so: `GraphCanvas.replaceLaidOutEarly`.)
      const ranked = byDegree(nodes);
      cy.batch(() => {
        pendingEdges.addClass('pending');
        ranked.forEach((node, i) => void node.position(previewPlace(i)));
      });
    }
    if (options.fit !== false) fitPositions(cy, nodes);
    const response = await (answer ?? this.post(worker, this.requestFor(run, nodes, pendingEdges)));
    if (run !== this.request) {
      pendingEdges.removeClass('pending');
      return true;
    }
    if (!response?.positions) {
      pendingEdges.removeClass('pending'); // the page lays out instead; the edges are part of it
      // Start afresh next time: a worker that failed once may be in any state.
      this.worker?.terminate();
      this.worker = undefined;
      return false;
    }
    const positions = response.positions;
    this.lastWorkerRun = { ms: response.ms, iterations: response.iterations, levels: response.levels };
    cy.batch(() => {
      nodes.forEach((n, i) => void n.position({ x: positions[2 * i]!, y: positions[2 * i + 1]! }));
      pendingEdges.removeClass('pending');
      options.settle?.(); // the held-back edges, styled and drawn once, between their final ends
    });
    if (options.fit !== false) fitPositions(cy, nodes);
    this.detail.scheduleLabels(0);
    return true;
  }

  /** Indices, not ids: the request and its answer are typed arrays, transferred, not cloned. */
  private requestFor(id: number, nodes: NodeCollection, edges: EdgeCollection): LayoutRequest {
    const ends = edges.map((e) => [e.data('source'), e.data('target')] as const);
    const pairs = indexPairs(
      nodes.map((n) => n.id()),
      ends,
    );
    return { id, count: nodes.length, edges: pairs, budgetMs: WORKER_BUDGET_MS };
  }

  /** Sends one request; its answer, or undefined when the worker failed or a newer layout replaced it. */
  private post(worker: Worker, request: LayoutRequest): Promise<LayoutResponse | undefined> {
    const since = Date.now();
    return new Promise<LayoutResponse | undefined>((resolve) => {
      const onMessage = (event: MessageEvent<LayoutResponse | LayoutReady>) => {
        const answer = event.data;
        if ('ready' in answer || answer.id !== request.id) return;
        if (answer.progress !== undefined) {
          this.onBusy({ task: 'layout', nodes: request.count, since, progress: answer.progress });
          return;
        }
        finish(answer);
      };
      const onError = () => finish(undefined);
      const finish = (answer: LayoutResponse | undefined) => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        if (this.abandonLayout === abandon) this.abandonLayout = undefined;
        if (this.worker === worker) this.workerBusy = false;
        resolve(answer);
      };
      // A newer layout terminates this worker; this request then ends without an answer.
      const abandon = () => finish(undefined);
      this.abandonLayout = abandon;
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      this.workerBusy = true;
      worker.postMessage(request, [request.edges.buffer]);
    });
  }

  /** One worker, started on first need; a newer request replaces a layout still running. */
  private layoutWorker(): Worker | undefined {
    if (this.worker && this.workerBusy) {
      // It is still laying out an older request: a clean worker answers sooner than a queue.
      this.worker.terminate();
      this.worker = undefined;
      this.abandonLayout?.();
    }
    if (!this.worker) {
      try {
        const worker = new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module' });
        this.worker = worker;
        this.workerReady = new Promise<void>((resolve) => {
          const onReady = (event: MessageEvent<LayoutResponse | LayoutReady>) => {
            if (!('ready' in event.data)) return;
            worker.removeEventListener('message', onReady);
            resolve();
          };
          worker.addEventListener('message', onReady);
          worker.addEventListener('error', () => resolve(), { once: true }); // the page lays out instead
        });
      } catch {
        this.workerReady = undefined;
        return undefined;
      }
    }
    return this.worker;
  }
}

/** The i-th place of the preview: a sunflower spiral (the golden angle), the first at the centre. */
export function previewPlace(i: number): { x: number; y: number } {
  const angle = i * 2.399963229728653;
  const radius = 45 * Math.sqrt(i);
  return { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
}

/**
 * [source, target] pairs of indices into `ids`, flat, as the worker takes them; a pair with an end
 * not among `ids` is left out.
 */
export function indexPairs(ids: readonly string[], ends: Iterable<readonly [unknown, unknown]>): Uint32Array {
  const index = new Map(ids.map((id, i) => [id, i]));
  const pairs: number[] = [];
  for (const [source, target] of ends) {
    const from = index.get(String(source));
    const to = index.get(String(target));
    if (from !== undefined && to !== undefined) pairs.push(from, to);
  }
  return Uint32Array.from(pairs);
}

/** Whether the nodes are the ones `ids` names, in the same order (the worker answers by index). */
function sameOrder(ids: readonly string[], nodes: NodeCollection): boolean {
  if (ids.length !== nodes.length) return false;
  for (let i = 0; i < ids.length; i++) if (nodes[i]!.id() !== ids[i]) return false;
  return true;
}

/**
 * `cy.fit(nodes)` from the nodes' positions and sizes, without Cytoscape's bounding boxes: those
 * measure labels and, at 20k elements, first bring every pending style up to date, which took the
 * better part of a second on the page's thread. Labels of a large graph are few (level-of-detail.ts),
 * and the padding holds them.
 */
function fitPositions(cy: Core, nodes: NodeCollection, padding = 40): void {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  nodes.forEach((n) => {
    const { x, y } = n.position();
    const half = Number(n.data('size') ?? 30) / 2;
    x1 = Math.min(x1, x - half);
    y1 = Math.min(y1, y - half);
    x2 = Math.max(x2, x + half);
    y2 = Math.max(y2, y + half);
  });
  if (!Number.isFinite(x1)) return;
  const [width, height] = [cy.width(), cy.height()];
  const fitted = Math.min(
    (width - 2 * padding) / Math.max(1, x2 - x1),
    (height - 2 * padding) / Math.max(1, y2 - y1),
  );
  const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), fitted));
  cy.viewport({ zoom, pan: { x: (width - zoom * (x1 + x2)) / 2, y: (height - zoom * (y1 + y2)) / 2 } });
}
