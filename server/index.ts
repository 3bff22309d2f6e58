// Starts the explorer: config, Neo4j (embedded unless NEO4J_URI is set), seed if empty, HTTP.
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDatasetFile } from '../graph-seed/loader';
import { createApp } from './app';
import { ConfigError, loadDotEnv, parseConfig } from './config';
import { EmbeddedStartError } from './db/embedded';
import { LauncherBuildError } from './db/launcher-build';
import { startNeo4j, type Neo4jRuntime } from './neo4j';
import { entityCount } from './queries/dataset';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  loadDotEnv(path.join(ROOT, '.env'));
  const config = parseConfig(process.env);
  const runtime: Neo4jRuntime = await startNeo4j(config);
  let server: Server | undefined;
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[server] ${signal}: finishing in-flight requests…`);
    const deadline = setTimeout(() => server?.closeAllConnections(), 10_000);
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    clearTimeout(deadline);
    await runtime.stop();
    console.log('[server] stopped cleanly');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // If Node dies some other way the JVM still stops: its stdin pipe closes (see db/embedded.ts).
  process.on('exit', () => runtime.embedded?.terminateNow());

  try {
    if (config.seedOnStart && (await entityCount(runtime.db)) === 0) {
      console.log('[seed] the database is empty: loading the seed dataset');
      const report = await loadDatasetFile(runtime.db);
      console.log(`[seed] loaded ${report.dataset} in ${report.ms} ms`);
    }
  } catch (error) {
    console.error(`[seed] could not seed the database: ${(error as Error).message}`);
  }

  const app = createApp({ config, db: runtime.db, clientDir: path.join(ROOT, 'dist') });
  server = app.listen(config.port, config.host, () => {
    const address = server?.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    console.log(`[server] explorer ready at http://${host}:${port}/  (API docs: /api/docs)`);
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `[server] port ${config.port} on ${config.host} is in use: stop what uses it or set PORT.`
        : `[server] cannot listen: ${error.message}`,
    );
    void runtime.stop().then(() => process.exit(1));
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EmbeddedStartError || error instanceof LauncherBuildError) {
    console.error(`\n${error.message}\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
