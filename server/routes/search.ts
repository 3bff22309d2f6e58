// Search endpoints beyond GET /api/search (routes/explore.ts): one answer grouped by kind.
import { Router } from 'express';
import type { Db } from '../db/driver';
import type { SchemaService } from '../schema-service';
import { groupedSearchQuery } from '../search-schemas';
import { searchServiceFor } from '../search/service';

export function searchRoutes(db: Db, schema: SchemaService): Router {
  const router = Router();
  const search = searchServiceFor(db, schema);

  router.get('/search/all', async (req, res) => {
    const { q, kind, types, limit } = groupedSearchQuery.parse(req.query);
    await schema.checkTypes(types);
    res.json(await search.grouped({ q, kinds: kind, types, limit }));
  });

  return router;
}
