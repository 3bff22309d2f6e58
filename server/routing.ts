// Express routing made from the contract's route table: each operation's path and method, its
// inputs parsed by its schemas before the handler runs, write access on writes, and the success
// status. A handler only computes the answer; it cannot be mounted without being in the table.
import express, { type Request, type RequestHandler, type Response } from 'express';
import {
  operations,
  type AnswerOf,
  type BodyOf,
  type Operation,
  type OperationId,
  type ParamsOf,
  type QueryOf,
} from '../contract/operations';
import { AppError } from './errors';

export interface Input<K extends OperationId> {
  params: ParamsOf<K>;
  query: QueryOf<K>;
  body: BodyOf<K>;
}

/** A documented answer other than the operation's success (e.g. health's 503 with its body). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export type Handler<K extends OperationId> = (
  input: Input<K>,
  http: { req: Request; res: Response },
) => Promise<AnswerOf<K> | Reply> | AnswerOf<K> | Reply;

export type Handlers = { [K in OperationId]: Handler<K> };
/** The handlers of some operations: each routes module gives the ones of its room. */
export type HandlersOf<K extends OperationId> = { [P in K]: Handler<P> };

const API_PREFIX = '/api';

/** The router of every operation in the table, under /api. */
export function operationsRouter(handlers: Handlers, writeAccess: RequestHandler): express.Router {
  const router = express.Router();
  for (const [id, operation] of Object.entries(operations) as [OperationId, Operation][]) {
    const handler = handlers[id] as Handler<OperationId>;
    const run: RequestHandler = async (req, res) => {
      const input = {
        params: operation.params ? operation.params.parse(req.params) : {},
        query: operation.query ? operation.query.parse(req.query) : {},
        body: operation.body ? operation.body.parse(req.body ?? {}) : undefined,
      } as Input<OperationId>;
      const answer = await handler(input, { req, res });
      if (answer instanceof Reply) {
        res.status(answer.status).json(answer.body);
        return;
      }
      const { status, contentType = 'application/json' } = operation.success;
      if (status === 204) res.status(204).end();
      else if (contentType === 'application/json') res.status(status).json(answer);
      else res.status(status).type(contentType).send(answer);
    };
    const path = operation.path.slice(API_PREFIX.length);
    if (operation.write) router[operation.method](path, writeAccess, run);
    else router[operation.method](path, run);
  }
  return router;
}

/** Each path of the table as a pattern, with the methods it has. */
const pathTable = (() => {
  const table = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const operation of Object.values(operations) as Operation[]) {
    const path = operation.path.slice(API_PREFIX.length);
    const entry = table.get(path) ?? {
      pattern: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`),
      methods: new Set<string>(),
    };
    entry.methods.add(operation.method.toUpperCase());
    table.set(path, entry);
  }
  return [...table.values()];
})();

/** The methods a path under /api has (empty when no operation has that path). */
export function allowedMethods(path: string): string[] {
  const allowed = new Set<string>();
  for (const { pattern, methods } of pathTable) {
    if (pattern.test(path)) methods.forEach((m) => allowed.add(m));
  }
  if (allowed.has('GET')) allowed.add('HEAD');
  return [...allowed].sort();
}

/**
 * 405 with `Allow` for a known path asked with a method it does not have (a 404 there would say the
 * path does not exist), before any body or write rule is looked at.
 */
export const methodNotAllowed: RequestHandler = (req, res, next) => {
  const allowed = allowedMethods(req.path);
  if (allowed.length === 0 || allowed.includes(req.method)) return next();
  const allow = allowed.join(', ');
  res.setHeader('Allow', allow);
  next(
    new AppError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}; use ${allow}.`, {
      allow: allowed,
    }),
  );
};
