// The type palette (client/src/graph/palette.ts): every pair of the dataset's type colours is far
// apart in CIE76 ΔE, every type has a glyph of its own, and the glyph's ink contrasts with its colour.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  colourFor,
  glyphFor,
  glyphInk,
  glyphSvg,
  KNOWN_TYPES,
  TYPE_PALETTE,
} from '../../client/src/graph/palette';

/** sRGB hex → CIELAB (D65), the textbook conversion. */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
const deltaE76 = (a: string, b: string) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]!));

const dataset = JSON.parse(fs.readFileSync('graph-seed/datasets/qingdao-2023-11-20.json', 'utf8')) as {
  nodeTypes: { label: string; color?: string }[];
};
const types = dataset.nodeTypes.map((t) => t.label);

/** Relative luminance and WCAG contrast, to check the glyph reads on its colour. */
const lum = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

describe('the type palette', () => {
  it('gives each of the dataset’s 18 types a palette colour of its own', () => {
    expect(types).toHaveLength(18);
    expect(KNOWN_TYPES.sort()).toEqual([...types].sort());
    const colours = types.map((t) => colourFor(t));
    expect(new Set(colours).size).toBe(18);
    for (const c of colours) expect(TYPE_PALETTE).toContain(c);
  });

  it('keeps every pair of type colours at least 15 apart in CIE76 ΔE', () => {
    const pairs: [string, string, number][] = [];
    for (let i = 0; i < types.length; i++)
      for (let j = i + 1; j < types.length; j++) {
        const [a, b] = [types[i]!, types[j]!];
        pairs.push([a, b, deltaE76(colourFor(a), colourFor(b))]);
      }
    const closest = pairs.sort((x, y) => x[2] - y[2])[0]!;
    expect(closest[2], `${closest[0]} vs ${closest[1]}`).toBeGreaterThanOrEqual(15);
  });

  it('separates the types the old colours confused', () => {
    for (const group of [
      ['Zone', 'Park', 'ParkSection'],
      ['Event', 'Platform', 'Product'],
      ['Organisation', 'IndustryChain'],
    ])
      for (const a of group)
        for (const b of group)
          if (a < b) expect(deltaE76(colourFor(a), colourFor(b)), `${a}/${b}`).toBeGreaterThan(25);
  });

  it('gives every type a distinct glyph whose ink contrasts with its colour', () => {
    const glyphs = types.map((t) => JSON.stringify(glyphFor(t)));
    expect(new Set(glyphs).size).toBe(types.length);
    for (const t of types) {
      const colour = colourFor(t);
      expect(contrast(glyphInk(colour), colour), t).toBeGreaterThanOrEqual(3);
      expect(glyphSvg(t, '#fff')).toMatch(/^<svg [^>]*width="24"[^>]*>.*<(path|circle|rect|line|polyline)\b/);
    }
  });

  it('still colours a type the dataset adds later, from the palette or its own hint', () => {
    expect(TYPE_PALETTE).toContain(colourFor('Harbour'));
    expect(colourFor('Harbour', '#123456')).toBe('#123456');
  });

  it('gives a type added later a glyph no known type has, the same in every session', () => {
    const known = new Set(types.map((t) => JSON.stringify(glyphFor(t))));
    const later = ['Harbour', 'LogisticsPark', 'Fund', 'Port', 'Warehouse2'];
    for (const t of later) {
      expect(known.has(JSON.stringify(glyphFor(t))), t).toBe(false);
      expect(glyphFor(t)).toBe(glyphFor(t));
    }
    // Several later types on one screen are told apart by their glyph, their colour or both.
    const looks = later.map((t) => `${colourFor(t)} ${JSON.stringify(glyphFor(t))}`);
    expect(new Set(looks).size).toBe(later.length);
  });
});
