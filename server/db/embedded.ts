// Owns the lifecycle of the embedded Neo4j JVM: start, wait for Bolt, stop, and no orphans.
//
// Orphans are prevented twice: the JVM shuts down when its stdin (a pipe held by this process)
// reaches EOF, which happens even if Node dies by SIGKILL; and a pid file in the data directory
// lets the next start tell a live holder of the store from a stale one.
//
// Auth: every start generates a new password for the `neo4j` user and writes it as the first line
// of the JVM's stdin (never argv or env, which other users can read in /proc). The pid file, which
// CLI tools read to reach a running server, carries it too and is readable by its owner only.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { ensureLauncherBuilt, launcherClasspath } from './launcher-build';
import { pageCacheForStore } from './page-cache';

export interface EmbeddedOptions {
  dataDir: string;
  boltPort: number; // 0 picks a free port
  heap: string;
  /** A size such as 256m; unset, each start sizes it from the store (db/page-cache.ts). */
  pageCache?: string;
  startTimeoutMs: number;
  /**
   * How long a start waits for a live holder of the store to let go before it refuses with
   * STORE_LOCKED (a holder whose parent just exited is still shutting down); 15 s unset.
   */
  lockWaitMs?: number;
  log?: (line: string) => void;
  /** Called when the JVM exits without being asked to (crash, OOM, kill -9): see server/neo4j.ts. */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface EmbeddedInfo {
  uri: string;
  port: number;
  version: string;
  edition: string;
  home: string;
  /** This run's password of the `neo4j` user; keep it in memory, never log or send it. */
  password: string;
  /** The page cache this run got: the configured size, or the one sized from the store. */
  pageCache: string;
  /** True when this start loaded the store through the offline importer (see `BulkImportFiles`). */
  imported: boolean;
  /** How long the offline import took inside the JVM (0 without one). */
  importMs: number;
}

/** CSV files for Neo4j's offline importer (server/seed/import-files.ts writes them). */
export interface BulkImportFiles {
  dir: string;
  /** Off-heap memory the importer may use, e.g. 1g (its own default is 90 % of the RAM). */
  memory: string;
  /**
   * About how large the store will be once imported: the page cache is sized from it, since the
   * empty store it is sized from otherwise gives the minimum to the schema and writes that follow.
   */
  expectedStoreBytes?: number;
}

/**
 * Written by the launcher before an offline import; it stays until `firstLoadFinished`, so that a
 * first load killed at any point (in the importer or in the Cypher after it) is cleared by the next
 * start and done again, never left half done (BulkImport.java).
 */
const importMarker = (dataDir: string) =>
  path.join(dataDir, 'neo4j', 'data', 'databases', 'import-incomplete');

/** Called once what follows an offline import (schema, Dataset node, documents) is written. */
export function firstLoadFinished(dataDir: string): void {
  fs.rmSync(importMarker(dataDir), { force: true });
}

/**
 * Whether the embedded store under `dataDir` has never had its default database created (or holds
 * the remainder of an import that did not finish, which the launcher clears): the one case in which
 * the launcher runs the offline importer. Any database that exists, even an empty one, is loaded
 * through Cypher.
 */
export function storeAwaitsFirstLoad(dataDir: string): boolean {
  const data = path.join(dataDir, 'neo4j', 'data');
  if (fs.existsSync(importMarker(dataDir))) return true;
  return (
    !fs.existsSync(path.join(data, 'databases', 'neo4j')) &&
    !fs.existsSync(path.join(data, 'transactions', 'neo4j'))
  );
}

/** Bytes of a size such as 768m or 2g. */
export function parseSize(size: string): number {
  const match = /^(\d+)([kmg])$/i.exec(size.trim());
  if (!match) throw new EmbeddedStartError('BAD_ARGS', `not a size: ${size} (use e.g. 512m or 2g)`);
  const unit = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase() as 'k' | 'm' | 'g'];
  return Number(match[1]) * unit;
}

/**
 * Memory one transaction, and all of them together, may take, as shares of the heap. Neo4j tracks
 * what its operators buffer (collect, sort, aggregation) against these; what an expression builds
 * (a huge list comprehension) is not tracked and ends in a Java OutOfMemoryError instead, which
 * Neo4j reports to that query alone, as long as the JVM is not told to exit on it (see JVM_FLAGS).
 */
export function transactionMemoryLimits(heap: string): { perTransaction: string; total: string } {
  const mb = Math.floor(parseSize(heap) / 1024 ** 2);
  // Half for one transaction leaves the other half to everyone else (a dataset load is one large
  // transaction, so a quarter was too tight for the loader); 70 % for all of them is Neo4j's default.
  return {
    perTransaction: `${Math.max(16, Math.floor(mb / 2))}m`,
    total: `${Math.max(32, Math.floor(mb * 0.7))}m`,
  };
}

/** The heap Neo4j's offline importer asks for at the scale of the 100k graph ("Suggested heap size is 1.000GiB"). */
export const IMPORT_HEAP = '1g';

/**
 * The JVM's maximum heap: `heap`, or for a start that runs the offline importer at least
 * IMPORT_HEAP. The importer runs inside the JVM that then serves the database; with the app's 768m
 * it warned that the heap may be too small and took 19.5 s for what it did in 7.0 s in a JVM of
 * its own (issue 18). The initial heap stays `heap`, so only an import grows past it.
 */
export function maxHeap(heap: string, importing: boolean): string {
  return importing && parseSize(heap) < parseSize(IMPORT_HEAP) ? IMPORT_HEAP : heap;
}

