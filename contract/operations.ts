// The route table: every operation of the API with its method, path, inputs, answers and the
// statuses it can give. Express routing (server/routing.ts), the OpenAPI document
// (server/openapi.ts) and the typed client (client/src/api.ts) are all made from this one table, so
// an endpoint cannot exist undocumented or be called with the wrong shape.
import { z } from './zod';
import { cypherBody, cypherResult } from './console';
import {
  articleAnswer,
  articleParams,
  graphAnswer,
  graphQuery,
  healthBody,
  neighborsAnswer,
  neighborsQuery,
  neighbourSummary,
  nodeDetail,
  nodeParams,
  pathsAnswer,
  pathsQuery,
  schemaInfo,
  searchAnswer,
  searchQuery,
  sourcesAnswer,
  sourcesQuery,
  subgraphAnswer,
  subgraphQuery,
} from './explore';
import {
  analyticsAnswer,
  analyticsQuery,
  compareAnswer,
  compareQuery,
  explainAnswer,
  explainQuery,
  timelineAnswer,
  timelineQuery,
} from './insight';
import {
  datasetImportAnswer,
  datasetImportBody,
  tableImportAnswer,
  tableImportBody,
  tablePreview,
  tablePreviewBody,
} from './imports';
import { groupedSearchAnswer, groupedSearchQuery } from './search';
import {
  articleAdded,
  articleBody,
  articlesAnswer,
  changeParams,
  changesAnswer,
  changesQuery,
  datasetFile,
  datasetParams,
  deleted,
  dependents,
  entityBody,
  entityUpdate,
  entityWritten,
  factParams,
  figureBody,
  figureUpdate,
  figureWritten,
  mergeBody,
  readingAnswer,
  relationshipBody,
  relationshipUpdate,
  relationshipWritten,
  undoAnswer,
  versionQuery,
} from './sources';
import {
  noteAnswer,
  noteBody,
  notesAnswer,
  notesQuery,
  noteUpdate,
  recordId,
  storiesAnswer,
  storyAnswer,
  storyBody,
  storyUpdate,
  storyWithMissing,
  storedView,
  viewBody,
  viewsAnswer,
  viewUpdate,
  viewWithMissing,
} from './presentations';

export type Method = 'get' | 'post' | 'put' | 'delete';
export type Tag =
  'explore' | 'console' | 'insight' | 'sources' | 'facts' | 'stories' | 'views' | 'notes' | 'meta';

export interface Operation {
  method: Method;
  /** Express syntax (`:id`); OpenAPI gets `{id}`. */
  path: `/api/${string}`;
  tag: Tag;
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success answer: JSON with `schema`, other text with `contentType`, or 204 without body. */
  success: {
    status: 200 | 201 | 204;
    description: string;
    schema?: z.ZodType;
    contentType?: 'application/json' | 'text/html' | 'application/javascript';
  };
  /** Changes data: needs write access (loopback, or the explorer's bearer token off loopback). */
  write?: boolean;
  /** Statuses this operation answers besides the ones every operation can (see server/openapi.ts). */
  errors?: readonly number[];
}

const op = <const T extends Operation>(operation: T): T => operation;

