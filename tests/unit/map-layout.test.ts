// The map layout's positions (client/src/graph/map-layout.ts) on a fresh headless Cytoscape per
// case: places at their projected point, no overlaps, the rest beside what they hang on; and the
// basemap's export markup (basemap.ts) beneath the graph.
import cytoscape, { type ElementDefinition } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { basemapSvg, underGraph } from '../../client/src/graph/basemap';
import { mapPositions } from '../../client/src/graph/map-layout';
import { project } from '../../client/src/graph/projection';

const node = (id: string, at?: [number, number]): ElementDefinition => ({
  group: 'nodes',
  data: { id, size: 30, ...(at ? { lng: at[0], lat: at[1] } : {}) },
});
const edge = (source: string, target: string): ElementDefinition => ({
  group: 'edges',
  data: { id: `${source}-${target}`, source, target },
});
const positionsOf = (elements: ElementDefinition[]) => {
  const cy = cytoscape({ headless: true, elements });
  return mapPositions(cy.nodes());
};
const distance = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.hypot(a.x - b.x, a.y - b.y);

describe('map layout positions', () => {
  it('puts a lone place exactly at its projected point', () => {
    const at = positionsOf([node('linyi', [118.287, 35.309])]).get('linyi')!;
    expect(at).toEqual(project(118.287, 35.309));
  });

  it('spreads places that share a point so none overlaps, all close to it', () => {
    const same: [number, number] = [120.151, 36.449];
    const positions = positionsOf(['a', 'b', 'c', 'd', 'e'].map((id) => node(id, same)));
    const points = [...positions.values()];
    for (let i = 0; i < points.length; i++) {
      expect(distance(points[i]!, project(...same))).toBeLessThan(120);
      for (let j = i + 1; j < points.length; j++)
        expect(distance(points[i]!, points[j]!)).toBeGreaterThanOrEqual(30);
    }
  });

  it('puts a node that is no place beside its least-connected placed neighbour, not between far places', () => {
    const elements = [
      node('hub', [120.151, 36.449]),
      node('yanggu', [115.888, 36.459]),
      node('park'),
      node('x1'),
      node('x2'),
      edge('park', 'yanggu'),
      edge('park', 'hub'),
      edge('hub', 'yanggu'),
      edge('hub', 'x1'),
      edge('hub', 'x2'),
    ];
    const positions = positionsOf(elements);
    expect(distance(positions.get('park')!, positions.get('yanggu')!)).toBeLessThan(80);
    expect(distance(positions.get('x1')!, positions.get('hub')!)).toBeLessThan(80);
  });

  it('lays what links to no place in rows under the map', () => {
    const positions = positionsOf([
      node('q', [120.151, 36.449]),
      node('alone'),
      node('other'),
      edge('alone', 'other'),
    ]);
    const south = project(115, 34.2).y;
    expect(positions.get('alone')!.y).toBeGreaterThanOrEqual(south - 1);
    expect(positions.get('other')!.y).toBeGreaterThanOrEqual(south - 1);
    expect(distance(positions.get('alone')!, positions.get('other')!)).toBeGreaterThanOrEqual(30);
  });
});

describe('the basemap in exports', () => {
  it('draws every division, names in the language asked, beneath the graph after the background', () => {
    const layer = basemapSvg('en', 2, { x: 10, y: 20 });
    expect(layer.match(/<path /g)).toHaveLength(17);
    expect(layer).toContain('>Liaocheng</text>');
    expect(layer).toContain('transform="translate(10 20) scale(2)"');
    const graph =
      '<svg width="10" height="10"><defs/><g><rect fill="#ffffff" x="0"/><path d="M0 0"/></g></svg>';
    const merged = underGraph(graph, layer);
    expect(merged.indexOf(layer)).toBeGreaterThan(merged.indexOf('<rect'));
    expect(merged.indexOf(layer)).toBeLessThan(merged.indexOf('<path d="M0 0"'));
    expect(underGraph('<svg width="1"><g/></svg>', '<g class="basemap"/>')).toBe(
      '<svg width="1"><g class="basemap"/><g/></svg>',
    );
  });
});
