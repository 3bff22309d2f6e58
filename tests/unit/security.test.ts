// Hardening without a database: config rules, headers, rate limit, CORS and the write-access rule,
// over real HTTP on loopback (the app's Db points at a closed port and is never reached here).
import express, { type ErrorRequestHandler } from 'express';
import type { Server } from 'node:http';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { ConfigError, parseConfig, type Config } from '../../server/config';
import { createDb } from '../../server/db/driver';
import { toHttpError } from '../../server/errors';
import {
  CSP_DIRECTIVES,
  isLoopbackAddress,
  requireWriteAccess,
  tokenMatches,
  writeAccess,
} from '../../server/security';

const servers: Server[] = [];
const dbs: ReturnType<typeof createDb>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  await Promise.all(dbs.splice(0).map((db) => db.close()));
});

async function listen(app: express.Express, host = '127.0.0.1'): Promise<number> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, host, () => resolve(s));
  });
  servers.push(server);
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** The real app; port 1 is never listening, so nothing here can reach a database. */
async function startApp(env: Record<string, string> = {}): Promise<string> {
  const config = parseConfig({ NEO4J_URI: 'bolt://127.0.0.1:1', LOG_LEVEL: 'silent', ...env });
  const db = createDb({
    uri: 'bolt://127.0.0.1:1',
    user: 'neo4j',
    password: '',
    database: 'neo4j',
    queryTimeoutMs: 1000,
  });
  dbs.push(db);
  return `http://127.0.0.1:${await listen(createApp({ config, db }))}`;
}

describe('config rules for exposure', () => {
  it('refuses a non-loopback HOST without EXPLORER_TOKEN, naming both', () => {
    expect(() => parseConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => parseConfig({ HOST: '0.0.0.0' })).toThrow(
      /EXPLORER_TOKEN="" must be set when HOST="0.0.0.0"/,
    );
    expect(() => parseConfig({ HOST: '192.168.1.20', EXPLORER_TOKEN: '' })).toThrow(/EXPLORER_TOKEN/);
  });

  it.each(['127.0.0.1', '127.0.0.2', '::1', 'localhost'])('needs no token on loopback %s', (host) => {
    expect(parseConfig({ HOST: host }).explorerToken).toBeUndefined();
  });

  it('accepts a non-loopback HOST with a token', () => {
    expect(parseConfig({ HOST: '0.0.0.0', EXPLORER_TOKEN: 'a-long-random-secret' }).host).toBe('0.0.0.0');
  });

  it('reads the rate limit, CORS origins and shutdown grace, with defaults', () => {
    const defaults = parseConfig({});
    expect(defaults.rateLimitPerMinute).toBe(600);
    expect(defaults.corsOrigins).toEqual([]);
    expect(defaults.shutdownTimeoutMs).toBe(10_000);
    expect(defaults.maxConcurrentRequests).toBe(32);
    expect(defaults.maxQueuedRequests).toBe(500);
    const set = parseConfig({
      RATE_LIMIT_PER_MINUTE: '0',
      CORS_ORIGINS: 'https://a.example, http://localhost:5173',
      SHUTDOWN_TIMEOUT_MS: '2500',
    });
    expect(set.rateLimitPerMinute).toBe(0);
    expect(set.corsOrigins).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(set.shutdownTimeoutMs).toBe(2500);
  });

  it.each([
    ['RATE_LIMIT_PER_MINUTE', 'lots'],
    ['RATE_LIMIT_PER_MINUTE', '-1'],
    ['CORS_ORIGINS', '*'],
    ['CORS_ORIGINS', 'https://a.example/path'],
    ['CORS_ORIGINS', 'https://a.example/'],
    ['CORS_ORIGINS', 'a.example'],
    ['CORS_ORIGINS', 'ftp://a.example'],
    ['SHUTDOWN_TIMEOUT_MS', 'soon'],
    ['MAX_CONCURRENT_REQUESTS', '2.5'],
    ['MAX_QUEUED_REQUESTS', '-1'],
  ])('names the variable at fault: %s=%s', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });
});