export const operations = {
  // ---- explore ----
  getHealth: op({
    method: 'get',
    path: '/api/health',
    tag: 'meta',
    summary: 'Whether Neo4j answers, and the embedded Neo4j supervisor state',
    success: { status: 200, description: 'Neo4j answers', schema: healthBody },
    // 503 answers carry the same body (status "unavailable", with the reason), see openapi.ts.
  }),
  getSchema: op({
    method: 'get',
    path: '/api/schema',
    tag: 'explore',
    summary: 'Entity types and relationship types with counts, the types they join, property keys',
    success: { status: 200, description: 'Schema', schema: schemaInfo },
  }),
  search: op({
    method: 'get',
    path: '/api/search',
    tag: 'explore',
    summary: 'Search entities by name, English name or alias, in Chinese or English',
    query: searchQuery,
    success: { status: 200, description: 'Ranked results', schema: searchAnswer },
  }),
  searchAll: op({
    method: 'get',
    path: '/api/search/all',
    tag: 'explore',
    summary: 'Search entities, figures and sentences at once, each kind ranked on its own',
    description:
      'Entities: exact name, then exact alias or pinyin, then name prefix, then the rest, ties by degree. ' +
      'Figures: by value as written (3650.31), measure in either language, or a glossary synonym ' +
      '(GDP ↔ 地区生产总值). Sentences: every sentence of the source articles containing the query, with ' +
      'the entities, relationships and figures that quote it.',
    query: groupedSearchQuery,
    success: { status: 200, description: 'Results grouped by kind', schema: groupedSearchAnswer },
  }),
  getNode: op({
    method: 'get',
    path: '/api/nodes/:id',
    tag: 'explore',
    summary: 'One entity with its properties, figures and sources',
    params: nodeParams,
    success: { status: 200, description: 'Entity detail', schema: nodeDetail },
    errors: [404],
  }),
  getNeighbors: op({
    method: 'get',
    path: '/api/nodes/:id/neighbors',
    tag: 'explore',
    summary: 'Neighbourhood as Cytoscape elements (canvas fields; sources via /api/sources)',
    params: nodeParams,
    query: neighborsQuery,
    success: { status: 200, description: 'Elements', schema: neighborsAnswer },
    errors: [404],
  }),
  getNeighbourSummary: op({
    method: 'get',
    path: '/api/nodes/:id/neighbour-summary',
    tag: 'explore',
    summary: "An entity's neighbours counted by type and by relationship type and direction",
    description:
      'For a hub whose neighbours are more than a page: the analyst picks a group and pages it with ' +
      'GET /api/nodes/{id}/neighbors?types=…&relTypes=…&direction=…&offset=….',
    params: nodeParams,
    success: { status: 200, description: 'Counts', schema: neighbourSummary },
    errors: [404],
  }),
  findPaths: op({
    method: 'get',
    path: '/api/paths',
    tag: 'explore',
    summary: 'Shortest or all simple paths between two entities',
    query: pathsQuery,
    success: { status: 200, description: 'Paths (none between an entity and itself)', schema: pathsAnswer },
    errors: [404],
  }),
  getOverview: op({
    method: 'get',
    path: '/api/graph',
    tag: 'explore',
    summary: 'Overview: the best-connected entities and their links (canvas fields)',
    query: graphQuery,
    success: { status: 200, description: 'Elements', schema: graphAnswer },
  }),
  getSubgraph: op({
    method: 'get',
    path: '/api/subgraph',
    tag: 'explore',
    summary: 'Given entities and the relationships among them; unknown ids are listed in missing',
    query: subgraphQuery,
    success: { status: 200, description: 'Elements', schema: subgraphAnswer },
  }),
  getSources: op({
    method: 'get',
    path: '/api/sources',
    tag: 'explore',
    summary: 'Sources (article id + verbatim quote) of entities and relationships',
    description:
      'Graph answers leave sources out; this fetches them lazily. A relationship is found when one of ' +
      'its ends is among the ids too (send an edge with its source and target).',
    query: sourcesQuery,
    success: { status: 200, description: 'Sources by id', schema: sourcesAnswer },
  }),
  getArticle: op({
    method: 'get',
    path: '/api/articles/:id',
    tag: 'explore',
    summary: 'A source article with its full text',
    params: articleParams,
    success: { status: 200, description: 'Article', schema: articleAnswer },
    errors: [404],
  }),

  // ---- sources ----
  listArticles: op({
    method: 'get',
    path: '/api/articles',
    tag: 'sources',
    summary: 'Source articles, newest first; of one dataset with `dataset`',
    query: z.object({
      dataset: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a dataset id')
        .optional(),
    }),
    success: { status: 200, description: 'Article summaries', schema: articlesAnswer },
  }),
  addArticle: op({
    method: 'post',
    path: '/api/articles',
    tag: 'sources',
    summary: 'Add a source document (pasted text, or an uploaded .txt, .md or .html as a string)',
    description:
      'HTML is reduced to its text (scripts and styles dropped); paragraphs are kept, one blank line ' +
      'between them; the answer lists the sentences (Chinese 。！？；…, English . ! ? with abbreviations). ' +
      'A dataset id not yet known starts a new dataset. 409 CONFLICT when the article id is taken.',
    body: articleBody,
    write: true,
    success: { status: 201, description: 'The stored article and its sentences', schema: articleAdded },
    errors: [409],
  }),
  getReading: op({
    method: 'get',
    path: '/api/articles/:id/reading',
    tag: 'sources',
    summary: "An article's sentences, each with the entities, relationships and figures that quote it",
    params: articleParams,
    success: { status: 200, description: 'Sentences and the ontology of its dataset', schema: readingAnswer },
    errors: [404],
  }),

  // ---- facts ----
  createEntity: op({
    method: 'post',
    path: '/api/entities',
    tag: 'facts',
    summary: 'Create an entity from a sentence',
    description:
      'The quote must occur verbatim in the stored article; the type must be in the ontology of the ' +
      "article's dataset or declared with `declareType`. 404 for an unknown article, 409 for a taken id.",
    body: entityBody,
    write: true,
    success: { status: 201, description: 'The entity (version 1)', schema: entityWritten },
    errors: [404, 409],
  }),
  updateEntity: op({
    method: 'put',
    path: '/api/entities/:id',
    tag: 'facts',
    summary: 'Edit an entity; `version` must be the stored one (409 CONFLICT with currentVersion otherwise)',
    params: factParams,
    body: entityUpdate,
    write: true,
    success: { status: 200, description: 'The entity, version + 1', schema: entityWritten },
    errors: [404, 409],
  }),
  deleteEntity: op({
    method: 'delete',
    path: '/api/entities/:id',
    tag: 'facts',
    summary: 'Delete an entity with its relationships and figures (see its dependents first)',
    params: factParams,
    query: versionQuery,
    write: true,
    success: { status: 200, description: 'The change that deleted it (undo it to restore)', schema: deleted },
    errors: [404, 409],
  }),
  getDependents: op({
    method: 'get',
    path: '/api/entities/:id/dependents',
    tag: 'facts',
    summary: 'What deleting an entity takes with it: relationships, figures, notes',
    params: factParams,
    success: { status: 200, description: 'Dependents', schema: dependents },
    errors: [404],
  }),
  mergeEntities: op({
    method: 'post',
    path: '/api/entities/:id/merge',
    tag: 'facts',
    summary: 'Merge a duplicate into this entity: relationships, figures, aliases and sources move here',
    params: factParams,
    body: mergeBody,
    write: true,
    success: { status: 200, description: 'The survivor, version + 1', schema: entityWritten },
    errors: [404, 409],
  }),
  createRelationship: op({
    method: 'post',
    path: '/api/relationships',
    tag: 'facts',
    summary: 'Create a relationship between two entities of one dataset from a sentence',
    body: relationshipBody,
    write: true,
    success: { status: 201, description: 'The relationship (version 1)', schema: relationshipWritten },
    errors: [404, 409],
  }),
  updateRelationship: op({
    method: 'put',
    path: '/api/relationships/:id',
    tag: 'facts',
    summary: "Edit a relationship's properties or add a source; `version` must be the stored one",
    params: factParams,
    body: relationshipUpdate,
    write: true,
    success: { status: 200, description: 'The relationship, version + 1', schema: relationshipWritten },
    errors: [404, 409],
  }),
  deleteRelationship: op({
    method: 'delete',
    path: '/api/relationships/:id',
    tag: 'facts',
    summary: 'Delete a relationship',
    params: factParams,
    query: versionQuery,
    write: true,
    success: { status: 200, description: 'The change that deleted it', schema: deleted },
    errors: [404, 409],
  }),
  createFigure: op({
    method: 'post',
    path: '/api/figures',
    tag: 'facts',
    summary: 'Attach a figure to an entity from a sentence',
    body: figureBody,
    write: true,
    success: { status: 201, description: 'The figure (version 1)', schema: figureWritten },
    errors: [404, 409],
  }),
  updateFigure: op({
    method: 'put',
    path: '/api/figures/:id',
    tag: 'facts',
    summary: 'Edit a figure; `version` must be the stored one',
    params: factParams,
    body: figureUpdate,
    write: true,
    success: { status: 200, description: 'The figure, version + 1', schema: figureWritten },
    errors: [404, 409],
  }),
  deleteFigure: op({
    method: 'delete',
    path: '/api/figures/:id',
    tag: 'facts',
    summary: 'Delete a figure',
    params: factParams,
    query: versionQuery,
    write: true,
    success: { status: 200, description: 'The change that deleted it', schema: deleted },
    errors: [404, 409],
  }),
  listChanges: op({
    method: 'get',
    path: '/api/changes',
    tag: 'facts',
    summary: 'The change history, newest first: of one entity, one article or one dataset',
    query: changesQuery,
    success: { status: 200, description: 'Changes (at most 500)', schema: changesAnswer },
  }),
  undoChange: op({
    method: 'post',
    path: '/api/changes/:id/undo',
    tag: 'facts',
    summary: 'Apply the inverse of a change, itself recorded as a change',
    description:
      '409 CONFLICT when something the change touched was changed since (undo the later change first) ' +
      'or the change was already undone.',
    params: changeParams,
    write: true,
    success: { status: 200, description: 'The undoing change', schema: undoAnswer },
    errors: [404, 409],
  }),
  exportDataset: op({
    method: 'get',
    path: '/api/datasets/:id/export',
    tag: 'sources',
    summary: 'One dataset as a kg-explorer/dataset@1 file with its articles inline',
    description: '`npm run seed -- --file <it>` loads it into an empty database to the same counts.',
    params: datasetParams,
    success: { status: 200, description: 'The dataset file', schema: datasetFile },
    errors: [404],
  }),

  importDataset: op({
    method: 'post',
    path: '/api/imports/dataset',
    tag: 'sources',
    summary: 'Import a kg-explorer/dataset@1 file: validated by the loader, loaded in one transaction',
    description:
      'Every problem is answered by record (`nodes[3] (zone-x)`), field and message: with `dryRun` as ' +
      'a 200 listing them, otherwise as 400 INVALID_IMPORT with nothing written. Article texts must be ' +
      'inline. A dataset id already in the database needs `replace` (409 CONFLICT otherwise); ids that ' +
      'belong to another dataset are refused. Recorded in the change history (not undoable).',
    body: datasetImportBody,
    write: true,
    success: {
      status: 200,
      description: 'Counts, problems, and the change of a real run',
      schema: datasetImportAnswer,
    },
    errors: [409],
  }),
  previewTable: op({
    method: 'post',
    path: '/api/imports/table/preview',
    tag: 'sources',
    summary: 'Read a CSV or XLSX table: its columns, first rows and sheets, for the column mapping',
    description: '400 UNREADABLE_FILE when the file is not a table this server can read.',
    body: tablePreviewBody,
    success: { status: 200, description: 'Columns and the first rows', schema: tablePreview },
  }),
  importTable: op({
    method: 'post',
    path: '/api/imports/table',
    tag: 'sources',
    summary: 'Import a table of entities or relationships with a column mapping, in one transaction',
    description:
      'The table becomes a source document whose paragraphs are its rows; every fact quotes its row ' +
      '(`row 5 | …`), so its provenance is the file and row number. A dry run lists every bad row ' +
      '(row, column, what is wrong). A real run with a bad row writes nothing (400 INVALID_IMPORT) ' +
      'unless `skipBadRows`, which writes the good rows and lists the skipped. Undo removes the facts.',
    body: tableImportBody,
    write: true,
    success: {
      status: 200,
      description: 'What was (or would be) written, and every problem',
      schema: tableImportAnswer,
    },
    errors: [404],
  }),

  // ---- console ----
  runCypher: op({
    method: 'post',
    path: '/api/cypher',
    tag: 'console',
    summary: 'Read-only Cypher console',
    description:
      'The query runs in a read transaction after a static check and an EXPLAIN; writes, admin ' +
      'commands and unlisted procedures are refused (400 QUERY_REFUSED, 403 READ_ONLY). 408 when it ' +
      'runs past its timeout, 413 when it needs more memory than one query may use, 503 CONSOLE_BUSY ' +
      'when every console slot stays taken.',
    body: cypherBody,
    success: { status: 200, description: 'Columns, rows, elements and summary', schema: cypherResult },
    errors: [403],
  }),

  // ---- insight ----
  getAnalytics: op({
    method: 'get',
    path: '/api/analytics',
    tag: 'insight',
    summary: 'Degree, betweenness, PageRank and Louvain community per entity, hubs, brokers, communities',
    description: 'Cached until the data changes; betweenness is sampled above 5000 entities.',
    query: analyticsQuery,
    success: { status: 200, description: 'Scores and communities', schema: analyticsAnswer },
  }),
  explain: op({
    method: 'get',
    path: '/api/explain',
    tag: 'insight',
    summary: 'Why two entities are connected: shortest paths, each hop with its source quote and a sentence',
    query: explainQuery,
    success: { status: 200, description: 'Paths as sentence chains', schema: explainAnswer },
    errors: [404],
  }),
  getTimeline: op({
    method: 'get',
    path: '/api/timeline',
    tag: 'insight',
    summary: 'Periods of figures and dated entities; with from/to, what falls in that window',
    query: timelineQuery,
    success: { status: 200, description: 'Periods, and the window contents', schema: timelineAnswer },
  }),
  compare: op({
    method: 'get',
    path: '/api/compare',
    tag: 'insight',
    summary:
      '2–6 entities side by side: figures aligned by measure, unit and period; links; shared neighbours',
    query: compareQuery,
    success: { status: 200, description: 'Comparison', schema: compareAnswer },
    errors: [404],
  }),

  // ---- stories ----
  listStories: op({
    method: 'get',
    path: '/api/stories',
    tag: 'stories',
    summary: 'Stories, most recently changed first',
    success: { status: 200, description: 'Story summaries', schema: storiesAnswer },
  }),
  getStory: op({
    method: 'get',
    path: '/api/stories/:id',
    tag: 'stories',
    summary: 'One story with its steps, and the entity ids its steps show that no longer exist',
    params: recordId,
    success: { status: 200, description: 'Story', schema: storyWithMissing },
    errors: [404],
  }),
  createStory: op({
    method: 'post',
    path: '/api/stories',
    tag: 'stories',
    summary: 'Create a story',
    body: storyBody,
    write: true,
    success: { status: 201, description: 'The stored story (version 1)', schema: storyAnswer },
  }),
  updateStory: op({
    method: 'put',
    path: '/api/stories/:id',
    tag: 'stories',
    summary: 'Replace a story; `version` must be the stored one (409 CONFLICT with currentVersion otherwise)',
    params: recordId,
    body: storyUpdate,
    write: true,
    success: { status: 200, description: 'The stored story, version + 1', schema: storyAnswer },
    errors: [404, 409],
  }),
  duplicateStory: op({
    method: 'post',
    path: '/api/stories/:id/duplicate',
    tag: 'stories',
    summary: 'Copy a story under a new id',
    params: recordId,
    write: true,
    success: { status: 201, description: 'The copy', schema: storyAnswer },
    errors: [404],
  }),
  deleteStory: op({
    method: 'delete',
    path: '/api/stories/:id',
    tag: 'stories',
    summary: 'Delete a story',
    params: recordId,
    write: true,
    success: { status: 204, description: 'Deleted' },
    errors: [404],
  }),

  // ---- views ----
  listViews: op({
    method: 'get',
    path: '/api/views',
    tag: 'views',
    summary: 'Saved views, most recently changed first',
    success: { status: 200, description: 'View summaries', schema: viewsAnswer },
  }),
  getView: op({
    method: 'get',
    path: '/api/views/:id',
    tag: 'views',
    summary: 'One saved view, and the entity ids it shows that no longer exist',
    params: recordId,
    success: { status: 200, description: 'View', schema: viewWithMissing },
    errors: [404],
  }),
  createView: op({
    method: 'post',
    path: '/api/views',
    tag: 'views',
    summary: 'Save a view',
    body: viewBody,
    write: true,
    success: { status: 201, description: 'The stored view (version 1)', schema: storedView },
  }),
  updateView: op({
    method: 'put',
    path: '/api/views/:id',
    tag: 'views',
    summary: 'Replace a saved view; `version` must be the stored one',
    params: recordId,
    body: viewUpdate,
    write: true,
    success: { status: 200, description: 'The stored view, version + 1', schema: storedView },
    errors: [404, 409],
  }),
  deleteView: op({
    method: 'delete',
    path: '/api/views/:id',
    tag: 'views',
    summary: 'Delete a saved view',
    params: recordId,
    write: true,
    success: { status: 204, description: 'Deleted' },
    errors: [404],
  }),

  // ---- notes ----
  listNotes: op({
    method: 'get',
    path: '/api/notes',
    tag: 'notes',
    summary: 'Notes, oldest first; of one entity with entityId',
    query: notesQuery,
    success: { status: 200, description: 'Notes', schema: notesAnswer },
  }),
  createNote: op({
    method: 'post',
    path: '/api/notes',
    tag: 'notes',
    summary: 'Add a note to an entity',
    body: noteBody,
    write: true,
    success: { status: 201, description: 'The stored note', schema: noteAnswer },
    errors: [404],
  }),
  updateNote: op({
    method: 'put',
    path: '/api/notes/:id',
    tag: 'notes',
    summary: "Replace a note's text",
    params: recordId,
    body: noteUpdate,
    write: true,
    success: { status: 200, description: 'The stored note', schema: noteAnswer },
    errors: [404],
  }),
  deleteNote: op({
    method: 'delete',
    path: '/api/notes/:id',
    tag: 'notes',
    summary: 'Delete a note',
    params: recordId,
    write: true,
    success: { status: 204, description: 'Deleted' },
    errors: [404],
  }),

  // ---- the documentation itself ----
  getOpenApi: op({
    method: 'get',
    path: '/api/openapi.json',
    tag: 'meta',
    summary: 'This document (OpenAPI 3.1)',
    success: { status: 200, description: 'OpenAPI 3.1 document', schema: z.record(z.string(), z.unknown()) },
  }),
  getDocs: op({
    method: 'get',
    path: '/api/docs',
    tag: 'meta',
    summary: 'A readable page of this document',
    success: { status: 200, description: 'HTML page', contentType: 'text/html' },
  }),
  getDocsScript: op({
    method: 'get',
    path: '/api/docs.js',
    tag: 'meta',
    summary: 'The script of the docs page',
    success: { status: 200, description: 'JavaScript', contentType: 'application/javascript' },
  }),
} as const satisfies Record<string, Operation>;

