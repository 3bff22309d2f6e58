// Saving the current view and bringing a saved one back (for views, story steps and presentations).
import type { CyElements } from '../../../contract/types';
import { api } from '../api';
import type { GraphCanvas } from '../graph/canvas';
import type { LayoutName } from '../graph/layouts';
import type { Store } from '../store';
import type { SavedView } from '../../../contract/types';

export function captureView(canvas: GraphCanvas, store: Store, caption = ''): SavedView {
  const state = store.get();
  const { nodes, edges, zoom, pan } = canvas.capture();
  return {
    caption,
    nodes,
    edges,
    zoom,
    pan,
    viewport: canvas.viewportSize(),
    lang: state.lang,
    layout: state.layout,
    hiddenTypes: [...state.hiddenTypes],
    hiddenRelTypes: [...state.hiddenRelTypes],
    selected: canvas.selectedIds(),
    highlighted: canvas.highlightedIds(),
  };
}

const cache = new Map<string, Promise<{ elements: CyElements; missing: string[] }>>();

/** The elements a view needs, fetched once per set of ids (presentations prefetch every step). */
export function elementsFor(view: SavedView): Promise<{ elements: CyElements; missing: string[] }> {
  const ids = view.nodes.map((n) => n.id);
  const key = [...ids].sort().join(',');
  if (!cache.has(key)) {
    const loading = ids.length
      ? api.subgraph(ids)
      : Promise.resolve({ elements: { nodes: [], edges: [] }, missing: [] });
    loading.catch(() => cache.delete(key));
    cache.set(key, loading);
  }
  return cache.get(key)!;
}

/** Keeps the saved framing on a canvas of another size: same centre, zoom scaled to fit. */
export function reframe(
  view: SavedView,
  width: number,
  height: number,
): { zoom: number; pan: { x: number; y: number } } {
  if (!view.viewport || !width || !height) return { zoom: view.zoom, pan: view.pan };
  const centre = {
    x: (view.viewport.width / 2 - view.pan.x) / view.zoom,
    y: (view.viewport.height / 2 - view.pan.y) / view.zoom,
  };
  const zoom = view.zoom * Math.min(width / view.viewport.width, height / view.viewport.height);
  return { zoom, pan: { x: width / 2 - centre.x * zoom, y: height / 2 - centre.y * zoom } };
}

export interface ApplyResult {
  missingNodes: string[];
  missingEdges: string[];
}

/** Shows a saved view on the canvas; reports (never hides) elements that no longer exist. */
export async function applyView(
  canvas: GraphCanvas,
  store: Store,
  view: SavedView,
  options: { duration: number; record?: boolean },
): Promise<ApplyResult> {
  const { elements, missing } = await elementsFor(view);
  const edgeIds = new Set(elements.edges.map((e) => e.data.id));
  const wantedEdges = new Set(view.edges.filter((id) => edgeIds.has(id)));
  const filtered: CyElements = {
    nodes: elements.nodes,
    edges: elements.edges.filter((e) => wantedEdges.has(e.data.id)),
  };
  canvas.setLayoutName(view.layout as LayoutName);
  store.set({
    lang: view.lang,
    layout: view.layout as LayoutName,
    hiddenTypes: new Set(view.hiddenTypes),
    hiddenRelTypes: new Set(view.hiddenRelTypes),
    origin: { kind: 'ids' },
  });
  await canvas.transitionTo(
    filtered,
    {
      positions: new Map(
        view.nodes.filter((n) => !missing.includes(n.id)).map((n) => [n.id, { x: n.x, y: n.y }]),
      ),
      edges: wantedEdges,
      ...reframe(view, canvas.viewportSize().width, canvas.viewportSize().height),
    },
    options,
  );
  canvas.selectOnly(view.selected);
  canvas.highlight(view.highlighted);
  return { missingNodes: missing, missingEdges: view.edges.filter((id) => !edgeIds.has(id)) };
}
