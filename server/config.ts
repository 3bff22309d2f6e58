// Configuration is read and validated once, here. Everything else receives a typed Config.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { splitList } from '../contract/params';

const NEO4J_SCHEMES = ['bolt:', 'bolt+s:', 'bolt+ssc:', 'neo4j:', 'neo4j+s:', 'neo4j+ssc:'];
const memorySize = z.string().regex(/^\d+[kmg]$/i, 'must be a size such as 512m or 2g');
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
/** An optional comma-separated list, trimmed, empty items dropped; unset is []. */
const commaList = () => z.string().optional().transform(splitList);
const port = (fallback: number) =>
  z.coerce.number().int('must be a whole number').min(0).max(65535).default(fallback);

const envSchema = z
  .object({
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port(3000),
    DATA_DIR: z.string().min(1).default('.data'),
    NEO4J_URI: z
      .string()
      .optional()
      .refine((v) => v === undefined || v === '' || NEO4J_SCHEMES.some((s) => v.startsWith(`${s}//`)), {
        message: `must start with one of ${NEO4J_SCHEMES.map((s) => `${s}//`).join(', ')}`,
      }),
    NEO4J_USER: z.string().default('neo4j'),
    NEO4J_PASSWORD: z.string().default(''),
    NEO4J_DATABASE: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'is not a database name')
      .default('neo4j'),
    NEO4J_BOLT_PORT: port(7687),
    NEO4J_HEAP: memorySize.default('768m'),
    // Unset or empty: each start sizes the page cache from the store, within a budget (db/page-cache.ts).
    NEO4J_PAGECACHE: z
      .union([z.literal(''), memorySize])
      .optional()
      .transform((v) => v || undefined),
    NEO4J_START_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
    QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
    CONSOLE_ROW_LIMIT: z.coerce.number().int().min(1).max(100_000).default(1000),
    // Console queries running at once (an abandoned one counts until Neo4j lets go of it).
    CONSOLE_MAX_CONCURRENT: z.coerce.number().int('must be a whole number').min(1).max(100).default(4),
    // How long past QUERY_TIMEOUT_MS a console request waits for Neo4j to stop the query itself
    // before it answers 408 anyway and terminates the transaction.
    CONSOLE_DEADLINE_GRACE_MS: z.coerce
      .number()
      .int('must be a whole number')
      .min(0)
      .max(60_000)
      .default(1000),
    SEED_ON_START: bool.default(true),
    EXPLORER_TOKEN: z.string().optional(),
    // Named tokens beside the single one, so the change history can say who wrote what:
    // `ana:9f2c…,li:4be1…`. Each name is what the history shows for writes with its token.
    EXPLORER_TOKENS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const pairs: { name: string; token: string }[] = [];
        for (const item of (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)) {
          const match = /^([A-Za-z0-9._-]{1,40}):(\S{8,})$/.exec(item);
          if (!match) {
            ctx.addIssue({
              code: 'custom',
              message:
                'must be a comma-separated list of name:token pairs (names of letters, digits, . _ -; ' +
                'tokens of 8 characters or more, no spaces)',
            });
            return z.NEVER;
          }
          pairs.push({ name: match[1]!, token: match[2]! });
        }
        if (new Set(pairs.map((p) => p.name)).size !== pairs.length) {
          ctx.addIssue({ code: 'custom', message: 'names a person twice' });
          return z.NEVER;
        }
        return pairs;
      }),
    LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
    // Requests per minute per client IP on /api; 0 switches the limiter off (load tests, trusted proxies).
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int('must be a whole number').min(0).max(1_000_000).default(600),
    // Exact browser origins allowed to call the API cross-origin; unset means no CORS headers at all.
    CORS_ORIGINS: commaList().refine((origins) => origins.every(isExactOrigin), {
      message: 'must be a comma-separated list of origins such as https://example.org:8443 (no path, no *)',
    }),
    // Host names (besides loopback names, IP literals and HOST) this server answers to; anything else
    // is refused, which stops DNS-rebinding pages. Comma-separated, e.g. explorer.example.org.
    ALLOWED_HOSTS: commaList().refine((hosts) => hosts.every((h) => /^[A-Za-z0-9.-]+$/.test(h)), {
      message:
        'must be a comma-separated list of host names such as explorer.example.org (no port, no scheme)',
    }),
    // Behind a reverse proxy every request comes from the proxy's address, so one busy analyst would
    // rate-limit everyone. TRUST_PROXY names the proxies whose X-Forwarded-For to believe: a number
    // of hops (1), or addresses/subnets (loopback, 10.0.0.0/8, …). Off by default: a header is
    // whatever a client says it is. The write rule always uses the socket's own address.
    TRUST_PROXY: z
      .string()
      .default('false')
      .refine((v) => /^(false|true|\d{1,2}|[A-Za-z0-9.:/]+(\s*,\s*[A-Za-z0-9.:/]+)*)$/.test(v.trim()), {
        message:
          'must be false, a number of proxy hops such as 1, or proxy addresses such as loopback, 10.0.0.0/8',
      })
      .transform((v): boolean | number | string => {
        const value = v.trim();
        if (value === 'false') return false;
        if (value === 'true') return true;
        if (/^\d+$/.test(value)) return Number(value);
        return value;
      }),
    // How long a request body may take to arrive after its headers.
    BODY_TIMEOUT_MS: z.coerce.number().int('must be a whole number').min(100).max(600_000).default(10_000),
    // First delay before restarting an embedded Neo4j that died; doubles per failed try, up to 30 s.
    NEO4J_RESTART_DELAY_MS: z.coerce.number().int('must be a whole number').min(0).max(60_000).default(1000),
    // How long SIGTERM waits for in-flight requests before cutting connections.
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    // API requests worked on at once (each holds up to two Neo4j sessions; the driver pool has 100).
    // Beyond it requests wait in a queue of MAX_QUEUED_REQUESTS, then get 503. 0 switches this off.
    MAX_CONCURRENT_REQUESTS: z.coerce.number().int('must be a whole number').min(0).max(1000).default(32),
    MAX_QUEUED_REQUESTS: z.coerce.number().int('must be a whole number').min(0).max(100_000).default(500),
    // For the reliability test only: a table import stops inside its transaction, after its writes
    // and before its commit, until the process is killed (tests/integration/reliability-import-kill).
    IMPORT_HOLD_MID_TRANSACTION: bool.default(false),
  })
  .superRefine((env, ctx) => {
    // Beyond loopback anyone on the network can reach the write endpoints: a token is not optional there.
    if (!isLoopback(env.HOST) && !env.EXPLORER_TOKEN && env.EXPLORER_TOKENS.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['EXPLORER_TOKEN'],
        message:
          `must be set when HOST=${JSON.stringify(env.HOST)} is not a loopback address: other machines could ` +
          'reach the server, and writes need a bearer token. Set EXPLORER_TOKEN (or EXPLORER_TOKENS) to a long random secret ' +
          '(e.g. `openssl rand -hex 32`) or set HOST=127.0.0.1.',
      });
    }
  })
  .transform((env) => ({
    host: env.HOST,
    port: env.PORT,
    dataDir: path.resolve(env.DATA_DIR),
    neo4j: {
      // An empty NEO4J_URI means "not set": the embedded default runs.
      externalUri: env.NEO4J_URI ? env.NEO4J_URI : undefined,
      user: env.NEO4J_USER,
      password: env.NEO4J_PASSWORD,
      database: env.NEO4J_DATABASE,
      embedded: {
        boltPort: env.NEO4J_BOLT_PORT,
        heap: env.NEO4J_HEAP,
        pageCache: env.NEO4J_PAGECACHE,
        startTimeoutMs: env.NEO4J_START_TIMEOUT_MS,
      },
    },
    queryTimeoutMs: env.QUERY_TIMEOUT_MS,
    consoleRowLimit: env.CONSOLE_ROW_LIMIT,
    consoleMaxConcurrent: env.CONSOLE_MAX_CONCURRENT,
    consoleDeadlineGraceMs: env.CONSOLE_DEADLINE_GRACE_MS,
    seedOnStart: env.SEED_ON_START,
    explorerToken: env.EXPLORER_TOKEN || undefined,
    explorerTokens: env.EXPLORER_TOKENS,
    logLevel: env.LOG_LEVEL,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    corsOrigins: env.CORS_ORIGINS,
    allowedHosts: env.ALLOWED_HOSTS,
    trustProxy: env.TRUST_PROXY,
    bodyTimeoutMs: env.BODY_TIMEOUT_MS,
    restartDelayMs: env.NEO4J_RESTART_DELAY_MS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    maxConcurrentRequests: env.MAX_CONCURRENT_REQUESTS,
    maxQueuedRequests: env.MAX_QUEUED_REQUESTS,
    importHoldMidTransaction: env.IMPORT_HOLD_MID_TRANSACTION,
  }));

export type Config = z.output<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates an environment; throws ConfigError naming every variable at fault. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Unset and empty are the same thing for every variable here.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        return `${name}=${JSON.stringify(present[name] ?? '')} ${issue.message}`;
      }),
    );
  }
  return result.data;
}

/** Reads `.env` (if any) into process.env without overriding what is already set. */
export function loadDotEnv(file = '.env'): void {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

/** True for `scheme://host[:port]` exactly as a browser sends it in the Origin header. */
function isExactOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

export const isLoopback = (host: string): boolean =>
  host === '127.0.0.1' || host === '::1' || host === 'localhost' || host.startsWith('127.');