export type Operations = typeof operations;
export type OperationId = keyof Operations;

type Field<O, K extends string> = O extends { [P in K]: infer S extends z.ZodType } ? S : undefined;
type OutputOr<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;

/** What the server hands a handler: inputs parsed (defaults filled, lists split). */
export type ParamsOf<K extends OperationId> = OutputOr<Field<Operations[K], 'params'>, Record<string, never>>;
export type QueryOf<K extends OperationId> = OutputOr<Field<Operations[K], 'query'>, Record<string, never>>;
export type BodyOf<K extends OperationId> = OutputOr<Field<Operations[K], 'body'>, undefined>;
/** The success answer: its JSON; the text of a page or script; nothing for 204. */
export type AnswerOf<K extends OperationId> = OutputOr<
  Field<Operations[K]['success'], 'schema'>,
  string | void
>;
/** What a client sends as JSON: before defaults. */
export type RequestBodyOf<K extends OperationId> =
  Field<Operations[K], 'body'> extends z.ZodType ? z.input<Field<Operations[K], 'body'>> : undefined;
/**
 * What a client gives for the query string: the parsed types (numbers, lists), with the optionality
 * of the raw parameters (a parameter with a default may be left out).
 */
export type ClientQueryOf<K extends OperationId> =
  Field<Operations[K], 'query'> extends z.ZodType
    ? {
        [P in keyof z.input<Field<Operations[K], 'query'>>]: P extends keyof QueryOf<K>
          ? QueryOf<K>[P]
          : never;
      }
    : Record<string, never>;
