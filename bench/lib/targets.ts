// The targets of issue 18 ("Targets", in the benchmark, never in tests) evaluated from a run's
// figures. Pure: a target whose figure the run did not measure, or measured with errors, is
// "not measured" rather than met or missed.
import type { ApiCaseResult, ApiResults, CpuPerRequest, MemoryResults } from '../api';
import type { BrowserCase, BrowserResults } from '../browser';
import type { ImportResults } from '../import';
import type { CaseName } from '../workload';
import { round } from './stats';

export interface Target {
  target: string;
  goal: string;
  measured: string;
  met: boolean | null;
}

export interface TargetInput {
  api?: ApiResults;
  import?: ImportResults;
  browser?: BrowserResults;
  memory?: MemoryResults;
}

/** The connections the API targets are stated at. */
const TARGET_CONNECTIONS = 10;

const steady = (c: CpuPerRequest) => c.neo4j + c.node;

export function evaluateTargets(r: TargetInput): Target[] {
  const targets: Target[] = [];
  // A run with errors measured failures, not the case: it is not a figure that can meet a target.
  const clean = (c: ApiCaseResult) => c.api.errors === 0 && c.api.requests > 0;
  const apiCase = (name: CaseName): ApiCaseResult | undefined =>
    r.api?.cases.find((c) => c.case === name && c.connections === TARGET_CONNECTIONS && clean(c));
  const withDriver = (name: CaseName) => {
    const c = apiCase(name);
    return c && c.driver.errors === 0 && c.driver.requests > 0 ? c : undefined;
  };
  const add = (
    target: string,
    goal: string,
    value: number | undefined,
    ok: (v: number) => boolean,
    unit: string,
  ) => {
    const measured = value !== undefined && Number.isFinite(value);
    targets.push({
      target,
      goal,
      measured: measured ? `${round(value, 2)} ${unit}`.trim() : 'not measured',
      met: measured ? ok(value) : null,
    });
  };
  const cpuVsDriver = (name: CaseName) => withDriver(name)?.overhead.cpuPerRequest;

  const n1 = apiCase('neighbours-1');
  add('Neighbours depth 1, p99 at 10 connections', '≤ 20 ms', n1?.api.p99Ms, (v) => v <= 20, 'ms');
  const floor = apiCase('health');
  add(
    'Neighbours depth 1, CPU per request ÷ the health floor’s (app + Neo4j, JIT apart)',
    '≤ 2.5×',
    n1 && floor ? steady(n1.cpuMsPerRequest.api) / steady(floor.cpuMsPerRequest.api) : undefined,
    (v) => v <= 2.5,
    '×',
  );
  add(
    'Neighbours depth 1, API ÷ bare driver in CPU per request',
    '≤ 1.2×',
    cpuVsDriver('neighbours-1'),
    (v) => v <= 1.2,
    '×',
  );
  add('Search, p99 at 10 connections', '≤ 15 ms', apiCase('search')?.api.p99Ms, (v) => v <= 15, 'ms');
  add('Node detail, API ÷ bare driver in CPU per request', '≤ 2×', cpuVsDriver('node'), (v) => v <= 2, '×');
  add('Paths, API ÷ bare driver in CPU per request', '≤ 2×', cpuVsDriver('paths'), (v) => v <= 2, '×');

  add(
    'Import: first load into an empty store, relationships/s end to end',
    '≥ 50,000/s',
    r.import?.firstLoad?.path === 'import' ? r.import.firstLoad.relationshipsPerSecond : undefined,
    (v) => v >= 50_000,
    '/s',
  );
  add(
    'Import: incremental Cypher load beside the seed, relationships/s in its relationship phase',
    '≥ 25,000/s',
    r.import?.scale.relationshipsPerSecond,
    (v) => v >= 25_000,
    '/s',
  );
  add('Import: batched ÷ naive (same sample)', '≥ 20×', r.import?.sample.ratio, (v) => v >= 20, '×');

  const canvas = (elements: number): BrowserCase | undefined => {
    const c = r.browser?.cases.find((b) => b.requestedElements === elements && b.renderer === 'canvas');
    return c && !('error' in c) ? c : undefined;
  };
  add(
    'Browser: 20k elements laid out (canvas)',
    '≤ 2000 ms',
    canvas(20_000)?.laidOutMs,
    (v) => v <= 2000,
    'ms',
  );
  add(
    'Browser: 50k elements, first frame (canvas)',
    '≤ 2000 ms',
    canvas(50_000)?.firstDrawnMs,
    (v) => v <= 2000,
    'ms',
  );
  add(
    'Browser: panning at 50k elements (canvas)',
    '≥ 30 fps',
    canvas(50_000)?.pan.fps,
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
