// The dataset format (see FORMAT.md): a zod schema for the shape, then the checks that need the whole
// file (ids, endpoints, declared types, quotes found in the articles). Pure: reads files, writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Labels the loader and the app use for their own bookkeeping; a dataset may not use them as types. */
export const RESERVED_LABELS = [
  'Entity',
  'Figure',
  'SourceDocument',
  'Dataset',
  'Node',
  'Story',
  'View',
  'Note',
];
export const LABEL_PATTERN = /^[A-Z][A-Za-z0-9]{0,39}$/;
export const REL_TYPE_PATTERN = /^[A-Z][A-Z0-9_]{0,39}$/;
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,79}$/;
/** Property names a dataset's `properties` may not use: the loader's own and provenance. */
export const RESERVED_PROPERTY =
  /^(id|name|nameEn|aliases|type|dataset|searchText|lng|lat|place|placeCode|source.*|_.*)$/;

const source = z.object({ article: z.string().min(1), quote: z.string().min(2).max(500) }).strict();
const sources = z.array(source).min(1, 'needs at least one source');
const scalar = z.union([z.string(), z.number().finite(), z.boolean()]);
const propertyValue = z.union([
  scalar,
  z.array(z.string()),
  z.array(z.number().finite()),
  z.array(z.boolean()),
]);
const properties = z
  .record(z.string(), propertyValue)
  .refine(
    (p) => Object.keys(p).every((k) => !RESERVED_PROPERTY.test(k) && /^[A-Za-z][A-Za-z0-9_]*$/.test(k)),
    {
      message:
        'property names must be identifiers and may not redefine id, name, nameEn, aliases, type, dataset, lng, lat, place, source*',
    },
  );
const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');
const qualifier = z.enum(['about', 'over', 'nearly', 'at-least', 'up-to']);

