// Vitest global setup: one embedded Neo4j with the seed loaded, shared by the read-only tests.
import type { TestProject } from 'vitest/node';
import { loadDatasetFile } from '../../server/seed/loader';
import { startTestNeo4j, testDb } from './neo4j';

export default async function setup(project: TestProject) {
  const neo4j = await startTestNeo4j('kg-shared-');
  const db = testDb(neo4j);
  await loadDatasetFile(db, undefined, () => undefined);
  await db.close();
  project.provide('neo4j', { uri: neo4j.uri, password: neo4j.password });
  return async () => {
    await neo4j.stop();
  };
}
