// Exports of what is on the canvas (PNG, SVG, JSON, CSV) and of a whole story (one offline HTML file).
import { h } from '../dom';
import type { EdgeView, GraphCanvas, NodeView } from '../graph/canvas';
import { renderMarkdown } from '../markdown';
import { refOf, sourcesFor } from '../sources';

// Chromium refuses canvases beyond these; other browsers are stricter still about area.
export const MAX_CANVAS_SIDE = 16_384;
export const MAX_CANVAS_AREA = 16_384 * 16_384;

export class ExportError extends Error {}

/**
 * Saves `content` as a file. Content may still be coming (exports that fetch sources first); the
 * returned promise settles when the file was handed to the browser.
 */
export function download(
  name: string,
  content: Blob | string | Promise<Blob | string>,
  type = 'text/plain',
): Promise<void> {
  if (content instanceof Promise) return content.then((ready) => download(name, ready, type));
  const blob = typeof content === 'string' ? new Blob([content], { type: `${type};charset=utf-8` }) : content;
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return Promise.resolve();
}

/** Pixel size of a full-graph PNG at `scale`, or an ExportError saying which scale would fit. */
export function pngSize(
  bb: { w: number; h: number },
  scale: number,
  ratio = window.devicePixelRatio || 1,
): { width: number; height: number } {
  const width = Math.ceil(bb.w * scale * ratio);
  const height = Math.ceil(bb.h * scale * ratio);
  if (width > MAX_CANVAS_SIDE || height > MAX_CANVAS_SIDE || width * height > MAX_CANVAS_AREA) {
    const fit = Math.min(
      MAX_CANVAS_SIDE / (bb.w * ratio),
      MAX_CANVAS_SIDE / (bb.h * ratio),
      Math.sqrt(MAX_CANVAS_AREA / (bb.w * bb.h * ratio * ratio)),
    );
    throw new ExportError(
      `A ${scale}× image would be ${width}×${height} pixels, beyond what the browser can draw (${MAX_CANVAS_SIDE} per side). Choose a scale of ${Math.floor(fit * 10) / 10}× or less, or export SVG.`,
    );
  }
  return { width, height };
}

export async function exportPng(
  canvas: GraphCanvas,
  scale: number,
  name = 'graph.png',
): Promise<{ width: number; height: number }> {
  const size = pngSize(canvas.shownBoundingBox(), scale);
  download(name, await canvas.png(scale));
  return size;
}

export function exportSvg(canvas: GraphCanvas, name = 'graph.svg'): Promise<void> {
  return download(name, canvas.svg(), 'image/svg+xml');
}

export const ELEMENTS_FORMAT = 'kg-explorer/elements@1';

/**
 * The visible subgraph with all data, sources and positions; importElements reads it back. What is
 * visible is taken now; the sources (not part of graph answers) are fetched before writing.
 */
export async function elementsJson(canvas: Pick<GraphCanvas, 'shownNodes' | 'shownEdges'>): Promise<string> {
  const nodes = canvas.shownNodes().map((n) => ({ data: strip(n.data), position: { ...n.position } }));
  const edges = canvas.shownEdges().map((e) => ({ data: strip(e.data) }));
  const found = await sourcesFor([...nodes, ...edges].map((el) => refOf(el.data)));
  for (const el of [...nodes, ...edges]) el.data.sources = found.get(String(el.data.id)) ?? [];
  return JSON.stringify(
    { format: ELEMENTS_FORMAT, exportedAt: new Date().toISOString(), elements: { nodes, edges } },
    null,
    2,
  );
}

/** Display-only fields computed by the canvas are not part of the data. */
function strip(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { label: _label, size: _size, ...rest } = data;
  return rest;
}

const csvCell = (value: unknown): string => {
  const text =
    value === undefined || value === null ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
const csv = (header: string[], rows: unknown[][]) =>
  [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** Quotes of each element, by id, fetched for what is visible now. */
async function quotesOf(
  elements: { data: Readonly<Record<string, unknown>> }[],
): Promise<Map<string, string[]>> {
  const found = await sourcesFor(elements.map((el) => refOf(el.data)));
  return new Map([...found].map(([id, sources]) => [id, sources.map((s) => s.quote)]));
}

/** The nodes on show as CSV, their quotes fetched first. */
export async function nodesCsv(nodes: NodeView[]): Promise<string> {
  const rows = nodes.map((n) => [
    n.id,
    n.data.type,
    n.data.name,
    n.data.nameEn,
    n.data.aliases,
    Math.round(n.position.x),
    Math.round(n.position.y),
  ]);
  const quotes = await quotesOf(nodes);
  return csv(
    ['id', 'type', 'name', 'nameEn', 'aliases', 'x', 'y', 'sources'],
    rows.map((row) => [...row, quotes.get(String(row[0])) ?? []]),
  );
}

/** The edges on show as CSV, their quotes fetched first. */
export async function edgesCsv(edges: EdgeView[]): Promise<string> {
  const rows = edges.map((e) => [e.id, e.source, e.target, e.data.type]);
  const quotes = await quotesOf(edges);
  return csv(
    ['id', 'source', 'target', 'type', 'sources'],
    rows.map((row) => [...row, quotes.get(String(row[0])) ?? []]),
  );
}

/** Parses what elementsJson wrote; throws ExportError naming what is wrong. */
export function parseElementsJson(text: string) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ExportError('The file is not JSON.');
  }
  const doc = parsed as { format?: string; elements?: { nodes?: unknown[]; edges?: unknown[] } };
  if (
    doc.format !== ELEMENTS_FORMAT ||
    !Array.isArray(doc.elements?.nodes) ||
    !Array.isArray(doc.elements?.edges)
  ) {
    throw new ExportError(`The file is not an export of this explorer (format ${ELEMENTS_FORMAT}).`);
  }
  return doc.elements as {
    nodes: { data: { id: string; [k: string]: unknown }; position?: { x: number; y: number } }[];
    edges: { data: { id: string; source: string; target: string; [k: string]: unknown } }[];
  };
}

