// The Cytoscape canvas: elements in, layouts, filters, labels by language, undo/redo, minimap.
import cytoscape, {
  type Core,
  type EdgeSingular,
  type ElementDefinition,
  type LayoutOptions,
  type NodeSingular,
} from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';
import type { CyElements, SchemaInfo, TypeInfo } from '../../../contract/types';
import { pick, type Lang } from '../i18n';
import type { LayoutName } from '../store';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';
import { buildStylesheet } from './style';

// Extensions are registered once, here.
cytoscape.use(fcose);
cytoscape.use(dagre);

/** Layout options as data, one short comment per choice. */
export const LAYOUTS: Record<LayoutName, LayoutOptions> = {
  fcose: {
    name: 'fcose',
    quality: 'default', // 'proof' is slower with little gain at this size
    nodeDimensionsIncludeLabels: true, // labels take room too, so they don't pile up
    nodeRepulsion: () => 12000,
    idealEdgeLength: () => 110,
    nodeSeparation: 110,
    packComponents: true, // islands side by side instead of on top of each other
  } as LayoutOptions,
  dagre: { name: 'dagre', rankDir: 'LR', nodeSep: 30, rankSep: 110 } as LayoutOptions, // left to right reads as a flow
  concentric: {
    name: 'concentric',
    concentric: (node: NodeSingular) => node.degree(false), // hubs in the middle
    levelWidth: () => 2,
    minNodeSpacing: 30,
  } as LayoutOptions,
  circle: { name: 'circle', spacingFactor: 1.1 } as LayoutOptions,
  grid: { name: 'grid', avoidOverlapPadding: 30 } as LayoutOptions,
  breadthfirst: { name: 'breadthfirst', directed: false, spacingFactor: 1.2 } as LayoutOptions,
};

/**
 * Above this many nodes the canvas draws at a level of detail (see `buildStylesheet`'s `large`),
 * hides edges and pans a texture while the view moves, and runs fCoSE in a worker.
 */
export const LARGE_GRAPH_NODES = 400;
/** In a large graph, the best-connected nodes keep their labels at every zoom. */
const HUB_LABELS = 30;
/** In a large graph, the labels of what is in view appear from this zoom in, at most this many. */
const VIEW_LABEL_ZOOM = 0.6;
const VIEW_LABELS = 300;

/** What the canvas is busy with, for a progress indicator; undefined when idle. */
export interface CanvasBusy {
  task: 'layout';
  nodes: number;
  since: number;
  /** Share done, 0…1, when the task can tell. */
  progress?: number;
}

/** The worker's layout stops after this many iterations or this long, whichever comes first. */
const WORKER_ITERATIONS = 500;
const WORKER_BUDGET_MS = 1500;
/** A fitted view is never zoomed in further than this. */
const MAX_FIT_ZOOM = 1.5;
/** On the page, fCoSE drops to its draft quality (spectral only) above this many nodes. */
const DRAFT_LAYOUT_NODES = 800;

/**
 * What is on show: elements not filtered or hidden, and edges whose both ends are. The same as
 * Cytoscape's ':visible' for this app's style sheet, without computing every element's style
 * (which makes ':visible' take hundreds of milliseconds at ten thousand elements).
 */
export function shownElements(cy: Core): cytoscape.CollectionReturnValue {
  const nodes = cy.nodes().filter((n) => !isOff(n));
  const edges = cy.edges().filter((e) => !isOff(e) && !isOff(e.source()) && !isOff(e.target()));
  return nodes.union(edges);
}

/** Filtered out or hidden by the analyst (the classes the style sheet draws as display: none). */
const isOff = (el: cytoscape.SingularElementArgument) => el.hasClass('filtered') || el.hasClass('hidden');

