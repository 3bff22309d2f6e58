// Bring your own sources: adding a source document, reading it sentence by sentence, writing facts
// (entities, relationships, figures) from its sentences, merging, deleting, the change history with
// undo, and the dataset export. Every write names the sentence it comes from.
import { z } from './zod';
import { article, typeInfo } from './explore';
import { entityRef, figure, source } from './common';

const ID = /^[a-z0-9][a-z0-9-]{1,79}$/;
const recordIdText = z.string().regex(ID, 'must be lower-case kebab-case, 2–80 characters');
const datasetId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a dataset id (lower-case kebab-case)')
  .meta({ examples: ['qingdao-2023-11-20'] });
const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1, 'is required').max(max).meta({ pattern: '\\S' });
/** The version an edit is based on; the server answers 409 CONFLICT when it is not the stored one. */
const version = z.number().int().min(1);

// ---- sources in ----

export const articleBody = z
  .object({
    /** The dataset it joins; a new id starts a new dataset (with `datasetTitle`) and its own ontology. */
    dataset: datasetId,
    datasetTitle: z.string().trim().min(1).max(200).optional(),
    /** Left out: made from the date and the title. */
    id: recordIdText.optional(),
    title: text(300),
    titleEn: z.string().max(300).optional(),
    publisher: z.string().max(200).optional(),
    publisherEn: z.string().max(200).optional(),
    date: isoDate,
    authors: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
    url: z.url().max(2000).optional(),
    language: z.enum(['zh', 'en', 'other']).default('zh'),
    /** How `content` is written: pasted text, or the contents of an uploaded .txt, .md or .html file. */
    format: z.enum(['text', 'markdown', 'html']).default('text'),
    content: text(1_000_000),
  })
  .strict();

export const sentence = z
  .object({
    paragraph: z.number().int().min(0),
    /** Offsets into the article's text. */
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    text: z.string(),
  })
  .meta({ title: 'Sentence' });

export const storedArticle = article
  .extend({
    dataset: z.string(),
    language: z.string().nullish(),
    format: z.string().nullish(),
    addedBy: z.string().nullish(),
    addedAt: z.string().nullish(),
  })
  .meta({ title: 'StoredArticle' });

export const articleAdded = z.object({
  article: storedArticle,
  paragraphs: z.number().int().min(0),
  sentences: z.array(sentence),
  change: z.string(),
});

export const articleSummary = z.object({
  id: z.string(),
  dataset: z.string(),
  title: z.string(),
  titleEn: z.string().nullish(),
  publisher: z.string().nullish(),
  date: z.string().nullish(),
  language: z.string().nullish(),
});
export const articlesAnswer = z.object({ articles: z.array(articleSummary) });

/** What a sentence backs: an entity, relationship or figure whose source quotes (part of) it. */
export const backing = z
  .object({ kind: z.enum(['entity', 'relationship', 'figure']), id: z.string(), label: z.string() })
  .meta({ title: 'Backing' });

export const readingAnswer = z.object({
  article: storedArticle,
  sentences: z.array(sentence.extend({ backs: z.array(backing) })),
  /** The dataset's ontology, for the forms that make facts from a sentence. */
  nodeTypes: z.array(typeInfo.omit({ count: true })),
  relationshipTypes: z.array(
    z.object({ type: z.string(), nameZh: z.string().optional(), nameEn: z.string().optional() }),
  ),
  /** The dataset's entities named in the text (by name, English name or alias), for linking chips. */
  known: z.array(entityRef.extend({ aliases: z.array(z.string()) })),
});

// ---- facts from sentences ----

const labelName = z.string().regex(/^[A-Z][A-Za-z0-9]{0,39}$/, 'must be PascalCase letters and digits');
const relTypeName = z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'must be UPPER_SNAKE_CASE');
const scalar = z.union([z.string().max(2000), z.number().finite(), z.boolean()]);
const properties = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,59}$/, 'property names must be identifiers'),
    z.union([scalar, z.array(z.string().max(2000)).max(100), z.array(z.number().finite()).max(100)]),
  )
  .default({});

/** The sentence a fact comes from: the article and the words, verbatim. */
export const quote = z
  .object({ article: recordIdText, quote: z.string().min(2, 'is too short').max(500) })
  .strict()
  .meta({ title: 'Quote' });

/** A type declared on the spot, with the write that first uses it. */
export const nodeTypeDeclaration = z
  .object({
    nameZh: z.string().max(100).optional(),
    nameEn: z.string().max(100).optional(),
    description: z.string().max(500).optional(),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be #rrggbb')
      .optional(),
  })
  .strict();
export const relTypeDeclaration = nodeTypeDeclaration.omit({ color: true }).strict();

export const entityBody = z
  .object({
    id: recordIdText.optional(),
    type: labelName,
    declareType: nodeTypeDeclaration.optional(),
    name: text(200),
    nameEn: text(200),
    aliases: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    properties,
    source: quote,
  })
  .strict();
