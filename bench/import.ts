// Import benchmark: the batched loader at full scale, and side by side on a small sample, the same
// sample loaded batched and loaded naively (one statement, one transaction, per row).
import type { Db } from '../server/db/driver';
import type { EntityRow, FigureRow, RelationshipRow } from '../server/queries/dataset';
import { asValidDataset } from '../graph-seed/synthetic-files';
import { toWrite } from '../server/seed/rows';
import { loadSynthetic, type SyntheticLoadReport } from '../server/seed/synthetic-loader';
import type { SyntheticDataset } from '../graph-seed/synthetic';
import { beginDatasetLoad, deleteDatasetInBatches, finishDatasetLoad } from '../server/queries/synthetic';
import type { BenchContext } from './context';
import {
  createEntityAlone,
  createFigureAlone,
  createRelationshipAlone,
  createSourceDocumentAlone,
} from './naive-writes';
import { cpuSecondsOf, gcSecondsOf, loadAverage } from './lib/proc';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../server/config';
import { completeLoad, startNeo4jForLoad } from '../server/first-load';
import { completeSyntheticImport, syntheticRows } from '../server/seed/synthetic-loader';

export interface LoadFigures {
  dataset: string;
  nodes: number;
  relationships: number;
  figures: number;
  documents: number;
  ms: number;
  /** Nodes + relationships per second, over the whole load (documents and figures included). */
  elementsPerSecond: number;
  relationshipsPerSecond: number;
  /** CPU the Neo4j JVM spent per 1000 nodes + relationships: steadier than wall time on a shared machine. */
  jvmCpuMsPerThousand: number;
  loadAverage: number;
}

/** A first load into an empty embedded store, as `npm run seed:synthetic` makes it. */
export interface FirstLoadFigures {
  dataset: string;
  /** 'import' when Neo4j's offline importer took the graph (the expected path), else 'cypher'. */
  path: 'import' | 'cypher';
  nodes: number;
  relationships: number;
  /** End to end: CSV files written, JVM started with the import, schema, residual properties, documents. */
  ms: number;
  filesMs: number;
  /** The JVM's start, the import inside it included. */
  startMs: number;
  importMs: number;
  /** Schema, residual properties and documents after the import. */
  afterMs: number;
  relationshipsPerSecond: number;
  elementsPerSecond: number;
  loadAverage: number;
}

export interface ImportResults {
  firstLoad: FirstLoadFigures;
  scale: LoadFigures & {
    /** Time the JVM spent collecting garbage during the load (with -Xmx `heap`). */
    gcSeconds: number;
    heap: string;
    generateMs: number;
    phaseMs: SyntheticLoadReport['phaseMs'];
    nodesPerSecond: number;
  };
  sample: {
    batched: LoadFigures;
    naive: LoadFigures & { statements: number; partial: boolean };
    /** batched elements/s ÷ naive elements/s on the same sample. */
    ratio: number;
    /** full-scale batched elements/s ÷ naive elements/s. */
    scaleRatio: number;
  };
}

const perSecond = (n: number, ms: number) => n / Math.max(ms / 1000, 1e-3);

interface NaiveLoad {
  statements: number;
  nodes: number;
  relationships: number;
  /** The time budget ran out before the last relationship: the rate is over what was loaded. */
  partial: boolean;
}

/**
 * One CREATE per document, node, figure and relationship, each in its own transaction, in the
 * order the generator made them (each entity, its figures, then the relationships it opened to
 * earlier entities), so stopping at `budgetMs` leaves a representative mix: the rate is then over
 * the rows loaded. On a busy machine the whole sample can take many minutes.
 */
