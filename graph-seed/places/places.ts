// Where entities are on a map: a dataset node's `lng`/`lat`, or its `place` (a division's name or
// GB/T 2260 code) looked up in the division table (divisions.json, built by
// scripts/build-places.ts; sources in README.md beside it). Pure: reads the table once, writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Division {
  code: string;
  name: string;
  nameEn?: string;
  level: 'province' | 'prefecture' | 'county';
  parent?: string;
  /** The division's point (its label point on the basemap); counties have none of their own. */
  lng?: number;
  lat?: number;
}

/** Where one entity is: its coordinates and, when they came from a division, which one. */
export interface PlacedEntity {
  lng: number;
  lat: number;
  /** The division named (its GB/T 2260 code); absent when the dataset gave coordinates. */
  placeCode?: string;
  /**
   * `coordinates`: given by the dataset; `division`: the division's own point; `parent`: the
   * point of the division it lies in (a county is shown at its prefecture's point).
   */
  precision: 'coordinates' | 'division' | 'parent';
}

export interface PlaceReport {
  placed: Map<string, PlacedEntity>;
  /** Entities whose `place` named nothing in the table, with what they named. */
  unresolved: { id: string; place: string }[];
}

const DIVISIONS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'divisions.json');

let table: { byCode: Map<string, Division>; byName: Map<string, Division[]> } | undefined;

/**
 * The short form analysts write: 阳谷县 → 阳谷, 临沂市 → 临沂, 山东省 → 山东. Only when something is
 * left (市中区 stays whole).
 */
const shortName = (name: string): string => {
  const short = name.replace(/(省|市|县|区|自治县)$/u, '');
  return short.length >= 2 ? short : name;
};

function divisions() {
  if (!table) {
    const list = (JSON.parse(fs.readFileSync(DIVISIONS_FILE, 'utf8')) as { divisions: Division[] }).divisions;
    const byName = new Map<string, Division[]>();
    const index = (key: string, d: Division) => byName.set(key, [...(byName.get(key) ?? []), d]);
    for (const d of list) {
      index(d.name, d);
      if (shortName(d.name) !== d.name) index(shortName(d.name), d);
      if (d.nameEn) index(d.nameEn.toLowerCase(), d);
    }
    table = { byCode: new Map(list.map((d) => [d.code, d])), byName };
  }
  return table;
}

const LEVEL_RANK = { province: 0, prefecture: 1, county: 2 } as const;

/**
 * The division a place names: a 6-digit code, or a name (full, short or English). A name several
 * divisions share resolves to the highest level (青岛 is the city, not a district named so), and
 * not at all when that still leaves two (e.g. two counties of one name).
 */
export function findDivision(place: string): Division | undefined {
  const { byCode, byName } = divisions();
  const key = place.trim();
  if (/^\d{6}$/.test(key)) return byCode.get(key);
  const found = byName.get(key) ?? byName.get(shortName(key)) ?? byName.get(key.toLowerCase()) ?? [];
  const top = Math.min(...found.map((d) => LEVEL_RANK[d.level]));
  const best = found.filter((d) => LEVEL_RANK[d.level] === top);
  return best.length === 1 ? best[0] : undefined;
}

/** The point of a place: its own, else its parent's (walking up until a division has one). */
export function resolvePlace(place: string): PlacedEntity | undefined {
  const division = findDivision(place);
  let d = division;
  let precision: PlacedEntity['precision'] = 'division';
  while (d) {
    if (d.lng !== undefined && d.lat !== undefined)
      return { lng: d.lng, lat: d.lat, placeCode: division!.code, precision };
    d = d.parent ? divisions().byCode.get(d.parent) : undefined;
    precision = 'parent';
  }
  return undefined;
}

/** Places every entity that gives coordinates or a place; reports those whose place is unknown. */
export function placeEntities(
  nodes: { id: string; lng?: number | undefined; lat?: number | undefined; place?: string | undefined }[],
): PlaceReport {
  const placed = new Map<string, PlacedEntity>();
  const unresolved: PlaceReport['unresolved'] = [];
  for (const node of nodes) {
    if (node.lng !== undefined && node.lat !== undefined) {
      const code = node.place ? findDivision(node.place)?.code : undefined;
      placed.set(node.id, {
        lng: node.lng,
        lat: node.lat,
        precision: 'coordinates',
        ...(code ? { placeCode: code } : {}),
      });
    } else if (node.place !== undefined) {
      const found = resolvePlace(node.place);
      if (found) placed.set(node.id, found);
      else unresolved.push({ id: node.id, place: node.place });
    }
  }
  return { placed, unresolved };
}
