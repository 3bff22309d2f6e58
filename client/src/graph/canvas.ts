// The canvas facade: the one owner of the Cytoscape instance, with the narrow API views use
// (content, selection, lookups, events, exports). Its parts live beside it: layouts (registry),
// level-of-detail, labels, history (undo as diffs), layout-runner (and its worker),
// view-transition (saved views) and minimap; `cy` itself never leaves this module's family.
import cytoscape, { type Core, type ElementDefinition, type EventObject } from 'cytoscape';
import type { CyElements, SchemaInfo } from '../../../contract/types';
import type { Lang } from '../i18n';
import { DegreeRanking, isOff, nodeSize, shownElements } from './elements';
import { History } from './history';
import { Labels } from './labels';
import { svgOf } from './svg-export';
import {
  LayoutRunner,
  indexPairs,
  previewPlace,
  type CanvasBusy,
  type LayoutReport,
  type LayoutRunOptions,
} from './layout-runner';
import { Basemap, basemapSvg, drawBasemap, underGraph } from './basemap';
import { DEFAULT_LAYOUT, layoutEntry, type LayoutName } from './layouts';
import { Landmarks } from './landmarks';
import { attachWheelZoom } from './wheel-zoom';
import { LevelOfDetail } from './level-of-detail';
import { attachMinimap } from './minimap';
import { buildStylesheet } from './style';
import {
  captureArrangement,
  transitionTo,
  type CapturedArrangement,
  type TargetArrangement,
} from './view-transition';

// Extensions are registered once: the layouts in layouts.ts, SVG export here.

export type { CanvasBusy } from './layout-runner';
export { LARGE_GRAPH_NODES } from './level-of-detail';

/** Element data as the canvas holds it; read-only for views (a change goes through the canvas). */
export type ElementData = Readonly<Record<string, unknown>>;

/** A node as views see it. */
export interface NodeView {
  id: string;
  data: ElementData;
  /** Relationships on the canvas. */
  degree: number;
  position: { x: number; y: number };
}

/** An edge as views see it. */
export interface EdgeView {
  id: string;
  data: ElementData;
  source: string;
  target: string;
}

/** What the insight panel paints on a node (style bypasses over the shared style sheet). */
export interface NodePaint {
  /** Scores kept in the node's data (for the style sheet and the tests). */
  data?: Record<string, unknown>;
  size?: number;
  colour?: string;
  faded: boolean;
}

const nodeView = (n: cytoscape.NodeSingular): NodeView => ({
  id: n.id(),
  data: n.data() as ElementData,
  degree: n.degree(false),
  position: { ...n.position() },
});
const edgeView = (e: cytoscape.EdgeSingular): EdgeView => ({
  id: e.id(),
  data: e.data() as ElementData,
  source: e.source().id(),
  target: e.target().id(),
});

/** Relationships per node id. */
function degrees(elements: CyElements): Map<string, number> {
  const degree = new Map<string, number>();
  for (const e of elements.edges) {
    degree.set(e.data.source, (degree.get(e.data.source) ?? 0) + 1);
    degree.set(e.data.target, (degree.get(e.data.target) ?? 0) + 1);
  }
  return degree;
}

/** The i-th place on a sunflower spiral (the golden angle: even spacing, no two places alike). */
const spiralPosition = (i: number) => ({
  x: 40 * Math.sqrt(i + 1) * Math.cos(i * 2.399963229728653),
  y: 40 * Math.sqrt(i + 1) * Math.sin(i * 2.399963229728653),
});

export class GraphCanvas {
  readonly #cy: Core;
  readonly #detail: LevelOfDetail;
  readonly #landmarks: Landmarks;
  readonly #labels: Labels;
  readonly #history: History;
  readonly #layouts: LayoutRunner;
  readonly #basemap: Basemap;
  /** A fresh large graph's edges, kept off the canvas while its nodes are previewed (`replace`). */
  #heldBack: ElementDefinition[] | undefined;
  onChange: () => void = () => undefined;
  /** Called when nodes have settled somewhere new: a drag ended, a layout finished, a link placed them. */
  onArranged: () => void = () => undefined;

