// npm run bench [-- <part> ...] [options]: runs the benchmark parts (import, api, memory, browser;
// all but memory by default, since the api part samples memory itself), writes the figures to
// bench/results/bench-<time>.json (+ latest.json, latest.md) and prints them against the targets.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { apiPart, memoryPart, type ApiResults, type MemoryResults } from './api';
import { browserPart, type BrowserResults } from './browser';
import { BenchContext, type BenchOptions } from './context';
import { importPart, type ImportResults } from './import';
import { loadAverage, machine } from './lib/proc';
import { round, table } from './lib/stats';
import { CASES, type CaseName } from './workload';

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
  --duration S          seconds per measured API run (default 10)
  --warmup S            seconds of warm-up before each (default 1)
  --connections A,B     API concurrency levels (default 10,100)
  --cases a,b           API cases (default ${CASES.join(',')})
  --sizes A,B,C         browser graph sizes in elements (default 1000,5000,20000)
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

interface Target {
  target: string;
  goal: string;
  measured: string;
  met: boolean | null;
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

function targetsOf(r: Results): Target[] {
  const targets: Target[] = [];
  // A run with errors measured failures, not the case: it is not a figure that can meet a target.
  const apiCase = (name: CaseName, connections: number) =>
    r.api?.cases.find(
      (c) => c.case === name && c.connections === connections && c.api.errors === 0 && c.api.requests > 0,
    );
  const add = (
    target: string,
    goal: string,
    value: number | undefined,
    ok: (v: number) => boolean,
    unit: string,
  ) =>
    targets.push({
      target,
      goal,
      measured:
        value === undefined || !Number.isFinite(value) ? 'not measured' : `${round(value, 1)} ${unit}`.trim(),
      met: value === undefined || !Number.isFinite(value) ? null : ok(value),
    });
  add(
    'Neighbours depth 1, p99 at 10 connections',
    '≤ 20 ms',
    apiCase('neighbours-1', 10)?.api.p99Ms,
    (v) => v <= 20,
    'ms',
  );
  add('Search, p99 at 10 connections', '≤ 30 ms', apiCase('search', 10)?.api.p99Ms, (v) => v <= 30, 'ms');
  const overheads =
    r.api?.cases
      .filter((c) => c.connections === 10 && c.api.errors === 0 && c.api.requests > 0)
      .map((c) => c.overhead.p50) ?? [];
  add(
    'API overhead over the bare driver (p50, worst case at 10 connections)',
    '≤ 1.2×',
    overheads.length ? Math.max(...overheads) : undefined,
    (v) => v <= 1.2,
    '×',
  );
  const cpuOverheads =
    r.api?.cases
      .filter((c) => c.connections === 10 && c.api.errors === 0 && c.api.requests > 0)
      .map((c) => c.overhead.cpuPerRequest) ?? [];
  add(
    'API overhead in CPU per request (worst case at 10 connections)',
    '≤ 1.2×',
    cpuOverheads.length ? Math.max(...cpuOverheads) : undefined,
    (v) => v <= 1.2,
    '×',
  );
  add(
    'Import: relationships/s at full scale',
    '≥ 50,000/s',
    r.import?.scale.relationshipsPerSecond,
    (v) => v >= 50_000,
    '/s',
  );
  add('Import: batched ÷ naive (same sample)', '≥ 20×', r.import?.sample.ratio, (v) => v >= 20, '×');
  const canvas5k = r.browser?.cases.find((c) => c.requestedElements === 5000 && c.renderer === 'canvas');
  const ok5k =
    canvas5k && !('error' in canvas5k && canvas5k.error)
      ? (canvas5k as Exclude<typeof canvas5k, { error: string }>)
      : undefined;
  add(
    'Browser: 5k elements on screen, first frame (canvas renderer)',
    '≤ 2000 ms',
    ok5k && 'firstDrawnMs' in ok5k ? ok5k.firstDrawnMs : undefined,
    (v) => v <= 2000,
    'ms',
  );
  add(
    'Browser: 5k elements laid out and drawn (canvas renderer)',
    '≤ 2000 ms',
    ok5k && 'laidOutMs' in ok5k ? ok5k.laidOutMs : undefined,
    (v) => v <= 2000,
    'ms',
  );
  add(
    'Browser: panning at 5k elements (canvas renderer)',
    '≥ 30 fps',
    ok5k && 'pan' in ok5k ? ok5k.pan.fps : undefined,
    (v) => v >= 30,
    'fps',
  );
  const memory = r.api?.memory ?? r.memory;
  add(
    'Node RSS under load (max sampled)',
    '≤ 300 MB',
    memory ? memory.appRssMiB.max * 1.048576 : undefined,
    (v) => v <= 300,
    'MB',
  );
  return targets;
}

function report(r: Results, markdown: boolean): string {
  const out: string[] = [];
  const h = (title: string) => out.push('', markdown ? `### ${title}` : `== ${title}`, '');
  if (r.import) {
    const { scale, sample } = r.import;
    h('Import');
    out.push(
      table(
        ['load', 'nodes', 'relationships', 'ms', 'nodes+rels/s', 'rels/s', 'JVM CPU ms per 1k'],
        [
          [
            `batched, ${scale.nodes.toLocaleString('en')} nodes`,
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
      `Batched ÷ naive on the same sample: ${round(sample.ratio, 1)}× (full scale ÷ naive: ${round(sample.scaleRatio, 1)}×). ` +
        `Phases at full scale: documents ${scale.phaseMs.documents} ms, entities+figures ${scale.phaseMs.entities} ms ` +
        `(${Math.round(scale.nodesPerSecond).toLocaleString('en')} nodes/s), relationships ${scale.phaseMs.relationships} ms ` +
        `(${Math.round(scale.relationshipsPerSecond).toLocaleString('en')}/s). Generation ${scale.generateMs} ms. JVM garbage collection during the load: ${round(scale.gcSeconds, 1)} s (heap ${scale.heap}).`,
    );
  }
  if (r.api) {
    h(`API under load (${r.api.durationS} s per run, loopback)`);
    out.push(
      table(
        [
          'case',
          'conns',
          'API p50 ms',
          'API p99 ms',
          'API req/s',
          'API errors',
          'driver p50 ms',
          'driver p99 ms',
          'driver req/s',
          'p50 ×',
          'p99 ×',
          'req/s ×',
        ],
        r.api.cases.map((c) => [
          c.case,
          c.connections,
          c.api.p50Ms,
          c.api.p99Ms,
          c.api.requestsPerSecond,
          c.api.errors,
          c.driver.p50Ms,
          c.driver.p99Ms,
          c.driver.requestsPerSecond,
          c.overhead.p50,
          c.overhead.p99,
          c.overhead.throughput,
        ]),
        markdown,
      ),
      '',
      `schemaCounts (behind /api/schema and type filters, recomputed only when a load changes the data fingerprint) over the whole graph: ${Math.round(r.api.schemaCountsMs.first)} ms cold, ${Math.round(r.api.schemaCountsMs.second)} ms warm.`,
      '',
      `First call of each case before its measured runs (fills caches built once per data change, such as the search catalogue): ${[
        ...new Map(r.api.cases.map((c) => [c.case, c.primeMs])).entries(),
      ]
        .filter(([, p]) => p)
        .map(([name, p]) => `${name} ${Math.round(p.api)} ms API / ${Math.round(p.driver)} ms driver`)
        .join('; ')}.`,
      '',
      'CPU per request (milliseconds; steadier than latency when other work shares the cores):',
      '',
      table(
        [
          'case',
          'conns',
          'API: Neo4j',
          'API: app',
          'driver: Neo4j',
          'driver: Node',
          'CPU ×',
          'app RSS max MiB',
        ],
        r.api.cases.map((c) => [
          c.case,
          c.connections,
          c.cpuMsPerRequest.api.neo4j,
          c.cpuMsPerRequest.api.node,
          c.cpuMsPerRequest.driver.neo4j,
          c.cpuMsPerRequest.driver.node,
          c.overhead.cpuPerRequest,
          c.appRssMaxMiB,
        ]),
        markdown,
      ),
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
      warmup: { type: 'string', default: '1' },
      connections: { type: 'string', default: '10,100' },
      cases: { type: 'string', default: CASES.join(',') },
      sizes: { type: 'string', default: '1000,5000,20000' },
      variants: { type: 'string', default: '' },
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
  const options: BenchOptions = {
    nodes: list(values.nodes, '--nodes')[0]!,
    seed: Number(values.seed),
    naiveNodes: list(values['naive-nodes'], '--naive-nodes')[0]!,
    naiveBudgetS: list(values['naive-budget'], '--naive-budget')[0]!,
    durationS: list(values.duration, '--duration')[0]!,
    warmupS: list(values.warmup, '--warmup')[0]!,
    connections: list(values.connections, '--connections'),
    browserSizes: list(values.sizes, '--sizes'),
    browserVariants: values.variants
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
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
  results.targets = targetsOf(results);

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