async function loadNaively(db: Db, synth: SyntheticDataset, budgetMs: number): Promise<NaiveLoad> {
  const rows = toWrite(asValidDataset(synth));
  const entities = new Map<string, { label: string; row: EntityRow }>();
  for (const [label, list] of rows.entitiesByLabel)
    for (const row of list) entities.set(row.id, { label, row });
  const figures = new Map<string, FigureRow[]>();
  for (const figure of rows.figures)
    figures.set(figure.entityId, [...(figures.get(figure.entityId) ?? []), figure]);
  const relationships = new Map<string, { type: string; row: RelationshipRow }>();
  for (const [type, list] of rows.relationshipsByType)
    for (const row of list) relationships.set(row.id, { type, row });
  const position = new Map(synth.dataset.nodes.map((n, i) => [n.id, i]));
  const opener = (e: { source: string; target: string }) =>
    Math.max(position.get(e.source)!, position.get(e.target)!);

  const deadline = Date.now() + budgetMs;
  const load: NaiveLoad = { statements: 0, nodes: 0, relationships: 0, partial: false };
  await db.write((tx) => beginDatasetLoad(tx, rows.meta));
  load.statements++;
  for (const doc of rows.documents) {
    await createSourceDocumentAlone(db, doc);
    load.statements++;
  }
  const edges = synth.dataset.edges;
  let next = 0;
  for (const [i, node] of synth.dataset.nodes.entries()) {
    if (Date.now() > deadline) {
      load.partial = true;
      return load;
    }
    const entity = entities.get(node.id)!;
    await createEntityAlone(db, entity.label, entity.row);
    load.statements++;
    load.nodes++;
    for (const figure of figures.get(node.id) ?? []) {
      await createFigureAlone(db, figure);
      load.statements++;
    }
    for (; next < edges.length && opener(edges[next]!) <= i; next++) {
      const rel = relationships.get(edges[next]!.id)!;
      await createRelationshipAlone(db, rel.type, rel.row);
      load.statements++;
      load.relationships++;
    }
  }
  await db.write((tx) => finishDatasetLoad(tx, synth.dataset.id));
  load.statements++;
  return load;
}

function figuresOf(
  synth: SyntheticDataset,
  ms: number,
  jvmCpuSeconds: number,
  loaded = { nodes: synth.dataset.nodes.length, relationships: synth.dataset.edges.length },
): LoadFigures {
  const { nodes, relationships } = loaded;
  return {
    dataset: synth.dataset.id,
    nodes,
    relationships,
    figures: synth.dataset.nodes.reduce((s, n) => s + n.figures.length, 0),
    documents: synth.dataset.articles.length,
    ms,
    elementsPerSecond: perSecond(nodes + relationships, ms),
    relationshipsPerSecond: perSecond(relationships, ms),
    jvmCpuMsPerThousand: (1000 * jvmCpuSeconds) / ((nodes + relationships) / 1000),
    loadAverage: loadAverage(),
  };
}

/**
 * The large graph into an empty store of its own, through the path the app's one command takes
 * (server/first-load.ts): the offline importer when the store was never loaded. The store has the
 * bench's memory settings and is removed afterwards.
 */
