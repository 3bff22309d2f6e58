// Messages between the canvas and the layout worker (layout-worker.ts). Typed arrays only: they
// cross the boundary as transfers, not as cloned objects (41k id pairs took a while to clone).

export interface LayoutRequest {
  /** Increases with every request: an answer to an older one is dropped. */
  id: number;
  /** Nodes are 0…count-1, in the page's order. */
  count: number;
  /** [source, target] node indices, flat; edge ids are not needed to lay out. */
  edges: Uint32Array;
  /** The finest level stops refining after this long (the coarse levels always run): the time budget. */
  budgetMs: number;
}

/** Posted once, when the worker's module has loaded: requests from now on start at once. */
export interface LayoutReady {
  ready: true;
}

export type LayoutResponse =
  /** Sent between rounds: the share of the work done. */
  | { id: number; progress: number; positions?: undefined; error?: undefined }
  | {
      id: number;
      /** x, y per node in the request's order, in model pixels. */
      positions: Float32Array;
      iterations: number;
      /** How many levels the multilevel layout used (1: the graph itself only). */
      levels: number;
      ms: number;
      progress?: undefined;
      error?: undefined;
    }
  | { id: number; error: string; positions?: undefined; progress?: undefined };
