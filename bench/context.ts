// What the benchmark parts share within one run: options, one Neo4j started on first use, the
// large synthetic graph (generated once, loaded once), and the seed graph beside it.
import { generateFromSeed } from '../graph-seed/synthetic-files';
import { loadDatasetFile } from '../server/seed/loader';
import { loadSynthetic } from '../server/seed/synthetic-loader';
import type { SyntheticDataset, SyntheticOptions } from '../graph-seed/synthetic';
import { startBenchNeo4j, type BenchNeo4j } from './lib/neo4j';

export interface BenchOptions {
  /** Nodes of the large graph (import and API parts). */
  nodes: number;
  seed: number;
  /** Nodes of the sample loaded naively and batched side by side. */
  naiveNodes: number;
  /** Seconds after which the naive load stops (its rate is then over the rows it loaded). */
  naiveBudgetS: number;
  /** Measured seconds per side and case, split over the ABBA turns (bench/lib/order.ts). */
  durationS: number;
  /** Seconds of one warm-up round (bench/lib/warmup.ts). */
  warmupRoundS: number;
  /** Requests one warm-up round holds at least: turns of warmupRoundS are added until it does. */
  warmupMinRequests: number;
  /** Two consecutive warm-up rounds within this relative difference in CPU per request: warm. */
  warmupTolerance: number;
  /** Warm-up rounds at most, per side and case. */
  warmupMaxRounds: number;
  /** ABBA blocks per case: each side runs 2 × pairs turns of durationS / (2 × pairs). */
  pairs: number;
  connections: number[];
  /** Browser part: elements (nodes + edges) per graph. */
  browserSizes: number[];
  /** Extra browser rows with level-of-detail settings applied on top of the app's (what-if figures). */
  browserVariants: string[];
  /** Browser part: which of Cytoscape's renderers to measure ('canvas', 'webgl'). */
  browserRenderers: Array<'canvas' | 'webgl'>;
}

export class BenchContext {
  private neo4j?: Promise<BenchNeo4j>;
  private big?: { synth: SyntheticDataset; generateMs: number };
  private bigLoaded = false;

  constructor(
    readonly options: BenchOptions,
    readonly log: (line: string) => void = console.log,
  ) {}

  /** The bench Neo4j, started on first use with the seed graph loaded (it also warms the JVM up). */
  database(): Promise<BenchNeo4j> {
    this.neo4j ??= (async () => {
      this.log('[bench] starting a Neo4j of its own on a temporary store…');
      const neo4j = await startBenchNeo4j(this.log);
      await loadDatasetFile(neo4j.db, undefined, () => undefined);
      return neo4j;
    })();
    return this.neo4j;
  }

  generate(options: SyntheticOptions): SyntheticDataset {
    return generateFromSeed(options);
  }

  /** The large graph, generated on first use (not loaded). */
  bigGraph(): { synth: SyntheticDataset; generateMs: number } {
    if (!this.big) {
      const started = Date.now();
      const synth = generateFromSeed({ nodes: this.options.nodes, seed: this.options.seed });
      this.big = { synth, generateMs: Date.now() - started };
      this.log(
        `[bench] generated ${synth.dataset.id} (${synth.dataset.edges.length.toLocaleString('en')} relationships) in ${this.big.generateMs} ms`,
      );
    }
    return this.big;
  }

  markBigGraphLoaded(): void {
    this.bigLoaded = true;
  }

  /** The large graph loaded (by the import part, or now, unmeasured, when a part runs alone). */
  async loadedBigGraph(): Promise<{ neo4j: BenchNeo4j; synth: SyntheticDataset }> {
    const neo4j = await this.database();
    const { synth } = this.bigGraph();
    if (!this.bigLoaded) {
      this.log(`[bench] loading ${synth.dataset.id} (not measured here; see the import part)…`);
      await loadSynthetic(neo4j.db, synth, { replace: true, log: () => undefined });
      this.bigLoaded = true;
    }
    return { neo4j, synth };
  }

  /** Stops the bench Neo4j (if it ran) and returns its store size, measured once flushed. */
  async stop(): Promise<{ storeMiB: number } | undefined> {
    const neo4j = this.neo4j;
    this.neo4j = undefined;
    return neo4j ? (await neo4j).stop() : undefined;
  }
}
