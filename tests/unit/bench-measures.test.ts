// The benchmark's pure parts (bench/lib): when a warm-up counts as settled, reading /proc stat
// lines and telling the JIT's threads from the rest, the ABBA order of turns, and the issue's
// targets evaluated from a run's figures. Figures are inline; nothing here is timed.
import { describe, expect, it } from 'vitest';
import type { ApiCaseResult, ApiResults } from '../../bench/api';
import { abbaOrder } from '../../bench/lib/order';
import { compileSecondsBetween, isCompilerThread, jvmCpuBetween, parseStat } from '../../bench/lib/proc';
import { evaluateTargets } from '../../bench/lib/targets';
import { settled, turnsOfAtLeast, warmUp } from '../../bench/lib/warmup';

describe('warm-up', () => {
  it('is settled when the last two rounds agree within the tolerance of their mean', () => {
    expect(settled([9, 2.1, 2], 0.1)).toBe(true);
    expect(settled([2, 2.5], 0.1)).toBe(false); // 0.5 / 2.25 = 22 %
    expect(settled([2.5, 2], 0.25)).toBe(true);
  });

  it('is never settled on one round, or on rounds with no requests or no figure', () => {
    expect(settled([2], 0.5)).toBe(false);
    expect(settled([0, 0], 0.5)).toBe(false);
    expect(settled([NaN, NaN], 0.5)).toBe(false);
    expect(settled([Infinity, Infinity], 0.5)).toBe(false);
  });

  it('runs rounds until two agree, and reports them and the time taken', async () => {
    const figures = [40, 12, 5, 3.1, 3, 99];
    let clock = 0;
    const result = await warmUp(
      async () => {
        clock += 2000;
        return figures.shift()!;
      },
      { tolerance: 0.1, maxRounds: 10 },
      () => clock,
    );
    expect(result).toEqual({ rounds: [40, 12, 5, 3.1, 3], stable: true, ms: 10_000 });
  });

  it('makes a round of turns until it holds the minimum of requests, and stops at a turn cap', async () => {
    const sizes = [40, 120, 90, 200, 5];
    const turns = await turnsOfAtLeast(250, async () => ({ requests: sizes.shift()! }));
    expect(turns.map((t) => t.requests)).toEqual([40, 120, 90]);
    // One turn is enough when it holds the minimum alone.
    expect(await turnsOfAtLeast(100, async () => ({ requests: 500 }))).toHaveLength(1);
    // A case that answers nothing ends at the cap rather than never.
    expect(await turnsOfAtLeast(10, async () => ({ requests: 0 }), 4)).toHaveLength(4);
  });

  it('stops at the cap and says the figures never settled', async () => {
    let n = 0;
    const result = await warmUp(
      async () => (n += 10),
      { tolerance: 0.01, maxRounds: 4 },
      () => 0,
    );
    expect(result).toEqual({ rounds: [10, 20, 30, 40], stable: false, ms: 0 });
  });
});

describe('/proc stat lines', () => {
  // A real JVM thread's line (fields cut after stime): the name holds a space.
  const compiler =
    '19940 (C2 CompilerThre) S 19928 19920 19920 0 -1 1077936192 5190 0 0 0 1234 56 0 0 20 0 27 0';

  it('reads the name and user + system CPU in clock ticks of 1/100 s', () => {
    expect(parseStat(compiler)).toEqual({ comm: 'C2 CompilerThre', cpuSeconds: 12.9 });
  });

  it('counts the fields from the last parenthesis, so a name holding ") " cannot shift them', () => {
    const tricky = '7 (a) b (c) S 1 7 7 0 -1 4194560 100 0 0 0 300 200 0 0 20 0 1 0';
    expect(parseStat(tricky)).toEqual({ comm: 'a) b (c', cpuSeconds: 5 });
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => parseStat('VmRSS: 12 kB')).toThrow(/not a \/proc stat line/);
    expect(() => parseStat('1 (x) S 1')).toThrow(/no CPU times/);
  });

  it('knows the JIT compiler threads by their cut names, and nothing else', () => {
    expect(isCompilerThread('C1 CompilerThre')).toBe(true);
    expect(isCompilerThread('C2 CompilerThre')).toBe(true);
    for (const other of [
      'GC Thread#0',
      'G1 Conc#0',
      'java',
      'neo4j.Scheduler',
      'VM Thread',
      'C3 CompilerThre',
    ])
      expect(isCompilerThread(other)).toBe(false);
  });

  it('bills compile CPU per thread: a new thread from zero, an ended one not at all', () => {
    const before = new Map([
      [10, 5],
      [11, 2],
    ]);
    const after = new Map([
      [10, 7.5], // +2.5
      [12, 1], // started in between: +1; 11 ended and is left out
    ]);
    expect(compileSecondsBetween(before, after)).toBe(3.5);
  });

  it('splits the JVM’s CPU into compile and the rest', () => {
    const split = jvmCpuBetween(
      { totalSeconds: 100, compilers: new Map([[10, 5]]) },
      { totalSeconds: 110, compilers: new Map([[10, 8]]) },
    );
    expect(split).toEqual({ compile: 3, rest: 7 });
  });
});

