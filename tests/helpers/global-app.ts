// Vitest global setup for the browser lane: the built client, Neo4j with the seed, the app on a free
// port, and a second, empty Neo4j (the scratch one, see scratch-neo4j.ts) for the files of this lane
// that load data of their own: the browser test that loads an exported dataset again, and the
// integration files that run beside the browser files (vite.config.ts says which and why).
import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { loadDatasetFile } from '../../server/seed/loader';
import { startTestApp, startTestNeo4j, testConfig, testDb } from './neo4j';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Unique values set as the server's secret variables while the client is built: if any reaches the
 * bundle, a secret could have too (tests/browser/reliability-hardening.test.ts looks for them). The
 * one build serves that check and every browser test, so the suite builds the client once.
 */
function bundleMarkers(): Record<string, string> {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  return {
    NEO4J_PASSWORD: `pw-marker-${stamp}`,
    EXPLORER_TOKEN: `token-marker-${stamp}`,
    NEO4J_USER: `user-marker-${stamp}`,
    NEO4J_URI: `neo4j+s://uri-user-${stamp}:uri-pass-${stamp}@db.example:7687`,
  };
}

async function buildClient(outDir: string, markers: Record<string, string>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(markers).map((k) => [k, process.env[k]]));
  Object.assign(process.env, markers);
  try {
    await build({
      configFile: path.join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

export default async function setup(project: TestProject) {
  const outDir = path.join(ROOT, 'test-output', 'dist');
  const markers = bundleMarkers();
  await buildClient(outDir, markers);
  const [neo4j, scratch] = await Promise.all([startTestNeo4j('kg-browser-'), startTestNeo4j('kg-scratch-')]);
  const config = testConfig(neo4j);
  const db = testDb(neo4j, config);
  await loadDatasetFile(db, undefined, () => undefined);
  const app = await startTestApp(db, config, outDir);
  project.provide('neo4j', { uri: neo4j.uri, password: neo4j.password });
  project.provide('scratchNeo4j', { uri: scratch.uri, password: scratch.password });
  project.provide('appUrl', app.baseUrl);
  project.provide('bundle', { dir: outDir, markers });
  return async () => {
    await app.close();
    await db.close();
    await Promise.all([neo4j.stop(), scratch.stop()]);
  };
}
