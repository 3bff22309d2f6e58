// Exploration endpoints: schema, search, node detail, neighbours, paths, overview, sources, articles.
import { Router } from 'express';
import { DataCache } from '../data-cache';
import type { Db } from '../db/driver';
import { notFound } from '../errors';
import {
  elementSources,
  entityExists,
  neighbors,
  nodeDetail,
  overview,
  paths,
  sourceDocument,
  subgraph,
} from '../queries/explore';
import type { SchemaService } from '../schema-service';
import { searchServiceFor } from '../search/service';
import {
  articleParams,
  graphQuery,
  neighborsQuery,
  nodeParams,
  pathsQuery,
  searchQuery,
  sourcesQuery,
  subgraphQuery,
} from '../schemas';

export function exploreRoutes(db: Db, schema: SchemaService): Router {
  const router = Router();
  // The overview ranks every entity by degree: kept per data fingerprint (see DataCache).
  const overviews = new DataCache(() => schema.fingerprint());

  router.get('/schema', async (_req, res) => {
    res.json(await schema.get());
  });

  router.get('/search', async (req, res) => {
    const { q, types, limit } = searchQuery.parse(req.query);
    await schema.checkTypes(types);
    res.json({ results: await searchServiceFor(db, schema).entities(q, types, limit) });
  });

  router.get('/nodes/:id', async (req, res) => {
    const { id } = nodeParams.parse(req.params);
    const detail = await nodeDetail(db, id);
    if (!detail) throw notFound(`No entity with id "${id}".`);
    res.json(detail);
  });

  router.get('/nodes/:id/neighbors', async (req, res) => {
    const { id } = nodeParams.parse(req.params);
    const query = neighborsQuery.parse(req.query);
    await schema.checkTypes(query.types, query.relTypes);
    const result = await neighbors(db, { id, ...query });
    if (!result) throw notFound(`No entity with id "${id}".`);
    res.json(result);
  });

  router.get('/paths', async (req, res) => {
    const query = pathsQuery.parse(req.query);
    for (const [field, id] of [
      ['from', query.from],
      ['to', query.to],
    ] as const) {
      if (!(await entityExists(db, id))) throw notFound(`${field}: no entity with id "${id}".`);
    }
    res.json({ paths: query.from === query.to ? [] : await paths(db, query) });
  });

  router.get('/graph', async (req, res) => {
    const { types, limit } = graphQuery.parse(req.query);
    await schema.checkTypes(types);
    const key = JSON.stringify([[...types].sort(), limit]);
    res.json(await overviews.get(key, () => overview(db, types, limit)));
  });

  router.get('/subgraph', async (req, res) => {
    const { ids } = subgraphQuery.parse(req.query);
    res.json(await subgraph(db, ids));
  });

  router.get('/sources', async (req, res) => {
    const { ids } = sourcesQuery.parse(req.query);
    const sources = await elementSources(db, ids);
    res.json({ sources, missing: ids.filter((id) => !Object.hasOwn(sources, id)) });
  });

  router.get('/articles/:id', async (req, res) => {
    const { id } = articleParams.parse(req.params);
    const article = await sourceDocument(db, id);
    if (!article) throw notFound(`No article with id "${id}".`);
    res.json({ article });
  });

  return router;
}
