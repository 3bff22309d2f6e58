// The in-memory search catalogue: every entity's names, aliases and pinyin, every figure, every
// sentence of every source document with the elements quoting it. Built once per data fingerprint
// from the rows server/queries/search.ts reads. Pure.
//
// Why in memory rather than the full-text index: the ranking rule (exact name, exact alias, name
// prefix, then relevance, ties by degree) needs every candidate's names and degree, and Lucene's
// score cannot express "exact first" (an alias list joined into one field scores by its length).
// Scanning ~100k short names in JavaScript costs a few milliseconds; the catalogue costs one read.
import type { ArticleRef, EntityRef, RelationshipRef } from '../../shared-types/search';
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
  /** `text` normalised for matching, with `offsets[i]` the index in `text` of key character i. */
  key: string;
  offsets: number[];
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
  glossary: Glossary;
}

/**
 * A sentence's normal form for matching, keeping where each character came from so that a match
 * can be highlighted in the original text. Same rules as normaliseKey, one character at a time.
 */
export function keyWithOffsets(text: string): { key: string; offsets: number[] } {
  let key = '';
  const offsets: number[] = [];
  let lastWasSpace = true;
  for (let i = 0; i < text.length;) {
    const codePoint = text.codePointAt(i)!;
    const width = codePoint > 0xffff ? 2 : 1;
    const normal = normaliseKey(String.fromCodePoint(codePoint));
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
  // Per article: its sentences with their keys spaceless, the form quotes are compared in.
  const sentencesByArticle = new Map<string, { sentence: CatalogueSentence; compact: string }[]>();
  for (const doc of rows.documents) {
    const article: ArticleRef = { id: doc.id, title: doc.title, titleEn: doc.titleEn, date: doc.date };
    const own = splitSentences(doc.text).map((text, index): CatalogueSentence => {
      const { key, offsets } = keyWithOffsets(text);
      return { article, index, text, key, offsets, entityIds: [], relationshipIds: [], figureIds: [] };
    });
    sentencesByArticle.set(
      doc.id,
      own.map((sentence) => ({ sentence, compact: sentence.key.replace(/ /g, '') })),
    );
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
      if (!quote) return;
      for (const { sentence, compact } of sentencesByArticle.get(articleId) ?? []) {
        if ((compact.includes(quote) || quote.includes(compact)) && !sentence[field].includes(id))
          sentence[field].push(id);
      }
    });
  };
  for (const e of rows.entities) attach(e.id, e.sourceArticles, e.sourceQuotes, 'entityIds');
  for (const r of rows.relationships) attach(r.id, r.sourceArticles, r.sourceQuotes, 'relationshipIds');
  for (const f of rows.figures) attach(f.id, f.sourceArticles, f.sourceQuotes, 'figureIds');

  return {
    entities,
    entityById: new Map(entities.map((e) => [e.id, e])),
    figures,
    figureById: new Map(figures.map((f) => [f.id, f])),
    relationshipById: new Map(
      rows.relationships.map((r) => [r.id, { id: r.id, type: r.type, source: r.source, target: r.target }]),
    ),
    sentences,
    glossary: buildGlossary([...DEFAULT_GLOSSARY, ...rows.glossary]),
  };
}

const unique = (values: string[]): string[] => [...new Set(values.filter(Boolean))];
