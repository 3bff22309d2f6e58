// Exploration: health, schema, search, entity detail, neighbours, paths, overview, subgraph,
// sources and articles — the request parameters each accepts and the answer each gives.
import { z } from './zod';
import { cyElements, entityId, entityRef, figure, source } from './common';
import { csvList, idList, intParam } from './params';

const typeName = /^[A-Z][A-Za-z0-9]{0,39}$/;
const relTypeName = /^[A-Z][A-Z0-9_]{0,39}$/;
const typesParam = csvList(typeName, 'type');
const relTypesParam = csvList(relTypeName, 'relationship type');

// ---- requests ----

export const searchQuery = z.object({
  q: z
    .string({ message: 'is required' })
    .trim()
    .min(1, 'is required: type what to search for')
    .max(200)
    .meta({ examples: ['自贸片区', 'West Coast'], pattern: '\\S' }),
  types: typesParam,
  limit: intParam(1, 100, 20),
});

export const nodeParams = z.object({ id: entityId });

export const neighborsQuery = z.object({
  depth: intParam(1, 3, 1),
  types: typesParam,
  relTypes: relTypesParam,
  /** Which way every hop goes from the entity: with `types` and `relTypes`, one group of a hub's
   * neighbour summary, which `offset` then pages through. */
  direction: z.enum(['both', 'out', 'in']).default('both'),
  limit: intParam(1, 2000, 200),
  /** Neighbours to pass over first, in the store's order (stable while the data is unchanged). */
  offset: intParam(0, 1_000_000, 0),
});

export const pathsQuery = z.object({
  from: entityId,
  to: entityId,
  maxLength: intParam(1, 6, 4),
  mode: z.enum(['shortest', 'all']).default('shortest'),
  limit: intParam(1, 100, 10),
});

export const graphQuery = z.object({ types: typesParam, limit: intParam(1, 5000, 500) });

export const subgraphQuery = z.object({ ids: idList(1, 2000, 'needs at least one id') });

/** Entity and relationship ids; a relationship is found when one of its ends is listed too. */
export const sourcesQuery = z.object({ ids: idList(1, 500, 'needs at least one id') });

export const articleParams = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'is not an article id')
    .meta({ examples: ['article-qdmp-2023-11-20-west-coast'] }),
});

// ---- answers ----

export const healthBody = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    neo4j: z.object({
      connected: z.boolean(),
      version: z.string().optional(),
      edition: z.string().optional(),
      /** Without any user:password part. */
      uri: z.string(),
      reason: z.string().optional(),
      /** The embedded Neo4j's supervisor: restarts since start, the last unexpected exit, and
       * 'restarting' while it brings the JVM back. Absent for an external Neo4j. */
      supervisor: z
        .object({
          state: z.enum(['running', 'restarting']),
          restarts: z.number().int().min(0),
          lastExit: z.string().optional(),
          nextAttemptInMs: z.number().min(0).optional(),
        })
        .optional(),
    }),
  })
  .meta({ title: 'Health' });

export const typeInfo = z.object({
  label: z.string(),
  nameZh: z.string().optional(),
  nameEn: z.string().optional(),
  description: z.string().optional(),
  color: z.string().optional(),
  shape: z.string().optional(),
  count: z.number().int().min(0),
});

export const relTypeInfo = z.object({
  type: z.string(),
  nameZh: z.string().optional(),
  nameEn: z.string().optional(),
  description: z.string().optional(),
  count: z.number().int().min(0),
  joins: z.array(z.object({ from: z.string(), to: z.string(), count: z.number().int().min(0) })),
});

export const schemaInfo = z
  .object({
    labels: z.array(typeInfo),
    relationshipTypes: z.array(relTypeInfo),
    propertyKeys: z.record(z.string(), z.array(z.string())),
  })
  .meta({ title: 'Schema' });

export const searchResult = entityRef.extend({ score: z.number() });
export const searchAnswer = z.object({ results: z.array(searchResult) });

export const nodeDetail = z
  .object({
    node: z.object({
      id: z.string(),
      type: z.string(),
      name: z.string(),
      nameEn: z.string(),
      aliases: z.array(z.string()),
      properties: z.record(z.string(), z.unknown()),
      figures: z.array(figure),
      sources: z.array(source),
      /** What an edit of it is based on (PUT /api/entities/{id}); 1 for entities never edited. */
      version: z.number().int().min(1).optional(),
    }),
    degree: z.number().int().min(0),
  })
  .meta({ title: 'NodeDetail' });

export const neighborsAnswer = z.object({ elements: cyElements, truncated: z.boolean() });

const count = z.number().int().min(0);
/** What a hub's neighbours are, counted, so an analyst picks a group rather than an arbitrary page. */
export const neighbourSummary = z
  .object({
    id: z.string(),
    /** Distinct neighbouring entities (figures left out), as `GET …/neighbors` at depth 1 finds them. */
    total: count,
    /** Distinct neighbours by their type, most first. */
    byType: z.array(z.object({ type: z.string(), count })),
    /** Distinct neighbours by relationship type, direction from this entity and neighbour type, most
     * first; a neighbour joined in two ways counts in both groups. */
    byRelationship: z.array(
      z.object({
        relType: z.string(),
        direction: z.enum(['out', 'in']),
        neighbourType: z.string(),
        count,
      }),
    ),
  })
  .meta({ title: 'NeighbourSummary' });
export const pathsAnswer = z.object({
  paths: z.array(z.object({ length: z.number().int().min(1), elements: cyElements })),
});
export const graphAnswer = z.object({
  elements: cyElements,
  truncated: z.boolean(),
  /** Entities of the asked types in the whole graph. */
  total: z.number().int().min(0),
});
export const subgraphAnswer = z.object({ elements: cyElements, missing: z.array(z.string()) });

/** Provenance by entity or relationship id; ids not found are in `missing`. */
export const sourcesAnswer = z.object({
  sources: z.record(z.string(), z.array(source)),
  missing: z.array(z.string()),
});

const optionalText = z.string().nullish();
export const article = z
  .object({
    id: z.string(),
    title: z.string(),
    titleEn: optionalText,
    publisher: optionalText,
    publisherEn: optionalText,
    date: optionalText,
    authors: z.array(z.string()).nullish(),
    url: optionalText,
    text: z.string(),
  })
  .meta({ title: 'Article' });
export const articleAnswer = z.object({ article });

export type HealthBody = z.output<typeof healthBody>;
export type TypeInfo = z.output<typeof typeInfo>;
export type RelTypeInfo = z.output<typeof relTypeInfo>;
export type SchemaInfo = z.output<typeof schemaInfo>;
export type SearchResult = z.output<typeof searchResult>;
export type NodeDetail = z.output<typeof nodeDetail>;
export type NeighbourSummary = z.output<typeof neighbourSummary>;
export type SourcesResponse = z.output<typeof sourcesAnswer>;
export type Article = z.output<typeof article>;