/** Nodes, best-connected first. */
function byDegree(nodes: Iterable<NodeSingular>): NodeSingular[] {
  return [...nodes]
    .map((node) => ({ node, degree: node.degree(false) }))
    .sort((a, b) => b.degree - a.degree)
    .map((r) => r.node);
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

interface Snapshot {
  elements: ElementDefinition[];
}

/** Cytoscape animations as promises (its typings of animate() are narrower than what it accepts). */
function animate(
  target: { animate(options: unknown): unknown; length?: number },
  properties: Record<string, unknown>,
  duration: number,
): Promise<void> {
  // An empty collection never calls `complete`, and a removed element may not either: never wait
  // longer than the animation itself.
  if (target.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, duration + 250);
    target.animate({
      ...properties,
      duration,
      easing: 'ease-in-out-cubic',
      queue: false,
      complete: () => {
        clearTimeout(timer);
        resolve();
      },
    });
  });
}

const nodeSize = (degree: number) => Math.min(72, 20 + 7 * Math.sqrt(degree));

export class GraphCanvas {
  readonly cy: Core;
  private past: Snapshot[] = [];
  private future: Snapshot[] = [];
  private relNames = new Map<string, { zh?: string; en?: string }>();
  private lang: Lang = 'both';
  private layoutName: LayoutName = 'fcose';
  /** Where the level of detail starts; the benchmark raises it to measure the full-detail canvas. */
  largeGraphNodes = LARGE_GRAPH_NODES;
  private types: Pick<TypeInfo, 'label' | 'color' | 'shape'>[] = [];
  private large = false;
  private labelTimer: ReturnType<typeof setTimeout> | undefined;
  private worker: Worker | undefined;
  private workerBusy = false;
  private abandonLayout: (() => void) | undefined;
  private layoutRequest = 0;
  onChange: () => void = () => undefined;
  /** Told when a long task starts and ends (undefined), so the page can show its progress. */
  onBusy: (busy: CanvasBusy | undefined) => void = () => undefined;
  /**
   * How the last layout ran: in the worker or on the page, how long it took from the page's side,
   * and for the worker its own time and iterations.
   */
  lastLayout: { engine: 'worker' | 'page'; ms: number; workerMs?: number; iterations?: number } | undefined;
  private lastWorkerRun: { ms: number; iterations: number } | undefined;

  /**
   * `webgl`: Cytoscape's WebGL renderer (3.31+). Off by default: on machines without a GPU it runs
   * on a software rasteriser and is slower than the canvas (BENCHMARKS.md); with a GPU it can help.
   */
  constructor(container: HTMLElement, options: { webgl?: boolean } = {}) {
    this.cy = cytoscape({
      container,
      style: buildStylesheet([]),
      minZoom: 0.05,
      maxZoom: 4,
      // Off for small graphs; checkScale turns both on above largeGraphNodes.
      hideEdgesOnViewport: false,
      textureOnViewport: false,
      pixelRatio: 'auto',
      ...(options.webgl ? { renderer: { name: 'canvas', webgl: true } } : {}),
    });
    // Relabel once the view rests, not on every frame of a pan; and once per selection change, not
    // once per element (unselecting everything fires an event for each).
    this.cy.on('viewport', () => this.scheduleLabels(250));
    this.cy.on('select unselect', () => this.scheduleLabels(0));
  }

  /** What is on show (see `shownElements`). */
  shown(): cytoscape.CollectionReturnValue {
    return shownElements(this.cy);
  }

  get isLarge(): boolean {
    return this.large;
  }

  setSchema(schema: SchemaInfo): void {
    this.types = schema.labels;
    this.cy.style(buildStylesheet(this.types, { large: this.large }));
    this.relNames = new Map(schema.relationshipTypes.map((r) => [r.type, { zh: r.nameZh, en: r.nameEn }]));
    this.relabel();
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    this.relabel();
  }

  setLayoutName(name: LayoutName): void {
    this.layoutName = name;
  }

  private nodeLabel(data: Record<string, unknown>): string {
    const name = pick(data.name as string, data.nameEn as string, this.lang, '\n');
    const more = Number(data.more ?? 0);
    return more > 0 ? `${name}\n+${more.toLocaleString('en')}` : name;
  }

