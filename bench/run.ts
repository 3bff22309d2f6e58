// npm run bench [-- <part> ...] [options]: runs the benchmark parts (import, api, memory, browser;
// all but memory by default, since the api part samples memory itself), writes the figures to
// bench/results/bench-<time>.json (+ latest.json, latest.md) and prints them against the targets.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { apiPart, memoryPart, steadyCpu, type ApiResults, type MemoryResults } from './api';
import { browserPart, type BrowserResults } from './browser';
import { BenchContext, type BenchOptions } from './context';
import { importPart, type ImportResults } from './import';
import { loadAverage, machine } from './lib/proc';
import { round, table } from './lib/stats';
import { evaluateTargets, type Target } from './lib/targets';
import { CASES, FLOOR_CASE, type CaseName } from './workload';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const PARTS = ['import', 'api', 'memory', 'browser'] as const;
type Part = (typeof PARTS)[number];

const USAGE = `usage: npm run bench [-- import|api|memory|browser ...] [options]

  (no part)             import, api (with memory sampling) and browser
  --nodes N             large graph size (default 100000)
  --seed S              generator seed (default 1)
  --naive-nodes N       sample loaded naively and batched side by side (default 5000)
  --naive-budget S      stop the naive load after S seconds, rate over what it loaded (default 180)
  --duration S          measured seconds per side and API case, split over ABBA turns (default 10)
  --pairs P             ABBA blocks per case (default 1: API, driver, driver, API or the reverse)
  --warmup-round S      seconds of one warm-up round (default 2)
  --warmup-min-requests N  requests one warm-up round holds at least (default 300)
  --warmup-tolerance T  warm when two consecutive rounds' CPU per request differ by ≤ T (default 0.1)
  --warmup-max-rounds N warm-up rounds at most per side and case (default 10)
  --connections A,B     API concurrency levels (default 10,100)
  --cases a,b           API cases (default ${CASES.join(',')}; ${FLOOR_CASE} is always measured)
  --sizes A,B,C         browser graph sizes in elements (default 1000,5000,20000)
  --renderers A,B       browser renderers (default canvas,webgl; WebGL through a software
                        rasteriser such as SwiftShader measures the rasteriser, not the app)
  --variants full       also measure the canvas without its level of detail (what-if rows)`;

interface Results {
  command: string;
  date: string;
  commit: string;
  machine: ReturnType<typeof machine>;
  options: BenchOptions;
  loadAverage: { start: number; end: number };
  neo4j?: { version: string; heap: string; pageCache: string; startMs: number; storeMiB?: number };
  totalSeconds: number;
  import?: ImportResults;
  api?: ApiResults;
  memory?: MemoryResults;
  browser?: BrowserResults;
  targets: Target[];
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    return 'unknown';
  }
}

