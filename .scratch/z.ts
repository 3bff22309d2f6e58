import { z } from 'zod';
const intParam = (min: number, max: number, fallback: number) =>
  z.string().regex(/^\d+$/).optional().transform((v) => (v ? Number(v) : fallback)).meta({ type: 'integer', minimum: min, maximum: max, default: fallback });
const s = z.object({ depth: intParam(1, 3, 1), n: z.looseObject({ id: z.string() }), d: z.iso.date().optional(), e: z.enum(['a','b']).default('a') });
console.log(JSON.stringify(z.toJSONSchema(s, { io: 'input', target: 'draft-2020-12' }), null, 1));
console.log(JSON.stringify(z.toJSONSchema(s, { io: 'output' })));
