// Request schemas of the search endpoints (server/routes/search.ts); the same objects feed the OpenAPI document.
import { z } from 'zod';
import { searchQuery } from './schemas';

const kindList = z
  .string()
  .max(100)
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : ['entities', 'figures', 'sentences'],
  )
  .pipe(
    z
      .array(
        z.enum(['entities', 'figures', 'sentences'], {
          message: 'each kind must be entities, figures or sentences',
        }),
      )
      .min(1),
  );

/**
 * GET /api/search/all?q=&kind=&types=&limit=: `q` as for /api/search; `kind` a comma list of
 * entities, figures, sentences (all by default); `types` filters entities; `limit` is per kind.
 */
export const groupedSearchQuery = searchQuery.extend({
  kind: kindList,
});
