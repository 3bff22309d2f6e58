// The layout registry: every layout the explorer offers, written once — its name, its label in the
// menu, its options as data and how the canvas runs it. Extensions are registered here, once.
import cytoscape, { type LayoutOptions, type NodeCollection, type NodeSingular } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';
import { mapPositions } from './map-layout';

cytoscape.use(fcose);
cytoscape.use(dagre);

interface LayoutEntry {
  /** The menu's label, [中文, English]. */
  label: readonly [string, string];
  /** Cytoscape's options for it (the canvas adds animation, fit and padding). */
  options: LayoutOptions;
  /**
   * Force-directed: above the level-of-detail threshold it runs as ForceAtlas2 in the layout
   * worker, and on the page an expansion keeps what was placed where it is (fixed-node constraints).
   */
  forceDirected?: boolean;
  /** Positions computed before the run (for a `preset` layout): node id → model position. */
  positions?: (nodes: NodeCollection) => Map<string, { x: number; y: number }>;
  /** Draws the basemap (basemap.ts) beneath the graph while it is the layout. */
  basemap?: boolean;
}

export const LAYOUTS = {
  fcose: {
    label: ['力导向', 'Force (fCoSE)'],
    options: {
      name: 'fcose',
      quality: 'default', // 'proof' is slower with little gain at this size
      nodeDimensionsIncludeLabels: true, // labels take room too, so they don't pile up
      nodeRepulsion: () => 12000,
      idealEdgeLength: () => 110,
      nodeSeparation: 110,
      packComponents: true, // islands side by side instead of on top of each other
    } as LayoutOptions,
    forceDirected: true,
  },
  dagre: {
    label: ['层次', 'Hierarchical (dagre)'],
    options: { name: 'dagre', rankDir: 'LR', nodeSep: 30, rankSep: 110 } as LayoutOptions, // left to right reads as a flow
  },
  concentric: {
    label: ['同心圆', 'Concentric'],
    options: {
      name: 'concentric',
      concentric: (node: NodeSingular) => node.degree(false), // hubs in the middle
      levelWidth: () => 2,
      minNodeSpacing: 30,
    } as LayoutOptions,
  },
  circle: { label: ['圆形', 'Circle'], options: { name: 'circle', spacingFactor: 1.1 } as LayoutOptions },
  grid: { label: ['网格', 'Grid'], options: { name: 'grid', avoidOverlapPadding: 30 } as LayoutOptions },
  breadthfirst: {
    label: ['树形', 'Tree'],
    options: { name: 'breadthfirst', directed: false, spacingFactor: 1.2 } as LayoutOptions,
  },
  map: {
    label: ['地图', 'Map'],
    options: { name: 'preset' } as LayoutOptions, // positions from map-layout.ts, by longitude/latitude
    positions: mapPositions,
    basemap: true,
  },
} satisfies Record<string, LayoutEntry>;

export type LayoutName = keyof typeof LAYOUTS;

/** In menu order. */
export const LAYOUT_NAMES = Object.keys(LAYOUTS) as LayoutName[];

/** What a new session starts with. */
export const DEFAULT_LAYOUT: LayoutName = 'fcose';

export const isLayoutName = (name: unknown): name is LayoutName =>
  typeof name === 'string' && Object.hasOwn(LAYOUTS, name);

export const layoutEntry = (name: LayoutName): LayoutEntry => LAYOUTS[name];
