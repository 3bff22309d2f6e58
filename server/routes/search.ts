// Search handlers beyond GET /api/search (routes/explore.ts): one answer grouped by kind.
import type { Db } from '../db/driver';
import type { HandlersOf } from '../routing';
import type { SchemaService } from '../schema-service';
import { searchServiceFor } from '../search/service';

export function searchHandlers(db: Db, schema: SchemaService): HandlersOf<'searchAll'> {
  const search = searchServiceFor(db, schema);
  return {
    searchAll: async ({ query: { q, kind, types, limit } }) => {
      await schema.checkTypes(types);
      return search.grouped({ q, kinds: kind, types, limit });
    },
  };
}