  /**
   * `webgl`: Cytoscape's WebGL renderer (3.31+). Off by default: on machines without a GPU it runs
   * on a software rasteriser and is slower than the canvas (BENCHMARKS.md); with a GPU it can help.
   */
  constructor(container: HTMLElement, options: { webgl?: boolean } = {}) {
    this.#cy = cytoscape({
      container,
      style: buildStylesheet([]),
      minZoom: 0.05,
      maxZoom: 4,
      // Off for small graphs; the level of detail turns both on above its threshold.
      hideEdgesOnViewport: false,
      textureOnViewport: false,
      pixelRatio: 'auto',
      ...(options.webgl ? { renderer: { name: 'canvas', webgl: true } } : {}),
    });
    const ranking = new DegreeRanking(this.#cy);
    this.#labels = new Labels(this.#cy);
    this.#detail = new LevelOfDetail(this.#cy, ranking, this.#labels);
    this.#landmarks = new Landmarks(this.#cy, ranking, this.#labels);
    attachWheelZoom(this.#cy, container);
    this.#layouts = new LayoutRunner(this.#cy, this.#detail, DEFAULT_LAYOUT);
    this.#history = new History(this.#cy, { beforeApply: (nodes) => this.checkScale(nodes) });
    this.#basemap = new Basemap(this.#cy, container);
    this.#cy.on('dragfree', 'node', () => this.onArranged());
  }

  /**
   * Test and benchmark only: the raw Cytoscape core, for browser tests that drive the canvas as a
   * user would (taps, counts) and for the benchmark's render timings. Views use the API below.
   */
  unsafeCoreForTests(): Core {
    return this.#cy;
  }

  // ---- settings ------------------------------------------------------------------------------
  get isLarge(): boolean {
    return this.#detail.isLarge;
  }

  /** Where the level of detail starts; the benchmark raises it to measure the full-detail canvas. */
  get largeGraphNodes(): number {
    return this.#detail.threshold;
  }
  set largeGraphNodes(nodes: number) {
    this.#detail.threshold = nodes;
  }

  /** How the last layout ran (worker or page, and how long). */
  get lastLayout(): LayoutReport | undefined {
    return this.#layouts.lastLayout;
  }

  /** Told when a long task starts and ends (undefined), so the page can show its progress. */
  get onBusy(): (busy: CanvasBusy | undefined) => void {
    return this.#layouts.onBusy;
  }
  set onBusy(listener: (busy: CanvasBusy | undefined) => void) {
    this.#layouts.onBusy = listener;
  }

  setSchema(schema: SchemaInfo): void {
    this.#detail.setTypes(schema.labels);
    this.#labels.setSchema(schema);
    this.#labels.apply(this.#cy);
  }

  setLang(lang: Lang): void {
    this.#labels.lang = lang;
    this.#labels.apply(this.#cy);
    this.#basemap.setLang(lang);
  }

  setLayoutName(name: LayoutName): void {
    this.#layouts.name = name;
    this.#basemap.shown = layoutEntry(name).basemap === true;
  }

  /** Whether the basemap is drawn beneath the graph (the layout asks for it). */
  get basemapShown(): boolean {
    return this.#basemap.shown;
  }

  attachMinimap(minimap: HTMLCanvasElement): void {
    attachMinimap(this.#cy, minimap);
  }

  // ---- reading -------------------------------------------------------------------------------
  has(id: string): boolean {
    return this.#cy.getElementById(id).nonempty();
  }

  isEdge(id: string): boolean {
    const el = this.#cy.getElementById(id);
    return el.nonempty() && el.isEdge();
  }

  /** An element's data, or undefined when it is not on the canvas. */
  dataOf(id: string): ElementData | undefined {
    const el = this.#cy.getElementById(id);
    return el.nonempty() ? (el.data() as ElementData) : undefined;
  }

  /** Those of these elements that are on the canvas, with their data, in the order asked. */
  elementsById(ids: string[]): { id: string; data: ElementData }[] {
    return ids.flatMap((id) => {
      const data = this.dataOf(id);
      return data ? [{ id, data }] : [];
    });
  }

  /** Relationships of a node that are on the canvas. */
  edgeCountOf(id: string): number {
    const el = this.#cy.getElementById(id);
    return el.nonempty() && el.isNode() ? el.connectedEdges().length : 0;
  }

  /** Sets one data value the canvas keeps for the app (e.g. how many neighbours were shown). */
  setData(id: string, key: string, value: unknown): void {
    const el = this.#cy.getElementById(id);
    if (el.nonempty()) el.data(key, value);
  }

  nodes(): NodeView[] {
    return this.#cy.nodes().map(nodeView);
  }

  edges(): EdgeView[] {
    return this.#cy.edges().map(edgeView);
  }

  /** What is on show: not filtered or hidden, and edges whose both ends are (never ':visible'). */
  shownNodes(): NodeView[] {
    return shownElements(this.#cy).nodes().map(nodeView);
  }

  shownEdges(): EdgeView[] {
    return shownElements(this.#cy).edges().map(edgeView);
  }

  visibleNodeIds(): string[] {
    return this.#cy
      .nodes()
      .filter((n) => !isOff(n))
      .map((n) => n.id());
  }

  nodeIds(): string[] {
    return this.#cy.nodes().map((n) => n.id());
  }

  // ---- selection and highlight ---------------------------------------------------------------
  selectedIds(group?: 'nodes' | 'edges'): string[] {
    const selector = group === 'nodes' ? 'node:selected' : group === 'edges' ? 'edge:selected' : ':selected';
    return this.#cy.$(selector).map((el) => el.id());
  }

  isSelected(id: string): boolean {
    return this.#cy.getElementById(id).selected();
  }

  /** Selects exactly these elements (those on the canvas). */
  selectOnly(ids: string[]): void {
    // The selected ones only: unselecting every element walks 20k of them for one or two.
    const keep = new Set(ids);
    this.#cy.$(':selected').forEach((el) => void (keep.has(el.id()) || el.unselect()));
    for (const id of ids) this.#cy.getElementById(id).select();
  }

  unselectAll(): void {
    this.#cy.$(':selected').unselect();
  }

  /** The nodes named at the current zoom whatever it is (best-connected first; see landmarks.ts). */
  landmarkIds(): string[] {
    return this.#landmarks.ids();
  }

  highlightedIds(): string[] {
    return this.#cy.$('.path').map((el) => el.id());
  }

  /**
   * Marks a path (`.path`): everything else fades (`.off-path`) while one is shown, and with `fit`
   * the view moves to the path, animated. An empty list clears it.
   */
  highlight(ids: string[], options: { fit?: boolean } = {}): void {
    this.#cy.batch(() => {
      this.#cy.elements().removeClass('path');
      ids.forEach((id) => this.#cy.getElementById(id).addClass('path'));
    });
    this.fadeOffPath();
    const path = this.#cy.$('.path');
    if (options.fit && path.nonempty()) {
      this.#cy.stop();
      this.#cy.animate({ fit: { eles: path, padding: 80 } }, { duration: 400 });
    }
  }

  /** `.off-path` follows `.path` (the one history records): set after a highlight, an undo or a redo. */
  private fadeOffPath(): void {
    const cy = this.#cy;
    cy.batch(() => {
      const path = cy.$('.path');
      cy.elements().removeClass('off-path');
      if (path.nonempty()) cy.elements().not(path).addClass('off-path');
    });
  }

  // ---- events --------------------------------------------------------------------------------
  /** A tap on a node, an edge, or (undefined) the background. */
  onTap(listener: (target: { kind: 'node' | 'edge'; id: string } | undefined) => void): void {
    this.#cy.on('tap', (event: EventObject) => {
      const target = event.target as Core | cytoscape.SingularElementReturnValue;
      if (target === this.#cy) listener(undefined);
      else {
        const el = target as cytoscape.SingularElementReturnValue;
        listener({ kind: el.isEdge() ? 'edge' : 'node', id: el.id() });
      }
    });
  }

  onDoubleTapNode(listener: (id: string) => void): void {
    this.#cy.on('dbltap', 'node', (event: EventObject) => listener(event.target.id() as string));
  }

  /** The pointer entering a node (its id) or leaving it (undefined), and any pan or zoom (undefined). */
  onHoverNode(listener: (id: string | undefined) => void): void {
    this.#cy.on('mouseover', 'node', (event: EventObject) => listener(event.target.id() as string));
    this.#cy.on('mouseout', 'node', () => listener(undefined));
    this.#cy.on('viewport', () => listener(undefined));
  }

  /** Where a node is drawn, in pixels from the canvas's top left, and its drawn radius. */
  renderedPlaceOf(id: string): { x: number; y: number; radius: number } | undefined {
    const n = this.#cy.getElementById(id);
    if (n.empty() || !n.isNode()) return undefined;
    const { x, y } = n.renderedPosition();
    return { x, y, radius: n.renderedOuterWidth() / 2 };
  }

  /** Nodes selected or unselected, by any means (taps, box selection, the API). */
  onNodeSelectionChange(listener: () => void): void {
    this.#cy.on('select unselect', 'node', () => listener());
  }

  /** Elements added, by any means (once per element: debounce a costly listener). */
  onElementsAdded(listener: () => void): void {
    this.#cy.on('add', () => listener());
  }

  // ---- viewport ------------------------------------------------------------------------------
  viewportSize(): { width: number; height: number } {
    return { width: this.#cy.width(), height: this.#cy.height() };
  }

  /** After the container changed size (full screen in and out). */
  resize(): void {
    this.#cy.resize();
  }

  setLocked(locked: boolean): void {
    if (locked) this.#cy.nodes().lock();
    else this.#cy.nodes().unlock();
  }

  fit(): void {
    this.#cy.animate({ fit: { eles: shownElements(this.#cy), padding: 40 } }, { duration: 300 });
  }

  focusOn(id: string): void {
    const node = this.#cy.getElementById(id);
    if (node.empty()) return;
    this.#cy.elements().unselect();
    node.select();
    this.#cy.animate({ center: { eles: node }, zoom: Math.max(this.#cy.zoom(), 1) }, { duration: 350 });
  }

  // ---- exports -------------------------------------------------------------------------------
  /** Bounding box of what is on show, in model pixels. */
  shownBoundingBox(): { w: number; h: number } {
    const { w, h } = shownElements(this.#cy).boundingBox({});
    return { w, h };
  }

  /** The whole graph as a PNG; with the basemap drawn beneath it when it is shown. */
  async png(scale: number): Promise<Blob> {
    if (!this.#basemap.shown)
      return this.#cy.png({ output: 'blob-promise', full: true, scale, bg: '#ffffff' });
    const graph = await createImageBitmap(await this.#cy.png({ output: 'blob-promise', full: true, scale }));
    const bb = this.#cy.elements().boundingBox({});
    // Cytoscape's full picture maps model p to (p - bb.x1) × ratio, its width ceil(bb.w) × ratio.
    const ratio = graph.width / Math.max(1, Math.ceil(bb.w));
    const picture = document.createElement('canvas');
    [picture.width, picture.height] = [graph.width, graph.height];
    const ctx = picture.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, picture.width, picture.height);
    ctx.setTransform(ratio, 0, 0, ratio, -bb.x1 * ratio, -bb.y1 * ratio);
    drawBasemap(ctx, this.#basemap.lang, ratio);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(graph, 0, 0);
    return new Promise((resolve, reject) =>
      picture.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))),
        'image/png',
      ),
    );
  }

  /**
   * The graph as SVG (every node shape in it, see svg-export.ts); with the basemap's boundaries
   * beneath it when it is shown.
   */
  async svg(full = true): Promise<string> {
    const svg = await svgOf(this.#cy, { full, scale: 1, bg: '#ffffff' });
    if (!this.#basemap.shown) return svg;
    // cytoscape-svg maps model p to (p - bb.x1) × ratio for the full graph, or p × zoom + pan for
    // the view; its first drawing is the white background, the basemap goes right after it.
    const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 0);
    let scale: number;
    let offset: { x: number; y: number };
    if (full) {
      const bb = this.#cy.elements().boundingBox({});
      scale = width / Math.max(1, Math.ceil(bb.w));
      offset = { x: -bb.x1 * scale, y: -bb.y1 * scale };
    } else {
      scale = (width / Math.max(1, this.#cy.width())) * this.#cy.zoom();
      const ratio = width / Math.max(1, this.#cy.width());
      offset = { x: this.#cy.pan().x * ratio, y: this.#cy.pan().y * ratio };
    }
    return underGraph(svg, basemapSvg(this.#basemap.lang, scale, offset));
  }

  // ---- insight paint -------------------------------------------------------------------------
  /**
   * Applies the insight panel's bypasses to every node (size, colour, fading) and fades the edges
   * that touch a faded node; a node painted with nothing gets the style sheet back.
   */
  paintNodes(paint: (id: string) => NodePaint): void {
    const cy = this.#cy;
    const faded = new Set<string>();
    cy.batch(() => {
      cy.nodes().forEach((node) => {
        const look = paint(node.id());
        if (look.data) node.data(look.data);
        if (look.size !== undefined) node.style({ width: look.size, height: look.size });
        else node.removeStyle('width height');
        if (look.colour) node.style('background-color', look.colour);
        else node.removeStyle('background-color');
        if (look.faded) {
          faded.add(node.id());
          node.addClass('insight-faded').style('opacity', FADED_OPACITY);
        } else {
          node.removeClass('insight-faded').removeStyle('opacity');
        }
      });
      cy.edges().forEach((edge) => {
        if (faded.has(edge.source().id()) || faded.has(edge.target().id()))
          edge.style('opacity', FADED_OPACITY);
        else edge.removeStyle('opacity');
      });
    });
  }

  // ---- history -------------------------------------------------------------------------------
  /** Call before any change the user may want to undo. */
  record(): void {
    this.releaseHeldBack(); // the graph a step opens on is the whole graph
    this.#history.record();
  }

  get canUndo(): boolean {
    return this.#history.canUndo;
  }
  get canRedo(): boolean {
    return this.#history.canRedo;
  }

  /** How many steps undo can take back; one per action the analyst took. */
  get historySteps(): number {
    return this.#history.depth;
  }

  undo(): void {
    this.releaseHeldBack();
    if (this.#history.undo()) this.afterHistory();
  }

  redo(): void {
    this.releaseHeldBack();
    if (this.#history.redo()) this.afterHistory();
  }

  private afterHistory(): void {
    this.fadeOffPath();
    this.#labels.apply(this.#cy);
    this.resizeNodes();
    this.onChange();
  }

  // ---- content -------------------------------------------------------------------------------
  /** Switches the level of detail for this many nodes, warming the layout worker on the way in. */
  private checkScale(nodeCount?: number): void {
    if (this.#detail.check(nodeCount)) this.#layouts.warmUp();
  }

  /** Node sizes follow their degree on the canvas; then the style for this size, then labels. */
  private resizeNodes(): void {
    this.#cy.batch(() =>
      this.#cy.nodes().forEach((n) => {
        const size = nodeSize(n.degree(false));
        if (n.data('size') !== size) n.data('size', size);
      }),
    );
    this.checkScale();
  }

  /**
   * Element definitions with their label and size already in their data: set before they are
   * added, they cost no restyle afterwards (which at 20k elements is seconds).
   */
  private definitions(elements: CyElements, degree = degrees(elements)): ElementDefinition[] {
    return [
      ...elements.nodes.map((el) => ({
        group: el.group,
        data: { ...el.data, label: this.#labels.node(el.data), size: nodeSize(degree.get(el.data.id) ?? 0) },
      })),
      ...elements.edges.map((el) => ({
        group: el.group,
        data: { ...el.data, label: this.#labels.edge(el.data) },
      })),
    ];
  }

  /**
   * Marks a node whose neighbourhood was brought in only in part: `count` relationships are not on
   * the canvas. It gets a dashed ring and "+count" under its name instead of all its neighbours.
   */
  setMore(id: string, count: number): void {
    const node = this.#cy.getElementById(id);
    if (node.empty()) return;
    node.data('more', Math.max(0, count));
    this.#labels.apply(this.#cy);
  }

  /** Replaces everything on the canvas and lays it out from scratch. */
  async replace(elements: CyElements, options: { record?: boolean } = {}): Promise<void> {
    if (options.record !== false) this.record();
    this.#heldBack = undefined; // edges of the graph being replaced, if recording did not add them
    this.checkScale(elements.nodes.length); // the style for this size before anything is styled
    const degree = degrees(elements);
    const definitions = this.definitions(elements, degree);
    if (this.#layouts.previewsWithoutEdges(elements.nodes.length)) {
      await this.replaceLaidOutEarly(definitions, degree);
      return;
    }
    // Each node starts on a spiral, not all at the origin: a frame drawn before the layout ends
    // would otherwise find every edge's ends on top of each other ("invalid endpoints").
    let i = 0;
    for (const el of definitions) if (el.group === 'nodes') el.position = spiralPosition(i++);
    this.#cy.batch(() => {
      this.#cy.elements().remove();
      this.#cy.add(definitions);
    });
    this.resizeNodes(); // sizes first, then the style for this size, then the labels
    this.#labels.apply(this.#cy);
    this.onChange();
    await this.layout({ animate: false });
  }

  /**
   * A large graph laid out in the worker: the worker starts on the definitions before Cytoscape
   * sees them, the preview shows the nodes alone (best-connected in the middle of a spiral), and
   * the edges are added once, in the batch that puts the nodes where the worker placed them. At
   * 20k elements, edges added hidden for the preview cost the page as much again as the nodes to
   * style and, in its first frame, to measure, while the worker's answer waited behind them.
   */
  private async replaceLaidOutEarly(
    definitions: ElementDefinition[],
    degree: ReadonlyMap<string, number>,
  ): Promise<void> {
    const nodes = definitions.filter((el) => el.group === 'nodes');
    const edges = definitions.filter((el) => el.group === 'edges');
    nodes
      .map((el) => ({ el, degree: degree.get(String(el.data.id)) ?? 0 }))
      .sort((a, b) => b.degree - a.degree)
      .forEach(({ el }, rank) => (el.position = previewPlace(rank)));
    const ids = nodes.map((el) => String(el.data.id));
    await this.#layouts.startEarly(
      ids,
      indexPairs(
        ids,
        edges.map((el) => [el.data.source, el.data.target] as const),
      ),
    );
    this.#cy.batch(() => {
      this.#cy.elements().remove();
      this.#cy.add(nodes);
    });
    this.#heldBack = edges;
    // Not resizeNodes(): without their edges every degree reads 0; the sizes came with the data.
    this.#labels.apply(this.#cy);
    this.onChange();
    await this.layout({ animate: false });
  }

  /**
   * Adds the edges held back for a preview (`replaceLaidOutEarly`), if any, before anything else
   * reads or changes the graph. Skips those a change meanwhile made impossible or already added.
   * True when some were added.
   */
  private releaseHeldBack(): boolean {
    const edges = this.#heldBack;
    if (!edges) return false;
    this.#heldBack = undefined;
    const cy = this.#cy;
    const present = (id: unknown) => cy.getElementById(String(id)).nonempty();
    cy.add(edges.filter((el) => !present(el.data.id) && present(el.data.source) && present(el.data.target)));
    return true;
  }

  /** Replaces everything with elements that carry their own positions (an imported export). */
  load(definitions: ElementDefinition[]): void {
    this.record();
    this.#heldBack = undefined;
    this.checkScale(definitions.filter((el) => el.group === 'nodes').length);
    this.#cy.batch(() => {
      this.#cy.elements().remove();
      this.#cy.add(definitions);
    });
    this.#labels.apply(this.#cy);
    this.resizeNodes();
    this.#cy.fit(undefined, 40);
    this.onChange();
  }

  /**
   * Adds what is new, placing it around `around` (or the centre) and letting the layout settle
   * the newcomers while what was already placed stays where the analyst left it.
   */
  async add(elements: CyElements, around?: string, options: { record?: boolean } = {}): Promise<string[]> {
    const cy = this.#cy;
    this.releaseHeldBack(); // an expansion during a preview: the graph it joins is whole
    const fresh = this.definitions(elements).filter((el) => cy.getElementById(String(el.data.id)).empty());
    if (!fresh.length) return [];
    if (options.record !== false) this.record();
    const anchor = around ? cy.getElementById(around) : undefined;
    const centre = anchor?.nonempty() ? anchor.position() : { x: cy.width() / 2, y: cy.height() / 2 };
    // An anchor that comes with its neighbours (an entity brought onto the canvas with them) takes
    // the centre and they ring it: one add, one layout and one undo step, not two of each.
    const freshAnchor = anchor?.empty() ? fresh.find((el) => el.data.id === around) : undefined;
    if (freshAnchor) freshAnchor.position = { ...centre };
    const freshNodes = fresh.filter((el) => el.group === 'nodes' && el !== freshAnchor);
    const placed = cy.nodes().map((n) => n.id());
    freshNodes.forEach((el, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, freshNodes.length);
      const radius = 110 + 6 * freshNodes.length;
      el.position = { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
    });
    const added = cy.add(fresh);
    this.#labels.apply(cy);
    this.resizeNodes();
    added.nodes().addClass('fresh');
    setTimeout(() => added.nodes().removeClass('fresh'), 2500);
    this.onChange();
    if (this.#layouts.pinsPlaced && placed.length) {
      await this.layout({
        animate: true,
        fixed: placed.map((id) => ({ nodeId: id, position: { ...cy.getElementById(id).position() } })),
        fit: false,
      });
    } else {
      await this.layout({ animate: true });
    }
    return added.map((el) => el.id());
  }

  /** `record: false`: not an undo step (a link being opened, not the analyst's doing). */
  remove(ids: string[], options: { record?: boolean } = {}): void {
    this.releaseHeldBack();
    let targets = this.#cy.collection();
    for (const id of ids) targets = targets.union(this.#cy.getElementById(id));
    if (targets.empty()) return;
    if (options.record !== false) this.record();
    targets.remove();
    this.resizeNodes();
    this.onChange();
  }

  hide(ids: string[]): void {
    this.record();
    ids.forEach((id) => this.#cy.getElementById(id).addClass('hidden'));
    this.onChange();
  }

  showHidden(): void {
    if (this.#cy.$('.hidden').empty()) return;
    this.record();
    this.#cy.$('.hidden').removeClass('hidden');
    this.onChange();
  }

  /** Removes neighbours that hang only on this node (leaves), the inverse of an expand. */
  collapse(id: string): void {
    const node = this.#cy.getElementById(id);
    const leaves = node
      .neighborhood()
      .nodes()
      .filter((n) => n.degree(false) === 1);
    if (leaves.empty()) return;
    this.record();
    leaves.remove();
    this.resizeNodes();
    this.onChange();
  }

  applyFilters(
    hiddenTypes: ReadonlySet<string>,
    hiddenRelTypes: ReadonlySet<string>,
    hideIsolated: boolean,
  ): void {
    const cy = this.#cy;
    cy.batch(() => {
      cy.elements().removeClass('filtered');
      cy.nodes().forEach((n) => {
        if (hiddenTypes.has(n.data('type') as string)) n.addClass('filtered');
      });
      cy.edges().forEach((e) => {
        if (hiddenRelTypes.has(e.data('type') as string)) e.addClass('filtered');
      });
      if (hideIsolated) {
        cy.nodes().forEach((n) => {
          const visibleEdges = n
            .connectedEdges()
            .filter((e) => !isOff(e))
            .filter((e) =>
              (e as cytoscape.EdgeSingular).connectedNodes().filter('.filtered, .hidden').empty(),
            );
          if (visibleEdges.empty()) n.addClass('filtered');
        });
      }
    });
    this.onChange();
  }

  /** Resolves when the layout worker has loaded (the benchmark starts its clock from a canvas at rest). */
  layoutReady(): Promise<void> {
    return this.#layouts.ready();
  }

  async layout(options: LayoutRunOptions = {}): Promise<void> {
    let released = false;
    await this.#layouts.run({ ...options, settle: () => (released = this.releaseHeldBack() || released) });
    if (released) this.onChange();
    this.onArranged();
  }

  /** Every node's position, for a deep link. */
  positions(): Map<string, { x: number; y: number }> {
    return new Map(this.#cy.nodes().map((n) => [n.id(), { ...n.position() }]));
  }

  /**
   * Puts nodes where a deep link says they stood and fits the view to them; not an undo step (it
   * finishes opening the link, as the layout it replaces would have).
   */
  place(positions: ReadonlyMap<string, { x: number; y: number }>): void {
    this.#cy.batch(() => {
      for (const [id, position] of positions) this.#cy.getElementById(id).position({ ...position });
    });
    this.#cy.fit(undefined, 40);
    this.onArranged();
  }

  // ---- saved views ---------------------------------------------------------------------------
  /** Positions of every node and the viewport, for saved views. */
  capture(): CapturedArrangement {
    return captureArrangement(this.#cy);
  }

  /**
   * Moves the canvas to a saved arrangement: what leaves fades out, what stays glides to its saved
   * place, what arrives fades in where it was saved, and the viewport follows. `duration` 0 jumps.
   */
  async transitionTo(
    elements: CyElements,
    target: TargetArrangement,
    options: { duration: number; record?: boolean },
  ): Promise<void> {
    if (options.record !== false) this.record();
    await transitionTo(this.#cy, this.definitions(elements), target, options.duration, () => {
      this.#labels.apply(this.#cy);
      this.resizeNodes();
    });
    this.onChange();
  }
}

/** Opacity of what the insight panel fades (outside the chosen period). */
const FADED_OPACITY = 0.15;
