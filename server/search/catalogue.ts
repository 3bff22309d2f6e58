// The in-memory search catalogue: every entity's names, aliases and pinyin, every figure, every
// sentence of every source document with the elements quoting it. Built once per data fingerprint
// from the rows server/queries/search.ts reads, folded in part by part as they arrive. Pure.
//
// Why in memory rather than the full-text index: the ranking rule (exact name, exact alias, name
// prefix, then relevance, ties by degree) needs every candidate's names and degree, and Lucene's
// score cannot express "exact first" (an alias list joined into one field scores by its length).
// Scanning ~100k short names in JavaScript costs a few milliseconds; the catalogue costs one read.
import type { ArticleRef, EntityRef, RelationshipRef, SentenceHit } from '../../contract/types';
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

/** What the catalogue keeps of an entity; its search forms live in the entity haystack. */
export interface CatalogueEntity extends EntityRef {
  degree: number;
}
/** An entity with its forms, taken from the haystack for the few candidates a query has. */
export interface EntityForms extends CatalogueEntity {
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
/** One sentence as a search result reads it, put together from the catalogue's columns on demand. */
export interface CatalogueSentence {
  article: ArticleRef;
  index: number;
  text: string;
  /** `text` normalised for matching (keyWithOffsets maps it back to `text` for highlights). */
  key: string;
}

/**
 * The catalogue keeps 100k entities, 600k sentences and 500k relationships in columns (typed arrays
 * and a few long strings) rather than as an object each: as objects they took 580 MB of heap in the
 * search thread, most of the app's memory. Rows are folded in as they arrive (CatalogueBuilder), so
 * the thread never holds them all either.
 */
export interface Catalogue {
  entities: CatalogueEntity[];
  entityIndex: Map<string, number>;
  /** Every entity's forms (one per line) in one string, `entityStarts[i]` where entity i's begin: one indexOf pass finds candidates. */
  entityHaystack: string;
  entityStarts: Int32Array;
  /** Per entity: how many names, aliases and pinyin forms its haystack item holds, in that order. */
  entityFormCounts: Int32Array;
  /**
   * Entity indices (ascending) per character pair of their forms: the entities that may contain a
   * query are the intersection of its pairs' lists, a few dozen of 100k even when one of its words
   * (`industrial`) is in a fifth of all names.
   */
  entityPairs: Map<number, Int32Array>;
  figures: CatalogueFigure[];
  relationships: RelationshipTable;
  articles: ArticleRef[];
  sentenceCount: number;
  /** Every sentence key in one string, likewise. */
  sentenceHaystack: string;
  sentenceStarts: Int32Array;
  /** Every sentence's text, back to back: sentence i is `sentenceTexts.slice(textStarts[i], textStarts[i + 1])`. */
  sentenceTexts: string;
  textStarts: Int32Array;
  /** Per sentence: its article, an index into `articles`. */
  sentenceArticle: Int32Array;
  /** Per article: the index of its first sentence (a sentence's place in its article follows). */
  articleFirst: Int32Array;
  /** What quotes sentence i: `quotes[quoteStarts[i]]` up to `quotes[quoteStarts[i + 1]]`, each a quoteRef code. */
  quoteStarts: Int32Array;
  quotes: Int32Array;
  glossary: Glossary;
}

/** Relationships by index: the ids back to back, the type, and both ends as entity indices. */
export interface RelationshipTable {
  /** Relationship i's id is `ids.slice(idStarts[i], idStarts[i + 1])`. */
  ids: string;
  idStarts: Int32Array;
  types: string[];
  type: Uint16Array;
  source: Int32Array;
  target: Int32Array;
}

/** A quoting element as one number: its index times four plus its kind. */
const QUOTED_BY = { entity: 0, relationship: 1, figure: 2 } as const;
const quoteRef = (kind: keyof typeof QUOTED_BY, index: number) => index * 4 + QUOTED_BY[kind];

/** Separates items in a haystack; normalised keys never contain it, so no match runs across two. */
const SEPARATOR = '\u0001';

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

/** A growable list of 32-bit integers: half the memory of a plain array of numbers, and no boxing. */
class IntList {
  private data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  at(index: number): number {
    return this.data[index]!;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Per article: its sentence keys without spaces in one string, where quotes are looked for. */
interface ArticleKeys {
  /** Index of the article's first sentence in the catalogue. */
  first: number;
  joined: string;
  /** Where each of the article's sentences begins in `joined`. */
  starts: Int32Array;
}

/**
 * Folds the catalogue's rows in as they arrive, part by part, keeping only the columns: the rows of
 * a 100k graph are ~600k objects, and holding them all until a build took more memory than the
 * catalogue itself. Documents come first (a quote is matched against their sentences when its row
 * arrives), then entities, then figures and relationships (which point at entities by index).
 */
export class CatalogueBuilder {
  private readonly entities: CatalogueEntity[] = [];
  private readonly entityIndex = new Map<string, number>();
  private readonly entityChunks: string[] = [];
  private readonly entityStarts = new IntList();
  private entityLength = 0;
  private readonly entityFormCounts = new IntList();
  private readonly pairLists = new Map<number, number[]>();
  private readonly figures: CatalogueFigure[] = [];
  private readonly relationshipTypes = new Map<string, number>();
  private readonly relationshipIdChunks: string[] = [];
  private readonly relationshipIdStarts = new IntList();
  private relationshipIdLength = 0;
  private readonly relationshipType = new IntList();
  private readonly relationshipSource = new IntList();
  private readonly relationshipTarget = new IntList();
  private readonly articles: ArticleRef[] = [];
  private readonly articleKeys = new Map<string, ArticleKeys>();
  private readonly keyChunks: string[] = [];
  private readonly sentenceStarts = new IntList();
  private keyLength = 0;
  private readonly textChunks: string[] = [];
  private readonly textStarts = new IntList();
  private textLength = 0;
  private readonly sentenceArticle = new IntList();
  private readonly articleFirst = new IntList();
  /** (sentence, QuoteRef) pairs in the order they were found; finish() groups them by sentence. */
  private readonly quotedSentence = new IntList();
  private readonly quotedRef = new IntList();
  private readonly glossary: GlossaryEntry[] = [];
  /** One copy of each entity type name, however many rows repeat it. */
  private readonly typeNames = new Map<string, string>();
  private stage = 0;

  /** Parts must come in the order of CATALOGUE_PARTS; a part out of order is a reader's bug. */
  private enter(part: keyof CatalogueRows): void {
    const stage = CATALOGUE_PARTS.indexOf(part);
    if (stage < this.stage)
      throw new Error(
        `catalogue rows out of order: ${part} after ${CATALOGUE_PARTS[this.stage]} (the order is ${CATALOGUE_PARTS.join(', ')})`,
      );
    this.stage = stage;
  }

  add<K extends keyof CatalogueRows>(part: K, rows: CatalogueRows[K]): this {
    this.enter(part);
    switch (part) {
      case 'documents':
        (rows as DocumentRow[]).forEach((row) => this.addDocument(row));
        break;
      case 'entities': {
        const chunk: string[] = [];
        (rows as EntityRow[]).forEach((row) => chunk.push(this.addEntity(row), SEPARATOR));
        this.entityChunks.push(chunk.join(''));
        break;
      }
      case 'figures':
        (rows as FigureRow[]).forEach((row) => this.addFigure(row));
        break;
      case 'relationships': {
        const ids: string[] = [];
        for (const row of rows as RelationshipRow[]) if (this.addRelationship(row)) ids.push(row.id);
        this.relationshipIdChunks.push(ids.join(''));
        break;
      }
      case 'glossary':
        this.glossary.push(...(rows as GlossaryEntry[]));
        break;
    }
    return this;
  }

  private addDocument(doc: DocumentRow): void {
    const article =
      this.articles.push({ id: doc.id, title: doc.title, titleEn: doc.titleEn, date: doc.date }) - 1;
    const texts = splitSentences(doc.text);
    const keys = texts.map(normaliseKey);
    const compact = keys.map((key) => key.replace(/ /g, ''));
    const starts = new Int32Array(texts.length);
    compact.reduce((at, key, i) => ((starts[i] = at), at + key.length), 0);
    const first = this.sentenceArticle.length;
    this.articleFirst.push(first);
    this.articleKeys.set(doc.id, { first, joined: compact.join(''), starts });
    texts.forEach((text, index) => {
      this.sentenceArticle.push(article);
      this.sentenceStarts.push(this.keyLength);
      this.keyLength += keys[index]!.length + SEPARATOR.length;
      this.textStarts.push(this.textLength);
      this.textLength += text.length;
    });
    this.keyChunks.push(keys.map((key) => key + SEPARATOR).join(''));
    this.textChunks.push(texts.join(''));
  }

  /** Adds the entity and returns its haystack item (its forms, one per line). */
  private addEntity(e: EntityRow): string {
    const names = unique([e.name, e.nameEn].map(normaliseKey));
    const aliases = unique(e.aliases.map(normaliseKey)).filter((a) => !names.includes(a));
    const pinyin = unique(
      [e.name, ...e.aliases].flatMap((text) => {
        const forms = pinyinForms(text);
        return forms ? [forms.full, forms.initials] : [];
      }),
    );
    const index = this.entities.length;
    let type = this.typeNames.get(e.type);
    if (type === undefined) this.typeNames.set(e.type, (type = e.type));
    this.entities.push({ id: e.id, type, name: e.name, nameEn: e.nameEn, degree: e.degree });
    this.entityIndex.set(e.id, index);
    const forms = [...names, ...aliases, ...pinyin].join('\n');
    this.entityFormCounts.push(names.length);
    this.entityFormCounts.push(aliases.length);
    this.entityFormCounts.push(pinyin.length);
    this.entityStarts.push(this.entityLength);
    this.entityLength += forms.length + SEPARATOR.length;
    for (let at = 0; at + 1 < forms.length; at++) {
      const key = pairKey(forms, at);
      let list = this.pairLists.get(key);
      if (!list) this.pairLists.set(key, (list = []));
      if (list[list.length - 1] !== index) list.push(index);
    }
    this.attach(quoteRef('entity', index), e.sourceArticles, e.sourceQuotes);
    return forms;
  }

  private addFigure({ sourceArticles, sourceQuotes, ...f }: FigureRow): void {
    const index = this.figures.length;
    this.figures.push({
      ...f,
      measureKeys: unique([f.measure, f.measureZh ?? ''].map(normaliseKey)).filter(Boolean),
    });
    this.attach(quoteRef('figure', index), sourceArticles, sourceQuotes);
  }

  /** False when an end is not an entity of this catalogue (the read keeps only those that are). */
  private addRelationship(r: RelationshipRow): boolean {
    const source = this.entityIndex.get(r.source);
    const target = this.entityIndex.get(r.target);
    if (source === undefined || target === undefined) return false;
    let type = this.relationshipTypes.get(r.type);
    if (type === undefined) {
      if (this.relationshipTypes.size === 0xffff) throw new Error('more than 65,535 relationship types');
      this.relationshipTypes.set(r.type, (type = this.relationshipTypes.size));
    }
    const index = this.relationshipType.length;
    this.relationshipType.push(type);
    this.relationshipSource.push(source);
    this.relationshipTarget.push(target);
    this.relationshipIdStarts.push(this.relationshipIdLength);
    this.relationshipIdLength += r.id.length;
    this.attach(quoteRef('relationship', index), r.sourceArticles, r.sourceQuotes);
    return true;
  }

  /** A quote may be a clause of a sentence or run over several; each sentence it touches is quoted. */
  private attach(ref: number, articles: string[], quotes: string[]): void {
    const touched = new Set<number>();
    articles.forEach((articleId, i) => {
      const quote = normaliseKey(quotes[i] ?? '').replace(/ /g, '');
      const keys = this.articleKeys.get(articleId);
      if (!quote || !keys) return;
      for (let at = keys.joined.indexOf(quote); at >= 0; at = keys.joined.indexOf(quote, at + 1)) {
        for (
          let s = itemAt(keys.starts, at);
          s < keys.starts.length && keys.starts[s]! < at + quote.length;
          s++
        )
          touched.add(keys.first + s);
      }
    });
    for (const sentence of touched) {
      this.quotedSentence.push(sentence);
      this.quotedRef.push(ref);
    }
  }

  finish(): Catalogue {
    const sentenceCount = this.sentenceArticle.length;
    // The (sentence, ref) pairs grouped by sentence, in the order they were found within each.
    const quoteStarts = new Int32Array(sentenceCount + 1);
    for (let i = 0; i < this.quotedSentence.length; i++) quoteStarts[this.quotedSentence.at(i) + 1]!++;
    for (let s = 0; s < sentenceCount; s++) quoteStarts[s + 1]! += quoteStarts[s]!;
    const next = quoteStarts.slice(0, sentenceCount);
    const quotes = new Int32Array(this.quotedRef.length);
    for (let i = 0; i < this.quotedSentence.length; i++)
      quotes[next[this.quotedSentence.at(i)]!++] = this.quotedRef.at(i);
    // The back-to-back columns end with their total length, so item i runs to starts[i + 1].
    this.textStarts.push(this.textLength);
    this.relationshipIdStarts.push(this.relationshipIdLength);
    const entityPairs = new Map<number, Int32Array>();
    for (const [key, list] of this.pairLists) entityPairs.set(key, Int32Array.from(list));
    return {
      entities: this.entities,
      entityIndex: this.entityIndex,
      entityHaystack: this.entityChunks.join(''),
      entityStarts: this.entityStarts.toArray(),
      entityFormCounts: this.entityFormCounts.toArray(),
      entityPairs,
      figures: this.figures,
      relationships: {
        ids: this.relationshipIdChunks.join(''),
        idStarts: this.relationshipIdStarts.toArray(),
        types: [...this.relationshipTypes.keys()],
        type: Uint16Array.from(this.relationshipType.toArray()),
        source: this.relationshipSource.toArray(),
        target: this.relationshipTarget.toArray(),
      },
      articles: this.articles,
      sentenceCount,
      sentenceHaystack: this.keyChunks.join(''),
      sentenceStarts: this.sentenceStarts.toArray(),
      sentenceTexts: this.textChunks.join(''),
      textStarts: this.textStarts.toArray(),
      sentenceArticle: this.sentenceArticle.toArray(),
      articleFirst: this.articleFirst.toArray(),
      quoteStarts,
      quotes,
      glossary: buildGlossary([...DEFAULT_GLOSSARY, ...this.glossary]),
    };
  }
}

/** The order the builder takes its parts in (server/queries/search.ts reads them so). */
export const CATALOGUE_PARTS: readonly (keyof CatalogueRows)[] = [
  'documents',
  'entities',
  'figures',
  'relationships',
  'glossary',
];

export function buildCatalogue(rows: CatalogueRows): Catalogue {
  const builder = new CatalogueBuilder();
  for (const part of CATALOGUE_PARTS) builder.add(part, rows[part]);
  return builder.finish();
}

/** Haystack item `index`, without its separator. */
const haystackItem = (haystack: string, starts: Int32Array, index: number): string =>
  haystack.slice(
    starts[index]!,
    (index + 1 < starts.length ? starts[index + 1]! : haystack.length) - SEPARATOR.length,
  );

/** Entity `index`'s haystack item: its forms, one per line. */
export const entitySegment = (catalogue: Catalogue, index: number): string =>
  haystackItem(catalogue.entityHaystack, catalogue.entityStarts, index);

/** Entity `index` with its forms, for matching (`segment` when the caller has read it already). */
export function entityForms(
  catalogue: Catalogue,
  index: number,
  segment = entitySegment(catalogue, index),
): EntityForms {
  const forms = segment.split('\n');
  const counts = catalogue.entityFormCounts;
  const names = counts[index * 3]!;
  const aliases = names + counts[index * 3 + 1]!;
  const pinyin = aliases + counts[index * 3 + 2]!;
  const { id, type, name, nameEn, degree } = catalogue.entities[index]!;
  return {
    id,
    type,
    name,
    nameEn,
    degree,
    names: forms.slice(0, names),
    aliases: forms.slice(names, aliases),
    pinyin: forms.slice(aliases, pinyin),
  };
}

/** The normalised key of sentence `index`. */
export const sentenceKey = (catalogue: Catalogue, index: number): string =>
  haystackItem(catalogue.sentenceHaystack, catalogue.sentenceStarts, index);

export function sentenceAt(catalogue: Catalogue, index: number): CatalogueSentence {
  const article = catalogue.sentenceArticle[index]!;
  return {
    article: catalogue.articles[article]!,
    index: index - catalogue.articleFirst[article]!,
    text: catalogue.sentenceTexts.slice(catalogue.textStarts[index]!, catalogue.textStarts[index + 1]!),
    key: sentenceKey(catalogue, index),
  };
}

export const isQuoted = (catalogue: Catalogue, index: number): boolean =>
  catalogue.quoteStarts[index + 1]! > catalogue.quoteStarts[index]!;

export function relationshipAt(catalogue: Catalogue, index: number): RelationshipRef {
  const { ids, idStarts, types, type, source, target } = catalogue.relationships;
  return {
    id: ids.slice(idStarts[index]!, idStarts[index + 1]!),
    type: types[type[index]!]!,
    source: catalogue.entities[source[index]!]!.id,
    target: catalogue.entities[target[index]!]!.id,
  };
}

/** The graph elements whose source quote lies in sentence `index`, each kind in the order read. */
export function quotesOf(catalogue: Catalogue, index: number): SentenceHit['quotedBy'] {
  const quotedBy: SentenceHit['quotedBy'] = { entities: [], relationships: [], figures: [] };
  for (let q = catalogue.quoteStarts[index]!; q < catalogue.quoteStarts[index + 1]!; q++) {
    const code = catalogue.quotes[q]!;
    const at = code >> 2;
    switch (code & 3) {
      case QUOTED_BY.entity: {
        const { id, type, name, nameEn } = catalogue.entities[at]!;
        quotedBy.entities.push({ id, type, name, nameEn });
        break;
      }
      case QUOTED_BY.relationship:
        quotedBy.relationships.push(relationshipAt(catalogue, at));
        break;
      case QUOTED_BY.figure: {
        const { id, entityId, measure, measureZh } = catalogue.figures[at]!;
        quotedBy.figures.push({ id, entityId, measure, measureZh });
        break;
      }
    }
  }
  return quotedBy;
}

/** A pair of UTF-16 units as one number (the key of the pair index). */
export const pairKey = (text: string, at: number): number =>
  text.charCodeAt(at) * 65536 + text.charCodeAt(at + 1);

const unique = (values: string[]): string[] => [...new Set(values.filter(Boolean))];
