// Search grouped by kind (GET /api/search/all): entities by name, alias or pinyin; figures by value,
// measure or a glossary synonym; sentences of the source articles, with what quotes them.
import { entityRef } from './common';
import { searchQuery } from './explore';
import { splitList } from './params';
import { z } from './zod';

export const searchKind = z.enum(['entities', 'figures', 'sentences']);
const ALL_KINDS = searchKind.options;

/** `kind=figures,sentences`: some of the kinds, all of them when left out. */
const kindList = z
  .string()
  .meta({
    type: 'array',
    items: { type: 'string', enum: ALL_KINDS },
    minItems: 1,
    maxItems: ALL_KINDS.length,
    description: 'Comma-separated kinds of answer; all of them when left out.',
  })
  .optional()
  .transform((v) => (v ? splitList(v) : [...ALL_KINDS]))
  .pipe(
    z
      .array(searchKind, { message: 'each kind must be entities, figures or sentences' })
      .min(1)
      .max(ALL_KINDS.length),
  );

/** `q` and `types` as for /api/search; `limit` applies to each kind. */
export const groupedSearchQuery = searchQuery.extend({ kind: kindList });

/**
 * Why an entity was found, in ranking order: its name (Chinese or English) exactly, an alias
 * exactly, the pinyin of its name or an alias exactly, the start of its name, or elsewhere in a
 * name, alias or pinyin (relevance).
 */
export const entityMatch = z.enum(['name', 'alias', 'pinyin', 'prefix', 'text']);

export const entityHit = entityRef.extend({
  match: entityMatch,
  /** The name, alias or pinyin form the query matched. */
  matched: z.string(),
  /** Links to other entities; ties within a rank go to the better connected. */
  degree: z.number().int().min(0),
});

/** Why a figure was found: its value as written, its measure, or a glossary synonym of the query. */
export const figureMatch = z.enum(['value', 'measure', 'glossary']);

export const figureHit = z.object({
  id: z.string(),
  /** The entity the figure describes; opening it shows the figure highlighted. */
  entity: entityRef,
  measure: z.string(),
  measureZh: z.string().nullable(),
  value: z.number(),
  valueMax: z.number().nullable(),
  unit: z.string(),
  unitZh: z.string().nullable(),
  period: z
    .object({
      label: z.string().nullable(),
      labelEn: z.string().nullable(),
      start: z.string().nullable(),
      end: z.string().nullable(),
    })
    .nullable(),
  date: z.string().nullable(),
  match: figureMatch,
  /** The query term (or its glossary synonym) the measure contains; null for a value match. */
  matched: z.string().nullable(),
});

export const articleRef = z.object({
  id: z.string(),
  title: z.string(),
  titleEn: z.string().nullable(),
  date: z.string().nullable(),
});

export const relationshipRef = z.object({
  id: z.string(),
  type: z.string(),
  source: z.string(),
  target: z.string(),
});

export const sentenceHit = z.object({
  article: articleRef,
  /** Position of the sentence in its article, from 0. */
  index: z.number().int().min(0),
  text: z.string(),
  /** Where the query occurs in `text`: [start, end) in UTF-16 code units, as JavaScript slices strings. */
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
  /** The graph elements whose source quote lies in this sentence. */
  quotedBy: z.object({
    entities: z.array(entityRef),
    relationships: z.array(relationshipRef),
    figures: z.array(
      z.object({
        id: z.string(),
        entityId: z.string(),
        measure: z.string(),
        measureZh: z.string().nullable(),
      }),
    ),
  }),
});

/** One kind's answer: the first `limit` results and how many there were in all. */
const section = <T extends z.ZodType>(hit: T) =>
  z.object({ total: z.number().int().min(0), results: z.array(hit) });

/** The kinds asked for (all three by default), each ranked on its own. */
export const groupedSearchAnswer = z
  .object({
    q: z.string(),
    entities: section(entityHit).optional(),
    figures: section(figureHit).optional(),
    sentences: section(sentenceHit).optional(),
  })
  .meta({ title: 'GroupedSearch' });

export type SearchKind = z.output<typeof searchKind>;
export type EntityMatch = z.output<typeof entityMatch>;
export type EntityHit = z.output<typeof entityHit>;
export type FigureMatch = z.output<typeof figureMatch>;
export type FigureHit = z.output<typeof figureHit>;
export type ArticleRef = z.output<typeof articleRef>;
export type RelationshipRef = z.output<typeof relationshipRef>;
export type SentenceHit = z.output<typeof sentenceHit>;
export interface SearchSection<T> {
  total: number;
  results: T[];
}
export type GroupedSearchResponse = z.output<typeof groupedSearchAnswer>;