describe('write-access rule', () => {
  const base = {
    serverHost: '127.0.0.1',
    token: undefined,
    clientAddress: '127.0.0.1',
    authorization: undefined,
  };

  it('lets loopback clients write to a loopback server without a token', () => {
    for (const clientAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect(writeAccess({ ...base, clientAddress })).toMatchObject({ allowed: true });
    }
  });

  it('needs the token from other clients, on other hosts, and whenever a token is set', () => {
    expect(writeAccess({ ...base, clientAddress: '192.168.1.9' })).toEqual({
      allowed: false,
      reason: 'TOKEN_REQUIRED',
    });
    expect(writeAccess({ ...base, clientAddress: undefined }).allowed).toBe(false);
    expect(writeAccess({ ...base, serverHost: '0.0.0.0', token: 's3cret' }).allowed).toBe(false);
    expect(writeAccess({ ...base, token: 's3cret' })).toEqual({ allowed: false, reason: 'TOKEN_REQUIRED' });
    expect(writeAccess({ ...base, token: 's3cret', authorization: 'Bearer nope' })).toEqual({
      allowed: false,
      reason: 'TOKEN_INVALID',
    });
    expect(writeAccess({ ...base, token: 's3cret', authorization: 'Basic s3cret' }).allowed).toBe(false);
    expect(writeAccess({ ...base, token: 's3cret', authorization: 'Bearer s3cret' })).toMatchObject({
      allowed: true,
    });
    expect(writeAccess({ ...base, token: 's3cret', authorization: 'bearer  s3cret' })).toMatchObject({
      allowed: true,
    });
    expect(
      writeAccess({
        ...base,
        serverHost: '0.0.0.0',
        token: 's3cret',
        clientAddress: '10.0.0.1',
        authorization: 'Bearer s3cret',
      }),
    ).toMatchObject({ allowed: true });
  });

  it('names the writer: the named token that matched, the shared token, or the loopback analyst', () => {
    const tokens = [
      { name: 'ana', token: 'ana-secret-1' },
      { name: 'li', token: 'li-secret-22' },
    ];
    expect(writeAccess({ ...base, tokens, authorization: 'Bearer li-secret-22' })).toEqual({
      allowed: true,
      who: 'li',
    });
    expect(writeAccess({ ...base, tokens, token: 's3cret', authorization: 'Bearer s3cret' })).toEqual({
      allowed: true,
      who: 'explorer-token',
    });
    expect(writeAccess({ ...base, tokens, authorization: 'Bearer ana-secret-2' })).toEqual({
      allowed: false,
      reason: 'TOKEN_INVALID',
    });
    // Named tokens alone also close the loopback door: a token is configured, so one is needed.
    expect(writeAccess({ ...base, tokens })).toEqual({ allowed: false, reason: 'TOKEN_REQUIRED' });
    expect(writeAccess(base)).toEqual({ allowed: true, who: 'local' });
  });

  it('never lets a bearer header in when no token is configured', () => {
    expect(writeAccess({ ...base, clientAddress: '10.0.0.1', authorization: 'Bearer ' }).allowed).toBe(false);
    expect(
      writeAccess({ ...base, clientAddress: '10.0.0.1', authorization: 'Bearer undefined' }).allowed,
    ).toBe(false);
  });

  it('compares tokens whatever their lengths', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('', 'x'.repeat(1000))).toBe(false);
  });

  it('tells loopback socket addresses from others', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('::ffff:10.0.0.1')).toBe(false);
    expect(isLoopbackAddress('10.127.0.1')).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });
});

describe('requireWriteAccess over HTTP', () => {
  async function writeApp(config: Config, host = '127.0.0.1'): Promise<number> {
    const app = express();
    app.post('/api/write', requireWriteAccess(config), (_req, res) => void res.json({ ok: true }));
    // The same mapping as the app's one error middleware.
    const onError: ErrorRequestHandler = (error, _req, res, _next) => {
      const { status, body } = toHttpError(error);
      res.status(status).json(body);
    };
    app.use(onError);
    return listen(app, host);
  }

  it('allows a loopback client of a loopback server without a token', async () => {
    const port = await writeApp(parseConfig({}));
    const res = await fetch(`http://127.0.0.1:${port}/api/write`, { method: 'POST' });
    expect(res.status).toBe(200);
  });

  it('answers 401 JSON without the right bearer token once a token is configured', async () => {
    const port = await writeApp(parseConfig({ EXPLORER_TOKEN: 'correct-horse-battery' }));
    const url = `http://127.0.0.1:${port}/api/write`;
    const none = await fetch(url, { method: 'POST' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await none.json()).toEqual({
      error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/Bearer/) },
    });
    const wrong = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer correct-horse' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(url, {
      method: 'POST',
      headers: { authorization: 'Bearer correct-horse-battery' },
    });
    expect(right.status).toBe(200);
  });

  const lanAddress = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  it.skipIf(!lanAddress)(
    'refuses a client that comes from another address, even to a loopback-configured server',
    async () => {
      // Listening on all interfaces but configured as loopback: the client address decides.
      const port = await writeApp(parseConfig({}), '0.0.0.0');
      const res = await fetch(`http://${lanAddress}:${port}/api/write`, { method: 'POST' });
      expect(res.status).toBe(401);
    },
  );
});

