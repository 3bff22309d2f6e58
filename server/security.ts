// HTTP hardening: security headers, the Host allowlist, per-client rate limiting, same-origin writes,
// a deadline on request bodies, a concurrency gate, opt-in CORS, and the write-access rule.
// Every refusal is thrown as an AppError so the one error middleware in app.ts shapes the JSON.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { isLoopback, type Config } from './config';
import { AppError, toHttpError } from './errors';

/**
 * The Content-Security-Policy of the built client and the API docs page. Scripts only from this
 * origin (Vite emits external module scripts, nothing inline); styles also inline, because
 * CodeMirror 6 injects <style> elements and the app sets style attributes; images also as data:
 * and blob: URLs (favicon, canvas exports). Nothing may frame the app or be embedded by it.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

export function securityHeaders(): RequestHandler {
  return helmet({
    // useDefaults off: helmet's default adds upgrade-insecure-requests, which breaks the app when
    // it is served over plain HTTP on a LAN address (every asset request would go to https://).
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // This server does not terminate TLS; pinning HTTPS for a year is the TLS proxy's decision.
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** Per-client-IP limit on the API; undefined when RATE_LIMIT_PER_MINUTE is 0 (off). */
export function apiRateLimit(config: Config): RequestHandler | undefined {
  const limit = config.rateLimitPerMinute;
  if (limit === 0) return undefined;
  return rateLimit({
    windowMs: 60_000,
    limit,
    // RateLimit and RateLimit-Policy headers on every answer, and Retry-After on a 429.
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // X-Forwarded-For is ignored on purpose unless TRUST_PROXY says otherwise (see server/config.ts).
    validate: { xForwardedForHeader: false },
    handler: (req, _res, next) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = Math.max(
        1,
        Math.ceil(((resetTime?.getTime() ?? Date.now() + 60_000) - Date.now()) / 1000),
      );
      next(
        new AppError(
          429,
          'RATE_LIMITED',
          `Too many requests: at most ${limit} per minute from one client. Retry after ${retryAfter} s.`,
          { retryAfter },
        ),
      );
    },
  });
}

// Never queued: health is what monitors poll (a queued health check would report a busy server as
// down), and the docs need no database.
const NOT_GATED = /^\/(health|openapi\.json|docs(\.js)?)$/;

/**
 * Bounds the API requests worked on at once, so a burst queues here, in order, instead of exhausting
 * the driver's connection pool (whose acquisition timeout surfaces as a 500) and making every query
 * slower. A request that cannot even queue, or waits longer than a query may run, gets a 503 with
 * Retry-After. Undefined when MAX_CONCURRENT_REQUESTS is 0 (off).
 */
export function apiConcurrencyLimit(config: Config): RequestHandler | undefined {
  const max = config.maxConcurrentRequests;
  if (max === 0) return undefined;
  let active = 0;
  const queue: { start: () => void; timer: NodeJS.Timeout }[] = [];
  const release = () => {
    active--;
    const next = queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.start();
    }
  };
  const overloaded = (res: Response, why: string) => {
    res.setHeader('Retry-After', '1');
    return new AppError(503, 'OVERLOADED', `The server is busy (${why}). Retry after 1 s.`, {
      retryAfter: 1,
    });
  };
  return (req, res, next) => {
    if (NOT_GATED.test(req.path)) return next();
    const start = () => {
      active++;
      res.once('close', release);
      next();
    };
    if (active < max) return start();
    if (queue.length >= config.maxQueuedRequests)
      return next(overloaded(res, `${queue.length} requests waiting`));
    const entry = {
      start,
      timer: setTimeout(() => {
        queue.splice(queue.indexOf(entry), 1);
        next(overloaded(res, `waited ${config.queryTimeoutMs} ms for a turn`));
      }, config.queryTimeoutMs),
    };
    queue.push(entry);
    // A client that gives up while waiting leaves the queue.
    res.once('close', () => {
      const at = queue.indexOf(entry);
      if (at === -1) return;
      queue.splice(at, 1);
      clearTimeout(entry.timer);
    });
  };
}

/**
 * CORS only for the configured exact origins. With none configured no CORS header is ever sent,
 * so browsers keep the API same-origin. Preflights from allowed origins are answered here.
 */
