// The in-memory search catalogue: every entity's names, aliases and pinyin, every figure, every
// sentence of every source document with the elements quoting it. Built once per data fingerprint
// from the rows server/queries/search.ts reads. Pure.
//
// Why in memory rather than the full-text index: the ranking rule (exact name, exact alias, name
// prefix, then relevance, ties by degree) needs every candidate's names and degree, and Lucene's
// score cannot express "exact first" (an alias list joined into one field scores by its length).
// Scanning ~100k short names in JavaScript costs a few milliseconds; the catalogue costs one read.
import type { ArticleRef, EntityRef, RelationshipRef } from '../../contract/types';
import { buildGlossary, DEFAULT_GLOSSARY, type Glossary, type GlossaryEntry } from './glossary';
import { normaliseKey } from './normalise';
import { pinyinForms } from './pinyin';
import { splitSentences } from './sentences';

export interface EntityRow extends EntityRef {
  aliases: string[];
  degree: number;
  sourceArticles: string[];
  sourceQuotes: string[];
}
export interface FigureRow {
  id: string;
  entityId: string;
  measure: string;
  measureZh: string | null;
  value: number;
  valueMax: number | null;
  beforeValue: number | null;
  unit: string;
  unitZh: string | null;
  periodLabel: string | null;
  periodLabelEn: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  date: string | null;
  sourceArticles: string[];
  sourceQuotes: string[];
}
export interface RelationshipRow extends RelationshipRef {
  sourceArticles: string[];
  sourceQuotes: string[];
}
export interface DocumentRow extends ArticleRef {
  text: string;
}
export interface CatalogueRows {
  entities: EntityRow[];
  figures: FigureRow[];
  relationships: RelationshipRow[];
  documents: DocumentRow[];
  /** Each loaded dataset's own glossary entries. */
  glossary: GlossaryEntry[];
}

export interface CatalogueEntity extends EntityRef {
  degree: number;
  /** Normalised name and English name. */
  names: string[];
  /** Normalised aliases. */
  aliases: string[];
  /** Full pinyin and initials of the name and of each Chinese alias. */
  pinyin: string[];
}
export interface CatalogueFigure extends Omit<FigureRow, 'sourceArticles' | 'sourceQuotes'> {
  measureKeys: string[];
}
export interface CatalogueSentence {
  article: ArticleRef;
  index: number;
  text: string;
  /** `text` normalised for matching (keyWithOffsets maps it back to `text` for highlights). */
  key: string;
  entityIds: string[];
  relationshipIds: string[];
  figureIds: string[];
}
export interface Catalogue {
  entities: CatalogueEntity[];
  entityById: Map<string, CatalogueEntity>;
  figures: CatalogueFigure[];
  relationshipById: Map<string, RelationshipRef>;
  figureById: Map<string, CatalogueFigure>;
  sentences: CatalogueSentence[];
  /** Every entity's forms in one string, `entityStarts[i]` where entity i's begin: one indexOf pass finds candidates. */
  entityHaystack: string;
  entityStarts: Int32Array;
  /**
   * Entity indices (ascending) per character pair of their forms: the entities that may contain a
   * query are the intersection of its pairs' lists, a few dozen of 100k even when one of its words
   * (`industrial`) is in a fifth of all names.
   */
  entityPairs: Map<number, Int32Array>;
  /** Every sentence key in one string, likewise. */
  sentenceHaystack: string;
  sentenceStarts: Int32Array;
  glossary: Glossary;
}

/** Separates items in a haystack; normalised keys never contain it, so no match runs across two. */
const SEPARATOR = '\u0001';

function haystackOf(items: string[]): { haystack: string; starts: Int32Array } {
  const starts = new Int32Array(items.length);
  let at = 0;
  items.forEach((item, i) => {
    starts[i] = at;
    at += item.length + SEPARATOR.length;
  });
  return { haystack: items.join(SEPARATOR), starts };
}

/** Indices of the items whose text contains `needle`, in order, each once. */
export function itemsContaining(haystack: string, starts: Int32Array, needle: string): number[] {
  const found: number[] = [];
  if (!needle) return found;
  let from = haystack.indexOf(needle);
  while (from >= 0) {
    const item = itemAt(starts, from);
    found.push(item);
    const next = item + 1 < starts.length ? starts[item + 1]! : haystack.length;
    from = haystack.indexOf(needle, next);
  }
  return found;
}

/** The item whose span holds `position` (binary search over the starts). */
function itemAt(starts: Int32Array, position: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= position) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * A sentence's normal form for matching, keeping where each character came from so that a match
 * can be highlighted in the original text. Same rules as normaliseKey, one character at a time.
 */
const charKeys = new Map<string, string>();
const normalisedChar = (char: string): string => {
  let key = charKeys.get(char);
  if (key === undefined) charKeys.set(char, (key = normaliseKey(char)));
  return key;
};

export function keyWithOffsets(text: string): { key: string; offsets: number[] } {
  let key = '';
  const offsets: number[] = [];
  let lastWasSpace = true;
  for (let i = 0; i < text.length;) {
    const codePoint = text.codePointAt(i)!;
    const width = codePoint > 0xffff ? 2 : 1;
    const normal = normalisedChar(String.fromCodePoint(codePoint));
    const raw = text.slice(i, i + width);
    if (/\s/.test(raw)) {
      if (!lastWasSpace) {
        key += ' ';
        offsets.push(i);
        lastWasSpace = true;
      }
    } else {
      for (const char of normal) {
        key += char;
        offsets.push(i);
      }
      if (normal) lastWasSpace = false;
    }
    i += width;
  }
  offsets.push(text.length);
  return { key, offsets };
}