  private edgeLabel(data: Record<string, unknown>): string {
    const type = data.type as string;
    const names = this.relNames.get(type);
    return names ? pick(names.zh, names.en ?? type, this.lang, ' / ') : type;
  }

  /** Sets labels that changed (a data change restyles the element: skip those that did not). */
  private relabel(): void {
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        const label = this.nodeLabel(n.data() as Record<string, unknown>);
        if (n.data('label') !== label) n.data('label', label);
      });
      this.cy.edges().forEach((e) => {
        const label = this.edgeLabel(e.data() as Record<string, unknown>);
        if (e.data('label') !== label) e.data('label', label);
      });
    });
  }

  private resize(): void {
    this.cy.batch(() =>
      this.cy.nodes().forEach((n) => {
        const size = nodeSize(n.degree(false));
        if (n.data('size') !== size) n.data('size', size);
      }),
    );
    this.checkScale();
  }

  /**
   * Marks a node whose neighbourhood was brought in only in part: `count` relationships are not on
   * the canvas. It gets a dashed ring and "+count" under its name instead of all its neighbours.
   */
  setMore(id: string, count: number): void {
    const node = this.cy.getElementById(id);
    if (node.empty()) return;
    node.data('more', Math.max(0, count));
    this.relabel();
  }

  /** Switches the level of detail when the graph crosses `largeGraphNodes` either way. */
  private checkScale(nodeCount = this.cy.nodes().length): void {
    const large = nodeCount > this.largeGraphNodes;
    if (large !== this.large) {
      this.large = large;
      this.cy.style(buildStylesheet(this.types, { large }));
      // Cytoscape reads these two at start-up only; its renderer keeps them as plain fields.
      const renderer = (
        this.cy as unknown as { renderer(): { hideEdgesOnViewport: boolean; textureOnViewport: boolean } }
      ).renderer();
      renderer.hideEdgesOnViewport = large;
      renderer.textureOnViewport = large;
      // Start the layout worker now: it loads while the elements are being added.
      if (large && this.layoutName === 'fcose') this.layoutWorker();
      if (!large) this.cy.elements('.labelled').removeClass('labelled');
    }
    if (large) this.scheduleLabels(0);
  }

  private scheduleLabels(delayMs: number): void {
    if (!this.large) return;
    clearTimeout(this.labelTimer);
    this.labelTimer = setTimeout(() => this.updateLabels(), delayMs);
  }

  /**
   * Large graphs: label the hubs, the selection and its neighbours and, once zoomed in far enough
   * to read them, the best-connected nodes in view. Everything else stays unlabelled (and unmeasured).
   */
  private updateLabels(): void {
    if (!this.large) return;
    // Classes, not ':visible': the selector computes each node's style, far too slow at this size.
    const ranked = byDegree(this.cy.nodes().filter((n) => !isOff(n)));
    const wanted = new Set<string>(ranked.slice(0, HUB_LABELS).map((n) => n.id()));
    this.cy
      .$('node:selected')
      .closedNeighborhood()
      .forEach((el) => void wanted.add(el.id()));
    if (this.cy.zoom() >= VIEW_LABEL_ZOOM) {
      const { x1, x2, y1, y2 } = this.cy.extent();
      let count = 0;
      for (const n of ranked) {
        if (count >= VIEW_LABELS) break;
        const { x, y } = n.position();
        if (x >= x1 && x <= x2 && y >= y1 && y <= y2) {
          wanted.add(n.id());
          count++;
        }
      }
    }
    this.cy.batch(() => {
      this.cy.elements('.labelled').forEach((el) => {
        if (!wanted.has(el.id())) el.removeClass('labelled');
      });
      for (const id of wanted) {
        const el = this.cy.getElementById(id);
        if (!el.hasClass('labelled')) el.addClass('labelled');
      }
    });
  }

  // ---- history -------------------------------------------------------------------------------
  private snapshot(): Snapshot {
    return { elements: this.cy.elements().jsons() as unknown as ElementDefinition[] };
  }

  /** Call before any change the user may want to undo. */
  record(): void {
    this.past.push(this.snapshot());
    if (this.past.length > 50) this.past.shift();
    this.future = [];
  }

  private restore(snapshot: Snapshot): void {
    this.checkScale(snapshot.elements.filter((el) => el.group === 'nodes').length);
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(snapshot.elements);
    });
    this.onChange();
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }

  undo(): void {
    const previous = this.past.pop();
    if (!previous) return;
    this.future.push(this.snapshot());
    this.restore(previous);
  }

  redo(): void {
    const next = this.future.pop();
    if (!next) return;
    this.past.push(this.snapshot());
    this.restore(next);
  }

  // ---- content -------------------------------------------------------------------------------
  /**
   * Element definitions with their label and size already in their data: set before they are
   * added, they cost no restyle afterwards (which at 20k elements is seconds).
   */
  private definitions(elements: CyElements): ElementDefinition[] {
    const degree = new Map<string, number>();
    for (const e of elements.edges) {
      degree.set(e.data.source, (degree.get(e.data.source) ?? 0) + 1);
      degree.set(e.data.target, (degree.get(e.data.target) ?? 0) + 1);
    }
    return [
      ...elements.nodes.map((el) => ({
        group: el.group,
        data: { ...el.data, label: this.nodeLabel(el.data), size: nodeSize(degree.get(el.data.id) ?? 0) },
      })),
      ...elements.edges.map((el) => ({
        group: el.group,
        data: { ...el.data, label: this.edgeLabel(el.data) },
      })),
    ];
  }

  /** Replaces everything on the canvas and lays it out from scratch. */
  async replace(elements: CyElements, options: { record?: boolean } = {}): Promise<void> {
    if (options.record !== false) this.record();
    this.checkScale(elements.nodes.length); // the style for this size before anything is styled
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(this.definitions(elements));
    });
    this.resize(); // sizes first, then the style for this size (checkScale), then the labels
    this.relabel();
    this.onChange();
    await this.layout({ animate: false });
  }

  /** Replaces everything with elements that carry their own positions (an imported export). */
  load(definitions: ElementDefinition[]): void {
    this.record();
    this.checkScale(definitions.filter((el) => el.group === 'nodes').length);
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(definitions);
    });
    this.relabel();
    this.resize();
    this.cy.fit(undefined, 40);
    this.onChange();
  }

  /**
   * Adds what is new, placing it around `around` (or the centre) and letting the layout settle
   * the newcomers while what was already placed stays where the analyst left it.
   */
  async add(elements: CyElements, around?: string): Promise<string[]> {
    const fresh = this.definitions(elements).filter((el) =>
      this.cy.getElementById(String(el.data.id)).empty(),
    );
    if (!fresh.length) return [];
    this.record();
    const anchor = around ? this.cy.getElementById(around) : undefined;
    const centre = anchor?.nonempty()
      ? anchor.position()
      : { x: this.cy.width() / 2, y: this.cy.height() / 2 };
    const freshNodes = fresh.filter((el) => el.group === 'nodes');
    const placed = this.cy.nodes().map((n) => n.id());
    freshNodes.forEach((el, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, freshNodes.length);
      const radius = 110 + 6 * freshNodes.length;
      el.position = { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
    });
    const added = this.cy.add(fresh);
    this.relabel();
    this.resize();
    added.nodes().addClass('fresh');
    setTimeout(() => added.nodes().removeClass('fresh'), 2500);
    this.onChange();
    if (this.layoutName === 'fcose' && placed.length) {
      await this.layout({
        animate: true,
        fixed: placed.map((id) => ({ nodeId: id, position: { ...this.cy.getElementById(id).position() } })),
        fit: false,
      });
    } else {
      await this.layout({ animate: true });
    }
    return added.map((el) => el.id());
  }

  remove(ids: string[]): void {
    let targets = this.cy.collection();
    for (const id of ids) targets = targets.union(this.cy.getElementById(id));
    if (targets.empty()) return;
    this.record();
    targets.remove();
    this.resize();
    this.onChange();
  }

  hide(ids: string[]): void {
    this.record();
    ids.forEach((id) => this.cy.getElementById(id).addClass('hidden'));
    this.onChange();
  }

  showHidden(): void {
    if (this.cy.$('.hidden').empty()) return;
    this.record();
    this.cy.$('.hidden').removeClass('hidden');
    this.onChange();
  }

  /** Removes neighbours that hang only on this node (leaves), the inverse of an expand. */
  collapse(id: string): void {
    const node = this.cy.getElementById(id);
    const leaves = node
      .neighborhood()
      .nodes()
      .filter((n) => n.degree(false) === 1);
    if (leaves.empty()) return;
    this.record();
    leaves.remove();
    this.resize();
    this.onChange();
  }

  applyFilters(
    hiddenTypes: ReadonlySet<string>,
    hiddenRelTypes: ReadonlySet<string>,
    hideIsolated: boolean,
  ): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('filtered');
      this.cy.nodes().forEach((n) => {
        if (hiddenTypes.has(n.data('type') as string)) n.addClass('filtered');
      });
      this.cy.edges().forEach((e) => {
        if (hiddenRelTypes.has(e.data('type') as string)) e.addClass('filtered');
      });
      if (hideIsolated) {
        this.cy.nodes().forEach((n) => {
          const visibleEdges = n
            .connectedEdges()
            .filter((e) => !e.hasClass('filtered') && !e.hasClass('hidden'))
            .filter((e) => (e as EdgeSingular).connectedNodes().filter('.filtered, .hidden').empty());
          if (visibleEdges.empty()) n.addClass('filtered');
        });
      }
    });
    this.onChange();
  }

  async layout(
    options: {
      animate?: boolean;
      fit?: boolean;
      fixed?: { nodeId: string; position: { x: number; y: number } }[];
    } = {},
  ): Promise<void> {
    const visible = this.shown();
    if (visible.empty()) return;
    const nodeCount = visible.nodes().length;
    const large = nodeCount > this.largeGraphNodes;
    const started = performance.now();
    const run = ++this.layoutRequest;
    if (large) this.onBusy({ task: 'layout', nodes: nodeCount, since: Date.now() });
    try {
      // The worker path places the preview before anything is drawn: no frame is spent on nodes
      // piled at the origin, and the worker computes while the page draws the preview.
      if (large && this.layoutName === 'fcose') {
        const done = await this.layoutInWorker(visible, options, run);
        if (done) {
          this.lastLayout = {
            engine: 'worker',
            ms: performance.now() - started,
            workerMs: this.lastWorkerRun?.ms,
            iterations: this.lastWorkerRun?.iterations,
          };
          return;
        }
        if (run !== this.layoutRequest) return; // a newer layout took over
      }
      if (large) await nextFrame(); // a layout on the page blocks: let the indicator paint first
      await this.layoutOnPage(visible, options, large);
      this.lastLayout = { engine: 'page', ms: performance.now() - started };
    } finally {
      if (large && run === this.layoutRequest) this.onBusy(undefined);
    }
  }

  private async layoutOnPage(
    visible: cytoscape.CollectionReturnValue,
    options: {
      animate?: boolean;
      fit?: boolean;
      fixed?: { nodeId: string; position: { x: number; y: number } }[];
    },
    large: boolean,
  ): Promise<void> {
    const base = LAYOUTS[this.layoutName];
    const opts = {
      ...base,
      animate: options.animate === true && !large,
      animationDuration: 450,
      fit: options.fit !== false,
      padding: 40,
      ...(this.layoutName === 'fcose'
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
    visible: cytoscape.CollectionReturnValue,
    options: { fit?: boolean; fixed?: { nodeId: string; position: { x: number; y: number } }[] },
    run: number,
  ): Promise<boolean> {
    if (options.fixed) {
      this.scheduleLabels(0);
      return true;
    }
    const worker = this.layoutWorker();
    if (!worker) return false;
    const nodes = visible.nodes();
    // The preview: a sunflower spiral, best-connected at the centre. O(n log n), no layout engine.
    const ranked = byDegree(nodes);
    // Its edges stay out of sight until the real positions come: in a spiral they only cross
    // each other, and drawing them made the first frame of a 20k-element graph seconds slower.
    const pendingEdges = visible.edges();
    this.cy.batch(() => {
      pendingEdges.addClass('pending');
      ranked.forEach((node, i) => {
        const angle = i * 2.399963229728653; // the golden angle
        const radius = 45 * Math.sqrt(i);
        node.position({ x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
      });
    });
    if (options.fit !== false) this.cy.fit(visible.nodes(), 40);
    const ids = new Set(nodes.map((n) => n.id()));
    const edges: [string, string][] = [];
    visible.edges().forEach((e) => {
      const [source, target] = [e.source().id(), e.target().id()];
      if (ids.has(source) && ids.has(target)) edges.push([source, target]);
    });
    const request: LayoutRequest = {
      id: run,
      nodes: nodes.map((n) => ({ id: n.id(), size: Number(n.data('size') ?? 30) })),
      edges,
      maxIterations: WORKER_ITERATIONS,
      budgetMs: WORKER_BUDGET_MS,
    };
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
      worker.postMessage(request);
    });
    if (this.worker === worker) this.workerBusy = false;
    if (run !== this.layoutRequest) {
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
    this.lastWorkerRun = { ms: response.ms, iterations: response.iterations };
    this.cy.batch(() => {
      nodes.forEach((n) => {
        const p = positions[n.id()];
        if (p) n.position(p);
      });
      pendingEdges.removeClass('pending');
    });
    // Nodes only: the edges lie between them, and their bounding boxes are costly at this size.
    if (options.fit !== false) this.cy.fit(visible.nodes(), 40);
    this.scheduleLabels(0);
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

  setLocked(locked: boolean): void {
    if (locked) this.cy.nodes().lock();
    else this.cy.nodes().unlock();
  }

  fit(): void {
    this.cy.animate({ fit: { eles: this.shown(), padding: 40 } }, { duration: 300 });
  }

  focusOn(id: string): void {
    const node = this.cy.getElementById(id);
    if (node.empty()) return;
    this.cy.elements().unselect();
    node.select();
    this.cy.animate({ center: { eles: node }, zoom: Math.max(this.cy.zoom(), 1) }, { duration: 350 });
  }

  highlight(ids: string[]): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('path');
      ids.forEach((id) => this.cy.getElementById(id).addClass('path'));
    });
  }

  /** Positions of every node and the viewport, for saved views. */
  capture(): {
    nodes: { id: string; x: number; y: number }[];
    edges: string[];
    zoom: number;
    pan: { x: number; y: number };
  } {
    return {
      nodes: this.cy.nodes().map((n) => ({
        id: n.id(),
        x: Math.round(n.position('x') * 10) / 10,
        y: Math.round(n.position('y') * 10) / 10,
      })),
      edges: this.cy.edges().map((e) => e.id()),
      zoom: this.cy.zoom(),
      pan: { ...this.cy.pan() },
    };
  }

  /**
   * Moves the canvas to a saved arrangement: what leaves fades out, what stays glides to its saved
   * place, what arrives fades in where it was saved, and the viewport follows. `duration` 0 jumps.
   */
  async transitionTo(
    elements: CyElements,
    target: {
      positions: Map<string, { x: number; y: number }>;
      edges: Set<string>;
      zoom: number;
      pan: { x: number; y: number };
    },
    options: { duration: number; record?: boolean },
  ): Promise<void> {
    if (options.record !== false) this.record();
    const { duration } = options;
    const wanted = new Set([...target.positions.keys(), ...target.edges]);
    const leaving = this.cy.elements().filter((el) => !wanted.has(el.id()));
    const animations: Promise<unknown>[] = [];
    if (duration > 0 && leaving.nonempty()) {
      animations.push(animate(leaving, { style: { opacity: 0 } }, duration / 2).then(() => leaving.remove()));
    } else {
      leaving.remove();
    }
    const arriving = this.definitions(elements)
      .filter((el) => wanted.has(String(el.data.id)) && this.cy.getElementById(String(el.data.id)).empty())
      .map((el) =>
        el.group === 'nodes'
          ? { ...el, position: { ...(target.positions.get(String(el.data.id)) ?? { x: 0, y: 0 }) } }
          : el,
      );
    const added = this.cy.add(arriving);
    this.relabel();
    this.resize();
    if (duration > 0) {
      added.style('opacity', 0);
      animations.push(
        animate(added, { style: { opacity: 1 } }, duration).then(() => added.removeStyle('opacity')),
      );
      this.cy
        .nodes()
        .difference(added)
        .forEach((node) => {
          const to = target.positions.get(node.id());
          if (to) animations.push(animate(node, { position: to }, duration));
        });
      animations.push(animate(this.cy, { zoom: target.zoom, pan: target.pan }, duration));
    } else {
      this.cy.nodes().forEach((node) => {
        const to = target.positions.get(node.id());
        if (to) node.position(to);
      });
      this.cy.viewport({ zoom: target.zoom, pan: target.pan });
    }
    await Promise.all(animations);
    this.onChange();
  }

  visibleNodeIds(): string[] {
    return this.shown()
      .nodes()
      .map((n) => n.id());
  }

  nodeIds(): string[] {
    return this.cy.nodes().map((n) => n.id());
  }
}

