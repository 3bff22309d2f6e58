// npm run seed:synthetic -- --nodes N --seed S [--edges-per-node 5] [--file out.json] [--replace]
//
// Generates a synthetic dataset with the seed's ontology (graph-seed/synthetic.ts) and loads it
// beside the other datasets under its own id (synthetic-<N>-<seed>) in batched transactions.
// Also exports loadSynthetic for the benchmarks and tests.
//
// A failed or killed load leaves a Dataset node marked loadState 'loading' and part of the graph;
// the next run with the same id deletes that remainder in batches before loading again. A complete
// dataset is only replaced with --replace, and removed with --delete.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadDotEnv, parseConfig } from '../server/config';
import type { Db } from '../server/db/driver';
import { EmbeddedStartError } from '../server/db/embedded';
import { startNeo4j } from '../server/neo4j';
import { datasetCounts, ensureSchema, type GraphCounts } from '../server/queries/dataset';
import {
  beginDatasetLoad,
  createEntities,
  createFigures,
  createRelationships,
  createSourceDocuments,
  datasetPresence,
  deleteDatasetInBatches,
  finishDatasetLoad,
} from '../server/queries/synthetic';
import { DatasetError, readDataset, validateDataset, type ValidDataset } from './format';
import { DEFAULT_DATASET, toWrite } from './loader';
import {
  degreeSummary,
  generateSynthetic,
  syntheticId,
  templateFrom,
  type SyntheticDataset,
  type SyntheticOptions,
} from './synthetic';

export const DEFAULT_BATCH = 10_000;
/** Articles are a few kB each; smaller batches keep a transaction's parameters modest. */
const DOCUMENT_BATCH = 1000;
/** Above this many nodes the provenance check is opt-in (--validate): it costs ~20 s at 100k. */
const VALIDATE_UP_TO = 20_000;
/** Read timeout for the CLI's own reads (presence, counts) unless QUERY_TIMEOUT_MS says otherwise. */
const BULK_READ_TIMEOUT_MS = 600_000;

export class SyntheticLoadRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyntheticLoadRefused';
  }
}

/** Generates with the seed file's ontology. */
export function generateFromSeed(options: SyntheticOptions, seedFile = DEFAULT_DATASET): SyntheticDataset {
  return generateSynthetic(templateFrom(readDataset(seedFile)), options);
}

/** The generated dataset in the shape the loader's row builder (toWrite) takes. */
export const asValidDataset = (synth: SyntheticDataset, file = '(generated)'): ValidDataset => ({
  ...synth.dataset,
  file,
  articleTexts: synth.articleTexts,
});

/** Writes the dataset JSON and its articles (`articles/<id>.txt` next to it); returns the JSON path. */
export function writeSyntheticFiles(synth: SyntheticDataset, file: string): string {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(path.join(dir, 'articles'), { recursive: true });
  for (const article of synth.dataset.articles) {
    fs.writeFileSync(path.join(dir, article.file), synth.articleTexts[article.id] ?? '');
  }
  fs.writeFileSync(path.resolve(file), JSON.stringify(synth.dataset));
  return path.resolve(file);
}

