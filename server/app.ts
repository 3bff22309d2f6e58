// Builds the Express app. It does not listen: server/index.ts does, and tests use port 0.
import express, { type ErrorRequestHandler } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import type { AnalyticsService } from './analytics/service';
import type { Config } from './config';
import type { Db } from './db/driver';
import { AppError, toHttpError } from './errors';
import type { Neo4jState } from './neo4j';
import { docsPage, docsScript, openApiDocument } from './openapi';
import { consoleHandlers } from './routes/console';
import { exploreHandlers } from './routes/explore';
import { healthHandlers } from './routes/health';
import { importHandlers } from './routes/imports';
import { insightHandlers } from './routes/insight';
import { presentationHandlers } from './routes/presentations';
import { methodNotAllowed, operationsRouter, type Handlers } from './routing';
import { searchHandlers } from './routes/search';
import { sourcesHandlers } from './routes/sources';
import { SchemaService } from './schema-service';
import { staticFiles } from './static-files';
import {
  apiConcurrencyLimit,
  apiRateLimit,
  bodyDeadline,
  corsPolicy,
  hostAllowlist,
  requireWriteAccess,
  sameOriginWrites,
  securityHeaders,
} from './security';

export interface AppDeps {
  config: Config;
  db: Db;
  /** Built client to serve at /, when present (absent in API-only tests and in `npm run dev`). */
  clientDir?: string;
  /**
   * Graph analytics (worker threads). server/index.ts passes its own so it can stop a running
   * computation on shutdown; without one the app makes one whose threads end with each computation.
   */
  analytics?: AnalyticsService;
  /** The embedded Neo4j's supervisor state, for /api/health (absent for an external database). */
  neo4jStatus?: () => Neo4jState;
}

export function createApp({ config, db, clientDir, analytics, neo4jStatus }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // req.ip (the rate limiter's key) and req.protocol follow X-Forwarded-* only from trusted proxies.
  app.set('trust proxy', config.trustProxy);
  // Hardening first, so refusals (429, CORS) cost no body parsing and every answer has the headers.
  app.use(securityHeaders());
  // Before anything else answers: a page reached through a rebound DNS name gets nothing.
  app.use(hostAllowlist(config));
  const cors = corsPolicy(config);
  if (cors) app.use(cors);
  // Only the API is limited: it is what reaches Neo4j; static files are cheap and cached by browsers.
  const limiter = apiRateLimit(config);
  if (limiter) app.use('/api', limiter);
  // A known path asked with a wrong method is answered 405 before any body or write rule is looked at.
  app.use('/api', methodNotAllowed);
  app.use('/api', sameOriginWrites(config));
  // Bodies are read (within a deadline) before a request may take a slot of the gate below.
  app.use('/api', bodyDeadline(config.bodyTimeoutMs));
  // Stories carry positions for every element of every step; they get a larger, still bounded, body.
  app.use(['/api/stories', '/api/views'], express.json({ limit: '4mb' }));
  // An article arrives whole (an uploaded HTML page with its markup): up to 1 M characters of content.
  app.use('/api/articles', express.json({ limit: '6mb' }));
  // A dataset file or a table (an XLSX in base64 is a third larger than the file).
  app.use('/api/imports', express.json({ limit: '16mb' }));
  app.use(express.json({ limit: '256kb' }));
  // After the per-client limit, so one noisy client cannot fill the queue everyone waits in.
  const gate = apiConcurrencyLimit(config);
  if (gate) app.use('/api', gate);

  const schema = new SchemaService(db);
  const openapi = openApiDocument();
  // Every operation of the contract needs its handler here, or this does not compile.
  const handlers: Handlers = {
    ...healthHandlers(db, neo4jStatus),
    ...exploreHandlers(db, schema),
    ...searchHandlers(db, schema),
    ...consoleHandlers(db, config),
    ...insightHandlers(db, schema, analytics),
    ...presentationHandlers(db),
    ...sourcesHandlers(db, config),
    ...importHandlers(db, config),
    getOpenApi: () => openapi,
    getDocs: () => docsPage,
    getDocsScript: () => docsScript,
  };
  const api = operationsRouter(handlers, requireWriteAccess(config));
  api.use((req) => {
    throw new AppError(404, 'NOT_FOUND', `No API endpoint ${req.method} ${req.path}. See /api/docs.`);
  });
  app.use('/api', api);

  if (clientDir && fs.existsSync(path.join(clientDir, 'index.html'))) {
    app.use(...staticFiles(clientDir, { maxAge: '1h' }));
    // The client keeps its state in the URL; every non-API path serves the app.
    app.get(/^(?!\/api\/).*/, (_req, res) => res.sendFile(path.join(clientDir, 'index.html')));
  }

  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    const { status, body } = toHttpError(error);
    if (status >= 500 && status !== 503 && config.logLevel !== 'silent') {
      console.error(`[api] ${req.method} ${req.originalUrl} failed:`, error);
    }
    if (res.headersSent) return;
    res.status(status).json(body);
  };
  app.use(onError);
  return app;
}
