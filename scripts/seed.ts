// npm run seed [-- --file <path>]: validates a dataset file and loads it in one transaction, or, into an
// embedded store that was never loaded, through Neo4j's offline importer (server/first-load.ts).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadDotEnv, parseConfig } from '../server/config';
import { EmbeddedStartError } from '../server/db/embedded';
import { completeLoad, startNeo4jForLoad } from '../server/first-load';
import { DatasetError, readDataset } from '../graph-seed/format';
import { DEFAULT_DATASET } from '../graph-seed/seed-file';
import { placeEntities } from '../graph-seed/places/places';
import { completeImportedFile, loadPrepared, prepareDatasetFile } from '../server/seed/loader';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      file: { type: 'string', short: 'f' },
      'validate-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: npm run seed [-- --file <dataset.json>] [--validate-only]');
    return 0;
  }
  const file = path.resolve(values.file ?? DEFAULT_DATASET);
  // Validate before touching Neo4j: a bad file never costs a database start.
  const data = readDataset(file);
  if (values['validate-only']) {
    console.log(`${file} is valid: ${data.nodes.length} nodes, ${data.edges.length} edges.`);
    for (const u of placeEntities(data.nodes).unresolved)
      console.log(`  not on the map: ${u.id} names an unknown place "${u.place}"`);
    return 0;
  }
  loadDotEnv();
  const config = parseConfig(process.env);
  const prepared = prepareDatasetFile(file);
  const started = await startNeo4jForLoad(config, () => prepared.write, { reuseRunning: true });
  const { runtime } = started;
  try {
    const report = await completeLoad(
      config,
      started,
      (files) => completeImportedFile(runtime.db, prepared, files),
      () => loadPrepared(runtime.db, prepared),
    );
    console.log(
      `[seed] loaded ${report.dataset} in ${report.ms} ms (${report.path === 'import' ? "Neo4j's offline importer" : 'Cypher'})`,
    );
    console.table({ ...report.labels, figures: report.figures });
    console.table(report.relationshipTypes);
  } finally {
    await runtime.stop();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known =
      error instanceof DatasetError || error instanceof ConfigError || error instanceof EmbeddedStartError;
    console.error(known ? (error as Error).message : error);
    process.exit(1);
  },
);