/** Runs the format's whole-file checks (provenance included) on a generated dataset. Throws DatasetError. */
export function validateSynthetic(synth: SyntheticDataset): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-synthetic-'));
  try {
    fs.mkdirSync(path.join(dir, 'articles'));
    for (const article of synth.dataset.articles) {
      fs.writeFileSync(path.join(dir, article.file), synth.articleTexts[article.id] ?? '');
    }
    validateDataset(synth.dataset, path.join(dir, `${synth.dataset.id}.json`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function* chunked<T>(rows: T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

export interface LoadOptions {
  batchSize?: number;
  /** Replace a complete dataset with the same id (a failed load is always cleaned up). */
  replace?: boolean;
  log?: (line: string) => void;
}

export interface SyntheticLoadReport extends GraphCounts {
  dataset: string;
  nodes: number;
  relationships: number;
  figureCount: number;
  documents: number;
  batchSize: number;
  /** What was deleted first (a previous load with the same id), and how long it took. */
  deleted: number;
  deleteMs: number;
  /** Writing only: documents, entities with their figures, relationships. */
  loadMs: number;
  phaseMs: { documents: number; entities: number; relationships: number };
  nodesPerSecond: number;
  relationshipsPerSecond: number;
  /** Nodes + relationships per second over the whole load. */
  elementsPerSecond: number;
}

/** Prints a line each time a phase passes another tenth. */
function progress(log: (line: string) => void, what: string, total: number, started: number) {
  let shown = 0;
  return (done: number) => {
    const tenth = Math.floor((10 * done) / Math.max(1, total));
    if (tenth <= shown && done < total) return;
    shown = tenth;
    const seconds = (Date.now() - started) / 1000;
    log(
      `[synthetic]   ${what} ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${Math.round((100 * done) / Math.max(1, total))} %, ${Math.round(done / Math.max(seconds, 1e-3)).toLocaleString('en')}/s)`,
    );
  };
}

/**
 * Loads a generated dataset in batches (one transaction per batch of `batchSize` rows). Deletes
 * what a previous run with the same id left, first; refuses to touch a complete dataset unless
 * `replace` is set.
 */
export async function loadSynthetic(
  db: Db,
  synth: SyntheticDataset,
  options: LoadOptions = {},
): Promise<SyntheticLoadReport> {
  const log = options.log ?? console.log;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const id = synth.dataset.id;
  const presence = await datasetPresence(db, id);
  if (presence.exists && presence.loadState !== 'loading' && !options.replace) {
    throw new SyntheticLoadRefused(
      `Dataset "${id}" is already loaded (${presence.entities} entities). Pass --replace to load it again.`,
    );
  }
  let deleted = 0;
  const deleteStarted = Date.now();
  if (presence.exists || presence.entities > 0) {
    const what = presence.loadState === 'loading' ? `the remains of an unfinished load of ${id}` : id;
    log(`[synthetic] deleting ${what} in batches of ${batchSize}…`);
    deleted = await deleteDatasetInBatches(db, id, batchSize);
    log(
      `[synthetic] deleted ${deleted.toLocaleString('en')} nodes and relationships in ${Date.now() - deleteStarted} ms`,
    );
  }
  const deleteMs = Date.now() - deleteStarted;
  await ensureSchema(db);

  const base = asValidDataset(synth);
  const head = toWrite({ ...base, nodes: [], edges: [] });
  const started = Date.now();
  await db.write((tx) => beginDatasetLoad(tx, head.meta));

  for (const batch of chunked(head.documents, DOCUMENT_BATCH))
    await db.write((tx) => createSourceDocuments(tx, batch));
  const documentsDone = Date.now();

  const nodes = synth.dataset.nodes;
  const showNodes = progress(log, 'entities', nodes.length, documentsDone);
  let figureCount = 0;
  let done = 0;
  for (const batch of chunked(nodes, batchSize)) {
    const rows = toWrite({ ...base, articles: [], nodes: batch, edges: [] });
    figureCount += rows.figures.length;
    await db.write(async (tx) => {
      for (const [label, entities] of rows.entitiesByLabel) await createEntities(tx, label, entities);
      if (rows.figures.length) await createFigures(tx, rows.figures);
    });
    showNodes((done += batch.length));
  }
  const entitiesDone = Date.now();

  const edges = synth.dataset.edges;
  const showEdges = progress(log, 'relationships', edges.length, entitiesDone);
  done = 0;
  for (const batch of chunked(edges, batchSize)) {
    const rows = toWrite({ ...base, articles: [], nodes: [], edges: batch });
    await db.write(async (tx) => {
      for (const [type, rels] of rows.relationshipsByType) await createRelationships(tx, type, rels);
    });
    showEdges((done += batch.length));
  }
  await db.write((tx) => finishDatasetLoad(tx, id));
  const finished = Date.now();

  const counts = await datasetCounts(db, id);
  const loadMs = finished - started;
  const perSecond = (n: number, ms: number) => Math.round(n / Math.max(ms / 1000, 1e-3));
  return {
    dataset: id,
    nodes: nodes.length,
    relationships: edges.length,
    figureCount,
    documents: head.documents.length,
    batchSize,
    deleted,
    deleteMs,
    loadMs,
    phaseMs: {
      documents: documentsDone - started,
      entities: entitiesDone - documentsDone,
      relationships: finished - entitiesDone,
    },
    nodesPerSecond: perSecond(nodes.length, entitiesDone - documentsDone),
    relationshipsPerSecond: perSecond(edges.length, finished - entitiesDone),
    elementsPerSecond: perSecond(nodes.length + edges.length, loadMs),
    ...counts,
  };
}

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

  const runtime = await startNeo4j(config, { reuseRunning: true });
  try {
    const report = await loadSynthetic(runtime.db, synth, { batchSize, replace: values.replace === true });
    console.log(
      `[synthetic] loaded ${report.dataset} in ${report.loadMs} ms: ${report.nodesPerSecond.toLocaleString('en')} nodes/s, ` +
        `${report.relationshipsPerSecond.toLocaleString('en')} relationships/s, ${report.elementsPerSecond.toLocaleString('en')} nodes+relationships/s`,
    );
    console.table({ ...report.labels, figures: report.figures });
    console.table(report.relationshipTypes);
  } finally {
    await runtime.stop();
  }
  return 0;
}

const isEntryPoint =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntryPoint) {
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
}
