// The layout worker: force-directed layout off the main thread, for graphs above LARGE_GRAPH_NODES.
/// <reference lib="webworker" />
// ForceAtlas2 (graphology's implementation, Barnes–Hut above a thousand nodes) runs in short rounds
// until it settles or its time budget is spent, with progress reported after every round. fCoSE, which the
// page uses for small graphs, took 20 s for 833 nodes here; ForceAtlas2 is built for this size.
// Only ids, sizes and endpoints cross the boundary.
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';

/** Iterations per round; progress is posted between rounds. */
const ROUND = 25;
/** Room per node in the result, in model pixels (nodes are 20–72 wide). */
const CELL = 70;

/** A deterministic scatter for the starting positions (the same graph lays out the same way). */
function scatter(index: number, count: number): { x: number; y: number } {
  const angle = index * 2.399963229728653; // the golden angle: an even spiral, no clumps
  const radius = 10 * Math.sqrt((index + 0.5) / count) * Math.sqrt(count);
  return { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
}

function layout(request: LayoutRequest, post: (message: LayoutResponse) => void): void {
  const started = performance.now();
  const graph = new Graph({ type: 'undirected', multi: true, allowSelfLoops: false });
  request.nodes.forEach((n, i) => graph.addNode(n.id, { ...scatter(i, request.nodes.length), size: n.size }));
  for (const [source, target] of request.edges) {
    if (source !== target) graph.addEdge(source, target);
  }
  const settings = {
    ...forceAtlas2.inferSettings(graph),
    barnesHutOptimize: graph.order > 1000,
    strongGravityMode: false, // strong gravity packs everything into one disc
    gravity: 1,
    scalingRatio: 20,
    slowDown: 2,
  };
  const { maxIterations, budgetMs } = request;
  let iterations = 0;
  while (iterations < maxIterations && performance.now() - started < budgetMs) {
    forceAtlas2.assign(graph, { iterations: ROUND, settings });
    iterations += ROUND;
    post({ id: request.id, progress: Math.min(1, iterations / maxIterations) });
  }
  // ForceAtlas2's units are its own: scale so that each node has about CELL × CELL of room.
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  graph.forEachNode((_id, { x, y }) => {
    [x1, y1, x2, y2] = [Math.min(x1, x), Math.min(y1, y), Math.max(x2, x), Math.max(y2, y)];
  });
  const area = Math.max(1, (x2 - x1) * (y2 - y1));
  const scale = Math.sqrt((graph.order * CELL * CELL) / area);
  const positions: Record<string, { x: number; y: number }> = {};
  graph.forEachNode((id, attrs) => {
    positions[id] = { x: (attrs.x as number) * scale, y: (attrs.y as number) * scale };
  });
  post({ id: request.id, positions, iterations, ms: performance.now() - started });
}

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  try {
    layout(event.data, (message) => self.postMessage(message));
  } catch (error) {
    self.postMessage({
      id: event.data.id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies LayoutResponse);
  }
};
