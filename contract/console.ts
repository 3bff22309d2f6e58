// The read-only Cypher console: what a query request may carry and what it answers.
import { z } from './zod';
import { cyElements } from './common';

// Deeply nested parameters break the Bolt connection that carries them (seen: 1000 nested lists);
// no analyst's query needs more than a few levels.
export const MAX_PARAM_DEPTH = 16;
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
    query: z
      .string({ message: 'is required' })
      .min(1, 'is required')
      .max(20_000)
      .meta({ examples: ['MATCH (z:Zone)-[r]->(p) RETURN z, r, p LIMIT 25'] }),
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
      })
      .meta({
        description: `Query parameters ($name); lists and maps nest at most ${MAX_PARAM_DEPTH} deep.`,
      }),
  })
  .strict()
  .meta({ title: 'CypherRequest' });

export const cypherResult = z
  .object({
    columns: z.array(z.string()),
    /** One array per row, values in column order; nodes, relationships and paths as tagged objects. */
    rows: z.array(z.array(z.unknown())),
    /** The nodes and relationships of the rows, for the canvas. */
    elements: cyElements,
    summary: z.object({
      queryType: z.string(),
      resultAvailableAfter: z.number().nullable(),
      resultConsumedAfter: z.number().nullable(),
      rowCount: z.number().int().min(0),
    }),
    /** True when rows stopped at CONSOLE_ROW_LIMIT. */
    truncated: z.boolean(),
  })
  .meta({ title: 'CypherResult' });

export type CypherBody = z.output<typeof cypherBody>;
export type CypherResult = z.output<typeof cypherResult>;
