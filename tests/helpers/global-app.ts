// Vitest global setup for browser tests: Neo4j with the seed, the built client, the app on a free port.
import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { loadDatasetFile } from '../../server/seed/loader';
import { startTestApp, startTestNeo4j, testConfig, testDb } from './neo4j';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export default async function setup(project: TestProject) {
  const outDir = path.join(ROOT, 'test-output', 'dist');
  await build({
    configFile: path.join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const neo4j = await startTestNeo4j('kg-browser-');
  const config = testConfig(neo4j);
  const db = testDb(neo4j, config);
  await loadDatasetFile(db, undefined, () => undefined);
  const app = await startTestApp(db, config, outDir);
  project.provide('neo4j', { uri: neo4j.uri, password: neo4j.password });
  project.provide('appUrl', app.baseUrl);
  return async () => {
    await app.close();
    await db.close();
    await neo4j.stop();
  };
}