async function firstLoad(synth: SyntheticDataset, log: (line: string) => void): Promise<FirstLoadFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-first-'));
  try {
    const config = parseConfig({
      ...process.env,
      NEO4J_URI: '',
      DATA_DIR: dataDir,
      QUERY_TIMEOUT_MS: '600000',
    });
    const started = Date.now();
    const loading = await startNeo4jForLoad(config, () => syntheticRows(synth), { log });
    try {
      const report = await completeLoad(
        config,
        loading,
        (files) => completeSyntheticImport(loading.runtime.db, synth, files, started, log),
        () => loadSynthetic(loading.runtime.db, synth, { log: () => undefined }),
      );
      const ms = Date.now() - started;
      const { filesMs, startMs, importMs } = loading.timings;
      return {
        dataset: synth.dataset.id,
        path: report.path,
        nodes: report.nodes,
        relationships: report.relationships,
        ms,
        filesMs,
        startMs,
        importMs,
        afterMs: ms - filesMs - startMs,
        relationshipsPerSecond: perSecond(report.relationships, ms),
        elementsPerSecond: perSecond(report.nodes + report.relationships, ms),
        loadAverage: loadAverage(),
      };
    } finally {
      await loading.runtime.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function importPart(ctx: BenchContext): Promise<ImportResults> {
  const log = ctx.log;
  const generatedFirst = ctx.bigGraph();
  log(`[import] first load of ${generatedFirst.synth.dataset.id} into an empty store of its own…`);
  const first = await firstLoad(generatedFirst.synth, (line) => log(`[import]   ${line}`));
  log(
    `[import]   ${first.path === 'import' ? "through Neo4j's offline importer" : 'through Cypher (the importer did not run)'}: ` +
      `${first.ms} ms end to end (CSV files ${first.filesMs} ms, JVM start with the import ${first.startMs} ms of which the import ${first.importMs} ms, ` +
      `schema, residual properties and documents ${first.afterMs} ms): ${Math.round(first.relationshipsPerSecond).toLocaleString('en')} relationships/s`,
  );

  const neo4j = await ctx.database();
  const { db } = neo4j;

  // The same graph twice under ids of the same length, so both loads write the same bytes.
  const sampleOptions = { nodes: ctx.options.naiveNodes, seed: ctx.options.seed };
  const naiveSample = ctx.generate({
    ...sampleOptions,
    id: `bench-naive-${ctx.options.naiveNodes}-${ctx.options.seed}`,
  });
  const batchedSample = ctx.generate({
    ...sampleOptions,
    id: `bench-batch-${ctx.options.naiveNodes}-${ctx.options.seed}`,
  });

  log(`[import] naive load of the ${ctx.options.naiveNodes}-node sample: one transaction per row…`);
  let cpu = cpuSecondsOf(neo4j.jvmPid);
  let started = Date.now();
  const load = await loadNaively(db, naiveSample, ctx.options.naiveBudgetS * 1000);
  const naive = {
    ...figuresOf(naiveSample, Date.now() - started, cpuSecondsOf(neo4j.jvmPid) - cpu, load),
    statements: load.statements,
    partial: load.partial,
  };
  log(
    `[import]   ${load.statements.toLocaleString('en')} statements in ${naive.ms} ms: ${Math.round(naive.elementsPerSecond).toLocaleString('en')} nodes+relationships/s` +
      (load.partial
        ? ` (stopped by the ${ctx.options.naiveBudgetS} s budget after ${load.relationships.toLocaleString('en')} of ${naiveSample.dataset.edges.length.toLocaleString('en')} relationships)`
        : ''),
  );
  await deleteDatasetInBatches(db, naiveSample.dataset.id, 10_000);

  log(`[import] batched load of the same sample…`);
  cpu = cpuSecondsOf(neo4j.jvmPid);
  // loadMs covers the writes only, as the naive clock does (not the presence check, schema and final count).
  const sampleReport = await loadSynthetic(db, batchedSample, { log: () => undefined });
  const batched = figuresOf(batchedSample, sampleReport.loadMs, cpuSecondsOf(neo4j.jvmPid) - cpu);
  log(
    `[import]   ${batched.ms} ms: ${Math.round(batched.elementsPerSecond).toLocaleString('en')} nodes+relationships/s`,
  );
  await deleteDatasetInBatches(db, batchedSample.dataset.id, 10_000);

  log(`[import] batched load at ${ctx.options.nodes.toLocaleString('en')} nodes…`);
  const generated = ctx.bigGraph();
  cpu = cpuSecondsOf(neo4j.jvmPid);
  const gc = gcSecondsOf(neo4j.jvmPid);
  started = Date.now();
  const report = await loadSynthetic(db, generated.synth, {
    replace: true,
    log: (line) => log(line.replace('[synthetic]', '[import]')),
  });
  const loadWallMs = Date.now() - started;
  ctx.markBigGraphLoaded();
  const gcSeconds = gcSecondsOf(neo4j.jvmPid) - gc;
  // loadSynthetic's own clock excludes the checks and the final count; use it for the rate.
  const scale = figuresOf(generated.synth, report.loadMs, cpuSecondsOf(neo4j.jvmPid) - cpu);
  log(
    `[import]   ${report.loadMs} ms (${loadWallMs} ms with the final count): ${Math.round(scale.elementsPerSecond).toLocaleString('en')} nodes+relationships/s, ${Math.round(report.relationshipsPerSecond).toLocaleString('en')} relationships/s in the relationship phase`,
  );

  return {
    firstLoad: first,
    scale: {
      ...scale,
      generateMs: generated.generateMs,
      gcSeconds,
      heap: neo4j.heap,
      phaseMs: report.phaseMs,
      nodesPerSecond: report.nodesPerSecond,
      relationshipsPerSecond: report.relationshipsPerSecond,
    },
    sample: {
      batched,
      naive,
      ratio: batched.elementsPerSecond / naive.elementsPerSecond,
      scaleRatio: scale.elementsPerSecond / naive.elementsPerSecond,
    },
  };
}