const list = (raw: string, what: string) =>
  raw.split(',').map((s) => {
    const n = Number(s.trim());
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${what}: "${s}" is not a positive number`);
    return n;
  });

function report(r: Results, markdown: boolean): string {
  const out: string[] = [];
  const h = (title: string) => out.push('', markdown ? `### ${title}` : `== ${title}`, '');
  if (r.import) {
    const { scale, sample, firstLoad } = r.import;
    h('Import');
    out.push(
      table(
        ['load', 'nodes', 'relationships', 'ms', 'nodes+rels/s', 'rels/s', 'JVM CPU ms per 1k'],
        [
          [
            `first load into an empty store (${firstLoad.path === 'import' ? 'offline importer' : 'Cypher: the importer did not run'}), end to end`,
            firstLoad.nodes,
            firstLoad.relationships,
            firstLoad.ms,
            firstLoad.elementsPerSecond,
            firstLoad.relationshipsPerSecond,
            '–',
          ],
          [
            `incremental (Cypher, batched, beside the seed), ${scale.nodes.toLocaleString('en')} nodes`,
            scale.nodes,
            scale.relationships,
            scale.ms,
            scale.elementsPerSecond,
            scale.relationshipsPerSecond,
            scale.jvmCpuMsPerThousand,
          ],
          [
            `batched, ${sample.batched.nodes.toLocaleString('en')}-node sample`,
            sample.batched.nodes,
            sample.batched.relationships,
            sample.batched.ms,
            sample.batched.elementsPerSecond,
            sample.batched.relationshipsPerSecond,
            sample.batched.jvmCpuMsPerThousand,
          ],
          [
            `naive, same sample (${sample.naive.statements.toLocaleString('en')} transactions${sample.naive.partial ? ', stopped by its time budget' : ''})`,
            sample.naive.nodes,
            sample.naive.relationships,
            sample.naive.ms,
            sample.naive.elementsPerSecond,
            sample.naive.relationshipsPerSecond,
            sample.naive.jvmCpuMsPerThousand,
          ],
        ],
        markdown,
      ),
      '',
      `First load: CSV files ${firstLoad.filesMs} ms, JVM start with the import ${firstLoad.startMs} ms (the import ${firstLoad.importMs} ms), ` +
        `schema, residual properties and documents ${firstLoad.afterMs} ms. ` +
        `Batched ÷ naive on the same sample: ${round(sample.ratio, 1)}× (full scale ÷ naive: ${round(sample.scaleRatio, 1)}×). ` +
        `Phases at full scale: documents ${scale.phaseMs.documents} ms, entities+figures ${scale.phaseMs.entities} ms ` +
        `(${Math.round(scale.nodesPerSecond).toLocaleString('en')} nodes/s), relationships ${scale.phaseMs.relationships} ms ` +
        `(${Math.round(scale.relationshipsPerSecond).toLocaleString('en')}/s). Generation ${scale.generateMs} ms. JVM garbage collection during the load: ${round(scale.gcSeconds, 1)} s (heap ${scale.heap}).`,
    );
  }
  if (r.api) {
    const api = r.api;
    h(
      `API under load (loopback; ${api.durationS} s per side and case in ABBA turns of ${round(api.durationS / (2 * api.pairs), 1)} s)`,
    );
    out.push(
      'Each case through the app (autocannon) and through a bare driver calling the same query functions; ' +
        'CPU per request is app (or driver process) + Neo4j with the JIT compiler threads counted apart; ' +
        `"× floor" is the API's CPU per request over ${FLOOR_CASE}'s at the same connections, "× driver" over the bare driver's.`,
      '',
      table(
        [
          'case',
          'conns',
          'API req/s',
          'API p50 ms',
          'API p99 ms',
          'API CPU ms/req',
          'app',
          'Neo4j',
          'JIT',
          '× floor',
          'driver req/s',
          'driver p50 ms',
          'driver p99 ms',
          'driver CPU ms/req',
          '× driver',
          'errors',
        ],
        api.cases.map((c) => [
          c.case,
          c.connections,
          c.api.requestsPerSecond,
          c.api.p50Ms,
          c.api.p99Ms,
          steadyCpu(c.cpuMsPerRequest.api),
          c.cpuMsPerRequest.api.node,
          c.cpuMsPerRequest.api.neo4j,
          c.cpuMsPerRequest.api.compile,
          c.vsFloor?.cpuPerRequest ?? NaN,
          c.driver.requestsPerSecond,
          c.driver.p50Ms,
          c.driver.p99Ms,
          steadyCpu(c.cpuMsPerRequest.driver),
          c.overhead.cpuPerRequest,
          `${c.api.non2xx} non-2xx, ${c.api.socketErrors} socket / ${c.driver.errors}`,
        ]),
        markdown,
      ),
      '',
      `Warm-up: rounds of ${api.warmUp.roundS} s per side (${api.warmUp.minRequests} requests at least) until two consecutive rounds' CPU per request (JIT included) agree within ${Math.round(api.warmUp.tolerance * 100)} %, at most ${api.warmUp.maxRounds} rounds.`,
      '',
      table(
        [
          'case',
          'conns',
          'order',
          'API rounds',
          'API warm-up s',
          'API CPU ms/req by round',
          'driver rounds',
          'driver warm-up s',
          'driver CPU ms/req by round',
        ],
        api.cases.map((c) => [
          c.case,
          c.connections,
          c.order.map((s) => (s === 'api' ? 'A' : 'D')).join(''),
          `${c.warmUp.api.rounds.length}${c.warmUp.api.stable ? '' : ' (not stable)'}`,
          c.warmUp.api.ms / 1000,
          c.warmUp.api.rounds.map((v) => v.toFixed(2)).join(' → '),
          `${c.warmUp.driver.rounds.length}${c.warmUp.driver.stable ? '' : ' (not stable)'}`,
          c.warmUp.driver.ms / 1000,
          c.warmUp.driver.rounds.map((v) => v.toFixed(2)).join(' → '),
        ]),
        markdown,
      ),
      '',
      ...(api.skipped.length
        ? [`Not measured: ${api.skipped.map((k) => `${k.case} (${k.error})`).join('; ')}.`, '']
        : []),
      `schemaCounts (behind /api/schema and type filters, recomputed only when a load changes the data fingerprint) over the whole graph: ${Math.round(api.schemaCountsMs.first)} ms cold, ${Math.round(api.schemaCountsMs.second)} ms warm.`,
      '',
      `First call of each case before its warm-up (fills caches built once per data change, such as the search catalogue): ${[
        ...new Map(api.cases.map((c) => [c.case, c.primeMs])).entries(),
      ]
        .filter(([, p]) => p)
        .map(([name, p]) => `${name} ${Math.round(p.api)} ms API / ${Math.round(p.driver)} ms driver`)
        .join('; ')}.`,
    );
  }
  const memory = r.api?.memory ?? r.memory;
  if (memory) {
    h('Memory under the API load');
    out.push(
      table(
        ['process', 'median MiB', 'max MiB', 'note'],
        [
          [
            'app (Node) RSS',
            memory.appRssMiB.p50,
            memory.appRssMiB.max,
            `peak RSS (VmHWM) ${Math.round(memory.appPeakRssMiB)} MiB`,
          ],
          ['bare driver (Node) RSS', '–', memory.driverRssMiB, 'the driver alone, for comparison'],
          [
            'Neo4j JVM heap used',
            memory.jvmHeapUsedMiB.p50,
            memory.jvmHeapUsedMiB.max,
            `of ${Math.round(memory.jvmHeapCapacityMiB)} MiB (-Xmx ${memory.heapSetting})`,
          ],
          [
            'Neo4j JVM RSS',
            memory.jvmRssMiB.p50,
            memory.jvmRssMiB.max,
            `page cache ${memory.pageCacheSetting}${r.neo4j?.storeMiB ? `, store ${Math.round(r.neo4j.storeMiB)} MiB` : ''}`,
          ],
        ],
        markdown,
      ),
    );
  }
  if (r.browser) {
    h(
      `Browser (Chromium ${r.browser.chromium}, ${r.browser.viewport.width}×${r.browser.viewport.height}, WebGL: ${r.browser.gl.webgl2 ? r.browser.gl.renderer : 'unavailable'})`,
    );
    out.push(
      table(
        [
          'elements',
          'nodes',
          'edges',
          'renderer',
          'LOD',
          'drawn ms',
          'laid out ms',
          'layout ms',
          'engine',
          'freeze ms',
          'pan fps',
          'pan p95 ms',
          'panned px',
          'zoom fps',
          'zoom p95 ms',
          'select ms',
          'lang ms',
        ],
        r.browser.cases.map((c) =>
          'firstDrawnMs' in c
            ? [
                c.requestedElements,
                c.nodes,
                c.edges,
                c.renderer === 'webgl' && !c.webglActive ? 'webgl (inactive)' : c.renderer,
                c.levelOfDetail ? 'yes' : 'no',
                c.firstDrawnMs,
                c.laidOutMs,
                c.layoutMs,
                c.layoutEngine,
                c.longestFreezeMs,
                c.pan.fps,
                c.pan.p95Ms,
                c.panTravelPx,
                c.zoom.fps,
                c.zoom.p95Ms,
                c.selectMs,
                c.langMs,
              ]
            : [
                c.requestedElements,
                '–',
                '–',
                c.renderer,
                '–',
                `failed: ${c.error}`,
                '–',
                '–',
                '–',
                '–',
                '–',
                '–',
                '–',
                '–',
                '–',
                '–',
                '–',
              ],
        ),
        markdown,
      ),
    );
  }
  h('Targets');
  out.push(
    table(
      ['target', 'goal', 'measured', 'met'],
      r.targets.map((t) => [t.target, t.goal, t.measured, t.met === null ? '–' : t.met ? 'yes' : 'NO']),
      markdown,
    ),
  );
  return out.join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      nodes: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      'naive-nodes': { type: 'string', default: '5000' },
      'naive-budget': { type: 'string', default: '180' },
      duration: { type: 'string', default: '10' },
      pairs: { type: 'string', default: '1' },
      'warmup-round': { type: 'string', default: '2' },
      'warmup-min-requests': { type: 'string', default: '300' },
      'warmup-tolerance': { type: 'string', default: '0.1' },
      'warmup-max-rounds': { type: 'string', default: '10' },
      connections: { type: 'string', default: '10,100' },
      cases: { type: 'string', default: CASES.join(',') },
      sizes: { type: 'string', default: '1000,5000,20000' },
      variants: { type: 'string', default: '' },
      renderers: { type: 'string', default: 'canvas,webgl' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const unknown = positionals.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`unknown part ${unknown.join(', ')}\n\n${USAGE}`);
  const parts = new Set<Part>(positionals.length ? (positionals as Part[]) : ['import', 'api', 'browser']);
  const cases = values.cases.split(',').map((c) => c.trim()) as CaseName[];
  const badCases = cases.filter((c) => !(CASES as readonly string[]).includes(c));
  if (badCases.length) throw new Error(`unknown case ${badCases.join(', ')}; known: ${CASES.join(', ')}`);
  const badVariants = values.variants
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v && v !== 'full');
  if (badVariants.length) throw new Error(`unknown variant ${badVariants.join(', ')}; known: full`);
  const renderers = values.renderers
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const badRenderers = renderers.filter((r) => r !== 'canvas' && r !== 'webgl');
  if (badRenderers.length || !renderers.length)
    throw new Error(`unknown renderer ${badRenderers.join(', ') || '(none given)'}; known: canvas, webgl`);
  const options: BenchOptions = {
    nodes: list(values.nodes, '--nodes')[0]!,
    seed: Number(values.seed),
    naiveNodes: list(values['naive-nodes'], '--naive-nodes')[0]!,
    naiveBudgetS: list(values['naive-budget'], '--naive-budget')[0]!,
    durationS: list(values.duration, '--duration')[0]!,
    pairs: list(values.pairs, '--pairs')[0]!,
    warmupRoundS: list(values['warmup-round'], '--warmup-round')[0]!,
    warmupMinRequests: list(values['warmup-min-requests'], '--warmup-min-requests')[0]!,
    warmupTolerance: list(values['warmup-tolerance'], '--warmup-tolerance')[0]!,
    warmupMaxRounds: list(values['warmup-max-rounds'], '--warmup-max-rounds')[0]!,
    connections: list(values.connections, '--connections'),
    browserSizes: list(values.sizes, '--sizes'),
    browserVariants: values.variants
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
    browserRenderers: renderers as BenchOptions['browserRenderers'],
  };

  const started = Date.now();
  const results: Results = {
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    date: new Date().toISOString(),
    commit: commit(),
    machine: machine(),
    options,
    loadAverage: { start: loadAverage(), end: NaN },
    totalSeconds: NaN,
    targets: [],
  };
  console.log(
    `[bench] ${results.command} on ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGiB} GiB, commit ${results.commit}, load average ${results.loadAverage.start}`,
  );
  const ctx = new BenchContext(options);
  const stop = () => void ctx.stop().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    // The browser part needs no database: run it first, while Neo4j is not yet using the CPU.
    if (parts.has('browser')) results.browser = await browserPart(ctx);
    if (parts.has('import')) results.import = await importPart(ctx);
    if (parts.has('api')) results.api = await apiPart(ctx, cases);
    if (parts.has('memory')) results.memory = await memoryPart(ctx);
    if (parts.has('import') || parts.has('api') || parts.has('memory')) {
      const neo4j = await ctx.database();
      results.neo4j = {
        version: neo4j.version,
        heap: neo4j.heap,
        pageCache: neo4j.pageCache,
        startMs: neo4j.startMs,
      };
    }
  } finally {
    const stopped = await ctx.stop();
    if (results.neo4j && stopped) results.neo4j.storeMiB = stopped.storeMiB;
  }
  results.loadAverage.end = loadAverage();
  results.totalSeconds = Math.round((Date.now() - started) / 1000);
  results.targets = evaluateTargets(results);

  fs.mkdirSync(RESULTS, { recursive: true });
  const stamp = results.date.replace(/[:.]/g, '-');
  const json = JSON.stringify(results, null, 2);
  fs.writeFileSync(path.join(RESULTS, `bench-${stamp}.json`), json);
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), json);
  fs.writeFileSync(path.join(RESULTS, 'latest.md'), `${report(results, true).trim()}\n`);
  console.log(report(results, false));
  console.log(
    `\n[bench] ${results.totalSeconds} s in all; load average ${results.loadAverage.start} → ${results.loadAverage.end}; figures in bench/results/bench-${stamp}.json`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