describe('security headers, rate limit and CORS on the real app', () => {
  it('sends the CSP and the other helmet headers, and no x-powered-by', async () => {
    const base = await startApp();
    const res = await fetch(`${base}/api/openapi.json`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(Object.keys(CSP_DIRECTIVES)).toContain('frameSrc');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 429 JSON with Retry-After once a client passes its limit', async () => {
    const base = await startApp({ RATE_LIMIT_PER_MINUTE: '5' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${base}/api/openapi.json`);
      statuses.push(res.status);
      expect(res.headers.get('ratelimit-policy')).toMatch(/q=5; w=60/);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await fetch(`${base}/api/openapi.json`);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await limited.json()) as { error: { code: string; message: string; retryAfter: number } };
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.message).toMatch(new RegExp(`[Rr]etry after ${retryAfter} s`));
    expect(body.error.retryAfter).toBe(retryAfter);
    // Limits count per client and cover the API only: the client pages are not throttled.
    expect((await fetch(`${base}/not-api`)).status).not.toBe(429);
  });

  it('keys the limit on the socket address unless TRUST_PROXY names the proxy', async () => {
    const asClient = (base: string, client: string) =>
      fetch(`${base}/api/openapi.json`, { headers: { 'x-forwarded-for': client } }).then((r) => r.status);
    // Off (the default): X-Forwarded-For is ignored, so two "clients" behind one address share it.
    const direct = await startApp({ RATE_LIMIT_PER_MINUTE: '2' });
    expect([await asClient(direct, '10.0.0.1'), await asClient(direct, '10.0.0.2')]).toEqual([200, 200]);
    expect(await asClient(direct, '10.0.0.3')).toBe(429);
    // Behind one trusted proxy hop, each forwarded client has a limit of its own.
    const proxied = await startApp({ RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '1' });
    for (const client of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) {
      expect([await asClient(proxied, client), await asClient(proxied, client)]).toEqual([200, 200]);
    }
    expect(await asClient(proxied, '10.0.0.1')).toBe(429);
  });

  it('refuses a TRUST_PROXY it cannot read, naming the variable', () => {
    expect(() => parseConfig({ TRUST_PROXY: 'yes please' })).toThrow(
      /TRUST_PROXY="yes please" must be false/,
    );
    expect(parseConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(parseConfig({}).trustProxy).toBe(false);
  });

  it('can switch the limiter off', async () => {
    const base = await startApp({ RATE_LIMIT_PER_MINUTE: '0' });
    const res = await fetch(`${base}/api/openapi.json`);
    expect(res.headers.get('ratelimit-policy')).toBeNull();
  });

  it('sends no CORS headers unless origins are configured, then only for those', async () => {
    const closed = await startApp();
    const res = await fetch(`${closed}/api/openapi.json`, { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${closed}/api/cypher`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

    const open = await startApp({ CORS_ORIGINS: 'https://analyst.example,http://localhost:5173' });
    const allowed = await fetch(`${open}/api/openapi.json`, {
      headers: { origin: 'https://analyst.example' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://analyst.example');
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    const other = await fetch(`${open}/api/openapi.json`, {
      headers: { origin: 'https://analyst.example.evil' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const ok = await fetch(`${open}/api/cypher`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  // Requests that reach the (unreachable) database hold their slot for the driver's ~1-3 s retry.
  const searchAll = (base: string, n: number) =>
    Promise.all(
      Array.from({ length: n }, async () => {
        const res = await fetch(`${base}/api/search?q=x`);
        const body = (await res.json()) as { error: { code: string; message: string } };
        return { status: res.status, retryAfter: res.headers.get('retry-after'), code: body.error.code };
      }),
    );

  it('queues API requests beyond MAX_CONCURRENT_REQUESTS and answers 503 OVERLOADED beyond the queue', async () => {
    const base = await startApp({ MAX_CONCURRENT_REQUESTS: '1', MAX_QUEUED_REQUESTS: '1' });
    const results = await searchAll(base, 3);
    const overloaded = results.filter((r) => r.code === 'OVERLOADED');
    expect(overloaded).toEqual([{ status: 503, retryAfter: '1', code: 'OVERLOADED' }]);
    // The other two ran, one after the other, and met the missing database.
    expect(results.filter((r) => r.code === 'NEO4J_UNAVAILABLE')).toHaveLength(2);
  }, 20_000);

  it('gives up on a queued request after QUERY_TIMEOUT_MS, and never gates the health check', async () => {
    const base = await startApp({ MAX_CONCURRENT_REQUESTS: '1', QUERY_TIMEOUT_MS: '100' });
    const [results, docs] = await Promise.all([searchAll(base, 2), fetch(`${base}/api/openapi.json`)]);
    expect(docs.status).toBe(200);
    expect(results.map((r) => r.code).sort()).toEqual(['NEO4J_UNAVAILABLE', 'OVERLOADED']);
    const health = await Promise.all([searchAll(base, 1), fetch(`${base}/api/health`)]);
    expect(((await health[1].json()) as { status: string }).status).toBe('unavailable');
  }, 20_000);

  it('keeps the JSON body limit', async () => {
    const base = await startApp();
    const res = await fetch(`${base}/api/cypher`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'RETURN 1', params: { x: 'y'.repeat(300_000) } }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
