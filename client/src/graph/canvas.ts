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
import type { CyElements, SchemaInfo } from '../../../shared-types/api';
import { pick, type Lang } from '../i18n';
import type { LayoutName } from '../store';
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
  onChange: () => void = () => undefined;

  constructor(container: HTMLElement) {
    this.cy = cytoscape({
      container,
      style: buildStylesheet([]),
      minZoom: 0.05,
      maxZoom: 4,
      // Large graphs: draw cheaper edges and no labels while the view moves.
      hideEdgesOnViewport: false,
      textureOnViewport: false,
      pixelRatio: 'auto',
    });
  }

  setSchema(schema: SchemaInfo): void {
    this.cy.style(buildStylesheet(schema.labels));
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

  private relabel(): void {
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        n.data('label', pick(n.data('name') as string, n.data('nameEn') as string, this.lang, '\n'));
      });
      this.cy.edges().forEach((e) => {
        const type = e.data('type') as string;
        const names = this.relNames.get(type);
        e.data('label', names ? pick(names.zh, names.en ?? type, this.lang, ' / ') : type);
      });
    });
  }

  private resize(): void {
    this.cy.batch(() => this.cy.nodes().forEach((n) => void n.data('size', nodeSize(n.degree(false)))));
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
  private definitions(elements: CyElements): ElementDefinition[] {
    return [...elements.nodes, ...elements.edges].map((el) => ({ group: el.group, data: { ...el.data } }));
  }

  /** Replaces everything on the canvas and lays it out from scratch. */
  async replace(elements: CyElements, options: { record?: boolean } = {}): Promise<void> {
    if (options.record !== false) this.record();
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(this.definitions(elements));
    });
    this.relabel();
    this.resize();
    this.onChange();
    await this.layout({ animate: false });
  }

  /** Replaces everything with elements that carry their own positions (an imported export). */
  load(definitions: ElementDefinition[]): void {
    this.record();
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
    const visible = this.cy.elements(':visible');
    if (visible.empty()) return;
    const large = visible.nodes().length > 800;
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
            quality: large ? 'draft' : 'default',
            fixedNodeConstraint: options.fixed,
          }
        : {}),
    } as LayoutOptions;
    const layout = visible.layout(opts);
    const done = new Promise<void>((resolve) => layout.one('layoutstop', () => resolve()));
    layout.run();
    await done;
  }

  setLocked(locked: boolean): void {
    if (locked) this.cy.nodes().lock();
    else this.cy.nodes().unlock();
  }

  fit(): void {
    this.cy.animate({ fit: { eles: this.cy.elements(':visible'), padding: 40 } }, { duration: 300 });
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
    return this.cy.nodes(':visible').map((n) => n.id());
  }

  nodeIds(): string[] {
    return this.cy.nodes().map((n) => n.id());
  }
}

/** A small overview map: dots for nodes, a rectangle for the viewport; click to move there. */
export function attachMinimap(cy: Core, canvas: HTMLCanvasElement): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  let scheduled = false;
  let transform = { scale: 1, x: 0, y: 0 };
  const draw = () => {
    scheduled = false;
    const nodes = cy.nodes(':visible');
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    canvas.hidden = nodes.length < 30; // only worth it for graphs that don't fit comfortably
    if (canvas.hidden) return;
    const bb = nodes.boundingBox({});
    const scale = Math.min(canvas.width / Math.max(bb.w, 1), canvas.height / Math.max(bb.h, 1)) * 0.9;
    transform = {
      scale,
      x: (canvas.width - bb.w * scale) / 2 - bb.x1 * scale,
      y: (canvas.height - bb.h * scale) / 2 - bb.y1 * scale,
    };
    ctx.fillStyle = '#7a869a';
    nodes.forEach((n) => {
      const p = n.position();
      ctx.fillRect(p.x * scale + transform.x - 1, p.y * scale + transform.y - 1, 2, 2);
    });
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
  cy.on('viewport add remove position layoutstop style', schedule);
  canvas.addEventListener('click', (event) => {
    const rect = canvas.getBoundingClientRect();
    const x = (event.clientX - rect.left - transform.x) / transform.scale;
    const y = (event.clientY - rect.top - transform.y) / transform.scale;
    const zoom = cy.zoom();
    cy.pan({ x: cy.width() / 2 - x * zoom, y: cy.height() / 2 - y * zoom });
  });
  schedule();
}
