// The Cytoscape style sheet, as data: shapes come from the dataset's declared types, colours and
// glyphs from the palette (palette.ts), each node carrying its type's glyph as a background image.
import type { StylesheetJson } from 'cytoscape';
import type { TypeInfo } from '../../../contract/types';
import { colourFor, glyphDataUrl, glyphInk } from './palette';

export { colourFor } from './palette';

const SHAPES = new Set([
  'ellipse',
  'triangle',
  'round-triangle',
  'rectangle',
  'round-rectangle',
  'bottom-round-rectangle',
  'cut-rectangle',
  'barrel',
  'rhomboid',
  'diamond',
  'round-diamond',
  'pentagon',
  'round-pentagon',
  'hexagon',
  'round-hexagon',
  'concave-hexagon',
  'heptagon',
  'round-heptagon',
  'octagon',
  'round-octagon',
  'star',
  'tag',
  'round-tag',
  'vee',
]);

/**
 * `large`: the level of detail for graphs too big to draw in full every frame. Labels are drawn
 * only on nodes marked `.labelled` (hubs, the selection and its neighbours, what is in view once
 * zoomed in: the canvas decides), since Cytoscape measures every label it may draw, even ones
 * too small to show. Edges are straight unlabelled lines (haystack: the cheapest edge Cytoscape
 * draws) except around the selection, where arrows and names come back.
 */
export function buildStylesheet(
  types: Pick<TypeInfo, 'label' | 'color' | 'shape'>[],
  options: { large?: boolean } = {},
): StylesheetJson {
  const perType: StylesheetJson = types.map((t) => {
    const colour = colourFor(t.label, t.color);
    return {
      selector: `node[type = "${t.label.replace(/"/g, '')}"]`,
      style: {
        'background-color': colour,
        shape: (t.shape && SHAPES.has(t.shape) ? t.shape : 'ellipse') as never,
        'background-image': glyphDataUrl(t.label, glyphInk(colour)),
      },
    };
  });
  return [
    {
      selector: 'node',
      style: {
        'background-color': '#888',
        label: 'data(label)',
        width: 'data(size)',
        height: 'data(size)',
        'font-size': 11,
        'font-family':
          '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif',
        color: '#1d2433',
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': '140px',
        // Wrap at spaces and at the zero-width spaces labels.ts puts between Chinese characters:
        // 'anywhere' would split English words ("Trad/e Zone") on the canvas and in SVG.
        'text-overflow-wrap': 'whitespace',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.75,
        'text-background-padding': '1px',
        'border-width': 1,
        'border-color': '#ffffff',
        // The type's glyph (set per type below), centred at 55 % of the node, above any bypassed colour.
        'background-width': '55%',
        'background-height': '55%',
        'background-clip': 'none',
        'background-image-containment': 'over',
        // Labels disappear below this on-screen size: big graphs stay legible and fast when zoomed out.
        'min-zoomed-font-size': 7,
      },
    },
    ...perType,
    {
      selector: 'edge',
      style: {
        width: 1.4,
        'line-color': '#b6bfcc',
        'target-arrow-color': '#b6bfcc',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': 'bezier',
        label: 'data(label)',
        'font-size': 9,
        color: '#5b6475',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.8,
        'min-zoomed-font-size': 9,
      },
    },
    ...(options.large ? largeGraphRules : []),
    // Landmarks (landmarks.ts): named at every zoom, their label sized to stay legible on screen.
    {
      selector: 'node.landmark',
      style: {
        label: 'data(label)',
        'font-size': 'data(landmarkFont)',
        'min-zoomed-font-size': 0,
        'text-max-width': 'data(landmarkWrap)',
        'text-background-opacity': 0.85,
        'font-weight': 600,
        'z-index': 5,
      },
    },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#1a56db' } },
    {
      selector: 'edge:selected',
      style: { width: 3, 'line-color': '#1a56db', 'target-arrow-color': '#1a56db' },
    },
    { selector: '.faded', style: { opacity: 0.15 } },
    // A path: its edges get wider, its nodes a ring and keep their size (a node's width is its
    // size, so a `.path` rule must never set it); everything else fades.
    {
      selector: 'edge.path',
      style: { 'line-color': '#e4572e', 'target-arrow-color': '#e4572e', width: 4, 'z-index': 10 },
    },
    { selector: 'node.path', style: { 'border-color': '#e4572e', 'border-width': 4, 'z-index': 10 } },
    { selector: '.off-path', style: { opacity: 0.15 } },
    { selector: '.filtered', style: { display: 'none' } },
    { selector: '.pending', style: { display: 'none' } }, // edges of a layout preview (canvas.ts)
    { selector: '.hidden', style: { display: 'none' } },
    { selector: '.fresh', style: { 'border-color': '#f5a623', 'border-width': 3 } },
    // A node whose neighbours were not all brought in: a dashed ring, and "+N" under its name.
    {
      selector: 'node[more > 0]',
      style: { 'border-style': 'dashed', 'border-width': 3, 'border-color': '#1a56db' },
    },
  ];
}

const largeGraphRules: StylesheetJson = [
  { selector: 'node', style: { label: '', 'border-width': 0 } },
  { selector: 'node.labelled, node:selected', style: { label: 'data(label)' } },
  {
    selector: 'edge',
    style: {
      'curve-style': 'haystack',
      'haystack-radius': 0,
      'target-arrow-shape': 'none',
      label: '',
      width: 1,
      opacity: 0.7,
    },
  },
  {
    selector: 'edge.labelled, edge:selected',
    style: {
      'curve-style': 'straight',
      'target-arrow-shape': 'triangle',
      label: 'data(label)',
      width: 1.4,
      opacity: 1,
    },
  },
];
