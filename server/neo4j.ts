// Connects the app to Neo4j: the embedded default, or the external database named by NEO4J_URI.
// For the embedded one it is also the supervisor: if the JVM dies (a crash, the kernel's OOM
// killer, kill -9), it is started again with back-off, the Db follows it to the new password and
// port, and `status()` says what is going on so /api/health can report it.
import type { Config } from './config';
import { createDb, type Db } from './db/driver';
import { EmbeddedNeo4j, EmbeddedStartError, runningEmbedded, type BulkImportFiles } from './db/embedded';

export type Neo4jState =
  | { state: 'running'; restarts: number; lastExit?: string }
  | { state: 'restarting'; restarts: number; lastExit: string; nextAttemptAt: number };

export interface Neo4jRuntime {
  db: Db;
  /** Present when this process started the embedded Neo4j and so must stop it. */
  embedded?: EmbeddedNeo4j;
  /** What the supervisor knows (always 'running' for an external database: it is not ours). */
  status(): Neo4jState;
  /** True when the first start loaded the store through the offline importer (`bulkImport`). */
  imported: boolean;
  importMs: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: (line: string) => void;
  /** Use an embedded Neo4j that another process already runs on the same DATA_DIR (CLI tools). */
  reuseRunning?: boolean;
  /** First restart delay; it doubles per failed attempt up to `maxRestartDelayMs`. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /**
   * CSV files for the offline importer: an embedded store whose default database was never created
   * is loaded from them at the first start (server/first-load.ts); restarts never import.
   */
  bulkImport?: BulkImportFiles;
}

/** A Neo4j this process did not start (NEO4J_URI, or another server's embedded one): not supervised. */
const notOurs = (db: Db): Neo4jRuntime => ({
  db,
  status: () => ({ state: 'running', restarts: 0 }),
  imported: false,
  importMs: 0,
  stop: () => db.close(),
});

export async function startNeo4j(config: Config, options: StartOptions = {}): Promise<Neo4jRuntime> {
  const log = options.log ?? console.log;
  const dbOptions = {
    user: config.neo4j.user,
    password: config.neo4j.password,
    database: config.neo4j.database,
    queryTimeoutMs: config.queryTimeoutMs,
  };
  if (config.neo4j.externalUri) {
    log(`[neo4j] using ${config.neo4j.externalUri}`);
    const db = createDb({ ...dbOptions, uri: config.neo4j.externalUri });
    return notOurs(db);
  }
  const running = options.reuseRunning ? runningEmbedded(config.dataDir) : undefined;
  if (running) {
    log(`[neo4j] using the embedded Neo4j of the running server at ${running.uri}`);
    const db = createDb({ ...dbOptions, uri: running.uri, user: 'neo4j', password: running.password });
    return notOurs(db);
  }

  const firstDelay = options.restartDelayMs ?? config.restartDelayMs;
  const maxDelay = options.maxRestartDelayMs ?? 30_000;
  let state: Neo4jState = { state: 'running', restarts: 0 };
  let stopping = false;
  let retryTimer: NodeJS.Timeout | undefined;
  // Assigned after the first start; restarts (which need it) only happen after that.
  let db: Db | undefined = undefined;

  const restart = async (attempt: number, lastExit: string, port: number): Promise<void> => {
    if (stopping) return;
    try {
      const info = await embedded.start(port);
      db!.reconnect({ uri: info.uri, password: info.password });
      state = { state: 'running', restarts: state.restarts + 1, lastExit };
      log(`[neo4j] restarted after "${lastExit}" (attempt ${attempt}); serving again on ${info.uri}`);
    } catch (error) {
      if (stopping) return;
      // The old port may be taken by now: a random one serves as well, since the Db follows the URI.
      const nextPort = error instanceof EmbeddedStartError && error.code === 'PORT_IN_USE' ? 0 : port;
      schedule(attempt + 1, lastExit, nextPort, (error as Error).message);
    }
  };
  const schedule = (attempt: number, lastExit: string, port: number, why?: string) => {
    const delay = Math.min(maxDelay, firstDelay * 2 ** (attempt - 1));
    state = { state: 'restarting', restarts: state.restarts, lastExit, nextAttemptAt: Date.now() + delay };
    log(
      `[neo4j] ${why ? `restart attempt ${attempt - 1} failed (${why}); ` : ''}restarting the embedded Neo4j in ${delay} ms (attempt ${attempt}); the API answers 503 meanwhile`,
    );
    retryTimer = setTimeout(() => void restart(attempt, lastExit, port), delay);
  };

  const embedded: EmbeddedNeo4j = new EmbeddedNeo4j({
    dataDir: config.dataDir,
    ...config.neo4j.embedded,
    log,
    onUnexpectedExit: (code, signal) => {
      const lastExit = `exited with ${signal ?? `code ${code}`} at ${new Date().toISOString()}`;
      schedule(1, lastExit, embedded.info?.port ?? config.neo4j.embedded.boltPort);
    },
  });
  const info = await embedded.start(undefined, options.bulkImport);
  db = createDb({ ...dbOptions, uri: info.uri, user: 'neo4j', password: info.password });
  const ownDb = db;
  return {
    db: ownDb,
    embedded,
    status: () => state,
    imported: info.imported,
    importMs: info.importMs,
    async stop() {
      stopping = true;
      clearTimeout(retryTimer);
      await ownDb.close();
      await embedded.stop();
    },
  };
}
