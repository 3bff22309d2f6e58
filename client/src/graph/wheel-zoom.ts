// Owns what a mouse wheel does on the canvas: one notch zooms by ZOOM_PER_NOTCH about the pointer,
// as map and graph tools do (Cytoscape's own step is about 4.5 % a notch, so crossing from a fitted
// overview to readable names took some twenty notches). Trackpads send many small deltas: the
// factor follows the delta, so a gentle swipe zooms gently.
import type { Core } from 'cytoscape';

export const ZOOM_PER_NOTCH = 1.25;
/** What one wheel notch reports in pixels (deltaMode 0) in Chromium and Firefox. */
const NOTCH_PX = 100;

export function attachWheelZoom(cy: Core, container: HTMLElement): void {
  // Cytoscape's own zooming stays on for pinch gestures; the wheel is handled here, before it.
  cy.userZoomingEnabled(true);
  window.addEventListener(
    'wheel',
    (event) => {
      if (!(event.target instanceof Node) || !container.contains(event.target)) return;
      event.preventDefault();
      event.stopPropagation(); // Cytoscape's handler on the container does not see it
      const px =
        event.deltaMode === 1 ? event.deltaY * 33 : event.deltaMode === 2 ? event.deltaY * 400 : event.deltaY;
      const factor = Math.pow(ZOOM_PER_NOTCH, -px / NOTCH_PX);
      const box = container.getBoundingClientRect();
      const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
      if (level === cy.zoom()) return;
      cy.zoom({ level, renderedPosition: { x: event.clientX - box.left, y: event.clientY - box.top } });
    },
    { capture: true, passive: false },
  );
}
