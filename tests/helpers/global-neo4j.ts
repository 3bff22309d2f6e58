// Vitest global setup: one embedded Neo4j with the seed loaded, shared by the read-only tests, and a
// second one that files needing a database of their own empty and use in turn (scratchNeo4j()). The
// integration files run one at a time, so the two JVMs start side by side here instead of one JVM
// start per such file.
import type { TestProject } from 'vitest/node';
import { loadDatasetFile } from '../../server/seed/loader';
import { startTestNeo4j, testDb } from './neo4j';

export default async function setup(project: TestProject) {
  const [neo4j, scratch] = await Promise.all([startTestNeo4j('kg-shared-'), startTestNeo4j('kg-scratch-')]);
  const db = testDb(neo4j);
  await loadDatasetFile(db, undefined, () => undefined);
  await db.close();
  project.provide('neo4j', { uri: neo4j.uri, password: neo4j.password });
  project.provide('scratchNeo4j', { uri: scratch.uri, password: scratch.password });
  return async () => {
    await Promise.all([neo4j.stop(), scratch.stop()]);
  };
}