// ---- the offline story -------------------------------------------------------------------------

export interface RenderedStep {
  caption: string;
  narration: string;
  svg: string;
  sources: { name: string; quote: string }[];
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The exported story's only script: step through the sections with buttons and keys. */
export const STORY_SCRIPT = `
(function(){var steps=document.querySelectorAll('.step'),i=0;
function show(n){i=Math.max(0,Math.min(steps.length-1,n));steps.forEach(function(s,k){s.hidden=k!==i});document.body.dataset.step=String(i);}
document.getElementById('next').onclick=function(){show(i+1)};document.getElementById('prev').onclick=function(){show(i-1)};
document.addEventListener('keydown',function(e){if(['ArrowRight',' ','PageDown'].indexOf(e.key)>=0){e.preventDefault();show(i+1)}
else if(['ArrowLeft','PageUp'].indexOf(e.key)>=0){e.preventDefault();show(i-1)}else if(e.key==='Home')show(0);else if(e.key==='End')show(steps.length-1);});
show(0);})();
`;
/** SHA-256 of STORY_SCRIPT, base64; tests/unit/story-export.test.ts recomputes it, so an edit to the script that forgets this fails. */
export const STORY_SCRIPT_SHA256 = 'RtIx6Z3AeRbC9OTHMrBmrxUE1GK6nW1mfODKJNNZNtA=';
/**
 * The exported file's policy: nothing from the network (no fetch, no remote image, no font), only
 * the one script above by its hash, inline styles for the SVG pictures, images as data: URLs.
 */
export const STORY_CSP = [
  "default-src 'none'",
  `script-src 'sha256-${STORY_SCRIPT_SHA256}'`,
  "style-src 'unsafe-inline'",
  'img-src data:',
  'font-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "connect-src 'none'",
].join('; ');

/**
 * One self-contained HTML file: every step's picture (SVG), caption, narration and sources, with the
 * same keys as presentation mode. No network, no external script; works from file://.
 */
export function storyHtml(title: string, steps: RenderedStep[]): string {
  const sections = steps
    .map(
      (
        step,
        i,
      ) => `<section class="step" data-step="${i}" aria-label="${i + 1} / ${steps.length}"${i ? ' hidden' : ''}>
<div class="picture">${step.svg.replace(/<\?xml[^>]*>/, '').replace(/<!DOCTYPE[^>]*>/i, '')}</div>
<div class="text"><p class="counter">${i + 1} / ${steps.length}</p><h2>${escapeHtml(step.caption)}</h2>
<div class="narration">${renderMarkdown(step.narration)}</div>
${step.sources.length ? `<details><summary>Sources · 来源 (${step.sources.length})</summary><ul>${step.sources.map((s) => `<li><b>${escapeHtml(s.name)}</b>: “${escapeHtml(s.quote)}”</li>`).join('')}</ul></details>` : ''}
</div></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${STORY_CSP}"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
html,body{margin:0;height:100%;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;background:#f6f7f9;color:#1d2433}
header{display:flex;align-items:center;gap:12px;padding:8px 16px;background:#fff;border-bottom:1px solid #dfe3ea}
header h1{font-size:16px;margin:0;flex:1}
button{font:inherit;border:1px solid #dfe3ea;background:#fff;border-radius:6px;padding:4px 12px;cursor:pointer}
.step{display:grid;grid-template-columns:1fr 360px;height:calc(100% - 50px);animation:fade .5s ease}
.step[hidden]{display:none}
.picture{display:flex;align-items:center;justify-content:center;overflow:hidden;background:#fff}
.picture svg{max-width:100%;max-height:100%;height:auto}
.text{padding:16px 20px;overflow:auto;border-left:1px solid #dfe3ea;background:#fff}
.counter{color:#5b6475;font-size:12px}
@keyframes fade{from{opacity:0}to{opacity:1}}
</style></head><body>
<header><h1>${escapeHtml(title)}</h1><button id="prev" aria-label="Previous step">◀</button><button id="next" aria-label="Next step">▶</button></header>
${sections}
<script>${STORY_SCRIPT}</script></body></html>`;
}
