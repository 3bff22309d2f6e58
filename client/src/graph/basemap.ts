// The basemap under the map layout: Shandong and its prefecture cities from the GeoJSON shipped
// with the app (basemap-shandong.json, built by scripts/build-places.ts; attribution in
// graph-seed/places/README.md), no tiles and no network. It draws an SVG layer beneath
// Cytoscape's canvases that follows pan and zoom, and the same boundaries into SVG and PNG exports.
import type { Core } from 'cytoscape';
import type { Lang } from '../i18n';
import data from './basemap-shandong.json';
import { project } from './projection';

type Ring = [number, number][];

interface BasemapFeature {
  properties: {
    code: string;
    name: string;
    nameEn: string;
    level: 'province' | 'prefecture';
    label: [number, number];
  };
  geometry: { type: 'MultiPolygon'; coordinates: Ring[][] };
}

/** The shipped boundaries as GeoJSON (the browser tests read the same file for point-in-polygon). */
export const BASEMAP = data as unknown as { attribution: string; features: BasemapFeature[] };

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Names stay this size on screen at any zoom. */
const NAME_PX = 13;

// The look, as data: prefectures filled and thinly outlined, the province outlined over them.
const LOOK = {
  prefecture: { fill: '#e8eef5', stroke: '#a7b8cb', width: 0.8 },
  province: { fill: 'none', stroke: '#6a84a0', width: 1.6 },
  name: {
    fill: '#6f8298',
    font: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif',
  },
} as const;

const pathOf = (polygons: Ring[][]): string =>
  polygons
    .flatMap((rings) =>
      rings.map(
        (ring) =>
          'M' +
          ring
            .map(([lng, lat]) => {
              const { x, y } = project(lng, lat);
              return `${Math.round(x * 10) / 10} ${Math.round(y * 10) / 10}`;
            })
            .join('L') +
          'Z',
      ),
    )
    .join('');

/** Prefectures first (filled), then the province outline on top; names last. */
const SHAPES = [...BASEMAP.features]
  .sort((a, b) =>
    a.properties.level === b.properties.level ? 0 : a.properties.level === 'prefecture' ? -1 : 1,
  )
  .map((f) => ({ ...f.properties, d: pathOf(f.geometry.coordinates), at: project(...f.properties.label) }));
const NAMED = SHAPES.filter((s) => s.level === 'prefecture');

const nameIn = (shape: (typeof SHAPES)[number], lang: Lang): string =>
  lang === 'zh' || !shape.nameEn
    ? shape.name
    : lang === 'en'
      ? shape.nameEn
      : `${shape.name} ${shape.nameEn}`;

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * The boundaries and names as SVG markup in model coordinates, for a picture that maps model
 * point p to `p * scale + offset`; strokes and names keep their size in that picture's pixels.
 */
export function basemapSvg(lang: Lang, scale: number, offset: { x: number; y: number }): string {
  const shapes = SHAPES.map((s) => {
    const look = LOOK[s.level];
    return `<path d="${s.d}" fill="${look.fill}" stroke="${look.stroke}" stroke-width="${look.width / scale}" stroke-linejoin="round" data-code="${s.code}"/>`;
  }).join('');
  const names = NAMED.map(
    (s) =>
      `<text x="${s.at.x}" y="${s.at.y}" font-size="${NAME_PX / scale}" text-anchor="middle" fill="${LOOK.name.fill}" font-family='${LOOK.name.font}' data-code="${s.code}">${escapeXml(nameIn(s, lang))}</text>`,
  ).join('');
  return `<g class="basemap" transform="translate(${offset.x} ${offset.y}) scale(${scale})">${shapes}${names}</g>`;
}

/**
 * `layer` put into cytoscape-svg's picture beneath the graph: right after the white background it
 * draws first (a `<rect>`), or first of all when there is none.
 */
export function underGraph(svg: string, layer: string): string {
  const background = /<rect [^>]*fill="#ffffff"[^>]*\/>/i.exec(svg);
  if (!background) return svg.replace(/(<svg[^>]*>)/, `$1${layer}`);
  const end = background.index + background[0].length;
  return svg.slice(0, end) + layer + svg.slice(end);
}

/** Draws the boundaries and names onto a 2D context whose transform maps model → picture pixels. */
export function drawBasemap(ctx: CanvasRenderingContext2D, lang: Lang, scale: number): void {
  ctx.lineJoin = 'round';
  for (const s of SHAPES) {
    const look = LOOK[s.level];
    const path = new Path2D(s.d);
    if (look.fill !== 'none') {
      ctx.fillStyle = look.fill;
      ctx.fill(path);
    }
    ctx.strokeStyle = look.stroke;
    ctx.lineWidth = look.width / scale;
    ctx.stroke(path);
  }
  ctx.fillStyle = LOOK.name.fill;
  ctx.textAlign = 'center';
  ctx.font = `${NAME_PX / scale}px ${LOOK.name.font}`;
  for (const s of NAMED) ctx.fillText(nameIn(s, lang), s.at.x, s.at.y);
}

/** The live layer under the graph. Hidden unless the layout draws it (layouts.ts `basemap`). */
export class Basemap {
  readonly #svg: SVGSVGElement;
  #lang: Lang = 'zh';
  #shown = false;

  constructor(
    private readonly cy: Core,
    container: HTMLElement,
  ) {
    this.#svg = document.createElementNS(SVG_NS, 'svg');
    this.#svg.setAttribute('class', 'basemap-layer');
    this.#svg.setAttribute('aria-hidden', 'true');
    // Under Cytoscape's own layer (position: relative, z-index 0, appended after this one).
    Object.assign(this.#svg.style, {
      position: 'absolute',
      inset: '0',
      width: '100%',
      height: '100%',
      zIndex: '0',
      pointerEvents: 'none',
      display: 'none',
    });
    container.prepend(this.#svg);
    cy.on('viewport resize', () => this.#follow());
  }

  get shown(): boolean {
    return this.#shown;
  }

  get lang(): Lang {
    return this.#lang;
  }

  set shown(shown: boolean) {
    if (shown === this.#shown) return;
    this.#shown = shown;
    this.#svg.style.display = shown ? '' : 'none';
    this.#render();
  }

  setLang(lang: Lang): void {
    this.#lang = lang;
    this.#render();
  }

  /** Markup is rebuilt only when shown or the language changes; a pan or zoom moves it. */
  #render(): void {
    if (!this.#shown) return;
    this.#svg.innerHTML = basemapSvg(this.#lang, 1, { x: 0, y: 0 });
    this.#svg
      .querySelectorAll('path')
      .forEach((path) => path.setAttribute('vector-effect', 'non-scaling-stroke'));
    this.#follow();
  }

  #follow(): void {
    if (!this.#shown) return;
    const group = this.#svg.firstElementChild;
    if (!group) return;
    const zoom = this.cy.zoom();
    const pan = this.cy.pan();
    group.setAttribute('transform', `translate(${pan.x} ${pan.y}) scale(${zoom})`);
    // Names keep their screen size at any zoom (lines do by vector-effect, set in #render).
    group.querySelectorAll('text').forEach((text) => text.setAttribute('font-size', String(NAME_PX / zoom)));
  }
}
