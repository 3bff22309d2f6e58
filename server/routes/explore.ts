// Exploration handlers: schema, search, node detail, neighbours and their summary, paths, overview, subgraph,
// sources, articles. Inputs arrive parsed by the contract (server/routing.ts).
import type { Article } from '../../contract/types';
import { DataCache } from '../data-cache';
import { hubLinksOf } from '../hub-links';
import type { Db } from '../db/driver';
import { notFound } from '../errors';
import {
  elementSources,
  entityExists,
  neighbors,
  neighbourSummary,
  nodeDetail,
  overview,
  paths,
  sourceDocument,
  subgraph,
} from '../queries/explore';
import type { HandlersOf } from '../routing';
import type { SchemaService } from '../schema-service';
import { searchServiceFor } from '../search/service';

type ExploreOperation =
  | 'getSchema'
  | 'search'
  | 'getNode'
  | 'getNeighbors'
  | 'getNeighbourSummary'
  | 'findPaths'
  | 'getOverview'
  | 'getSubgraph'
  | 'getSources'
  | 'getArticle';

export function exploreHandlers(db: Db, schema: SchemaService): HandlersOf<ExploreOperation> {
  // The overview ranks every entity by degree: kept per data fingerprint (see DataCache).
  const overviews = new DataCache(() => schema.fingerprint());
  const search = searchServiceFor(db, schema);
  // Relationships between hubs, kept per data fingerprint (hub-links.ts).
  const hubs = hubLinksOf(db);
  return {
    getSchema: () => schema.get(),

    search: async ({ query: { q, types, limit } }) => {
      await schema.checkTypes(types);
      return { results: await search.entities(q, types, limit) };
    },

    getNode: async ({ params: { id } }) => {
      const detail = await nodeDetail(db, id);
      if (!detail) throw notFound(`No entity with id "${id}".`);
      return detail;
    },

    getNeighbors: async ({ params: { id }, query }) => {
      await schema.checkTypes(query.types, query.relTypes);
      const result = await neighbors(db, { id, ...query }, await hubs.current());
      if (!result) throw notFound(`No entity with id "${id}".`);
      return result;
    },

    getNeighbourSummary: async ({ params: { id } }) => {
      const summary = await neighbourSummary(db, id);
      if (!summary) throw notFound(`No entity with id "${id}".`);
      return summary;
    },

    findPaths: async ({ query }) => {
      for (const [field, id] of [
        ['from', query.from],
        ['to', query.to],
      ] as const) {
        if (!(await entityExists(db, id))) throw notFound(`${field}: no entity with id "${id}".`);
      }
      return { paths: query.from === query.to ? [] : await paths(db, query) };
    },

    getOverview: async ({ query: { types, limit } }) => {
      await schema.checkTypes(types);
      const key = JSON.stringify([[...types].sort(), limit]);
      return overviews.get(key, async () => overview(db, types, limit, await hubs.current()));
    },

    getSubgraph: async ({ query: { ids } }) => subgraph(db, ids, await hubs.current()),

    getSources: async ({ query: { ids } }) => {
      const sources = await elementSources(db, ids);
      return { sources, missing: ids.filter((id) => !Object.hasOwn(sources, id)) };
    },

    getArticle: async ({ params: { id } }) => {
      const article = await sourceDocument(db, id);
      if (!article) throw notFound(`No article with id "${id}".`);
      return { article: article as Article };
    },
  };
}
