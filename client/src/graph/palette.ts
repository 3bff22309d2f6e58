// Owns how an entity type looks apart from its shape: its colour and its glyph, the same on the
// canvas, in the legend, the details, the hover card and every export.
//
// Colours are Tableau 20 (Maureen Stone's categorical palette for Tableau, ten hues each with a
// light partner), less its light grey and light pink, which sit closest to their neighbours: the 18
// left are at least 16 apart in CIE76 ΔE (tests/unit/palette.test.ts checks every pair). No palette
// of 18 colours stays distinct under every colour-vision deficiency, so each type also has a
// glyph (an icon from the Lucide set) drawn in the node: two types never share both.
// Related types (zone / park / park section; event / platform / product) take different hues.
import {
  Anchor,
  Boxes,
  Briefcase,
  Building2,
  CalendarDays,
  Circle,
  Cog,
  Construction,
  Factory,
  Flag,
  Gem,
  Globe,
  Handshake,
  Hexagon,
  Hospital,
  Landmark,
  LayoutGrid,
  Layers,
  Lightbulb,
  Link,
  Map as MapIcon,
  MapPin,
  Newspaper,
  Package,
  Plane,
  Rocket,
  School,
  ScrollText,
  Ship,
  Sprout,
  Star,
  Tag,
  Target,
  TrainFront,
  Trophy,
  Truck,
  User,
  Warehouse,
  Zap,
  createElement,
  type IconNode,
} from 'lucide';

/** The palette, in the order fallback types take it. */
export const TYPE_PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#499894', '#f1ce63', '#9d7660', '#d37295',
  '#a0cbe8', '#ffbe7d', '#8cd17d', '#86bcb6', '#ff9d9a', '#d4a6c8', '#b6992d', '#79706e', '#d7b5a6',
] as const; // prettier-ignore

/** The dataset's types (graph-seed/datasets), each with its colour and glyph. */
const KNOWN: Record<string, { colour: string; glyph: IconNode }> = {
  Article: { colour: '#79706e', glyph: Newspaper },
  Region: { colour: '#59a14f', glyph: MapPin },
  Zone: { colour: '#4e79a7', glyph: MapIcon },
  Park: { colour: '#f28e2b', glyph: Warehouse },
  ParkSection: { colour: '#86bcb6', glyph: LayoutGrid },
  Company: { colour: '#e15759', glyph: Building2 },
  Organisation: { colour: '#9d7660', glyph: Landmark },
  Policy: { colour: '#b07aa1', glyph: ScrollText },
  InnovationOutcome: { colour: '#a0cbe8', glyph: Lightbulb },
  Project: { colour: '#499894', glyph: Construction },
  Equipment: { colour: '#d7b5a6', glyph: Cog },
  Product: { colour: '#ffbe7d', glyph: Package },
  Industry: { colour: '#8cd17d', glyph: Factory },
  IndustryChain: { colour: '#b6992d', glyph: Link },
  Platform: { colour: '#d4a6c8', glyph: Layers },
  Event: { colour: '#d37295', glyph: CalendarDays },
  Person: { colour: '#ff9d9a', glyph: User },
  Award: { colour: '#f1ce63', glyph: Trophy },
};

export const KNOWN_TYPES = Object.keys(KNOWN);

const hashOf = (text: string) => {
  let hash = 0;
  for (const ch of text) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash;
};

/** A type's colour: the palette's for a known type, else the dataset's hint, else a palette slot. */
export function colourFor(type: string, declared?: string): string {
  return KNOWN[type]?.colour ?? declared ?? TYPE_PALETTE[hashOf(type) % TYPE_PALETTE.length]!;
}

/**
 * Glyphs for types an analyst declares later (a table import's, a reader form's), none of them a
 * known type's. A type takes one by its name, from a different part of the name's hash than its
 * colour, so two later types rarely share both, and a type looks the same in every session.
 */
const LATER_GLYPHS: readonly IconNode[] = [
  Anchor, Ship, Truck, TrainFront, Plane, Boxes, Briefcase, Flag, Globe, Handshake, Hospital, School,
  Sprout, Zap, Star, Hexagon, Tag, Target, Gem, Rocket,
]; // prettier-ignore

/** A type's glyph: a known type's own, else one of the later types' glyphs chosen by its name. */
export const glyphFor = (type: string): IconNode =>
  KNOWN[type]?.glyph ??
  LATER_GLYPHS[Math.floor(hashOf(type) / TYPE_PALETTE.length) % LATER_GLYPHS.length] ??
  Circle;

/** Relative luminance (WCAG), to draw the glyph in whichever of ink and white contrasts more. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const INK = '#1d2433';
export function glyphInk(background: string): string {
  const l = luminance(background);
  // WCAG contrast against white is 1.05 / (l + 0.05); against the ink, (l + 0.05) / (L(ink) + 0.05).
  return 1.05 / (l + 0.05) >= (l + 0.05) / (luminance(INK) + 0.05) ? '#ffffff' : INK;
}

const escapeAttr = (value: string | number | undefined) =>
  String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;');

/** The glyph as SVG markup, stroked in `ink`: for the canvas (an image) and for exports. */
export function glyphSvg(type: string, ink: string, size = 24): string {
  const parts = glyphFor(type)
    .map(([tag, attrs]) => {
      const list = Object.entries(attrs)
        .map(([k, v]) => `${k}="${escapeAttr(v)}"`)
        .join(' ');
      return `<${tag} ${list}/>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 24 24" ` +
    `fill="none" stroke="${ink}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${parts}</svg>`
  );
}

/** The glyph as a data URL, which Cytoscape draws as the node's background image. */
export const glyphDataUrl = (type: string, ink: string): string =>
  `data:image/svg+xml;utf8,${encodeURIComponent(glyphSvg(type, ink))}`;

/** The glyph as an element for the page (legend, details, hover card), hidden from screen readers. */
export function glyphElement(type: string, colour: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'type-glyph';
  span.setAttribute('aria-hidden', 'true');
  span.style.background = colour;
  span.append(createElement(glyphFor(type), { stroke: glyphInk(colour), width: 14, height: 14 }));
  return span;
}
