// Starts the explorer: config, Neo4j (embedded unless NEO4J_URI is set), seed if empty, HTTP.
import type { Server, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AnalyticsService } from './analytics/service';
import { createApp } from './app';
import { ConfigError, loadDotEnv, parseConfig } from './config';
import { EmbeddedStartError } from './db/embedded';
import { LauncherBuildError } from './db/launcher-build';
import { answerClientErrors } from './errors';
import { completeLoad, startNeo4jForLoad } from './first-load';
import type { Neo4jRuntime } from './neo4j';
import { ensureRelationshipIdIndexes, entityCount, knownRelationshipTypes } from './queries/dataset';
import { completeImportedFile, loadPrepared, prepareDatasetFile, type PreparedDataset } from './seed/loader';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  loadDotEnv(path.join(ROOT, '.env'));
  const config = parseConfig(process.env);
  // A store that was never loaded gets the seed through the offline importer while Neo4j starts
  // (server/first-load.ts); a seed file that does not validate only costs that shortcut.
  let seed: PreparedDataset | undefined;
  const prepareSeed = () => {
    try {
      seed = prepareDatasetFile();
      return seed.write;
    } catch (error) {
      console.error(`[seed] could not read the seed dataset: ${(error as Error).message}`);
      return undefined;
    }
  };
  const started = await startNeo4jForLoad(config, config.seedOnStart ? prepareSeed : undefined);
  const runtime: Neo4jRuntime = started.runtime;
  const analytics = new AnalyticsService(runtime.db);
  // Assigned once listening; a signal during start-up finds it undefined and only stops Neo4j.
  let server: Server | undefined = undefined;
  let stopping = false;

  let inFlight = 0;
  const shutdown = async (signal: string) => {
    if (stopping) {
      // A second signal means "now": the exit handler below still asks the JVM to close the store.
      console.log(`[server] ${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    const graceMs = config.shutdownTimeoutMs;
    // Last resort if the driver or the JVM hangs: embedded.stop() escalates to SIGKILL after 30 s.
    setTimeout(() => {
      console.error('[server] shutdown took too long; exiting');
      process.exit(1);
    }, graceMs + 45_000).unref();
    console.log(
      `[server] ${signal}: no new connections; waiting up to ${graceMs} ms for ${inFlight} in-flight request(s)…`,
    );
    const deadline = setTimeout(() => {
      console.log(
        `[server] ${inFlight} request(s) still running after ${graceMs} ms: closing their connections`,
      );
      server?.closeAllConnections();
    }, graceMs);
    // close() stops accepting and drops idle keep-alive sockets; busy ones close after their answer.
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    // A running analytics computation (~30 s on a large graph) would hold its request, and so the
    // shutdown, until the deadline: its thread is stopped and its caller answered 503 now.
    await Promise.all([closed, analytics.close()]);
    clearTimeout(deadline);
    try {
      await runtime.stop();
    } catch (error) {
      console.error(`[server] could not stop Neo4j cleanly: ${(error as Error).message}`);
      process.exit(1);
    }
    console.log('[server] stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // If Node dies some other way the JVM still stops: its stdin pipe closes (see db/embedded.ts).
  process.on('exit', () => runtime.embedded?.terminateNow());

  try {
    const report = await completeLoad(
      config,
      started,
      (files) => completeImportedFile(runtime.db, seed!, files),
      async () => {
        if (!config.seedOnStart || (await entityCount(runtime.db)) > 0) return undefined;
        console.log('[seed] the database is empty: loading the seed dataset');
        return loadPrepared(runtime.db, seed ?? prepareDatasetFile());
      },
    );
    if (report) console.log(`[seed] loaded ${report.dataset} in ${report.ms} ms (${report.path})`);
  } catch (error) {
    console.error(`[seed] could not seed the database: ${(error as Error).message}`);
  }
  try {
    // Stores loaded before relationships had id indexes get them now (built in the background).
    await ensureRelationshipIdIndexes(runtime.db, await knownRelationshipTypes(runtime.db));
  } catch (error) {
    console.error(`[schema] could not index relationship ids: ${(error as Error).message}`);
  }

  const app = createApp({
    config,
    db: runtime.db,
    clientDir: path.join(ROOT, 'dist'),
    analytics,
    neo4jStatus: runtime.status,
  });
  server = app.listen(config.port, config.host, () => {
    const address = server?.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    console.log(`[server] explorer ready at http://${host}:${port}/  (API docs: /api/docs)`);
  });
  // Runs before Express: counts requests, and once stopping asks keep-alive clients to reconnect
  // elsewhere, so a busy socket closes right after its answer instead of taking more requests.
  server.prependListener('request', (_req, res: ServerResponse) => {
    inFlight++;
    res.once('close', () => inFlight--);
    if (stopping) res.setHeader('Connection', 'close');
  });
  answerClientErrors(server);
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `[server] port ${config.port} on ${config.host} is in use: stop what uses it or set PORT.`
        : `[server] cannot listen: ${error.message}`,
    );
    // finally: exit 1 even if stopping Neo4j fails, so the message above stays the last word.
    void runtime.stop().finally(() => process.exit(1));
  });
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof EmbeddedStartError ||
    error instanceof LauncherBuildError
  ) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
