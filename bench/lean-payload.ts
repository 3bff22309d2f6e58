// Side by side in one run, on the large synthetic graph: neighbour answers as whole nodes and
// relationships (what the routes returned before: every property, sources zipped onto each element)
// against the lean projections the routes return now. Per depth: JSON bytes per answer, Node CPU
// per request (driver decoding + mapping + JSON.stringify, one request at a time so the CPU is the
// request's), Neo4j CPU per request, and at 10 concurrent requests the Node heap's high-water mark.
// Also what fetching every element's sources afterwards costs (GET /api/sources' query).
//
// usage: node --expose-gc --import tsx bench/lean-payload.ts [--nodes 100000] [--seed 1] [--requests 256] [--rounds 2]
import { parseArgs } from 'node:util';
import neo4j from 'neo4j-driver';
import type { CyElements } from '../contract/types';
import type { Db } from '../server/db/driver';
import { ElementCollector } from '../server/db/mapper';
import { elementSources, neighbors } from '../server/queries/explore';
import { BenchContext } from './context';
import { cpuSecondsOf, loadAverage } from './lib/proc';
import { distribution, round, table } from './lib/stats';
import { buildWorkload } from './workload';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    requests: { type: 'string', default: '256' },
    rounds: { type: 'string', default: '2' },
  },
});
const NODES = Number(values.nodes);
const SEED = Number(values.seed);
const REQUESTS = Number(values.requests);
const ROUNDS = Number(values.rounds);
const LIMIT = 200; // the route's default

