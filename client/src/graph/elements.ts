// What is on show and how elements rank: the canvas's rules for reading its own elements, shared
// by its parts (no ':visible', which computes every element's style; classes decide).
import type { CollectionReturnValue, Core, NodeSingular, SingularElementArgument } from 'cytoscape';

/** Filtered out or hidden by the analyst (the classes the style sheet draws as display: none). */
export const isOff = (el: SingularElementArgument): boolean =>
  el.hasClass('filtered') || el.hasClass('hidden');

/**
 * What is on show: elements not filtered or hidden, and edges whose both ends are. The same as
 * Cytoscape's ':visible' for this app's style sheet, without computing every element's style
 * (which makes ':visible' take hundreds of milliseconds at ten thousand elements).
 */
export function shownElements(cy: Core): CollectionReturnValue {
  const nodes = cy.nodes().filter((n) => !isOff(n));
  const edges = cy.edges().filter((e) => !isOff(e) && !isOff(e.source()) && !isOff(e.target()));
  return nodes.union(edges);
}

/** Nodes, best-connected first. */
export function byDegree(nodes: Iterable<NodeSingular>): NodeSingular[] {
  return [...nodes]
    .map((node) => ({ node, degree: node.degree(false) }))
    .sort((a, b) => b.degree - a.degree)
    .map((r) => r.node);
}

/**
 * The canvas's nodes best-connected first, sorted once per change of content (degrees change only
 * when elements are added or removed), for the parts that name the best-connected nodes: level of
 * detail and landmarks ask on every selection change, and sorting 3k nodes twice a click showed.
 */
export class DegreeRanking {
  private ranked: NodeSingular[] | undefined;

  constructor(private readonly cy: Core) {
    cy.on('add remove', () => (this.ranked = undefined));
  }

  /** Best-connected first; removed nodes never appear (the list is dropped on every removal). */
  nodes(): NodeSingular[] {
    return (this.ranked ??= byDegree(this.cy.nodes()));
  }
}

/**
 * `run` once at the end of this task however often it is asked (selection fires an event per
 * element): a microtask, so the work lands before the next frame and the change paints once.
 */
export function oncePerTask(run: () => void): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      run();
    });
  };
}

/** A node's drawn size for its degree: the area grows with it, capped so hubs stay readable. */
export const nodeSize = (degree: number): number => Math.min(72, 20 + 7 * Math.sqrt(degree));
