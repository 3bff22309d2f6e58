/// <reference lib="dom" />
// Stands in for the 'cytoscape' module in the benchmark page only (a Vite alias in bench/browser.ts):
// every cytoscape({...}) call gets the renderer the page asked for, so the app's own GraphCanvas
// can be measured with the canvas renderer and with its WebGL mode without changing its code.
import type { CytoscapeOptions } from 'cytoscape';
import cytoscape from 'cytoscape/dist/cytoscape.esm.mjs';

declare global {
  // Set by main.ts before it builds a GraphCanvas: the renderer, and options laid over the app's.
  var benchRenderer: Record<string, unknown> | undefined;
  var benchOptions: Partial<CytoscapeOptions> | undefined;
}

type Factory = typeof cytoscape;

const wrapped = ((...args: unknown[]) => {
  const [first] = args;
  // cytoscape(options) builds a graph; any other call (cytoscape('layout', name, impl)) registers an extension.
  if (args.length === 1 && first && typeof first === 'object') {
    return cytoscape({
      ...(first as CytoscapeOptions),
      ...globalThis.benchOptions,
      ...(globalThis.benchRenderer ? { renderer: globalThis.benchRenderer } : {}),
    } as CytoscapeOptions);
  }
  return (cytoscape as unknown as (...a: unknown[]) => unknown)(...args);
}) as unknown as Factory;

export default Object.assign(wrapped, cytoscape);
