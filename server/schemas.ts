// Request schemas: the same objects validate requests and generate the OpenAPI document.
import { z } from 'zod';

const csvList = (pattern: RegExp, what: string) =>
  z
    .string()
    .max(2000)
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(z.string().regex(pattern, `each ${what} must match ${pattern.source}`)).max(50));

const intParam = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

export const entityId = z.string().min(1).max(200);
const typesParam = csvList(/^[A-Z][A-Za-z0-9]{0,39}$/, 'type');
const relTypesParam = csvList(/^[A-Z][A-Z0-9_]{0,39}$/, 'relationship type');

export const searchQuery = z.object({
  q: z.string({ message: 'is required' }).trim().min(1, 'is required: type what to search for').max(200),
  types: typesParam,
  limit: intParam(1, 100, 20),
});

export const nodeParams = z.object({ id: entityId });

export const neighborsQuery = z.object({
  depth: intParam(1, 3, 1),
  types: typesParam,
  relTypes: relTypesParam,
  limit: intParam(1, 2000, 200),
});

export const pathsQuery = z.object({
  from: entityId,
  to: entityId,
  maxLength: intParam(1, 6, 4),
  mode: z.enum(['shortest', 'all']).default('shortest'),
  limit: intParam(1, 100, 10),
});

export const graphQuery = z.object({
  types: typesParam,
  limit: intParam(1, 5000, 500),
});

// Deeply nested parameters break the Bolt connection that carries them (seen: 1000 nested lists);
// no analyst's query needs more than a few levels.
const MAX_PARAM_DEPTH = 16;
function nestingDepth(value: unknown, depth = 0): number {
  if (depth > MAX_PARAM_DEPTH) return depth;
  if (Array.isArray(value)) return Math.max(depth, ...value.map((v) => nestingDepth(v, depth + 1)));
  if (value && typeof value === 'object') {
    return Math.max(depth, ...Object.values(value).map((v) => nestingDepth(v, depth + 1)));
  }
  return depth;
}

export const cypherBody = z
  .object({
    query: z.string({ message: 'is required' }).min(1, 'is required').max(20_000),
    // A tighter limit than the server's QUERY_TIMEOUT_MS for this one query (never a looser one).
    timeoutMs: z
      .number({ message: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(100, 'must be at least 100 ms')
      .max(600_000, 'must be at most 600000 ms')
      .optional(),
    params: z
      .record(z.string(), z.unknown())
      .default({})
      .refine((p) => nestingDepth(p) <= MAX_PARAM_DEPTH, {
        message: `may nest lists and maps at most ${MAX_PARAM_DEPTH} levels deep`,
      }),
  })
  .strict();

/** Comma-separated entity ids, de-duplicated, between `min` and `max` of them. */
const idList = (min: number, max: number, tooFew = `needs at least ${min} distinct ids`) =>
  z
    .string({ message: 'is required: comma-separated entity ids' })
    .max(40_000)
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(entityId).min(min, tooFew).max(max, `at most ${max} ids`));

export const subgraphQuery = z.object({ ids: idList(1, 2000, 'needs at least one id') });

/** Entity and relationship ids; a relationship is found when one of its ends is listed too. */
export const sourcesQuery = z.object({ ids: idList(1, 500, 'needs at least one id') });

export const articleParams = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'is not an article id'),
});

// ---- insight ----

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
  }, 'is not a calendar date');

export const analyticsQuery = z.object({
  top: intParam(1, 50, 10),
  ids: idList(1, 500).optional(),
});

export const explainQuery = z.object({
  from: entityId,
  to: entityId,
  maxLength: intParam(1, 6, 4),
  limit: intParam(1, 20, 5),
});

export const timelineQuery = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    mode: z.enum(['within', 'overlaps']).default('within'),
    limit: intParam(1, 2000, 300),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });

export const compareQuery = z.object({ ids: idList(2, 6) });
