// npm run seed [-- --file <path>]: validates a dataset file and loads it in one transaction.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadDotEnv, parseConfig } from '../server/config';
import { EmbeddedStartError } from '../server/db/embedded';
import { startNeo4j } from '../server/neo4j';
import { DatasetError, readDataset } from '../graph-seed/format';
import { DEFAULT_DATASET } from '../graph-seed/seed-file';
import { placeEntities } from '../graph-seed/places/places';
import { loadDatasetFile } from '../server/seed/loader';

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
  const runtime = await startNeo4j(parseConfig(process.env), { reuseRunning: true });
  try {
    const report = await loadDatasetFile(runtime.db, file);
    console.log(`[seed] loaded ${report.dataset} in ${report.ms} ms`);
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
