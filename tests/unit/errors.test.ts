// The one mapping from thrown values to HTTP answers: the driver's pool acquisition timeout is a
// 503 like any unreachable Neo4j, and requests Node's parser refuses get the same JSON shape.
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import neo4j, { Neo4jError } from 'neo4j-driver';
import { afterEach, describe, expect, it } from 'vitest';
import { answerClientErrors, clientErrorResponse, toHttpError } from '../../server/errors';

const unavailable = {
  status: 503,
  body: { error: { code: 'NEO4J_UNAVAILABLE', message: expect.stringMatching(/retry/) } },
};

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** A TCP server that accepts connections and never says a word (no Bolt handshake). */
async function silentServer(): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => void sockets.add(socket)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as net.AddressInfo).port;
}

describe('toHttpError and the connection pool', () => {
  it('maps the acquisition timeout neo4j-driver-core builds (code N/A, GQL 50N42) to 503', () => {
    // Pool.getAcquisitionTimeoutError in neo4j-driver-core 6.x, word for word.
    const error = new Neo4jError(
      'Connection acquisition timed out in 5000 ms. Pool status: Active conn count = 100, Idle conn count = 0.',
      'N/A',
      '50N42',
      'error: general processing exception - unexpected error.',
    );
    expect(toHttpError(error)).toEqual(unavailable);
  });

  it('maps the error a real driver raises when no connection comes in time', async () => {
    const port = await silentServer();
    const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, undefined, {
      connectionAcquisitionTimeout: 200,
      maxConnectionPoolSize: 1,
    });
    closers.push(() => driver.close());
    const session = driver.session();
    const error = await session.run('RETURN 1').then(
      () => undefined,
      (e: unknown) => e,
    );
    await session.close().catch(() => undefined);
    expect(error).toBeInstanceOf(Neo4jError);
    expect((error as Neo4jError).message).toMatch(/^Connection acquisition timed out/);
    expect(toHttpError(error)).toEqual(unavailable);
  });

  it('answers 503 for a database that is stopping or starting, and 408 for a terminated query', () => {
    const stopping = new Neo4jError(
      'Database neo4j is unavailable.',
      'Neo.TransientError.Database.DatabaseUnavailable',
      '50N00',
      '',
    );
    expect(toHttpError(stopping)).toEqual(unavailable);
    const terminated = new Neo4jError('terminated', 'Neo.TransientError.Transaction.Terminated', '25N01', '');
    expect(toHttpError(terminated).status).toBe(408);
  });

  it('leaves other code-less driver errors a 500, naming the code but never the message', () => {
    const error = new Neo4jError('Something unexpected about node "secret"', 'N/A', '50N42', 'error');
    const answer = toHttpError(error);
    expect(answer.status).toBe(500);
    expect(answer.body.error.neo4jCode).toBe('N/A');
    expect(JSON.stringify(answer.body)).not.toContain('secret');
  });

  it('answers 503 while the driver still holds the password of a Neo4j that was restarted', () => {
    const refused = new Neo4jError(
      'The client is unauthorized',
      'Neo.ClientError.Security.Unauthorized',
      '42NFF',
      '',
    );
    expect(toHttpError(refused)).toEqual(unavailable);
    // A write the read-only console refuses is still READ_ONLY.
    const forbidden = new Neo4jError(
      'Writing is not allowed',
      'Neo.ClientError.Security.Forbidden',
      '42NFF',
      '',
    );
    expect(toHttpError(forbidden).body.error.code).toBe('READ_ONLY');
  });
});

describe('requests refused by the HTTP parser', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 431, 'HEADERS_TOO_LARGE', /exceed 16 KB: shorten the URL/],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'REQUEST_TIMEOUT', /did not arrive in time/],
    ['HPE_INVALID_METHOD', 400, 'BAD_REQUEST', /not valid HTTP/],
  ])('%s answers %i %s', (code, status, errorCode, message) => {
    const error = Object.assign(new Error('parse error'), { code });
    expect(clientErrorResponse(error)).toEqual({
      status,
      body: { error: { code: errorCode, message: expect.stringMatching(message) } },
    });
  });

  it('answers an oversized request line over the socket as JSON, then closes', async () => {
    const server = http.createServer((_req, res) => res.end('{}'));
    answerClientErrors(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(() => new Promise((resolve) => server.close(resolve)));
    const port = (server.address() as net.AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/api/search?q=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toEqual({
      error: { code: 'HEADERS_TOO_LARGE', message: expect.stringMatching(/16 KB/) },
    });
  });
});
