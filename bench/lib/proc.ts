// Process measurements from /proc and the JDK tools: resident memory, CPU time, JVM heap.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import readline from 'node:readline';

/** Resident set size and its peak (VmHWM) in MiB, or undefined when the process is gone. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds a process has used so far. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] and [12] are utime and stime (fields 14 and 15 of stat), in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  const model =
    /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ??
    os.cpus()[0]?.model ??
    '?';
  return {
    cpus: os.availableParallelism(),
    cpuModel: model.trim(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

export const loadAverage = (): number => Math.round(os.loadavg()[0]! * 100) / 100;

export interface HeapSample {
  at: number;
  usedMiB: number;
  capacityMiB: number;
}

/**
 * Samples a JVM's heap once a second with one long-running `jstat -gc` (a JVM of its own: starting
 * one per sample would cost more CPU than the thing measured).
 */
export class JvmHeapSampler {
  readonly samples: HeapSample[] = [];
  private child?: ChildProcessWithoutNullStreams;

  constructor(private readonly pid: number) {}

  start(): void {
    const child = spawn('jstat', ['-gc', String(this.pid), '1000'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.on('error', () => undefined); // no JDK tools: no heap figures, the rest still runs
    let columns: string[] = [];
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const parts = line.trim().split(/\s+/);
      if (parts.includes('EU')) {
        columns = parts;
        return;
      }
      const value = (name: string) => Number(parts[columns.indexOf(name)] ?? NaN);
      const used = ['S0U', 'S1U', 'EU', 'OU'].reduce((s, c) => s + value(c), 0);
      const capacity = ['S0C', 'S1C', 'EC', 'OC'].reduce((s, c) => s + value(c), 0);
      if (Number.isFinite(used))
        this.samples.push({ at: Date.now(), usedMiB: used / 1024, capacityMiB: capacity / 1024 });
    });
  }

  stop(): void {
    this.child?.kill('SIGTERM');
    this.child = undefined;
  }

  between(from: number, to: number): HeapSample[] {
    return this.samples.filter((s) => s.at >= from && s.at <= to);
  }
}

/** Samples a process's RSS every `intervalMs`. */
export class RssSampler {
  readonly samples: { at: number; rssMiB: number }[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 500,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      const m = memoryOf(this.pid);
      if (m) this.samples.push({ at: Date.now(), rssMiB: m.rssMiB });
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  between(from: number, to: number) {
    return this.samples.filter((s) => s.at >= from && s.at <= to);
  }
}

/**
 * Waits until a process is idle (below `idleShare` of one core over `windowMs`), at most `maxMs`:
 * requests a load generator abandoned at the end of a run still run in Neo4j, and must not be
 * billed to the next run. Returns how long it waited.
 */
export async function quiesce(
  pid: number,
  { idleShare = 0.15, windowMs = 500, maxMs = 8000 } = {},
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < maxMs) {
    const before = cpuSecondsOf(pid);
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    if ((cpuSecondsOf(pid) - before) / (windowMs / 1000) < idleShare) break;
  }
  return Date.now() - started;
}

/** Seconds a JVM has spent in garbage collection so far (jstat's GCT), or NaN without the JDK tools. */
export function gcSecondsOf(pid: number): number {
  try {
    const [header, values] = execFileSync('jstat', ['-gc', String(pid)])
      .toString()
      .trim()
      .split('\n');
    const columns = header!.trim().split(/\s+/);
    return Number(values!.trim().split(/\s+/)[columns.indexOf('GCT')]);
  } catch {
    return NaN;
  }
}
