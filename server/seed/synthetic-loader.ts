// Loads a generated dataset beside the others in batched transactions (one per batch of rows),
// for the scale benchmarks, the tests and scripts/seed-synthetic.ts.
//
// A failed or killed load leaves a Dataset node marked loadState 'loading' and part of the graph;
// the next load with the same id deletes that remainder in batches first. A complete dataset is
// only replaced when asked to. Into an embedded store that was never loaded, the graph goes through
// the offline importer instead (server/first-load.ts) and `completeSyntheticImport` writes the rest.
import { asValidDataset } from '../../graph-seed/synthetic-files';
import type { SyntheticDataset } from '../../graph-seed/synthetic';
import type { Db } from '../db/driver';
import { datasetCounts, ensureSchema, type GraphCounts } from '../queries/dataset';
import {
  beginDatasetLoad,
  createEntities,
  createFigures,
  createRelationships,
  createSourceDocuments,
  datasetPresence,
  deleteDatasetInBatches,
  finishDatasetLoad,
} from '../queries/synthetic';
import { completeImportedGraph } from './bulk-import';
import type { ImportFiles } from './import-files';
import { toWrite } from './rows';

export const DEFAULT_BATCH = 10_000;
/** Articles are a few kB each; smaller batches keep a transaction's parameters modest. */
const DOCUMENT_BATCH = 1000;

export class SyntheticLoadRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyntheticLoadRefused';
  }
}

function* chunked<T>(rows: T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** A load that could not write every row; its dataset stays 'loading' (cleaned up by the next load). */
export class SyntheticLoadFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyntheticLoadFailed';
  }
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
  /** 'import' when the graph went through Neo4j's offline importer, 'cypher' otherwise. */
  path: 'import' | 'cypher';
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
  await ensureSchema(
    db,
    synth.dataset.relationshipTypes.map((t) => t.type),
  );

  const base = asValidDataset(synth);
  const head = toWrite({ ...base, nodes: [], edges: [] });
  const started = Date.now();
  await db.write((tx) => beginDatasetLoad(tx, head.meta));

  for (const batch of chunked(head.documents, DOCUMENT_BATCH))
    await db.write((tx) => createSourceDocuments(tx, batch));
  const documentsDone = Date.now();

  const nodes = synth.dataset.nodes;
  const showNodes = progress(log, 'entities', nodes.length, documentsDone);
  // Element ids of the entities written so far, kept only once their batch has committed (a retried
  // transaction function must not leave ids of a rolled-back attempt behind).
  const elementIds = new Map<string, string>();
  let figureCount = 0;
  let done = 0;
  for (const batch of chunked(nodes, batchSize)) {
    const rows = toWrite({ ...base, articles: [], nodes: batch, edges: [] });
    const created = await db.write(async (tx) => {
      const pairs: [string, string][] = [];
      for (const [label, entities] of rows.entitiesByLabel)
        pairs.push(...(await createEntities(tx, label, entities)));
      const own = new Map(pairs);
      const figures = rows.figures.length ? await createFigures(tx, rows.figures, own) : 0;
      return { pairs, figures };
    });
    for (const [entity, elementId] of created.pairs) elementIds.set(entity, elementId);
    figureCount += created.figures;
    showNodes((done += batch.length));
  }
  const entitiesDone = Date.now();

  const edges = synth.dataset.edges;
  // A dataset's relationships join its own entities (graph-seed/format.ts checks), all in elementIds now.
  const showEdges = progress(log, 'relationships', edges.length, entitiesDone);
  done = 0;
  let written = 0;
  for (const batch of chunked(edges, batchSize)) {
    const rows = toWrite({ ...base, articles: [], nodes: [], edges: batch });
    written += await db.write(async (tx) => {
      let inBatch = 0;
      for (const [type, rels] of rows.relationshipsByType)
        inBatch += await createRelationships(tx, type, rels, elementIds);
      return inBatch;
    });
    showEdges((done += batch.length));
  }
  // An end deleted (or its record reused) while the load ran: say so rather than report a full load.
  if (written !== edges.length)
    throw new SyntheticLoadFailed(
      `${edges.length - written} of ${edges.length} relationships of "${id}" found no end; the dataset stays marked 'loading' and the next load deletes it first.`,
    );
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
    path: 'cypher',
    ...counts,
  };
}

/** All rows of a generated dataset, for the import files of a first load. */
export const syntheticRows = (synth: SyntheticDataset) => toWrite(asValidDataset(synth));

/**
 * After the offline import of `files` (a first load): the schema and residual properties, then the
 * Dataset node and documents as `loadSynthetic` writes them ('loading' until the last one is in).
 * `started` is when the import files began to be written, so that the rates are end to end.
 */
export async function completeSyntheticImport(
  db: Db,
  synth: SyntheticDataset,
  files: ImportFiles,
  started: number,
  log: (line: string) => void = console.log,
): Promise<SyntheticLoadReport> {
  const id = synth.dataset.id;
  const importedAt = Date.now();
  const { schemaMs, residualMs } = await completeImportedGraph(
    db,
    files,
    synth.dataset.relationshipTypes.map((t) => t.type),
  );
  const documentsStarted = Date.now();
  const head = toWrite({ ...asValidDataset(synth), nodes: [], edges: [] });
  await db.write((tx) => beginDatasetLoad(tx, head.meta));
  for (const batch of chunked(head.documents, DOCUMENT_BATCH))
    await db.write((tx) => createSourceDocuments(tx, batch));
  await db.write((tx) => finishDatasetLoad(tx, id));
  const finished = Date.now();
  log(
    `[synthetic] after the import: schema ${schemaMs} ms, ${files.residual.entities.length + files.residual.figures.length + files.residual.relationships.length} rows of residual properties ${residualMs} ms, ${head.documents.length} documents ${finished - documentsStarted} ms`,
  );
  const counts = await datasetCounts(db, id);
  const loadMs = finished - started;
  const perSecond = (n: number, ms: number) => Math.round(n / Math.max(ms / 1000, 1e-3));
  const nodes = synth.dataset.nodes.length;
  const relationships = synth.dataset.edges.length;
  return {
    dataset: id,
    nodes,
    relationships,
    figureCount: counts.figures,
    documents: head.documents.length,
    batchSize: 0,
    deleted: 0,
    deleteMs: 0,
    loadMs,
    // The import writes entities and relationships together; 'documents' is everything after it.
    phaseMs: { documents: finished - importedAt, entities: importedAt - started, relationships: 0 },
    nodesPerSecond: perSecond(nodes, loadMs),
    relationshipsPerSecond: perSecond(relationships, loadMs),
    elementsPerSecond: perSecond(nodes + relationships, loadMs),
    path: 'import',
    ...counts,
  };
}
