// What the tests check places against: the shipped basemap's prefecture polygons (Shandong's 16).
import fs from 'node:fs';
import path from 'node:path';

type Ring = [number, number][];
const BASEMAP = JSON.parse(
  fs.readFileSync(path.resolve('client/src/graph/basemap-shandong.json'), 'utf8'),
) as { features: { properties: { code: string; name: string }; geometry: { coordinates: Ring[][] } }[] };

/** Even-odd ray casting over every ring of a MultiPolygon. */
function inside([x, y]: [number, number], polygons: Ring[][]): boolean {
  let hit = false;
  for (const ring of polygons.flat())
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
    }
  return hit;
}

/** The name of the prefecture whose polygon holds `[lng, lat]` (the province's outline left out). */
export const prefectureAt = (point: [number, number]): string | undefined =>
  BASEMAP.features.find((f) => f.properties.code !== '370000' && inside(point, f.geometry.coordinates))
    ?.properties.name;
