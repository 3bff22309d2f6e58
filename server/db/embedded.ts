// Owns the lifecycle of the embedded Neo4j JVM: start, wait for Bolt, stop, and no orphans.
//
// Orphans are prevented twice: the JVM shuts down when its stdin (a pipe held by this process)
// reaches EOF, which happens even if Node dies by SIGKILL; and a pid file in the data directory
// lets the next start tell a live holder of the store from a stale one.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { ensureLauncherBuilt, launcherClasspath } from './launcher-build';

export interface EmbeddedOptions {
  dataDir: string;
  boltPort: number; // 0 picks a free port
  heap: string;
  pageCache: string;
  startTimeoutMs: number;
  log?: (line: string) => void;
}

export interface EmbeddedInfo {
  uri: string;
  port: number;
  version: string;
  edition: string;
  home: string;
}

export type EmbeddedErrorCode =
  'PORT_IN_USE' | 'STORE_LOCKED' | 'JAVA_MISSING' | 'START_TIMEOUT' | 'START_FAILED' | 'BAD_ARGS';

export class EmbeddedStartError extends Error {
  constructor(
    readonly code: EmbeddedErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EmbeddedStartError';
  }
}

// Flags the Neo4j server ships with; without them Netty fails with a LinkageError on Java 17.
const JVM_FLAGS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-XX:+UseG1GC',
  '-XX:+ExitOnOutOfMemoryError',
];

function javaExecutable(): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

interface PidFile {
  pid: number;
  uri?: string;
}

function readPidFile(file: string): PidFile | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as PidFile | number;
    return typeof parsed === 'number' ? { pid: parsed } : parsed;
  } catch {
    return undefined;
  }
}

/**
 * The Bolt URI of an embedded Neo4j that another process of this app runs on `dataDir`, if any:
 * lets `npm run seed` load into the database of a running `npm start` instead of failing on the lock.
 */
export function runningEmbeddedUri(dataDir: string): string | undefined {
  const info = readPidFile(path.join(dataDir, 'neo4j.pid'));
  if (!info?.uri || !isAlive(info.pid) || !commandLineOf(info.pid).includes('EmbeddedNeo4j'))
    return undefined;
  return info.uri;
}

export class EmbeddedNeo4j {
  private child?: ChildProcessWithoutNullStreams;
  private exited?: Promise<number | null>;
  private readonly pidFile: string;
  private readonly home: string;
  info?: EmbeddedInfo;

  constructor(private readonly options: EmbeddedOptions) {
    this.home = path.join(options.dataDir, 'neo4j');
    this.pidFile = path.join(options.dataDir, 'neo4j.pid');
  }

  private log(line: string): void {
    (this.options.log ?? console.log)(line);
  }

  /**
   * Refuses to start over a live holder of the store; clears the marker of a dead one. A holder
   * whose parent just exited is given a moment to finish its clean shutdown.
   */
  private async checkStaleLock(): Promise<void> {
    if (!fs.existsSync(this.pidFile)) return;
    const pid = readPidFile(this.pidFile)?.pid ?? 0;
    const holds = () =>
      Number.isInteger(pid) && pid > 0 && isAlive(pid) && commandLineOf(pid).includes('EmbeddedNeo4j');
    for (let waited = 0; holds() && waited < 15_000; waited += 250) {
      if (waited === 0) this.log(`[neo4j] waiting for pid ${pid} to release ${this.home}…`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (holds()) {
      throw new EmbeddedStartError(
        'STORE_LOCKED',
        `Another embedded Neo4j (pid ${pid}) is using ${this.home}. Stop it (kill ${pid}) or set DATA_DIR to another directory.`,
      );
    }
    this.log(
      `[neo4j] the previous run (pid ${pid}) did not stop cleanly; its lock is stale and Neo4j will recover the store.`,
    );
    fs.rmSync(this.pidFile, { force: true });
  }

  async start(): Promise<EmbeddedInfo> {
    if (this.child) throw new Error('embedded Neo4j already started');
    fs.mkdirSync(this.home, { recursive: true });
    await this.checkStaleLock();
    await ensureLauncherBuilt((line) => this.log(line));

    const args = [
      `-Xms${this.options.heap}`,
      `-Xmx${this.options.heap}`,
      ...JVM_FLAGS,
      '-cp',
      launcherClasspath(),
      'explorer.EmbeddedNeo4j',
      '--home',
      this.home,
      '--port',
      String(this.options.boltPort),
      '--pagecache',
      this.options.pageCache,
    ];
    const child = spawn(javaExecutable(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const stderrTail: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail.push(...chunk.toString().split('\n').filter(Boolean));
      stderrTail.splice(0, Math.max(0, stderrTail.length - 20));
    });
    // The JVM keeps running while stdin is open; swallow EPIPE if it dies first.
    child.stdin.on('error', () => undefined);

    const started = Date.now();
    try {
      const info = await new Promise<EmbeddedInfo>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new EmbeddedStartError(
                'START_TIMEOUT',
                `Neo4j did not open Bolt within ${this.options.startTimeoutMs} ms. Raise NEO4J_START_TIMEOUT_MS or look at ${this.home}/logs.`,
              ),
            ),
          this.options.startTimeoutMs,
        );
        const lines = readline.createInterface({ input: child.stdout });
        lines.on('line', (line) => {
          if (line.startsWith('NEO4J_READY ')) {
            clearTimeout(timer);
            resolve(JSON.parse(line.slice('NEO4J_READY '.length)) as EmbeddedInfo);
          } else if (line.startsWith('NEO4J_ERROR ')) {
            clearTimeout(timer);
            const { code, message } = JSON.parse(line.slice('NEO4J_ERROR '.length)) as {
              code: EmbeddedErrorCode;
              message: string;
            };
            reject(new EmbeddedStartError(code, message));
          }
        });
        child.once('error', (error: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          reject(
            error.code === 'ENOENT'
              ? new EmbeddedStartError(
                  'JAVA_MISSING',
                  'Java was not found. Install a JDK 17 (apt-get install openjdk-17-jdk-headless), set JAVA_HOME, or set NEO4J_URI to use an existing Neo4j.',
                )
              : error,
          );
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(
            new EmbeddedStartError(
              'START_FAILED',
              `Neo4j exited during start (code ${code}).${stderrTail.length ? `\n${stderrTail.join('\n')}` : ''}`,
            ),
          );
        });
      });
      fs.writeFileSync(this.pidFile, JSON.stringify({ pid: child.pid, uri: info.uri }));
      this.info = info;
      this.log(`[neo4j] embedded Neo4j ${info.version} ready on ${info.uri} in ${Date.now() - started} ms`);
      return info;
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Stops the JVM: EOF on stdin and SIGTERM, then SIGKILL after a grace period. */
  async stop(graceMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child || !this.exited) return;
    if (this.running) {
      child.stdin.end();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.child = undefined;
    fs.rmSync(this.pidFile, { force: true });
  }

  /**
   * Last resort for process 'exit' handlers, where nothing can be awaited: SIGTERM runs the JVM's
   * shutdown hook, so the store still closes cleanly after this process is gone. The pid file
   * stays until then; the next start waits for it.
   */
  terminateNow(): void {
    if (this.running) this.child?.kill('SIGTERM');
  }
}
