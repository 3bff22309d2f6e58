// Shapes every part of the API shares: the error body, provenance, Cytoscape elements, entity
// references and bilingual text. Server and client both read them from here (see contract/README.md).
import { z } from './zod';

/**
 * Every `code` an error body may carry. The client words each one in the interface language
 * (client/src/errors.ts); a code it does not know shows the server's own message.
 */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'BAD_JSON',
  'UNKNOWN_TYPE',
  'QUERY_REFUSED',
  'CYPHER_ERROR',
  'UNAUTHORIZED',
  'HOST_NOT_ALLOWED',
  'CROSS_ORIGIN_WRITE',
  'CROSS_SITE_WRITE',
  'READ_ONLY',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'REQUEST_TIMEOUT',
  'BODY_TIMEOUT',
  'QUERY_TIMEOUT',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'QUERY_TOO_LARGE',
  'JSON_REQUIRED',
  'RATE_LIMITED',
  'HEADERS_TOO_LARGE',
  'HOST_REQUIRED',
  'INTERNAL',
  'ANALYTICS_FAILED',
  'NEO4J_UNAVAILABLE',
  'OVERLOADED',
  'CONSOLE_BUSY',
  'SEARCH_UNAVAILABLE',
  'SHUTTING_DOWN',
  'NOT_REVERSIBLE',
  'INVALID_IMPORT',
  'UNREADABLE_FILE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every error the API answers has this body; branch on `code`, never on `message`. */
export const errorBody = z
  .object({
    error: z.looseObject({
      code: z.string().meta({ examples: ['BAD_REQUEST', 'NOT_FOUND', 'CONFLICT'] }),
      message: z.string(),
      /** The request field at fault (400 answers). */
      field: z.string().optional(),
    }),
  })
  .meta({ title: 'Error' });

/** Where a fact comes from: an article and the verbatim sentence. */
export const source = z.object({ articleId: z.string(), quote: z.string() }).meta({ title: 'Source' });

export const bilingual = z.object({ zh: z.string(), en: z.string() }).meta({ title: 'Bilingual' });

/**
 * A node on the canvas. Graph answers (neighbours, paths, overview, subgraph) carry the lean fields;
 * console answers carry every property and `sources`. Other properties of the entity ride along.
 */
export const cyNodeData = z.looseObject({
  id: z.string(),
  type: z.string(),
  labels: z.array(z.string()).optional(),
  name: z.string(),
  nameEn: z.string(),
  aliases: z.array(z.string()).optional(),
  dataset: z.string().optional(),
  /** Longitude and latitude (WGS 84) of an entity that is a place or has one: the map layout's input. */
  lng: z.number().optional(),
  lat: z.number().optional(),
  /** Console answers only. */
  sources: z.array(source).optional(),
  degree: z.number().optional(),
});

/** An edge: its scalar properties (role, action, year…) and, in console answers only, `sources`. */
export const cyEdgeData = z.looseObject({
  id: z.string(),
  source: z.string(),
  target: z.string(),
  type: z.string(),
  sources: z.array(source).optional(),
});

export const cyNode = z.object({ group: z.literal('nodes'), data: cyNodeData }).meta({ title: 'CyNode' });
export const cyEdge = z.object({ group: z.literal('edges'), data: cyEdgeData }).meta({ title: 'CyEdge' });
export const cyElements = z
  .object({ nodes: z.array(cyNode), edges: z.array(cyEdge) })
  .meta({ title: 'Elements' });

export const entityRef = z
  .object({ id: z.string(), type: z.string(), name: z.string(), nameEn: z.string() })
  .meta({ title: 'EntityRef' });

const nullableString = z.string().nullish();

export const period = z.object({
  start: z.string().optional(),
  end: z.string().optional(),
  label: z.string().optional(),
  labelEn: z.string().optional(),
});

/** A number the sources state about an entity, with its unit, period and provenance. */
export const figure = z
  .object({
    id: z.string(),
    measure: z.string(),
    measureZh: z.string().optional(),
    value: z.number(),
    valueMax: z.number().nullish(),
    qualifier: nullableString,
    unit: z.string(),
    unitZh: nullableString,
    multiplier: z.number().nullish(),
    currency: nullableString,
    period: period.nullish(),
    date: nullableString,
    before: z
      .object({ value: z.number(), valueMax: z.number().nullish(), qualifier: nullableString })
      .nullish(),
    share: z.object({ of: z.string(), ofEn: z.string().optional() }).nullish(),
    sources: z.array(source),
  })
  .meta({ title: 'Figure' });

/** A stable dataset id of an entity or relationship (console results may use Neo4j element ids). */
export const entityId = z
  .string()
  .min(1)
  .max(200)
  .meta({ examples: ['qingdao-west-coast-new-area'] });

export type ErrorBody = z.output<typeof errorBody>;
export type Source = z.output<typeof source>;
export type Bilingual = z.output<typeof bilingual>;
export type CyNodeData = z.output<typeof cyNodeData>;
export type CyEdgeData = z.output<typeof cyEdgeData>;
export type CyNode = z.output<typeof cyNode>;
export type CyEdge = z.output<typeof cyEdge>;
export type CyElements = z.output<typeof cyElements>;
export type EntityRef = z.output<typeof entityRef>;
export type Period = z.output<typeof period>;
export type Figure = z.output<typeof figure>;
