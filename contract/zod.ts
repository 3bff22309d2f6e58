// The zod every contract module builds its schemas with, configured before any schema exists.
import { z } from 'zod';

// zod compiles object parsers with `new Function` unless told not to, and decides when a schema is
// built. In the browser the explorer's Content-Security-Policy forbids eval, and even zod's caught
// probe is reported as a violation, so pages use the interpreter; the server keeps the compiler.
if (typeof window !== 'undefined') z.config({ jitless: true });

export { z };
