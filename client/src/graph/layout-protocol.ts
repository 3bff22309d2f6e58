// Messages between the canvas and the layout worker (layout-worker.ts).

export interface LayoutRequest {
  /** Increases with every request: an answer to an older one is dropped. */
  id: number;
  nodes: { id: string; size: number }[];
  /** [source, target] node ids; edge ids are not needed to lay out. */
  edges: [string, string][];
  /** Stop after this many iterations… */
  maxIterations: number;
  /** …or after this long, whichever comes first: the time budget. */
  budgetMs: number;
}

export type LayoutResponse =
  /** Sent between rounds: the share of `maxIterations` done. */
  | { id: number; progress: number; positions?: undefined; error?: undefined }
  | {
      id: number;
      positions: Record<string, { x: number; y: number }>;
      iterations: number;
      ms: number;
      progress?: undefined;
      error?: undefined;
    }
  | { id: number; error: string; positions?: undefined; progress?: undefined };