/** The neighbours query as it was before the lean projections (commit 409107e), for comparison. */
async function neighborsWhole(db: Db, id: string, depth: number): Promise<{ elements: CyElements }> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (n:Entity {id: $id})
       OPTIONAL CALL (n) {
         MATCH p = (n)-[rs*1..${depth}]-(m:Entity)
         WHERE m <> n
           AND all(r IN rs WHERE type(r) <> 'HAS_FIGURE' AND (size($relTypes) = 0 OR type(r) IN $relTypes))
           AND all(x IN nodes(p) WHERE x:Entity)
           AND (size($types) = 0 OR m.type IN $types)
         RETURN DISTINCT m LIMIT $scan
       }
       WITH n, collect(m) AS found
       WITH n, found[0..$limit] AS ms, size(found) > $limit AS truncated
       WITH n, [n] + ms AS members, truncated
       OPTIONAL CALL (members) {
         UNWIND members AS a
         MATCH (a)-[r]->(b:Entity)
         WHERE b IN members AND (size($relTypes) = 0 OR type(r) IN $relTypes)
         RETURN collect(r) AS rels
       }
       RETURN members, rels, truncated`,
      { id, types: [], relTypes: [], limit: neo4j.int(LIMIT), scan: neo4j.int(LIMIT + 1) },
    );
    const record = result.records[0]!;
    const collector = new ElementCollector();
    collector.add(record.get('members'));
    collector.add(record.get('rels'));
    return { elements: collector.elements(), truncated: record.get('truncated') as boolean };
  });
}

type Variant = 'whole' | 'lean';
const call = (variant: Variant, db: Db, id: string, depth: number) =>
  variant === 'whole'
    ? neighborsWhole(db, id, depth)
    : neighbors(db, { id, depth, types: [], relTypes: [], limit: LIMIT });

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Sample {
  bytes: number[];
  nodeCpuMs: number[];
  wallMs: number[];
  jvmCpuMs: number;
  requests: number;
  elements: number[];
}

async function sequential(
  variant: Variant,
  db: Db,
  ids: string[],
  depth: number,
  jvmPid: number,
  into: Sample,
) {
  const jvmBefore = cpuSecondsOf(jvmPid);
  for (const id of ids) {
    const cpu0 = cpuMs();
    const t0 = performance.now();
    const answer = (await call(variant, db, id, depth))!;
    const json = JSON.stringify(answer);
    into.wallMs.push(performance.now() - t0);
    into.nodeCpuMs.push(cpuMs() - cpu0);
    into.bytes.push(Buffer.byteLength(json));
    into.elements.push(answer.elements.nodes.length + answer.elements.edges.length);
  }
  into.jvmCpuMs += (cpuSecondsOf(jvmPid) - jvmBefore) * 1000;
  into.requests += ids.length;
}

/** 10 callers at once over the same ids; returns the heap's high-water mark above its start. */
async function concurrent(variant: Variant, db: Db, ids: string[], depth: number) {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  let next = 0;
  const started = performance.now();
  const cpu0 = cpuMs();
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        JSON.stringify(await call(variant, db, id, depth));
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }),
  );
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  return {
    reqPerS: ids.length / seconds,
    nodeCpuMs: (cpuMs() - cpu0) / ids.length,
    heapPeakMiB: (peak - base) / 2 ** 20,
  };
}

const ctx = new BenchContext({
  nodes: NODES,
  seed: SEED,
  naiveNodes: 0,
  naiveBudgetS: 0,
  durationS: 0,
  warmupRoundS: 0,
  warmupMinRequests: 0,
  warmupTolerance: 0,
  warmupMaxRounds: 0,
  pairs: 1,
  connections: [],
  browserSizes: [],
  browserVariants: [],
  browserRenderers: [],
});
const { neo4j: bench, synth } = await ctx.loadedBigGraph();
try {
  const ids = buildWorkload(synth, SEED, REQUESTS).ids;
  console.log(`[lean] ${synth.dataset.id} loaded; load average ${loadAverage()}`);
  // Warm both query plans and the page cache on the same entities.
  for (const depth of [1, 2])
    for (const v of ['whole', 'lean'] as const)
      await sequential(v, bench.db, ids.slice(0, 32), depth, bench.jvmPid, emptySample());

  const rows: (string | number)[][] = [];
  const concurrentRows: (string | number)[][] = [];
  for (const depth of [1, 2]) {
    const samples: Record<Variant, Sample> = { whole: emptySample(), lean: emptySample() };
    // Alternate the variants in rounds so drift in machine load falls on both.
    for (let round_ = 0; round_ < ROUNDS; round_++)
      for (const v of round_ % 2 ? (['lean', 'whole'] as const) : (['whole', 'lean'] as const))
        await sequential(v, bench.db, ids, depth, bench.jvmPid, samples[v]);
    for (const v of ['whole', 'lean'] as const) {
      const s = samples[v];
      const bytes = distribution(s.bytes);
      const cpu = distribution(s.nodeCpuMs);
      const wall = distribution(s.wallMs);
      rows.push([
        `neighbours-${depth}`,
        v,
        round(distribution(s.elements).mean, 0),
        round(bytes.mean / 1024, 1),
        round(bytes.p50 / 1024, 1),
        round(bytes.max / 1024, 1),
        round(cpu.mean, 2),
        round(cpu.p50, 2),
        round(cpu.p99, 1),
        round(s.jvmCpuMs / s.requests, 2),
        round(wall.p50, 1),
      ]);
    }
    for (const v of ['whole', 'lean'] as const) {
      const c = await concurrent(v, bench.db, ids, depth);
      concurrentRows.push([
        `neighbours-${depth}`,
        v,
        round(c.reqPerS, 1),
        round(c.nodeCpuMs, 2),
        round(c.heapPeakMiB, 1),
      ]);
    }
  }
  console.log(
    `\nSequential, ${REQUESTS} entities × ${ROUNDS} rounds per variant (load average ${loadAverage()}):`,
  );
  console.log(
    table(
      [
        'case',
        'answer',
        'elements',
        'KiB mean',
        'KiB p50',
        'KiB max',
        'Node CPU ms mean',
        'p50',
        'p99',
        'Neo4j CPU ms',
        'wall p50 ms',
      ],
      rows,
    ),
  );
  console.log('\n10 concurrent callers, same entities:');
  console.log(table(['case', 'answer', 'req/s', 'Node CPU ms/req', 'heap peak MiB'], concurrentRows));

  // The lazy path: sources of every element of a depth-2 answer (as the client asks: edges with their source end).
  const lazy: number[] = [];
  const lazyBytes: number[] = [];
  for (const id of ids.slice(0, 64)) {
    const { elements } = (await neighbors(bench.db, {
      id,
      depth: 2,
      types: [],
      relTypes: [],
      limit: LIMIT,
    }))!;
    const wanted = new Set([
      ...elements.nodes.map((n) => n.data.id),
      ...elements.edges.flatMap((e) => [e.data.id, e.data.source]),
    ]);
    const all = [...wanted];
    const cpu0 = cpuMs();
    for (let i = 0; i < all.length; i += 500)
      lazyBytes.push(
        Buffer.byteLength(JSON.stringify(await elementSources(bench.db, all.slice(i, i + 500)))),
      );
    lazy.push(cpuMs() - cpu0);
  }
  console.log(
    `\nSources of every element of a depth-2 answer (GET /api/sources, 500 ids a request): Node CPU ${round(distribution(lazy).mean, 2)} ms mean, ${round(distribution(lazyBytes).mean / 1024, 1)} KiB per request`,
  );
} finally {
  await ctx.stop();
}

function emptySample(): Sample {
  return { bytes: [], nodeCpuMs: [], wallMs: [], jvmCpuMs: 0, requests: 0, elements: [] };
}