const figure = z
  .object({
    id: z.string().regex(ID_PATTERN, 'must be lower-case kebab-case, 2–80 characters'),
    measure: z.string().min(1),
    measureZh: z.string().optional(),
    value: z.number().finite(),
    valueMax: z.number().finite().nullish(),
    qualifier: qualifier.nullish(),
    unit: z.string().min(1),
    unitZh: z.string().nullish(),
    multiplier: z.number().positive().nullish(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY')
      .nullish(),
    period: z
      .object({
        start: isoDate.optional(),
        end: isoDate.optional(),
        label: z.string().optional(),
        labelEn: z.string().optional(),
      })
      .strict()
      .nullish(),
    date: isoDate.nullish(),
    before: z
      .object({
        value: z.number().finite(),
        valueMax: z.number().finite().nullish(),
        qualifier: qualifier.nullish(),
      })
      .strict()
      .nullish(),
    share: z
      .object({ of: z.string().min(1), ofEn: z.string().optional() })
      .strict()
      .nullish(),
    sources,
  })
  .strict();

const node = z
  .object({
    id: z.string().regex(ID_PATTERN, 'must be lower-case kebab-case, 2–80 characters'),
    type: z.string().min(1),
    name: z.string().min(1),
    nameEn: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    // Where it is, for the map layout (places/places.ts): coordinates (WGS 84 degrees), or a
    // division by name or GB/T 2260 code that the loader resolves to the division's point.
    lng: z.number().min(-180).max(180).optional(),
    lat: z.number().min(-90).max(90).optional(),
    place: z.string().min(1).optional(),
    properties: properties.default({}),
    sources,
    figures: z.array(figure).default([]),
  })
  .strict()
  .refine((n) => (n.lng === undefined) === (n.lat === undefined), {
    message: 'lng and lat come together',
    path: ['lng'],
  });

const edge = z
  .object({
    id: z.string().regex(ID_PATTERN, 'must be lower-case kebab-case, 2–80 characters').optional(),
    source: z.string().min(1),
    target: z.string().min(1),
    type: z.string().min(1),
    properties: properties.default({}),
    sources,
  })
  .strict();

export const datasetSchema = z
  .object({
    format: z.literal('kg-explorer/dataset@1'),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case kebab-case'),
    title: z.string().min(1),
    titleEn: z.string().optional(),
    articles: z
      .array(
        z
          .object({
            id: z.string().regex(ID_PATTERN, 'must be lower-case kebab-case'),
            // The text in a file beside the dataset, or inline (how the explorer exports a dataset).
            file: z.string().min(1).optional(),
            text: z.string().min(1).optional(),
            language: z.string().max(20).optional(),
            title: z.string().min(1),
            titleEn: z.string().optional(),
            publisher: z.string().optional(),
            publisherEn: z.string().optional(),
            date: isoDate,
            authors: z.array(z.string()).default([]),
            url: z.string().url().optional(),
          })
          .strict()
          .refine((a) => (a.file === undefined) !== (a.text === undefined), {
            message: 'needs either file or text',
            path: ['file'],
          }),
      )
      .min(1, 'needs at least one article'),
    nodeTypes: z.array(
      z
        .object({
          label: z
            .string()
            .regex(LABEL_PATTERN, 'must be PascalCase letters and digits (it becomes a Neo4j label)'),
          nameZh: z.string().optional(),
          nameEn: z.string().optional(),
          description: z.string().optional(),
          color: z
            .string()
            .regex(/^#[0-9a-fA-F]{6}$/, 'must be #rrggbb')
            .optional(),
          shape: z.string().optional(),
        })
        .strict(),
    ),
    relationshipTypes: z.array(
      z
        .object({
          type: z.string().regex(REL_TYPE_PATTERN, 'must be UPPER_SNAKE_CASE (it becomes a Neo4j type)'),
          nameZh: z.string().optional(),
          nameEn: z.string().optional(),
          description: z.string().optional(),
        })
        .strict(),
    ),
    // Synonyms analysts type for this dataset's measures, added to server/search/glossary.ts's own.
    glossary: z
      .array(z.object({ terms: z.array(z.string().min(1)).min(2, 'needs two terms or more') }).strict())
      .optional(),
    nodes: z.array(node).min(1, 'needs at least one node'),
    edges: z.array(edge).default([]),
  })
  .strict();

export type Dataset = z.output<typeof datasetSchema>;
export type DatasetNode = Dataset['nodes'][number];
export type DatasetEdge = Dataset['edges'][number];
export type DatasetFigure = DatasetNode['figures'][number];

/** A dataset with its article texts read and every edge given an id. */
export interface ValidDataset extends Dataset {
  file: string;
  articleTexts: Record<string, string>;
  edges: (DatasetEdge & { id: string })[];
}

/** One problem of a dataset file: the record at fault (`nodes[3] (zone-x)`), its field, what is wrong. */
export interface DatasetProblem {
  record: string;
  field: string;
  message: string;
}

/** `nodes[3] (zone-x).type: unknown type …`, the one-line form the command line prints. */
export const problemLine = (p: DatasetProblem): string => {
  const at = [p.record, p.field].filter(Boolean).join('.');
  return at ? `${at}: ${p.message}` : p.message;
};

export class DatasetError extends Error {
  /** The same problems as lines. */
  readonly problems: string[];
  constructor(
    readonly file: string,
    readonly issues: DatasetProblem[],
  ) {
    const problems = issues.map(problemLine);
    const shown = problems.slice(0, 25);
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was written.\n` +
        shown.map((p) => `  - ${p}`).join('\n') +
        (problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : ''),
    );
    this.name = 'DatasetError';
    this.problems = problems;
  }
}

/**
 * Sentences in the printed articles are broken around photos and captions; a quote is looked up
 * in the text with every line break and the whitespace around it removed.
 */
export const normaliseForQuotes = (text: string): string => text.replace(/[ \t\u3000]*\r?\n\s*/g, '');

/**
 * Where an issue sits, for error messages: the record (`nodes[3] (zone-x)`, or a figure inside it,
 * up to the deepest list item that has an id; else the first list item) and the field within it.
 */
function where(data: unknown, issuePath: PropertyKey[]): { record: string; field: string } {
  let label = '';
  let cursor: unknown = data;
  let recordEnd = -1;
  let recordLabel = '';
  issuePath.forEach((key, i) => {
    cursor = (cursor as Record<PropertyKey, unknown> | undefined)?.[key];
    label += typeof key === 'number' ? `[${key}]` : `${label ? '.' : ''}${String(key)}`;
    if (typeof key !== 'number') return;
    const hasId = cursor && typeof cursor === 'object' && 'id' in cursor;
    if (hasId) label += ` (${String((cursor as { id: unknown }).id)})`;
    if (hasId || recordEnd === -1) {
      recordEnd = i;
      recordLabel = label;
    }
  });
  if (recordEnd === -1) return label ? { record: '', field: label } : { record: '(file)', field: '' };
  const rest = issuePath.slice(recordEnd + 1);
  const field = rest
    .map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`))
    .join('')
    .replace(/^\./, '');
  return { record: recordLabel, field };
}

const edgeId = (e: DatasetEdge): string =>
  e.id ?? `${e.source}--${e.type.toLowerCase().replaceAll('_', '-')}--${e.target}`;

export interface ValidateOptions {
  /**
   * Every article's text must be inline (`text`): a file that arrives over the API may not name
   * files on the server to be read into the database.
   */
  inlineTextsOnly?: boolean;
}

/** Validates parsed JSON against the format and the whole-file rules. Throws DatasetError. */
export function validateDataset(raw: unknown, file: string, options: ValidateOptions = {}): ValidDataset {
  const parsed = datasetSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DatasetError(
      file,
      parsed.error.issues.map((issue) => ({ ...where(raw, issue.path), message: issue.message })),
    );
  }
  const data = parsed.data;
  const problems: DatasetProblem[] = [];
  const problem = (record: string, field: string, message: string) =>
    problems.push({ record, field, message });
  const baseDir = path.dirname(file);

  const articleTexts: Record<string, string> = {};
  const normalised: Record<string, string> = {};
  data.articles.forEach((article, i) => {
    if (article.text !== undefined) {
      articleTexts[article.id] = article.text;
      normalised[article.id] = normaliseForQuotes(article.text);
      return;
    }
    if (options.inlineTextsOnly) {
      problem(
        `articles[${i}] (${article.id})`,
        'file',
        'an uploaded dataset carries each article inline ("text"); files beside it cannot be read',
      );
      return;
    }
    const articlePath = path.resolve(baseDir, article.file!);
    try {
      articleTexts[article.id] = fs.readFileSync(articlePath, 'utf8');
      normalised[article.id] = normaliseForQuotes(articleTexts[article.id]!);
    } catch {
      problem(`articles[${i}] (${article.id})`, 'file', `cannot read ${articlePath}`);
    }
  });

  const declaredArticles = new Set(data.articles.map((a) => a.id));
  const checkSources = (label: string, list: { article: string; quote: string }[]) => {
    list.forEach((s, i) => {
      const text = normalised[s.article];
      // An article whose text could not be read is reported once, at the article, not at every quote.
      if (!declaredArticles.has(s.article))
        problem(label, `sources[${i}].article`, `unknown article "${s.article}"`);
      else if (text !== undefined && !text.includes(normaliseForQuotes(s.quote))) {
        problem(label, `sources[${i}].quote`, `not found verbatim in article "${s.article}": "${s.quote}"`);
      }
    });
  };

  const labels = new Set<string>();
  data.nodeTypes.forEach((t, i) => {
    if (RESERVED_LABELS.includes(t.label) || t.label.startsWith('Explorer')) {
      problem(`nodeTypes[${i}]`, 'label', `"${t.label}" is reserved`);
    }
    if (labels.has(t.label)) problem(`nodeTypes[${i}]`, 'label', `"${t.label}" is declared twice`);
    labels.add(t.label);
  });
  const relTypes = new Set<string>();
  data.relationshipTypes.forEach((t, i) => {
    if (t.type === 'HAS_FIGURE') problem(`relationshipTypes[${i}]`, 'type', '"HAS_FIGURE" is reserved');
    if (relTypes.has(t.type)) problem(`relationshipTypes[${i}]`, 'type', `"${t.type}" is declared twice`);
    relTypes.add(t.type);
  });

  const nodeIds = new Set<string>();
  const figureIds = new Set<string>();
  data.nodes.forEach((n, i) => {
    const label = `nodes[${i}] (${n.id})`;
    if (nodeIds.has(n.id)) problem(label, 'id', `duplicate id "${n.id}"`);
    nodeIds.add(n.id);
    if (!labels.has(n.type)) problem(label, 'type', `unknown type "${n.type}" (declare it in nodeTypes)`);
    checkSources(label, n.sources);
    n.figures.forEach((f, j) => {
      const figLabel = `${label}.figures[${j}] (${f.id})`;
      if (figureIds.has(f.id)) problem(figLabel, 'id', `duplicate figure id "${f.id}"`);
      figureIds.add(f.id);
      if (f.valueMax != null && f.valueMax < f.value) problem(figLabel, 'valueMax', 'smaller than value');
      checkSources(figLabel, f.sources);
    });
  });

  const edgeIds = new Set<string>();
  const edges = data.edges.map((e, i) => {
    const id = edgeId(e);
    const label = `edges[${i}] (${id})`;
    if (edgeIds.has(id)) problem(label, 'id', `duplicate edge id "${id}"`);
    edgeIds.add(id);
    if (!nodeIds.has(e.source)) problem(label, 'source', `no node with id "${e.source}"`);
    if (!nodeIds.has(e.target)) problem(label, 'target', `no node with id "${e.target}"`);
    if (!relTypes.has(e.type))
      problem(label, 'type', `unknown type "${e.type}" (declare it in relationshipTypes)`);
    checkSources(label, e.sources);
    return { ...e, id };
  });

  if (problems.length) throw new DatasetError(file, problems);
  return { ...data, edges, file, articleTexts };
}

/** Reads and validates a dataset file. Throws DatasetError with the file name on any problem. */
export function readDataset(file: string): ValidDataset {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new DatasetError(file, [{ record: '', field: '', message: `cannot read JSON: ${reason}` }]);
  }
  return validateDataset(raw, file);
}