export function buildCatalogue(rows: CatalogueRows): Catalogue {
  const entities = rows.entities.map((e): CatalogueEntity => {
    const names = unique([e.name, e.nameEn].map(normaliseKey));
    const aliases = unique(e.aliases.map(normaliseKey)).filter((a) => !names.includes(a));
    const pinyin = unique(
      [e.name, ...e.aliases].flatMap((text) => {
        const forms = pinyinForms(text);
        return forms ? [forms.full, forms.initials] : [];
      }),
    );
    return {
      id: e.id,
      type: e.type,
      name: e.name,
      nameEn: e.nameEn,
      degree: e.degree,
      names,
      aliases,
      pinyin,
    };
  });
  const figures = rows.figures.map(({ sourceArticles: _a, sourceQuotes: _q, ...f }): CatalogueFigure => ({
    ...f,
    measureKeys: unique([f.measure, f.measureZh ?? ''].map(normaliseKey)).filter(Boolean),
  }));

  const sentences: CatalogueSentence[] = [];
  // Per article: its sentence keys without spaces in one string (the form quotes are compared in),
  // so that a quote is found with one indexOf, including one that runs over several sentences.
  const articleKeys = new Map<string, { own: CatalogueSentence[]; joined: string; starts: Int32Array }>();
  for (const doc of rows.documents) {
    const article: ArticleRef = { id: doc.id, title: doc.title, titleEn: doc.titleEn, date: doc.date };
    const own = splitSentences(doc.text).map((text, index): CatalogueSentence => ({
      article,
      index,
      text,
      key: normaliseKey(text),
      entityIds: [],
      relationshipIds: [],
      figureIds: [],
    }));
    const compact = own.map((sentence) => sentence.key.replace(/ /g, ''));
    const starts = new Int32Array(own.length);
    compact.reduce((at, key, i) => ((starts[i] = at), at + key.length), 0);
    articleKeys.set(doc.id, { own, joined: compact.join(''), starts });
    sentences.push(...own);
  }
  // A quote may be a clause of a sentence or run over several; each sentence it touches is quoted.
  const attach = (
    id: string,
    articles: string[],
    quotes: string[],
    field: 'entityIds' | 'relationshipIds' | 'figureIds',
  ) => {
    articles.forEach((articleId, i) => {
      const quote = normaliseKey(quotes[i] ?? '').replace(/ /g, '');
      const keys = articleKeys.get(articleId);
      if (!quote || !keys) return;
      for (let at = keys.joined.indexOf(quote); at >= 0; at = keys.joined.indexOf(quote, at + 1)) {
        for (
          let s = itemAt(keys.starts, at);
          s < keys.own.length && keys.starts[s]! < at + quote.length;
          s++
        ) {
          const sentence = keys.own[s]!;
          if (!sentence[field].includes(id)) sentence[field].push(id);
        }
      }
    });
  };
  for (const e of rows.entities) attach(e.id, e.sourceArticles, e.sourceQuotes, 'entityIds');
  for (const r of rows.relationships) attach(r.id, r.sourceArticles, r.sourceQuotes, 'relationshipIds');
  for (const f of rows.figures) attach(f.id, f.sourceArticles, f.sourceQuotes, 'figureIds');

  const entityForms = entities.map((e) => [...e.names, ...e.aliases, ...e.pinyin].join('\n'));
  return {
    entities,
    entityById: new Map(entities.map((e) => [e.id, e])),
    figures,
    figureById: new Map(figures.map((f) => [f.id, f])),
    relationshipById: new Map(
      rows.relationships.map((r) => [r.id, { id: r.id, type: r.type, source: r.source, target: r.target }]),
    ),
    sentences,
    ...renameHaystack('entity', haystackOf(entityForms)),
    entityPairs: pairIndex(entityForms),
    ...renameHaystack('sentence', haystackOf(sentences.map((s) => s.key))),
    glossary: buildGlossary([...DEFAULT_GLOSSARY, ...rows.glossary]),
  };
}

/** A pair of UTF-16 units as one number (the key of the pair index). */
export const pairKey = (text: string, at: number): number =>
  text.charCodeAt(at) * 65536 + text.charCodeAt(at + 1);

/** For each character pair, the ascending indices of the items whose text holds it. */
function pairIndex(items: string[]): Map<number, Int32Array> {
  const lists = new Map<number, number[]>();
  items.forEach((item, index) => {
    for (let at = 0; at + 1 < item.length; at++) {
      const key = pairKey(item, at);
      let list = lists.get(key);
      if (!list) lists.set(key, (list = []));
      if (list[list.length - 1] !== index) list.push(index);
    }
  });
  const packed = new Map<number, Int32Array>();
  for (const [key, list] of lists) packed.set(key, Int32Array.from(list));
  return packed;
}

const renameHaystack = <K extends 'entity' | 'sentence'>(
  kind: K,
  { haystack, starts }: { haystack: string; starts: Int32Array },
) =>
  ({ [`${kind}Haystack`]: haystack, [`${kind}Starts`]: starts }) as Record<`${K}Haystack`, string> &
    Record<`${K}Starts`, Int32Array>;

const unique = (values: string[]): string[] => [...new Set(values.filter(Boolean))];
