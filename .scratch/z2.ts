import { z } from 'zod';
const a = z.string().optional().transform((v) => Number(v ?? 3)).meta({ type: 'integer', default: 3 });
const b = z.string().meta({ type: 'integer', default: 3 }).optional().transform((v) => Number(v ?? 3));
const c = z.string().optional().transform((v) => Number(v ?? 3)).meta({ type: 'integer', 'x-d': 3 });
for (const s of [a, b, c]) console.log(JSON.stringify(z.toJSONSchema(z.object({ s }), { io: 'input' }).properties));
