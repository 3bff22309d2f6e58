// Imports from the UI: a whole `kg-explorer/dataset@1` file, or a table (CSV or XLSX) of entities or
// relationships with the analyst's column mapping. Each has a dry run that lists every problem by
// record or row, and a real run that writes in one transaction and is kept in the change history.
import { z } from './zod';

const datasetId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a dataset id (lower-case kebab-case)')
  .meta({ examples: ['qingdao-2023-11-20'] });
const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');
const fileName = z.string().trim().min(1, 'is required').max(200);

/**
 * One thing wrong with an import, named so the analyst can find and fix it: the record
 * (`nodes[3] (zone-x)`, or `row 5` of a table), the field or column at fault, and what is wrong.
 */
export const importProblem = z
  .object({
    record: z.string(),
    /** A table's row number as a spreadsheet shows it (the header is row 1). */
    row: z.number().int().min(1).optional(),
    field: z.string(),
    message: z.string(),
  })
  .meta({ title: 'ImportProblem' });

// ---- a dataset file ----

export const datasetImportBody = z
  .object({
    /** The file's name, for the history and the messages. */
    fileName: fileName.default('dataset.json'),
    /** The parsed file (graph-seed/FORMAT.md), every article's text inline. */
    file: z.unknown(),
    /** Validate and count only; nothing is written. */
    dryRun: z.boolean().default(false),
    /** A dataset with this id exists: replace it (its entities, figures, relationships, articles). */
    replace: z.boolean().default(false),
  })
  .strict();

export const datasetImportAnswer = z
  .object({
    dryRun: z.boolean(),
    /** The file's dataset id, when it has one. */
    dataset: z.string().nullable(),
    /** Whether a dataset with this id is in the database (a real run then needs `replace`). */
    exists: z.boolean(),
    counts: z.object({
      articles: z.number().int(),
      entities: z.number().int(),
      relationships: z.number().int(),
      figures: z.number().int(),
    }),
    /** Empty when the file can be loaded. */
    problems: z.array(importProblem),
    /** The history record of a real run. */
    change: z.string().nullable(),
  })
  .meta({ title: 'DatasetImport' });

// ---- a table ----

export const tableFile = z
  .object({
    name: fileName,
    format: z.enum(['csv', 'xlsx']),
    /** CSV: its text. XLSX: the file's bytes in base64. */
    content: z.string().min(1, 'is empty').max(12_000_000),
    /** XLSX: the sheet to read; the first one when left out. */
    sheet: z.string().max(100).optional(),
  })
  .strict()
  .meta({ title: 'TableFile' });

export const tablePreviewBody = z.object({ file: tableFile }).strict();
export const tablePreview = z
  .object({
    columns: z.array(z.string()),
    /** The first rows as text, for the mapping step. */
    rows: z.array(z.array(z.string())),
    /** Data rows in the table (the header row not counted). */
    rowCount: z.number().int().min(0),
    /** XLSX: every sheet's name. */
    sheets: z.array(z.string()),
  })
  .meta({ title: 'TablePreview' });

const column = z.string().min(1).max(200);
const propertyColumns = z
  .array(
    z
      .object({
        column,
        key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,59}$/, 'property names must be identifiers'),
      })
      .strict(),
  )
  .max(100)
  .default([]);
const labelName = z.string().regex(/^[A-Z][A-Za-z0-9]{0,39}$/, 'must be PascalCase letters and digits');
const relTypeName = z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'must be UPPER_SNAKE_CASE');

/** Each row an entity. Ends of `links` are existing entities found by id, name or alias. */
export const entityMapping = z
  .object({
    kind: z.literal('entities'),
    id: column.optional(),
    name: column,
    /** Left out: the Chinese name stands for the English one too. */
    nameEn: column.optional(),
    /** Several aliases in one cell are separated by ; ； 、 or |. */
    aliases: column.optional(),
    /** A column naming each row's type, or `fixedType` for every row. */
    type: column.optional(),
    fixedType: labelName.optional(),
    properties: propertyColumns,
    /** A column naming another entity: a relationship of `type` to it (or from it, `in`). */
    links: z
      .array(
        z.object({ column, type: relTypeName, direction: z.enum(['out', 'in']).default('out') }).strict(),
      )
      .max(20)
      .default([]),
  })
  .strict();

/** Each row a relationship between two existing entities, found by id, name or alias. */
export const relationshipMapping = z
  .object({
    kind: z.literal('relationships'),
    from: column,
    to: column,
    type: column.optional(),
    fixedType: relTypeName.optional(),
    properties: propertyColumns,
  })
  .strict();

export const tableMapping = z
  .discriminatedUnion('kind', [entityMapping, relationshipMapping])
  .refine((m) => (m.type === undefined) !== (m.fixedType === undefined), {
    message: 'needs either a type column or a fixed type',
    path: ['type'],
  })
  .meta({ title: 'TableMapping' });

export const tableImportBody = z
  .object({
    /** The dataset the rows join; a new id starts a new dataset (with `datasetTitle`). */
    dataset: datasetId,
    datasetTitle: z.string().trim().min(1).max(200).optional(),
    file: tableFile,
    mapping: tableMapping,
    /** Types the dataset does not have yet are declared (named after their label) instead of refused. */
    declareTypes: z.boolean().default(false),
    /**
     * By default one bad row refuses the whole import (nothing is written). With this, the good rows
     * are written and the bad ones listed as skipped.
     */
    skipBadRows: z.boolean().default(false),
    dryRun: z.boolean().default(false),
    /** The date the table's source document carries; today when left out. */
    date: isoDate.optional(),
  })
  .strict();

export const tableImportAnswer = z
  .object({
    dryRun: z.boolean(),
    /** Data rows read (the header row not counted). */
    rows: z.number().int().min(0),
    /** What the import writes (a dry run: would write). */
    entities: z.number().int().min(0),
    relationships: z.number().int().min(0),
    declaredTypes: z.array(z.string()),
    problems: z.array(importProblem),
    /** Rows left out (with `skipBadRows`). */
    skipped: z.array(z.number().int()),
    /** The source document the rows became, whose paragraphs are the rows (null in a dry run). */
    article: z.string().nullable(),
    change: z.string().nullable(),
  })
  .meta({ title: 'TableImport' });

export type ImportProblem = z.output<typeof importProblem>;
export type DatasetImportBody = z.output<typeof datasetImportBody>;
export type DatasetImportAnswer = z.output<typeof datasetImportAnswer>;
export type TableFile = z.output<typeof tableFile>;
export type TablePreview = z.output<typeof tablePreview>;
export type TableMapping = z.output<typeof tableMapping>;
export type EntityMapping = z.output<typeof entityMapping>;
export type RelationshipMapping = z.output<typeof relationshipMapping>;
export type TableImportBody = z.output<typeof tableImportBody>;
export type TableImportAnswer = z.output<typeof tableImportAnswer>;