export type EmbeddedErrorCode =
  | 'PORT_IN_USE'
  | 'STORE_LOCKED'
  | 'JAVA_MISSING'
  | 'START_TIMEOUT'
  | 'START_FAILED'
  | 'BAD_ARGS'
  | 'IMPORT_FAILED';

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
// Not -XX:+ExitOnOutOfMemoryError (the server's default): with it, one console query that builds
// a list larger than the heap stopped the database for everyone. Without it Neo4j answers that
// query with Neo.TransientError.General.OutOfMemoryError and goes on serving; if the JVM dies
// anyway, the supervisor in server/neo4j.ts starts it again.
const JVM_FLAGS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-XX:+UseG1GC',
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
  password?: string;
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
export function runningEmbedded(dataDir: string): { uri: string; password: string } | undefined {
  const info = readPidFile(path.join(dataDir, 'neo4j.pid'));
  if (
    !info?.uri ||
    !info.password ||
    !isAlive(info.pid) ||
    !commandLineOf(info.pid).includes('EmbeddedNeo4j')
  )
    return undefined;
  return { uri: info.uri, password: info.password };
}

export class EmbeddedNeo4j {
  private child?: ChildProcessWithoutNullStreams;
  private stopRequested = false;
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
    const lockWaitMs = this.options.lockWaitMs ?? 15_000;
    for (let waited = 0; holds() && waited < lockWaitMs; waited += 250) {
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

  /**
   * Starts the JVM. `boltPort` overrides the configured port for this start (a restart asks for the
   * port the previous run had, so the URI stays the same when it can). With `bulkImport`, a store
   * whose default database was never created is first loaded from those CSV files by Neo4j's offline
   * importer, in the JVM, before the database opens; `info.imported` says whether that happened.
   */
  async start(boltPort = this.options.boltPort, bulkImport?: BulkImportFiles): Promise<EmbeddedInfo> {
    if (this.child) throw new Error('embedded Neo4j already started');
    this.stopRequested = false;
    const password = crypto.randomBytes(32).toString('base64url');
    const memory = transactionMemoryLimits(this.options.heap);
    fs.mkdirSync(this.home, { recursive: true });
    await this.checkStaleLock();
    await ensureLauncherBuilt((line) => this.log(line));
    // Sized at every start, restarts included: the store may have grown since the last one.
    const pageCache =
      this.options.pageCache ?? pageCacheForStore(this.home, bulkImport?.expectedStoreBytes ?? 0);
    if (!this.options.pageCache)
      this.log(
        `[neo4j] page cache ${pageCache}, sized from the store${bulkImport?.expectedStoreBytes ? ' it is about to import' : ''}`,
      );

    const args = [
      `-Xms${this.options.heap}`,
      `-Xmx${maxHeap(this.options.heap, bulkImport !== undefined)}`,
      ...JVM_FLAGS,
      '-cp',
      launcherClasspath(),
      'explorer.EmbeddedNeo4j',
      '--home',
      this.home,
      '--port',
      String(boltPort),
      '--pagecache',
      pageCache,
      '--tx-max-memory',
      memory.perTransaction,
      '--tx-total-memory',
      memory.total,
      ...(bulkImport ? ['--import', bulkImport.dir, '--import-memory', bulkImport.memory] : []),
    ];
    const child = spawn(javaExecutable(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.write(`${password}\n`);
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
        const arm = () =>
          setTimeout(
            () =>
              reject(
                new EmbeddedStartError(
                  'START_TIMEOUT',
                  `Neo4j did not open Bolt within ${this.options.startTimeoutMs} ms. Raise NEO4J_START_TIMEOUT_MS or look at ${this.home}/logs.`,
                ),
              ),
            this.options.startTimeoutMs,
          );
        let timer = arm();
        const lines = readline.createInterface({ input: child.stdout });
        lines.on('line', (line) => {
          // An offline import takes as long as the data is large: the start timeout stops for it and
          // counts again, from the start, once it is done.
          if (line.startsWith('NEO4J_IMPORTING ')) {
            this.log('[neo4j] loading the empty store with the offline importer…');
            clearTimeout(timer);
          } else if (line.startsWith('NEO4J_IMPORTED ')) {
            timer = arm();
          } else if (line.startsWith('NEO4J_READY ')) {
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
      // Owner-only: the password lets CLI tools (npm run seed) reach this server, and nobody else.
      fs.writeFileSync(this.pidFile, JSON.stringify({ pid: child.pid, uri: info.uri, password }), {
        mode: 0o600,
      });
      fs.chmodSync(this.pidFile, 0o600);
      info.password = password;
      info.pageCache = pageCache;
      info.imported ??= false;
      info.importMs ??= 0;
      this.info = info;
      child.once('exit', (code, signal) => {
        if (this.stopRequested || this.child !== child) return;
        this.child = undefined;
        this.log(
          `[neo4j] the embedded Neo4j (pid ${child.pid}) exited unexpectedly (${signal ?? `code ${code}`})`,
        );
        this.options.onUnexpectedExit?.(code, signal);
      });
      this.log(
        `[neo4j] embedded Neo4j ${info.version} ready on ${info.uri} in ${Date.now() - started} ms` +
          (info.imported ? ` (offline import ${info.importMs} ms)` : ''),
      );
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
    this.stopRequested = true;
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
    this.stopRequested = true;
    if (this.running) this.child?.kill('SIGTERM');
  }
}
