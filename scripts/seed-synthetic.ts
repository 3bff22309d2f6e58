// npm run seed:synthetic -- --nodes N --seed S [--edges-per-node 5] [--file out.json] [--replace]
//
// Generates a synthetic dataset with the seed's ontology (graph-seed/synthetic.ts) and loads it
// beside the other datasets under its own id (synthetic-<N>-<seed>) through
// server/seed/synthetic-loader.ts, which also says what a failed or killed load leaves behind. A
// complete dataset is only replaced with --replace, and removed with --delete. Into an embedded
// store that was never loaded, the graph goes through Neo4j's offline importer (server/first-load.ts).
import { parseArgs } from 'node:util';
import { DatasetError, readDataset } from '../graph-seed/format';
import { degreeSummary, syntheticId } from '../graph-seed/synthetic';
import { generateFromSeed, validateSynthetic, writeSyntheticFiles } from '../graph-seed/synthetic-files';
import { ConfigError, loadDotEnv, parseConfig } from '../server/config';
import { EmbeddedStartError } from '../server/db/embedded';
import { completeLoad, startNeo4jForLoad } from '../server/first-load';
import { startNeo4j } from '../server/neo4j';
import { deleteDatasetInBatches } from '../server/queries/synthetic';
import {
  completeSyntheticImport,
  DEFAULT_BATCH,
  loadSynthetic,
  SyntheticLoadRefused,
  syntheticRows,
} from '../server/seed/synthetic-loader';

/** Above this many nodes the provenance check is opt-in (--validate): it costs ~20 s at 100k. */
const VALIDATE_UP_TO = 20_000;
/** Read timeout for the CLI's own reads (presence, counts) unless QUERY_TIMEOUT_MS says otherwise. */
const BULK_READ_TIMEOUT_MS = 600_000;

const USAGE = `usage: npm run seed:synthetic -- --nodes N [--seed S] [options]

  --nodes N            number of entities (10000 and 100000 are the benchmark scales)
  --seed S             PRNG seed (default 1); the same N and S give the same graph
  --edges-per-node M   mean relationships per entity (default 5)
  --id ID              dataset id (default synthetic-<N>-<S>)
  --file out.json      also write the dataset (and articles/ next to it) as a dataset file
  --no-load            generate (and write with --file) without touching Neo4j
  --replace            replace a complete dataset with the same id
  --delete             delete the dataset with that id (in batches) and stop
  --batch B            rows per transaction (default ${DEFAULT_BATCH})
  --validate           check provenance even above ${VALIDATE_UP_TO} nodes (always done below)`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      nodes: { type: 'string', short: 'n' },
      seed: { type: 'string', short: 's', default: '1' },
      'edges-per-node': { type: 'string', default: '5' },
      id: { type: 'string' },
      file: { type: 'string', short: 'f' },
      'no-load': { type: 'boolean' },
      replace: { type: 'boolean' },
      delete: { type: 'boolean' },
      batch: { type: 'string', default: String(DEFAULT_BATCH) },
      validate: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const int = (name: string, raw: string | undefined, min: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
      throw new SyntheticLoadRefused(`--${name} must be a whole number ≥ ${min}\n\n${USAGE}`);
    return n;
  };
  const seed = int('seed', values.seed, 0);
  const batchSize = int('batch', values.batch, 1);
  const count = values.nodes === undefined && values.delete && values.id ? 0 : int('nodes', values.nodes, 1);
  const id = values.id ?? syntheticId(count, seed);

  loadDotEnv();
  // Counting a 100k-node dataset can take longer than the API's 5 s read timeout on a busy machine.
  const config = parseConfig({ QUERY_TIMEOUT_MS: String(BULK_READ_TIMEOUT_MS), ...process.env });
  if (values.delete) {
    const runtime = await startNeo4j(config, { reuseRunning: true });
    try {
      const started = Date.now();
      const deleted = await deleteDatasetInBatches(runtime.db, id, batchSize);
      console.log(
        `[synthetic] deleted ${id}: ${deleted.toLocaleString('en')} nodes and relationships in ${Date.now() - started} ms`,
      );
    } finally {
      await runtime.stop();
    }
    return 0;
  }

  let started = Date.now();
  const synth = generateFromSeed({ nodes: count, seed, edgesPerNode: Number(values['edges-per-node']), id });
  const degrees = degreeSummary(synth.dataset);
  console.log(
    `[synthetic] generated ${id} in ${Date.now() - started} ms: ${degrees.nodes.toLocaleString('en')} entities, ` +
      `${degrees.edges.toLocaleString('en')} relationships, ${synth.dataset.articles.length} articles; degree median ${degrees.median}, ` +
      `p99 ${degrees.p99}, max ${degrees.max}`,
  );
  started = Date.now();
  if (values.file) {
    const file = writeSyntheticFiles(synth, values.file);
    readDataset(file); // the written file passes the regular loader's checks
    console.log(`[synthetic] wrote and validated ${file} (+ articles/) in ${Date.now() - started} ms`);
  } else if (values.validate || count <= VALIDATE_UP_TO) {
    validateSynthetic(synth);
    console.log(`[synthetic] provenance and format checks passed in ${Date.now() - started} ms`);
  } else {
    console.log(
      `[synthetic] skipped the provenance check above ${VALIDATE_UP_TO} nodes (pass --validate to run it)`,
    );
  }
  if (values['no-load']) return 0;

  const loadStarted = Date.now();
  const neo4j = await startNeo4jForLoad(config, () => syntheticRows(synth), { reuseRunning: true });
  const { runtime } = neo4j;
  try {
    const report = await completeLoad(
      config,
      neo4j,
      (files) => completeSyntheticImport(runtime.db, synth, files, loadStarted),
      () => loadSynthetic(runtime.db, synth, { batchSize, replace: values.replace === true }),
    );
    if (report.path === 'import') {
      const { filesMs, startMs, importMs } = neo4j.timings;
      console.log(
        `[synthetic] loaded ${report.dataset} through Neo4j's offline importer in ${report.loadMs} ms end to end ` +
          `(CSV files ${filesMs} ms, JVM start with the import ${startMs} ms of which the import ${importMs} ms, ` +
          `schema and documents ${report.phaseMs.documents} ms): ${report.nodesPerSecond.toLocaleString('en')} nodes/s, ` +
          `${report.relationshipsPerSecond.toLocaleString('en')} relationships/s, ${report.elementsPerSecond.toLocaleString('en')} nodes+relationships/s`,
      );
    } else {
      console.log(
        `[synthetic] loaded ${report.dataset} in ${report.loadMs} ms: ${report.nodesPerSecond.toLocaleString('en')} nodes/s, ` +
          `${report.relationshipsPerSecond.toLocaleString('en')} relationships/s, ${report.elementsPerSecond.toLocaleString('en')} nodes+relationships/s`,
      );
    }
    console.table({ ...report.labels, figures: report.figures });
    console.table(report.relationshipTypes);
  } finally {
    await runtime.stop();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known =
      error instanceof DatasetError ||
      error instanceof ConfigError ||
      error instanceof EmbeddedStartError ||
      error instanceof SyntheticLoadRefused;
    console.error(known ? (error as Error).message : error);
    process.exit(1);
  },
);
