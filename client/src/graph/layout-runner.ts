// Runs layouts: on the page (the registry's options, animated for small graphs) or, for large
// graphs with a force-directed layout, in the layout worker, whose lifecycle it owns.
import type { CollectionReturnValue, Core, LayoutOptions, NodeSingular } from 'cytoscape';
import { byDegree, shownElements } from './elements';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';
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

/** The worker's finest level stops refining after this long (it usually settles sooner). */
const WORKER_BUDGET_MS = 1500;
/** A fitted view is never zoomed in further than this. */
export const MAX_FIT_ZOOM = 1.5;
/** On the page, fCoSE drops to its draft quality (spectral only) above this many nodes. */
const DRAFT_LAYOUT_NODES = 800;

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

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

  constructor(
    private readonly cy: Core,
    private readonly detail: LevelOfDetail,
    name: LayoutName,
  ) {
    this.name = name;
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
    if (layoutEntry(this.name).forceDirected) this.layoutWorker();
  }

  async run(options: LayoutRunOptions = {}): Promise<void> {
    const visible = shownElements(this.cy);
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
        const done = await this.layoutInWorker(visible, options, run);
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
      if (large) await nextFrame(); // a layout on the page blocks: let the indicator paint first
      await this.layoutOnPage(visible, options, large);
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
  ): Promise<boolean> {
    if (options.fixed) {
      this.detail.scheduleLabels(0);
      return true;
    }
    const worker = this.layoutWorker();
    if (!worker) {
      visible.edges().removeClass('pending'); // a fresh graph's came in hidden (canvas.ts)
      return false;
    }
    const { cy } = this;
    const nodes = visible.nodes();
    // The preview: a sunflower spiral, best-connected at the centre. O(n log n), no layout engine.
    const ranked = byDegree(nodes);
    // Its edges stay out of sight until the real positions come: in a spiral they only cross
    // each other, and drawing them made the first frame of a 20k-element graph seconds slower.
    const pendingEdges = visible.edges();
    cy.batch(() => {
      pendingEdges.addClass('pending');
      ranked.forEach((node, i) => {
        const angle = i * 2.399963229728653; // the golden angle
        const radius = 45 * Math.sqrt(i);
        node.position({ x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
      });
    });
    if (options.fit !== false) cy.fit(visible.nodes(), 40);
    // Indices, not ids: the request and its answer are typed arrays, transferred, not cloned.
    const index = new Map<string, number>();
    nodes.forEach((n, i) => void index.set(n.id(), i));
    const pairs = new Uint32Array(pendingEdges.length * 2);
    let paired = 0;
    pendingEdges.forEach((e) => {
      const source = index.get(e.data('source') as string);
      const target = index.get(e.data('target') as string);
      if (source === undefined || target === undefined) return;
      pairs[paired++] = source;
      pairs[paired++] = target;
    });
    const edges = pairs.slice(0, paired);
    const request: LayoutRequest = { id: run, count: nodes.length, edges, budgetMs: WORKER_BUDGET_MS };
    const since = Date.now();
    const response = await new Promise<LayoutResponse | undefined>((resolve) => {
      const onMessage = (event: MessageEvent<LayoutResponse>) => {
        const answer = event.data;
        if (answer.id !== run) return;
        if (answer.progress !== undefined) {
          this.onBusy({ task: 'layout', nodes: nodes.length, since, progress: answer.progress });
          return;
        }
        cleanup();
        resolve(answer);
      };
      const onError = () => {
        cleanup();
        resolve(undefined);
      };
      const cleanup = () => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        this.abandonLayout = undefined;
      };
      // A newer layout terminates this worker; this request then ends without an answer.
      this.abandonLayout = () => {
        cleanup();
        resolve(undefined);
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      this.workerBusy = true;
      worker.postMessage(request, [edges.buffer]);
    });
    if (this.worker === worker) this.workerBusy = false;
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
    });
    // Nodes only: the edges lie between them, and their bounding boxes are costly at this size.
    if (options.fit !== false) cy.fit(visible.nodes(), 40);
    this.detail.scheduleLabels(0);
    return true;
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
        this.worker = new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module' });
      } catch {
        return undefined;
      }
    }
    return this.worker;
  }
}
