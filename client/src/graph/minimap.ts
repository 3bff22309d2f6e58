// The minimap: dots for what is on show, a rectangle for the viewport; a click moves there. The dots
// are drawn once per change of the graph into an offscreen layer; a pan only redraws the rectangle.
import type { Core } from 'cytoscape';
import { shownElements } from './elements';

/** Below this many nodes on show the graph fits comfortably and the minimap stays hidden. */
const MINIMAP_MIN_NODES = 30;

export function attachMinimap(cy: Core, canvas: HTMLCanvasElement): void {
  const ctx = canvas.getContext('2d');
  const dots = document.createElement('canvas');
  const dotsCtx = dots.getContext('2d');
  if (!ctx || !dotsCtx) return;
  dots.width = canvas.width;
  dots.height = canvas.height;
  let scheduled = false;
  let graphChanged = true;
  let transform = { scale: 1, x: 0, y: 0 };
  const drawDots = () => {
    const nodes = shownElements(cy).nodes();
    dotsCtx.clearRect(0, 0, dots.width, dots.height);
    canvas.hidden = nodes.length < MINIMAP_MIN_NODES;
    if (canvas.hidden) return;
    const bb = nodes.boundingBox({ includeLabels: false });
    const scale = Math.min(canvas.width / Math.max(bb.w, 1), canvas.height / Math.max(bb.h, 1)) * 0.9;
    transform = {
      scale,
      x: (canvas.width - bb.w * scale) / 2 - bb.x1 * scale,
      y: (canvas.height - bb.h * scale) / 2 - bb.y1 * scale,
    };
    dotsCtx.fillStyle = '#7a869a';
    nodes.forEach((n) => {
      const p = n.position();
      dotsCtx.fillRect(p.x * scale + transform.x - 1, p.y * scale + transform.y - 1, 2, 2);
    });
  };
  const draw = () => {
    scheduled = false;
    if (graphChanged) drawDots();
    graphChanged = false;
    if (canvas.hidden) return;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(dots, 0, 0);
    const { scale } = transform;
    const ext = cy.extent();
    ctx.strokeStyle = '#1a56db';
    ctx.lineWidth = 1.5;
    ctx.strokeRect(ext.x1 * scale + transform.x, ext.y1 * scale + transform.y, ext.w * scale, ext.h * scale);
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(draw);
    }
  };
  cy.on('add remove position layoutstop style class', () => {
    graphChanged = true;
    schedule();
  });
  cy.on('viewport', schedule);
  canvas.addEventListener('click', (event) => {
    const rect = canvas.getBoundingClientRect();
    const x = (event.clientX - rect.left - transform.x) / transform.scale;
    const y = (event.clientY - rect.top - transform.y) / transform.scale;
    const zoom = cy.zoom();
    cy.pan({ x: cy.width() / 2 - x * zoom, y: cy.height() / 2 - y * zoom });
  });
  schedule();
}
