// Test helpers: an embedded Neo4j of the tests' own, on a free port and a temporary store.
import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app';
import { parseConfig, type Config } from '../../server/config';
import { createDb, type Db } from '../../server/db/driver';
import { EmbeddedNeo4j } from '../../server/db/embedded';

/** How a test reaches a Neo4j: the embedded one needs this run's password. */
export interface Neo4jConnection {
  uri: string;
  password: string;
}

export interface TestNeo4j extends Neo4jConnection {
  embedded: EmbeddedNeo4j;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestNeo4j(prefix = 'kg-test-'): Promise<TestNeo4j> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const embedded = new EmbeddedNeo4j({
    dataDir,
    boltPort: 0,
    heap: '512m',
    pageCache: '64m',
    // A start timeout catches a JVM that hangs, not a slow machine: at load average 24 on 2 cores a
    // start took over 120 s. NEO4J_START_TIMEOUT_MS overrides it, as it does for the app.
    startTimeoutMs: Number(process.env.NEO4J_START_TIMEOUT_MS || 600_000),
    log: () => undefined,
  });
  const info = await embedded.start();
  return {
    embedded,
    uri: info.uri,
    password: info.password,
    dataDir,
    async stop() {
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The environment that points a server process at `neo4j`. */
export const neo4jEnv = (neo4j: Neo4jConnection): Record<string, string> => ({
  NEO4J_URI: neo4j.uri,
  NEO4J_PASSWORD: neo4j.password,
});

export function testConfig(neo4j: Neo4jConnection, overrides: Record<string, string> = {}): Config {
  return parseConfig({ ...neo4jEnv(neo4j), PORT: '0', LOG_LEVEL: 'silent', ...overrides });
}

export function testDb(neo4j: Neo4jConnection, config = testConfig(neo4j)): Db {
  return createDb({
    uri: neo4j.uri,
    user: 'neo4j',
    password: neo4j.password,
    database: 'neo4j',
    queryTimeoutMs: config.queryTimeoutMs,
  });
}

/** The app on an ephemeral port; returns its base URL and a close function. */
export async function startTestApp(db: Db, config: Config, clientDir?: string) {
  const app = createApp({ config, db, clientDir });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    // Idle keep-alive sockets (a browser's, a test's fetch) would hold close() until they time out.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
