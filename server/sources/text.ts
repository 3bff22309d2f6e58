// Owns turning an analyst's document into the text the explorer stores and the sentences it reads:
// HTML reduced to its text (scripts and styles dropped), paragraphs kept, sentences segmented for
// Chinese and English. Pure: no I/O, no Neo4j.
import { Parser } from 'htmlparser2';

export type SourceFormat = 'text' | 'markdown' | 'html';

/** Elements whose content is never text a reader sees. */
const DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'svg',
  'math',
  'iframe',
  'object',
]);
/** Elements that end a paragraph where they open and where they close. */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

/**
 * The paragraphs of an HTML document, in reading order. htmlparser2 decodes entities and copes with
 * the tag soup pasted from news sites; whitespace inside a paragraph collapses as a browser shows it.
 */
export function htmlParagraphs(html: string): string[] {
  const paragraphs: string[] = [];
  let current = '';
  let dropped = 0;
  const flush = () => {
    const text = current.replace(/[\s\u00a0]+/g, ' ').trim();
    if (text) paragraphs.push(text);
    current = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (DROPPED.has(name)) dropped++;
        else if (BLOCK.has(name)) flush();
      },
      onclosetag(name) {
        if (DROPPED.has(name)) dropped = Math.max(0, dropped - 1);
        else if (BLOCK.has(name)) flush();
      },
      ontext(text) {
        if (dropped === 0) current += text;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return paragraphs;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** Joins the lines of one hard-wrapped paragraph: nothing between Chinese characters, a space otherwise. */
function unwrap(lines: string[]): string {
  let out = '';
  for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
    if (out && !(CJK.test(out.at(-1)!) && CJK.test(line[0]!))) out += ' ';
    out += line;
  }
  return out;
}

/**
 * The paragraphs of plain text or Markdown. With blank lines, a blank line separates paragraphs and
 * the lines between are one wrapped paragraph; without any, every line is a paragraph (how pasted
 * news text arrives). Markdown keeps its words: heading marks and list bullets go, nothing else.
 */
export function textParagraphs(text: string, format: 'text' | 'markdown' = 'text'): string[] {
  // Trimmed first: a trailing blank line does not make a text of single lines a text of paragraphs.
  const normal = text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .trim();
  const blocks = /\n[ \t\u3000]*\n/.test(normal)
    ? normal.split(/\n(?:[ \t\u3000]*\n)+/).map((b) => b.split('\n'))
    : normal.split('\n').map((line) => [line]);
  const cleanLine = (line: string) =>
    format === 'markdown' ? line.replace(/^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|>\s?)/, '') : line;
  return blocks.map((lines) => unwrap(lines.map(cleanLine))).filter(Boolean);
}

/** The stored text of a document: its paragraphs, one blank line between them. */
export function documentText(content: string, format: SourceFormat): string {
  const paragraphs = format === 'html' ? htmlParagraphs(content) : textParagraphs(content, format);
  return paragraphs.join('\n\n');
}

export interface Sentence {
  /** Index of its paragraph (paragraphs are separated by line breaks in the stored text). */
  paragraph: number;
  /** Offsets into the stored text: text.slice(start, end) is the sentence. */
  start: number;
  end: number;
  text: string;
}

/** Words after which an English full stop does not end a sentence. */
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof sr jr st mt inc ltd co corp dept est no nos vs etc al fig figs approx ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e u.s u.k u.n p.r.c a.m p.m gov univ'
  ).split(' '),
);
const CLOSERS = '”’"\'」』）)】》〉]';
const CHINESE_END = '。！？；…!?;';

/** True when the full stop at `dot` ends an abbreviation or an initial ("J. Smith"), not a sentence. */
function abbreviationAt(text: string, dot: number): boolean {
  const before = /([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)$/.exec(text.slice(Math.max(0, dot - 12), dot));
  if (!before) return false;
  const word = before[1]!;
  if (word.length === 1 && /[A-Z]/.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** The sentences of one paragraph, as offsets relative to it. */
function paragraphSentences(p: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  const close = (end: number) => {
    let s = start;
    while (s < end && /\s/.test(p[s]!)) s++;
    let e = end;
    while (e > s && /\s/.test(p[e - 1]!)) e--;
    if (e > s) out.push({ start: s, end: e });
    start = end;
  };
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    let end: number;
    if (CHINESE_END.includes(c)) {
      end = i + 1;
      // "……", "？！" and the like end once, after the last mark.
      while (end < p.length && CHINESE_END.includes(p[end]!)) end++;
      // An ASCII ! ? ; inside English text needs what follows to be a break, as a full stop does.
      if ('!?;'.includes(c) && end < p.length && !/[\s”’"'」』）)】》〉]/.test(p[end]!)) continue;
    } else if (c === '.') {
      end = i + 1;
      while (end < p.length && p[end] === '.') end++;
      const next = p[end];
      // "3.5", "qingdao.gov.cn": no space after it, not a sentence end.
      if (next !== undefined && !/[\s”’"'」』）)】》〉]/.test(next)) continue;
      if (abbreviationAt(p, i)) continue;
    } else continue;
    while (end < p.length && CLOSERS.includes(p[end]!)) end++;
    // English needs a space (or the end) before the next sentence; Chinese needs nothing.
    if (!CJK.test(c) && end < p.length && !/\s/.test(p[end]!) && !CJK.test(p[end]!)) continue;
    close(end);
    i = end - 1;
  }
  close(p.length);
  return out;
}

/** Every sentence of a stored text, paragraph by paragraph (a paragraph is a run of non-empty lines). */
export function segmentSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  const lines = /\n/g;
  let paragraph = 0;
  let from = 0;
  const take = (to: number) => {
    const p = text.slice(from, to);
    if (p.trim()) {
      for (const s of paragraphSentences(p)) {
        sentences.push({
          paragraph,
          start: from + s.start,
          end: from + s.end,
          text: p.slice(s.start, s.end),
        });
      }
      paragraph++;
    }
  };
  for (let m = lines.exec(text); m; m = lines.exec(text)) {
    take(m.index);
    from = m.index + 1;
  }
  take(text.length);
  return sentences;
}

/**
 * The text as quotes are matched against it (graph-seed/format.ts normaliseForQuotes: line breaks
 * and the whitespace around them removed), with each normalised character's offset in the original,
 * so a quote found in the normalised text can be marked in the original.
 */
export function normalisedWithOffsets(text: string): { normal: string; offsets: number[] } {
  const offsets: number[] = [];
  let normal = '';
  const lineBreak = /[ \t\u3000]*\r?\n\s*/g;
  let from = 0;
  const keep = (to: number) => {
    for (let i = from; i < to; i++) {
      normal += text[i];
      offsets.push(i);
    }
  };
  for (let m = lineBreak.exec(text); m; m = lineBreak.exec(text)) {
    keep(m.index);
    from = m.index + m[0].length;
  }
  keep(text.length);
  return { normal, offsets };
}
