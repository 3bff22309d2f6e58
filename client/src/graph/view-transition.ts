// Saved views on the canvas: capturing the arrangement (positions and viewport) and moving to a
// saved one with fades and glides.
import type { Core, ElementDefinition } from 'cytoscape';

export interface CapturedArrangement {
  nodes: { id: string; x: number; y: number }[];
  edges: string[];
  zoom: number;
  pan: { x: number; y: number };
}

export interface TargetArrangement {
  positions: Map<string, { x: number; y: number }>;
  edges: Set<string>;
  zoom: number;
  pan: { x: number; y: number };
}

/** Positions of every node (to a tenth of a pixel) and the viewport. */
export function captureArrangement(cy: Core): CapturedArrangement {
  return {
    nodes: cy.nodes().map((n) => ({
      id: n.id(),
      x: Math.round(n.position('x') * 10) / 10,
      y: Math.round(n.position('y') * 10) / 10,
    })),
    edges: cy.edges().map((e) => e.id()),
    zoom: cy.zoom(),
    pan: { ...cy.pan() },
  };
}

/** Cytoscape animations as promises (its typings of animate() are narrower than what it accepts). */
function animate(
  target: { animate(options: unknown): unknown; length?: number },
  properties: Record<string, unknown>,
  duration: number,
): Promise<void> {
  // An empty collection never calls `complete`, and a removed element may not either: never wait
  // longer than the animation itself.
  if (target.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, duration + 250);
    target.animate({
      ...properties,
      duration,
      easing: 'ease-in-out-cubic',
      queue: false,
      complete: () => {
        clearTimeout(timer);
        resolve();
      },
    });
  });
}

/**
 * Moves the canvas to a saved arrangement: what leaves fades out, what stays glides to its saved
 * place, what arrives (from `candidates`, those wanted and not yet on the canvas) fades in where it
 * was saved, and the viewport follows. `duration` 0 jumps. `afterAdd` runs once the arrivals are
 * on the canvas and before anything moves (labels and sizes).
 */
export async function transitionTo(
  cy: Core,
  candidates: ElementDefinition[],
  target: TargetArrangement,
  duration: number,
  afterAdd: () => void,
): Promise<void> {
  const wanted = new Set([...target.positions.keys(), ...target.edges]);
  const leaving = cy.elements().filter((el) => !wanted.has(el.id()));
  const animations: Promise<unknown>[] = [];
  if (duration > 0 && leaving.nonempty()) {
    animations.push(animate(leaving, { style: { opacity: 0 } }, duration / 2).then(() => leaving.remove()));
  } else {
    leaving.remove();
  }
  const arriving = candidates
    .filter((el) => wanted.has(String(el.data.id)) && cy.getElementById(String(el.data.id)).empty())
    .map((el) =>
      el.group === 'nodes'
        ? { ...el, position: { ...(target.positions.get(String(el.data.id)) ?? { x: 0, y: 0 }) } }
        : el,
    );
  const added = cy.add(arriving);
  afterAdd();
  if (duration > 0) {
    added.style('opacity', 0);
    animations.push(
      animate(added, { style: { opacity: 1 } }, duration).then(() => added.removeStyle('opacity')),
    );
    cy.nodes()
      .difference(added)
      .forEach((node) => {
        const to = target.positions.get(node.id());
        if (to) animations.push(animate(node, { position: to }, duration));
      });
    animations.push(animate(cy, { zoom: target.zoom, pan: target.pan }, duration));
  } else {
    cy.nodes().forEach((node) => {
      const to = target.positions.get(node.id());
      if (to) node.position(to);
    });
    cy.viewport({ zoom: target.zoom, pan: target.pan });
  }
  await Promise.all(animations);
}
