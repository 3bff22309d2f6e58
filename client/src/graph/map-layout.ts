// The map layout's positions: places (nodes with `lng`/`lat` in their data) at their point on the
// basemap, everything else near what it is linked to, no two nodes overlapping. Run as Cytoscape's
// `preset` layout with these positions (layouts.ts), so it animates like any other layout.
import type { NodeCollection, NodeSingular } from 'cytoscape';
import { byDegree } from './elements';
import { project } from './projection';

type Point = { x: number; y: number };

/** Room kept around a node besides its disc: its name under it and a little air. */
const GAP = 14;
const GOLDEN_ANGLE = 2.399963229728653;
/** The spiral a node walks out along until it finds a free spot. */
const SPIRAL_STEP = 9;
const MAX_TRIES = 4000;

/** Discs already placed, in a uniform grid so a collision check looks at a few cells only. */
class Occupancy {
  private readonly cells = new Map<string, { p: Point; r: number }[]>();
  constructor(private readonly cell: number) {}

  private key(x: number, y: number): string {
    return `${Math.floor(x / this.cell)},${Math.floor(y / this.cell)}`;
  }

  free(p: Point, r: number): boolean {
    const reach = Math.ceil((r * 2) / this.cell);
    const cx = Math.floor(p.x / this.cell);
    const cy = Math.floor(p.y / this.cell);
    for (let i = cx - reach; i <= cx + reach; i++)
      for (let j = cy - reach; j <= cy + reach; j++)
        for (const other of this.cells.get(`${i},${j}`) ?? [])
          if (Math.hypot(other.p.x - p.x, other.p.y - p.y) < other.r + r) return false;
    return true;
  }

  add(p: Point, r: number): void {
    const key = this.key(p.x, p.y);
    this.cells.set(key, [...(this.cells.get(key) ?? []), { p, r }]);
  }
}

const radiusOf = (node: NodeSingular): number => Number(node.data('size') ?? 30) / 2 + GAP;

/** The first free spot on a spiral out from `ideal` (the ideal itself when it is free). */
function settle(occupied: Occupancy, ideal: Point, r: number): Point {
  for (let i = 0; i < MAX_TRIES; i++) {
    const distance = SPIRAL_STEP * Math.sqrt(i);
    const p = {
      x: ideal.x + distance * Math.cos(i * GOLDEN_ANGLE),
      y: ideal.y + distance * Math.sin(i * GOLDEN_ANGLE),
    };
    if (occupied.free(p, r)) return p;
  }
  return ideal;
}

const placeOf = (node: NodeSingular): Point | undefined => {
  const [lng, lat] = [node.data('lng') as unknown, node.data('lat') as unknown];
  return typeof lng === 'number' && typeof lat === 'number' ? project(lng, lat) : undefined;
};

/**
 * Positions for `nodes`: places first (best-connected first, so hubs keep their exact point),
 * then outward through the links, each node next to a neighbour already placed;
 * what is linked to no place at all goes in rows under the map.
 */
export function mapPositions(nodes: NodeCollection): Map<string, Point> {
  const positions = new Map<string, Point>();
  const occupied = new Occupancy(48);
  const put = (node: NodeSingular, ideal: Point) => {
    const r = radiusOf(node);
    const p = settle(occupied, ideal, r);
    occupied.add(p, r);
    positions.set(node.id(), p);
  };
  const ids = new Set(nodes.map((n) => n.id()));
  let frontier: NodeSingular[] = [];
  for (const node of byDegree(nodes)) {
    const place = placeOf(node);
    if (place) {
      put(node, place);
      frontier.push(node);
    }
  }
  // Breadth-first from the places: each ring of neighbours sits around what it hangs on.
  while (frontier.length) {
    const next = new Map<string, NodeSingular>();
    for (const node of frontier)
      node.neighborhood('node').forEach((n) => {
        if (ids.has(n.id()) && !positions.has(n.id())) next.set(n.id(), n);
      });
    const ring = byDegree(next.values());
    for (const node of ring) {
      // Next to the most specific of what it hangs on (the fewest links: a park by its zone, not by
      // the hub the zone also links to); a mean of far-apart places would put it between them.
      const anchor = byDegree(node.neighborhood('node').filter((n) => positions.has(n.id()))).at(-1)!;
      put(node, positions.get(anchor.id())!);
    }
    frontier = ring;
  }
  // No path to any place: rows below the southern edge of the map (lat 34.2), left to right.
  const rest = byDegree(nodes).filter((n) => !positions.has(n.id()));
  const start = project(115, 34.2);
  const perRow = Math.max(1, Math.ceil(Math.sqrt(rest.length * 2)));
  rest.forEach((node, i) => {
    put(node, { x: start.x + (i % perRow) * 90, y: start.y + Math.floor(i / perRow) * 90 });
  });
  return positions;
}
