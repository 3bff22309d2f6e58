// Test helpers: an embedded Neo4j of the tests' own, on a free port and a temporary store.
import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app';
import { parseConfig, type Config } from '../../server/config';
import { createDb, type Db } from '../../server/db/driver';
import { EmbeddedNeo4j } from '../../server/db/embedded';

export interface TestNeo4j {
  embedded: EmbeddedNeo4j;
  uri: string;
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
    startTimeoutMs: 120_000,
    log: () => undefined,
  });
  const info = await embedded.start();
  return {
    embedded,
    uri: info.uri,
    dataDir,
    async stop() {
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function testConfig(uri: string, overrides: Record<string, string> = {}): Config {
  return parseConfig({ NEO4J_URI: uri, PORT: '0', LOG_LEVEL: 'silent', ...overrides });
}

export function testDb(uri: string, config = testConfig(uri)): Db {
  return createDb({
    uri,
    user: 'neo4j',
    password: '',
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
