// The SVG picture of the canvas (cytoscape-svg), with every node shape in it. Cytoscape draws its
// round polygons (round-pentagon, round-hexagon, round-diamond, round-tag, round-triangle…) as a
// run of arcs without beginning a path: on its own canvas that path is a fresh Path2D, but
// cytoscape-svg's canvas2svg context then appends the arcs to whatever element it drew last (a
// label's <text>), logs "Attempted to apply path command to node text" and loses the shape. While
// the SVG is made, each round polygon begins its own path first. cytoscape-svg is loaded on demand
// (import()), with the first export.
import cytoscape, { type Core } from 'cytoscape';

let registered: Promise<void> | undefined;
const registerSvg = () =>
  (registered ??= import('cytoscape-svg').then(({ default: extension }) => {
    cytoscape.use(extension);
  }));

type PathContext = { beginPath?: () => void };
interface Renderer {
  drawRoundPolygonPath(context: PathContext, ...rest: unknown[]): void;
}

export async function svgOf(
  cy: Core,
  options: { full: boolean; scale: number; bg: string },
): Promise<string> {
  await registerSvg();
  const renderer = (cy as unknown as { renderer(): Renderer }).renderer();
  const own = Object.hasOwn(renderer, 'drawRoundPolygonPath');
  const draw = renderer.drawRoundPolygonPath;
  renderer.drawRoundPolygonPath = function (context, ...rest) {
    context.beginPath?.();
    return draw.call(this, context, ...rest);
  };
  try {
    return (cy as unknown as { svg(o: typeof options): string }).svg(options);
  } finally {
    if (own) renderer.drawRoundPolygonPath = draw;
    else delete (renderer as Partial<Renderer>).drawRoundPolygonPath;
  }
}
