// Connects the app to Neo4j: the embedded default, or the external database named by NEO4J_URI.
import type { Config } from './config';
import { createDb, type Db } from './db/driver';
import { EmbeddedNeo4j, runningEmbeddedUri } from './db/embedded';

export interface Neo4jRuntime {
  db: Db;
  /** Present when this process started the embedded Neo4j and so must stop it. */
  embedded?: EmbeddedNeo4j;
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: (line: string) => void;
  /** Use an embedded Neo4j that another process already runs on the same DATA_DIR (CLI tools). */
  reuseRunning?: boolean;
}

export async function startNeo4j(config: Config, options: StartOptions = {}): Promise<Neo4jRuntime> {
  const log = options.log ?? console.log;
  const dbOptions = {
    user: config.neo4j.user,
    password: config.neo4j.password,
    database: config.neo4j.database,
    queryTimeoutMs: config.queryTimeoutMs,
  };
  const external =
    config.neo4j.externalUri ?? (options.reuseRunning ? runningEmbeddedUri(config.dataDir) : undefined);
  if (external) {
    log(`[neo4j] using ${external}`);
    const db = createDb({ ...dbOptions, uri: external });
    return { db, stop: () => db.close() };
  }
  const embedded = new EmbeddedNeo4j({ dataDir: config.dataDir, ...config.neo4j.embedded, log });
  const info = await embedded.start();
  const db = createDb({ ...dbOptions, uri: info.uri, user: 'neo4j', password: '' });
  return {
    db,
    embedded,
    async stop() {
      await db.close();
      await embedded.stop();
    },
  };
}