/**
 * A small overview map: dots for nodes, a rectangle for the viewport; click to move there. The dots
 * are drawn once per change of the graph into an offscreen layer; a pan only redraws the rectangle.
 */
export function attachMinimap(canvasView: GraphCanvas, canvas: HTMLCanvasElement): void {
  const cy = canvasView.cy;
  const ctx = canvas.getContext('2d');
  const dots = document.createElement('canvas');
  const dotsCtx = dots.getContext('2d');
  if (!ctx || !dotsCtx) return;
  dots.width = canvas.width;
  dots.height = canvas.height;
  let scheduled = false;
  let graphChanged = true;
  let transform = { scale: 1, x: 0, y: 0 };
  const drawDots = () => {
    const nodes = canvasView.shown().nodes();
    dotsCtx.clearRect(0, 0, dots.width, dots.height);
    canvas.hidden = nodes.length < 30; // only worth it for graphs that don't fit comfortably
    if (canvas.hidden) return;
    const bb = nodes.boundingBox({ includeLabels: false });
    const scale = Math.min(canvas.width / Math.max(bb.w, 1), canvas.height / Math.max(bb.h, 1)) * 0.9;
    transform = {
      scale,
      x: (canvas.width - bb.w * scale) / 2 - bb.x1 * scale,
      y: (canvas.height - bb.h * scale) / 2 - bb.y1 * scale,
    };
    dotsCtx.fillStyle = '#7a869a';
    nodes.forEach((n) => {
      const p = n.position();
      dotsCtx.fillRect(p.x * scale + transform.x - 1, p.y * scale + transform.y - 1, 2, 2);
    });
  };
  const draw = () => {
    scheduled = false;
    if (graphChanged) drawDots();
    graphChanged = false;
    if (canvas.hidden) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(dots, 0, 0);
    const { scale } = transform;
    const ext = cy.extent();
    ctx.strokeStyle = '#1a56db';
    ctx.lineWidth = 1.5;
    ctx.strokeRect(ext.x1 * scale + transform.x, ext.y1 * scale + transform.y, ext.w * scale, ext.h * scale);
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(draw);
    }
  };
  cy.on('add remove position layoutstop style class', () => {
    graphChanged = true;
    schedule();
  });
  cy.on('viewport', schedule);
  canvas.addEventListener('click', (event) => {
    const rect = canvas.getBoundingClientRect();
    const x = (event.clientX - rect.left - transform.x) / transform.scale;
    const y = (event.clientY - rect.top - transform.y) / transform.scale;
    const zoom = cy.zoom();
    cy.pan({ x: cy.width() / 2 - x * zoom, y: cy.height() / 2 - y * zoom });
  });
  schedule();
}
