// The layout worker: force-directed layout off the main thread, for graphs above LARGE_GRAPH_NODES.
/// <reference lib="webworker" />
// A multilevel ForceAtlas2 (multilevel-layout.ts, on graphology's iteration) with progress posted
// between rounds. fCoSE, which the page uses for small graphs, took 20 s for 833 nodes here; plain
// ForceAtlas2 from a spiral spent its whole 1.5 s budget untangling 3.3k nodes; the multilevel one
// starts each level from a coarser one's placement. Only indices cross the boundary, as typed arrays.
import type { LayoutReady, LayoutRequest, LayoutResponse } from './layout-protocol';
import { layoutMultilevel } from './multilevel-layout';

/** Room per node in the result, in model pixels (nodes are 20–72 wide). */
const CELL = 70;

function layout(
  request: LayoutRequest,
  post: (message: LayoutResponse, transfer?: Transferable[]) => void,
): void {
  const started = performance.now();
  let lastProgress = 0;
  const { positions, iterations, levels } = layoutMultilevel(
    { count: request.count, edges: request.edges },
    {
      budgetMs: request.budgetMs,
      now: () => performance.now(),
      onProgress: (share) => {
        // A message every few percent is enough for a progress bar.
        if (share - lastProgress < 0.05 && share < 1) return;
        lastProgress = share;
        post({ id: request.id, progress: share });
      },
    },
  );
  // ForceAtlas2's units are its own: scale so that each node has about CELL × CELL of room.
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 2) {
    [x1, x2] = [Math.min(x1, positions[i]!), Math.max(x2, positions[i]!)];
    [y1, y2] = [Math.min(y1, positions[i + 1]!), Math.max(y2, positions[i + 1]!)];
  }
  const area = Math.max(1, (x2 - x1) * (y2 - y1));
  const scale = Math.sqrt((request.count * CELL * CELL) / area);
  for (let i = 0; i < positions.length; i++) positions[i]! *= scale;
  post({ id: request.id, positions, iterations, levels, ms: performance.now() - started }, [
    positions.buffer,
  ]);
}

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  try {
    layout(event.data, (message, transfer) => self.postMessage(message, { transfer: transfer ?? [] }));
  } catch (error) {
    self.postMessage({
      id: event.data.id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies LayoutResponse);
  }
};

self.postMessage({ ready: true } satisfies LayoutReady);
