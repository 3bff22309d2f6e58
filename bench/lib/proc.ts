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

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;

/**
 * The name and user + system CPU seconds in one /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat
 * line. The name sits in parentheses and may itself hold spaces and parentheses ("C2
 * CompilerThre"), so the fields are counted from the last ')'.
 */
export function parseStat(line: string): { comm: string; cpuSeconds: number } {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  const fields = line.slice(close + 2).split(' ');
  // fields[11] and [12] are utime and stime (fields 14 and 15 of stat), in clock ticks.
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`no CPU times in: ${line.slice(0, 80)}`);
  return { comm: line.slice(open + 1, close), cpuSeconds: ticks / TICKS_PER_SECOND };
}

/** User + system CPU seconds a process has used so far (its exited threads included). */
export function cpuSecondsOf(pid: number): number {
  try {
    return parseStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')).cpuSeconds;
  } catch {
    return NaN;
  }
}

/**
 * HotSpot's JIT compiler threads are named "C1 CompilerThread<n>" / "C2 CompilerThread<n>", which
 * the kernel cuts to 15 characters.
 */
export const isCompilerThread = (comm: string): boolean => /^C[12] CompilerThre/.test(comm);

/** CPU seconds so far of each live JIT compiler thread of a JVM, by thread id. */
export function compilerThreadSeconds(pid: number): Map<number, number> {
  const threads = new Map<number, number>();
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    try {
      const { comm, cpuSeconds } = parseStat(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      if (isCompilerThread(comm)) threads.set(Number(tid), cpuSeconds);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return threads;
}

/**
 * Compile CPU between two snapshots: what each thread alive at the end used since the start (a
 * thread started in between counts from zero). HotSpot ends idle compiler threads; what one used
 * after the first snapshot and before it ended is lost here and lands in the rest of the JVM's CPU.
 */
export function compileSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let seconds = 0;
  for (const [tid, now] of after) seconds += Math.max(0, now - (before.get(tid) ?? 0));
  return seconds;
}

/** A JVM's CPU so far: all of it, and its JIT compiler threads' share per thread. */
export interface JvmCpu {
  totalSeconds: number;
  compilers: Map<number, number>;
}

export const jvmCpuOf = (pid: number): JvmCpu => ({
  totalSeconds: cpuSecondsOf(pid),
  compilers: compilerThreadSeconds(pid),
});

/** CPU seconds between two snapshots, the JIT compiler threads' part apart from the rest. */
export function jvmCpuBetween(before: JvmCpu, after: JvmCpu): { compile: number; rest: number } {
  const compile = compileSecondsBetween(before.compilers, after.compilers);
  return { compile, rest: Math.max(0, after.totalSeconds - before.totalSeconds - compile) };
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