export const entityUpdate = z
  .object({
    version,
    type: labelName.optional(),
    declareType: nodeTypeDeclaration.optional(),
    name: text(200).optional(),
    nameEn: text(200).optional(),
    aliases: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
    properties: properties.optional(),
    /** Another sentence that says the same: added to the entity's sources. */
    addSource: quote.optional(),
  })
  .strict();

export const relationshipBody = z
  .object({
    id: recordIdText.optional(),
    type: relTypeName,
    declareType: relTypeDeclaration.optional(),
    from: recordIdText,
    to: recordIdText,
    properties,
    source: quote,
  })
  .strict();
export const relationshipUpdate = z
  .object({ version, properties: properties.optional(), addSource: quote.optional() })
  .strict();

const qualifier = z.enum(['about', 'over', 'nearly', 'at-least', 'up-to']);
const figureFields = {
  measure: text(200),
  measureZh: z.string().max(200).optional(),
  value: z.number().finite(),
  valueMax: z.number().finite().optional(),
  qualifier: qualifier.optional(),
  unit: text(40),
  unitZh: z.string().max(20).optional(),
  multiplier: z.number().positive().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY')
    .optional(),
  period: z
    .object({
      start: isoDate.optional(),
      end: isoDate.optional(),
      label: z.string().max(100).optional(),
      labelEn: z.string().max(100).optional(),
    })
    .strict()
    .optional(),
  date: isoDate.optional(),
};
export const figureBody = z
  .object({ id: recordIdText.optional(), entity: recordIdText, ...figureFields, source: quote })
  .strict()
  .refine((f) => f.valueMax === undefined || f.valueMax >= f.value, {
    message: 'is smaller than value',
    path: ['valueMax'],
  });
export const figureUpdate = z.object(figureFields).partial().extend({ version }).strict();

export const mergeBody = z
  .object({
    version,
    /** The entity that goes: its relationships, figures, aliases and sources move to the survivor. */
    duplicate: recordIdText,
    duplicateVersion: version,
  })
  .strict();

export const factParams = z.object({ id: recordIdText });
export const versionQuery = z.object({
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'must be the version the delete is based on')
    .transform(Number)
    .meta({ type: 'integer', minimum: 1 }),
});

/** What a write answers: the element as stored now, and the change the history keeps. */
export const entityWritten = z.object({ entity: entityRef.extend({ version }), change: z.string() });
export const relationshipWritten = z.object({
  relationship: z.object({ id: z.string(), type: z.string(), from: z.string(), to: z.string(), version }),
  change: z.string(),
});
export const figureWritten = z.object({
  figure: figure.extend({ entity: z.string(), version }),
  change: z.string(),
});
export const deleted = z.object({ change: z.string() });

/** What a delete takes with it, shown before the analyst confirms. */
export const dependents = z
  .object({
    entity: entityRef.extend({ version }),
    relationships: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        from: z.string(),
        to: z.string(),
        otherName: z.string(),
        version,
      }),
    ),
    figures: z.array(z.object({ id: z.string(), measure: z.string(), value: z.number(), version })),
    notes: z.number().int().min(0),
    sources: z.array(source),
  })
  .meta({ title: 'Dependents' });

// ---- the history ----

export const change = z
  .object({
    id: z.string(),
    at: z.string(),
    who: z.string(),
    action: z.string(),
    summary: z.string(),
    dataset: z.string(),
    entities: z.array(z.string()),
    articles: z.array(z.string()),
    /** The elements the change touched, as they were and as it left them (null: absent). */
    before: z.unknown(),
    after: z.unknown(),
    undoes: z.string().nullish(),
    undoneBy: z.string().nullish(),
  })
  .meta({ title: 'Change' });
export const changesQuery = z.object({
  entity: recordIdText.optional(),
  article: recordIdText.optional(),
  dataset: datasetId.optional(),
});
export const changesAnswer = z.object({ changes: z.array(change) });
export const changeParams = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'is not a change id') });
export const undoAnswer = z.object({ change: z.string(), undoes: z.string() });

// ---- out ----

export const datasetParams = z.object({ id: datasetId });
/** A `kg-explorer/dataset@1` file with each article's text inline (graph-seed/FORMAT.md). */
export const datasetFile = z
  .looseObject({ format: z.literal('kg-explorer/dataset@1'), id: z.string() })
  .meta({
    title: 'DatasetFile',
  });

export type ArticleBody = z.input<typeof articleBody>;
export type Sentence = z.output<typeof sentence>;
export type StoredArticle = z.output<typeof storedArticle>;
export type ReadingAnswer = z.output<typeof readingAnswer>;
export type Backing = z.output<typeof backing>;
export type EntityBody = z.output<typeof entityBody>;
export type EntityUpdate = z.output<typeof entityUpdate>;
export type RelationshipBody = z.output<typeof relationshipBody>;
export type RelationshipUpdate = z.output<typeof relationshipUpdate>;
export type FigureBody = z.output<typeof figureBody>;
export type FigureUpdate = z.output<typeof figureUpdate>;
export type MergeBody = z.output<typeof mergeBody>;
export type Dependents = z.output<typeof dependents>;
export type Change = z.output<typeof change>;
export type Quote = z.output<typeof quote>;
