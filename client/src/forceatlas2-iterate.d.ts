// graphology-layout-forceatlas2's single iteration on its flat matrices (the package declares only
// its graphology entry points); multilevel-layout.ts builds the matrices itself.
declare module 'graphology-layout-forceatlas2/iterate.js' {
  /** One ForceAtlas2 iteration: moves the nodes in `nodes` (10 values per node) in place. */
  export default function iterate(
    settings: Record<string, number | boolean>,
    nodes: Float32Array,
    edges: Float32Array,
  ): void;
}
