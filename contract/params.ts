// Building blocks for query-string parameters: each one validates what the server accepts and
// documents exactly that (type, bounds, pattern, default) in the OpenAPI document, so the document
// and the server cannot disagree about what a valid request is.
import { z } from './zod';

/**
 * A whole number in a query string ("4"), `fallback` when absent. Documented as an integer with its
 * bounds; the server reads the digits itself, so "4.0", "0x4" and " 4" are refused, as documented.
 */
export const intParam = (min: number, max: number, fallback: number) =>
  z
    .string()
    // On the string itself: zod leaves a default given on the transform out of the input schema.
    .meta({ type: 'integer', minimum: min, maximum: max, default: fallback })
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = /^(0|[1-9][0-9]{0,8})$/.test(v) ? Number(v) : NaN;
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

// Lists travel comma-separated (`ids=a,b,c`): documented as OpenAPI array parameters with
// `style: form, explode: false`, which is exactly that serialisation (see server/openapi.ts).
const ID_ITEM = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^,\\s](?:[^,]*[^,\\s])?$' };

/** The items of a comma-separated value, trimmed, blanks dropped (none when absent). */
export const splitList = (v: string | undefined): string[] =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

/** A comma-separated list of names matching `pattern`, at most `maxItems` of them. */
export const csvList = (pattern: RegExp, what: string, maxItems = 50) =>
  z
    .string()
    .optional()
    .transform(splitList)
    .pipe(
      z
        .array(z.string().regex(pattern, `each ${what} must match ${pattern.source}`))
        .max(maxItems, `at most ${maxItems} ${what}s`),
    )
    .meta({
      type: 'array',
      items: { type: 'string', pattern: pattern.source },
      maxItems,
      description: `Comma-separated ${what}s.`,
    });

/** Comma-separated entity ids, de-duplicated, between `min` and `max` distinct ones. */
export const idList = (min: number, max: number, tooFew = `needs at least ${min} distinct ids`) =>
  z
    .string({ message: 'is required: comma-separated entity ids' })
    .transform((v) => [...new Set(splitList(v))])
    .pipe(
      z
        .array(z.string().max(200, 'each id has at most 200 characters'))
        .min(min, tooFew)
        .max(max, `at most ${max} ids`),
    )
    .meta({
      type: 'array',
      items: ID_ITEM,
      minItems: min,
      maxItems: max,
      uniqueItems: true,
      description: `Comma-separated entity ids, ${min} to ${max} distinct ones.`,
    });

/** A calendar date as YYYY-MM-DD. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
  }, 'is not a calendar date')
  .meta({ format: 'date', examples: ['2023-01-01'] });