describe('ABBA order', () => {
  it('opens with the API on even cases and with the driver on odd ones', () => {
    expect(abbaOrder(1, 0)).toEqual(['api', 'driver', 'driver', 'api']);
    expect(abbaOrder(1, 1)).toEqual(['driver', 'api', 'api', 'driver']);
  });

  it('repeats the block: each side has as many turns, and runs right after the other as often', () => {
    const order = abbaOrder(3, 2);
    expect(order).toEqual(Array.from({ length: 3 }, () => ['api', 'driver', 'driver', 'api']).flat());
    const follows = (a: string, b: string) => order.filter((s, i) => s === b && order[i - 1] === a).length;
    expect(follows('api', 'driver')).toBe(follows('driver', 'api'));
  });
});

describe('targets', () => {
  const cpu = (neo4j: number, node: number, compile = 0) => ({ neo4j, node, compile });
  const row = (
    name: ApiCaseResult['case'],
    over: { p99?: number; api?: [number, number]; driver?: [number, number]; errors?: number } = {},
  ): ApiCaseResult => {
    const [an, aa] = over.api ?? [1, 1];
    const [dn, dd] = over.driver ?? [1, 1];
    return {
      case: name,
      connections: 10,
      warmUp: {
        api: { rounds: [1, 1], stable: true, ms: 1 },
        driver: { rounds: [1, 1], stable: true, ms: 1 },
      },
      order: ['api', 'driver', 'driver', 'api'],
      api: {
        requests: 1000,
        errors: over.errors ?? 0,
        non2xx: over.errors ?? 0,
        socketErrors: 0,
        timeouts: 0,
        requestsPerSecond: 100,
        p50Ms: 5,
        p99Ms: over.p99 ?? 10,
        meanMs: 5,
      },
      driver: { requests: 1000, errors: 0, requestsPerSecond: 100, p50Ms: 4, p99Ms: 8, meanMs: 4 },
      overhead: { p50: 1, p99: 1, throughput: 1, cpuPerRequest: (an + aa) / (dn + dd) },
      cpuMsPerRequest: { api: cpu(an, aa, 9), driver: cpu(dn, dd, 9) },
      appRssMaxMiB: 100,
      loadAverage: 1,
      primeMs: { api: 1, driver: 1 },
    };
  };
  const apiOf = (cases: ApiCaseResult[]) => ({ api: { cases } as unknown as ApiResults });
  const find = (targets: ReturnType<typeof evaluateTargets>, start: string) =>
    targets.find((t) => t.target.startsWith(start))!;

  it('judges neighbours against the floor on steady CPU (app + Neo4j), leaving compile CPU out', () => {
    const targets = evaluateTargets(
      apiOf([
        row('health', { api: [0.3, 0.3] }),
        row('neighbours-1', { api: [0.9, 0.6], driver: [0.9, 0.4] }),
      ]),
    );
    expect(find(targets, 'Neighbours depth 1, CPU per request ÷')).toMatchObject({
      met: true,
      measured: '2.5 ×',
    });
    expect(find(targets, 'Neighbours depth 1, API ÷ bare driver')).toMatchObject({
      met: true,
      measured: '1.15 ×',
    });
    expect(find(targets, 'Neighbours depth 1, p99')).toMatchObject({ met: true, measured: '10 ms' });
  });

  it('misses a target the figures miss', () => {
    const targets = evaluateTargets(
      apiOf([
        row('health', { api: [0.3, 0.3] }),
        row('neighbours-1', { p99: 21, api: [1, 1], driver: [1, 0.5] }),
        row('search', { p99: 15.5 }),
        row('node', { api: [2, 2.1], driver: [1, 1] }),
      ]),
    );
    expect(find(targets, 'Neighbours depth 1, p99').met).toBe(false);
    expect(find(targets, 'Neighbours depth 1, CPU per request ÷').met).toBe(false);
    expect(find(targets, 'Neighbours depth 1, API ÷ bare driver').met).toBe(false);
    expect(find(targets, 'Search, p99').met).toBe(false);
    expect(find(targets, 'Node detail').met).toBe(false);
  });

  it('treats a case with errors, and a case or part not run, as not measured', () => {
    const targets = evaluateTargets(apiOf([row('health'), row('neighbours-1', { errors: 3 })]));
    expect(find(targets, 'Neighbours depth 1, p99')).toMatchObject({ met: null, measured: 'not measured' });
    expect(find(targets, 'Paths').met).toBeNull();
    expect(find(targets, 'Import: first load').met).toBeNull();
    expect(find(targets, 'Browser: 20k').met).toBeNull();
  });

  it('judges the first load only when the offline importer took it, and the incremental load apart', () => {
    const importOf = (path: 'import' | 'cypher', firstRate: number, incrementalRate: number) =>
      ({
        import: {
          firstLoad: { path, relationshipsPerSecond: firstRate },
          scale: { relationshipsPerSecond: incrementalRate },
          sample: { ratio: 30 },
        },
      }) as unknown as Parameters<typeof evaluateTargets>[0];
    const fast = evaluateTargets(importOf('import', 60_000, 20_000));
    expect(find(fast, 'Import: first load').met).toBe(true);
    expect(find(fast, 'Import: incremental').met).toBe(false);
    // A first load that fell back to Cypher says nothing of the importer's rate.
    const fellBack = evaluateTargets(importOf('cypher', 60_000, 30_000));
    expect(find(fellBack, 'Import: first load').met).toBeNull();
    expect(find(fellBack, 'Import: incremental').met).toBe(true);
  });

  it('reads only the 10-connection rows', () => {
    const at100 = { ...row('search', { p99: 500 }), connections: 100 };
    const targets = evaluateTargets(apiOf([row('health'), row('search', { p99: 12 }), at100]));
    expect(find(targets, 'Search, p99')).toMatchObject({ met: true, measured: '12 ms' });
  });
});
