// Typed errors and the one mapping from any thrown value to an HTTP status and a JSON body.
import { Neo4jError } from 'neo4j-driver';
import { ZodError } from 'zod';
import { QueryRefused } from './console-guard';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    /** `cause` is logged with a 5xx, never sent. */
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError(400, 'BAD_REQUEST', message, details);
export const notFound = (message: string) => new AppError(404, 'NOT_FOUND', message);

export interface ErrorBody {
  error: { code: string; message: string; [extra: string]: unknown };
}

// Codes a client can act on. Branch on codes, never on message text.
const UNAVAILABLE = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
]);

/** Maps anything thrown inside a request to a status and a body without stack traces. */
export function toHttpError(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, ...error.details } },
    };
  }
  if (error instanceof QueryRefused) {
    return {
      status: 400,
      body: { error: { code: 'QUERY_REFUSED', message: error.message, reason: error.reason } },
    };
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join('.') || '(body)';
    return {
      status: 400,
      body: {
        error: {
          code: 'BAD_REQUEST',
          message: `${field}: ${issue?.message ?? 'invalid'}`,
          field,
          issues: error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
        },
      },
    };
  }
  if (error instanceof Neo4jError) {
    const code = error.code ?? '';
    if (UNAVAILABLE.has(code) || code.startsWith('Neo.TransientError.General')) {
      return {
        status: 503,
        body: {
          error: { code: 'NEO4J_UNAVAILABLE', message: 'Neo4j cannot be reached right now; retry shortly.' },
        },
      };
    }
    if (
      code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut') ||
      code === 'Neo.ClientError.Transaction.LockClientStopped'
    ) {
      return {
        status: 408,
        body: {
          error: { code: 'QUERY_TIMEOUT', message: 'The query ran past its time limit and was stopped.' },
        },
      };
    }
    if (code === 'Neo.ClientError.Statement.AccessMode' || code.startsWith('Neo.ClientError.Security')) {
      return {
        status: 403,
        body: {
          error: { code: 'READ_ONLY', message: 'Only read queries are allowed here.', neo4jCode: code },
        },
      };
    }
    if (
      code.startsWith('Neo.ClientError.Statement') ||
      code.startsWith('Neo.ClientError.Procedure') ||
      code.startsWith('Neo.ClientError.Schema')
    ) {
      // Neo4j's own explanation of a client mistake (syntax, unknown function) is what the user needs.
      return {
        status: 400,
        body: { error: { code: 'CYPHER_ERROR', message: error.message, neo4jCode: code } },
      };
    }
    if (
      code.startsWith('Neo.TransientError.General.MemoryPoolOutOfMemoryError') ||
      code.includes('MemoryLimitExceeded')
    ) {
      return {
        status: 413,
        body: {
          error: {
            code: 'QUERY_TOO_LARGE',
            message: 'The query needed more memory than allowed; narrow it down.',
          },
        },
      };
    }
  }
  const status =
    (error as { status?: number; statusCode?: number })?.status ??
    (error as { statusCode?: number })?.statusCode;
  const type = (error as { type?: string })?.type;
  if (status === 413 || type === 'entity.too.large') {
    return {
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' } },
    };
  }
  if (type === 'entity.parse.failed') {
    return {
      status: 400,
      body: { error: { code: 'BAD_JSON', message: 'The request body is not valid JSON.' } },
    };
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { error: { code: 'BAD_REQUEST', message: 'The request could not be read.' } } };
  }
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'Something went wrong on the server.' } },
  };
}
