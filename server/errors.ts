// Typed errors and the one mapping from any thrown value to an HTTP status and a JSON body, plus
// the same JSON for requests Node's HTTP parser refuses before Express sees them.
import { maxHeaderSize, STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Neo4jError } from 'neo4j-driver';
import { ZodError } from 'zod';
import { QueryRefused } from './console-guard';
import { DeadlineExceeded } from './db/driver';

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

/**
 * The driver's pool gives up waiting for a free connection (all busy, or the server does not answer
 * the handshake in time) with code 'N/A' and the generic GQL status 50N42: its message, from
 * neo4j-driver-core's Pool.getAcquisitionTimeoutError, is the only thing that tells it apart.
 */
const isAcquisitionTimeout = (error: Neo4jError): boolean =>
  (error.code === 'N/A' || !error.code) && error.message.startsWith('Connection acquisition timed out');

const neo4jUnavailable = (): { status: number; body: ErrorBody } => ({
  status: 503,
  body: {
    error: { code: 'NEO4J_UNAVAILABLE', message: 'Neo4j cannot be reached right now; retry shortly.' },
  },
});

const queryTimeout = (): { status: number; body: ErrorBody } => ({
  status: 408,
  body: { error: { code: 'QUERY_TIMEOUT', message: 'The query ran past its time limit and was stopped.' } },
});

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
  if (error instanceof DeadlineExceeded) return queryTimeout();
  if (error instanceof Neo4jError) {
    const code = error.code ?? '';
    // Before the transient rule below: a query that ran the heap out is the query's fault, and
    // Neo4j goes on serving (the JVM does not exit on OutOfMemoryError; see server/db/embedded.ts).
    if (
      code === 'Neo.TransientError.General.OutOfMemoryError' ||
      code.startsWith('Neo.TransientError.General.MemoryPoolOutOfMemoryError') ||
      code.includes('MemoryLimitExceeded') ||
      code === 'Neo.DatabaseError.General.StackOverFlowError'
    ) {
      return {
        status: 413,
        body: {
          error: {
            code: 'QUERY_TOO_LARGE',
            message:
              'The query needed more memory than one query may use; narrow it down (a LIMIT, a smaller range, fewer rows collected).',
            neo4jCode: code,
          },
        },
      };
    }
    if (UNAVAILABLE.has(code) || code.startsWith('Neo.TransientError.General')) return neo4jUnavailable();
    if (isAcquisitionTimeout(error)) return neo4jUnavailable();
    if (
      code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut') ||
      code === 'Neo.ClientError.Transaction.LockClientStopped' ||
      code === 'Neo.TransientError.Transaction.Terminated' ||
      code === 'Neo.ClientError.Transaction.Terminated'
    ) {
      return queryTimeout();
    }
    // Every other transient error means "not now, retry": Neo.TransientError.Database.DatabaseUnavailable
    // is what Neo4j 5 answers while the database stops or starts (the General code above is the old one).
    if (code.startsWith('Neo.TransientError.')) return neo4jUnavailable();
    // A restarted embedded Neo4j has a new password: until the Db follows it (server/neo4j.ts), a
    // connection opened with the old one is refused. That is Neo4j not reachable yet, not a refusal
    // of the query, so it is not the console's READ_ONLY below.
    if (
      code === 'Neo.ClientError.Security.Unauthorized' ||
      code === 'Neo.ClientError.Security.AuthenticationRateLimit'
    )
      return neo4jUnavailable();
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
  // Neo4j's error code (never its message, which may quote data) says which failure it was.
  const neo4jCode = error instanceof Neo4jError && error.code ? { neo4jCode: error.code } : {};
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'Something went wrong on the server.', ...neo4jCode } },
  };
}

/**
 * The status and body for a request Node's HTTP parser refused ('clientError'): headers or request
 * line over `maxHeaderSize` (16 KB by default), a request too slow to arrive, or bytes that are not
 * HTTP. Node would answer these with a bare status line; clients of the API expect the JSON shape.
 */
export function clientErrorResponse(error: NodeJS.ErrnoException): { status: number; body: ErrorBody } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        body: {
          error: {
            code: 'HEADERS_TOO_LARGE',
            message: `The request line and headers together exceed ${Math.floor(maxHeaderSize / 1024)} KB: shorten the URL (long inputs belong in a POST body) or send fewer or smaller headers (cookies).`,
          },
        },
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        body: {
          error: { code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time; send it again.' },
        },
      };
    default:
      return {
        status: 400,
        body: {
          error: { code: 'BAD_REQUEST', message: 'The request is not valid HTTP/1.1 and could not be read.' },
        },
      };
  }
}

/** Answers requests Node's HTTP parser refuses with the API's JSON error, then closes the connection. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Nobody is left to read an answer (reset, or the socket is already being closed).
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, body } = clientErrorResponse(error);
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(json)}\r\n` +
        'X-Content-Type-Options: nosniff\r\n' +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        json,
    );
  });
}