export function corsPolicy(config: Config): RequestHandler | undefined {
  const allowed = new Set(config.corsOrigins);
  if (allowed.size === 0) return undefined;
  return (req, res, next) => {
    // The answer depends on Origin, so caches must keep one copy per origin.
    res.vary('Origin');
    const origin = req.headers.origin;
    if (!origin || !allowed.has(origin)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/** Socket addresses of this machine's loopback interface, including IPv4-mapped IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return plain === '::1' || plain.startsWith('127.');
}

/** Compares secrets in constant time; hashing first makes the lengths equal. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export type WriteAccess =
  { allowed: true; who: string } | { allowed: false; reason: 'TOKEN_REQUIRED' | 'TOKEN_INVALID' };

/** Who the change history names for a write with EXPLORER_TOKEN, and for a loopback write without one. */
export const SHARED_TOKEN_WRITER = 'explorer-token';
export const LOOPBACK_WRITER = 'local';

/**
 * The write rule of the presentations issue: a loopback-only server without a token trusts its
 * loopback clients (the analyst's own machine); everything else needs `Bearer <EXPLORER_TOKEN>` or
 * one of the named EXPLORER_TOKENS, whose name the change history then shows.
 */
export function writeAccess(input: {
  serverHost: string;
  token: string | undefined;
  tokens?: readonly { name: string; token: string }[];
  clientAddress: string | undefined;
  authorization: string | undefined;
}): WriteAccess {
  const named = input.tokens ?? [];
  const anyToken = Boolean(input.token) || named.length > 0;
  if (!anyToken && isLoopback(input.serverHost) && isLoopbackAddress(input.clientAddress)) {
    return { allowed: true, who: LOOPBACK_WRITER };
  }
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(input.authorization ?? '');
  if (!match) return { allowed: false, reason: 'TOKEN_REQUIRED' };
  const given = match[1]!;
  // Every configured token is compared (in constant time), so timing does not say which one matched.
  let who: string | undefined;
  for (const { name, token } of named) if (tokenMatches(given, token) && !who) who = name;
  if (input.token && tokenMatches(given, input.token) && !who) who = SHARED_TOKEN_WRITER;
  // Without a configured token there is nothing a client could present.
  if (!who) return { allowed: false, reason: 'TOKEN_INVALID' };
  return { allowed: true, who };
}

/** Who the write rule let through for this request (set by requireWriteAccess). */
export function writerOf(res: { locals: Record<string, unknown> }): string {
  return typeof res.locals.writer === 'string' ? res.locals.writer : LOOPBACK_WRITER;
}

/** Middleware for write endpoints; answers 401 JSON (via the error middleware) when the rule says no. */
export function requireWriteAccess(config: Config): RequestHandler {
  return (req, res, next) => {
    const decision = writeAccess({
      serverHost: config.host,
      token: config.explorerToken,
      tokens: config.explorerTokens,
      // The socket's peer, not X-Forwarded-For: a header is whatever the client says it is.
      clientAddress: req.socket.remoteAddress,
      authorization: req.headers.authorization,
    });
    if (decision.allowed) {
      res.locals.writer = decision.who;
      return next();
    }
    res.setHeader('WWW-Authenticate', 'Bearer realm="kg-explorer"');
    next(
      new AppError(
        401,
        'UNAUTHORIZED',
        decision.reason === 'TOKEN_REQUIRED'
          ? 'Writing needs a token: send the header "Authorization: Bearer <EXPLORER_TOKEN>".'
          : 'The bearer token is not valid.',
      ),
    );
  };
}

/** The host name of a Host header value (`name:port`, `[v6]:port`), lower-cased, without a port. */
export function hostName(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('['))
    return value.slice(1, value.indexOf(']') === -1 ? undefined : value.indexOf(']'));
  const colon = value.lastIndexOf(':');
  return (colon === -1 ? value : value.slice(0, colon)).replace(/\.$/, '');
}

/**
 * The names a browser may use to reach this server. DNS rebinding works by pointing a name the
 * attacker owns at 127.0.0.1, so a page "from" evil.example talks to this server as same-origin; the
 * browser still sends `Host: evil.example`, which is what this check refuses. IP literals are always
 * fine (no name, no rebinding); names must be loopback ones, the configured HOST, or ALLOWED_HOSTS.
 */
export function allowedHostNames(config: Config): Set<string> {
  const names = new Set(['localhost', ...config.allowedHosts.map((h) => h.toLowerCase())]);
  if (!isIP(config.host)) names.add(config.host.toLowerCase());
  return names;
}

export function hostAllowlist(config: Config): RequestHandler {
  const names = allowedHostNames(config);
  return (req, _res, next) => {
    const header = req.headers.host;
    if (!header) {
      return next(new AppError(400, 'HOST_REQUIRED', 'The request has no Host header; send one (HTTP/1.1).'));
    }
    const name = hostName(header);
    if (isIP(name) || names.has(name) || name.endsWith('.localhost')) return next();
    next(
      new AppError(
        403,
        'HOST_NOT_ALLOWED',
        `This server does not answer to the host name "${name}". If that name is really this server's, add it to ALLOWED_HOSTS (comma-separated).`,
      ),
    );
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Writes (every method but GET/HEAD/OPTIONS) only from this server's own pages or from non-browser
 * clients: a browser's `Sec-Fetch-Site` must say same-origin (or none: typed by the user), an
 * `Origin` must be this server's own (or a configured CORS origin), and a body-carrying method must
 * declare `application/json`, which no HTML form can send. Together they stop cross-site form posts
 * and fetches from other sites, other ports of localhost included (those are "same-site").
 */
export function sameOriginWrites(config: Config): RequestHandler {
  const cors = new Set(config.corsOrigins);
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    const fetchSite = req.headers['sec-fetch-site'];
    const ownOrigin = `${req.protocol}://${req.headers.host ?? ''}`;
    const trustedOrigin = origin !== undefined && (origin === ownOrigin || cors.has(origin));
    if (origin !== undefined && !trustedOrigin) {
      return next(
        new AppError(
          403,
          'CROSS_ORIGIN_WRITE',
          `Writes are accepted only from this server's own pages; the request came from ${origin}. To allow another site, add it to CORS_ORIGINS.`,
        ),
      );
    }
    if (
      typeof fetchSite === 'string' &&
      fetchSite !== 'same-origin' &&
      fetchSite !== 'none' &&
      !trustedOrigin
    ) {
      return next(
        new AppError(
          403,
          'CROSS_SITE_WRITE',
          `Writes are accepted only from this server's own pages (Sec-Fetch-Site: ${fetchSite}).`,
        ),
      );
    }
    // A body must be JSON, which no HTML form can send; a bodiless write (DELETE, duplicate) may
    // have no Content-Type at all, but a form's (which always has one) is still refused. The header
    // is read itself: req.is() says nothing about a request without a body.
    const contentType = req.headers['content-type'];
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    const notJson = contentType !== undefined ? !/^application\/json\s*(;|$)/i.test(contentType) : hasBody;
    if (notJson) {
      return next(
        new AppError(
          415,
          'JSON_REQUIRED',
          'Send the request body as JSON with the header "Content-Type: application/json" (or send no body and no Content-Type when there is nothing to send).',
        ),
      );
    }
    next();
  };
}

/**
 * A request body must arrive within `timeoutMs` of its headers. Runs before the body parser and the
 * concurrency gate, so a client that sends headers and then trickles (or never sends) its body holds
 * a socket for at most that long and never a slot of the gate: 33 such sockets once held all 32.
 */
export function bodyDeadline(timeoutMs: number): RequestHandler {
  return (req, res, next) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (req.complete || (!(length > 0) && req.headers['transfer-encoding'] === undefined)) return next();
    const timer = setTimeout(() => {
      if (req.complete || res.headersSent) return;
      const { status, body } = toHttpError(
        new AppError(
          408,
          'BODY_TIMEOUT',
          `The request body did not arrive within ${timeoutMs} ms of its headers; send it again in one go.`,
        ),
      );
      res.setHeader('Connection', 'close');
      res.status(status).json(body);
      res.once('finish', () => req.socket.destroy());
    }, timeoutMs);
    const done = () => clearTimeout(timer);
    req.once('end', done);
    req.once('close', done);
    res.once('close', done);
    next();
  };
}
