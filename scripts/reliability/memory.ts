// Memory over a load or soak run: the resident size of the app and of the Neo4j JVM read from
// /proc every few seconds, and whether it stayed flat. Flat is judged on the last half of the
// samples only, because pools, caches, the JIT and the JVM touching its heap fill up first.
import fs from 'node:fs';

export interface RssSample {
  /** Milliseconds since the sampler started. */
  t: number;
  appMiB?: number;
  neo4jMiB?: number;
}

export interface Flatness {
  samples: number;
  firstMiB: number;
  lastMiB: number;
  maxMiB: number;
  /** Least-squares slope of the last half's samples, MiB per minute. */
  lastHalfSlopeMiBPerMinute: number;
  /** What that slope adds over the last half's span, as a share of the last half's mean. */
  lastHalfRiseShare: number;
  flat: boolean;
}

/** A rise of the fitted line over the last half below this share of its level counts as flat. */
export const FLAT_RISE_SHARE = 0.05;

export function rssMiBOf(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function slopePerMs(points: readonly { t: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sty = 0;
  let stt = 0;
  for (const p of points) {
    sty += (p.t - mt) * (p.y - my);
    stt += (p.t - mt) ** 2;
  }
  return stt ? sty / stt : 0;
}

/** Flatness of one series; undefined without at least 4 samples (2 in the last half). */
export function flatness(points: readonly { t: number; y: number }[]): Flatness | undefined {
  if (points.length < 4) return undefined;
  const half = points.slice(Math.floor(points.length / 2));
  const slope = slopePerMs(half);
  const span = half.at(-1)!.t - half[0]!.t;
  const mean = half.reduce((s, p) => s + p.y, 0) / half.length;
  const riseShare = mean > 0 ? (slope * span) / mean : 0;
  return {
    samples: points.length,
    firstMiB: points[0]!.y,
    lastMiB: points.at(-1)!.y,
    maxMiB: Math.max(...points.map((p) => p.y)),
    lastHalfSlopeMiBPerMinute: slope * 60_000,
    lastHalfRiseShare: riseShare,
    flat: riseShare <= FLAT_RISE_SHARE,
  };
}

export class RssWatch {
  readonly samples: RssSample[] = [];
  private timer?: NodeJS.Timeout;
  private started = 0;

  constructor(
    private readonly pids: () => { app?: number; neo4j?: number },
    private readonly everyMs: number,
  ) {}

  start(): void {
    this.started = Date.now();
    const take = () => {
      const { app, neo4j } = this.pids();
      this.samples.push({ t: Date.now() - this.started, appMiB: rssMiBOf(app), neo4jMiB: rssMiBOf(neo4j) });
    };
    take();
    this.timer = setInterval(take, this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  summary(): { app?: Flatness; neo4j?: Flatness } {
    const series = (key: 'appMiB' | 'neo4jMiB') =>
      flatness(this.samples.filter((s) => s[key] !== undefined).map((s) => ({ t: s.t, y: s[key]! })));
    return { app: series('appMiB'), neo4j: series('neo4jMiB') };
  }
}

/** The embedded Neo4j's pid from its pid file in DATA_DIR (absent for an external Neo4j). */
export function jvmPidOf(dataDir: string): number | undefined {
  try {
    return (JSON.parse(fs.readFileSync(`${dataDir}/neo4j.pid`, 'utf8')) as { pid: number }).pid;
  } catch {
    return undefined;
  }
}

/** One line for the console: each process's first → last RSS, last-half slope and verdict. */
export function describeMemory(summary: { app?: Flatness; neo4j?: Flatness }): string {
  const one = (name: string, f?: Flatness) =>
    f
      ? `${name} RSS ${f.firstMiB.toFixed(0)} → ${f.lastMiB.toFixed(0)} MiB (max ${f.maxMiB.toFixed(0)}), ` +
        `last half ${f.lastHalfSlopeMiBPerMinute.toFixed(2)} MiB/min (${(100 * f.lastHalfRiseShare).toFixed(1)} % rise): ` +
        `${f.flat ? 'flat' : 'NOT flat'}`
      : `${name} RSS not sampled`;
  return `${one('app', summary.app)}; ${one('Neo4j', summary.neo4j)}`;
}
