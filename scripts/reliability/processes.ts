// Child processes for the reliability tests and the load/soak scripts: free ports, polling, and real
// `tsx` processes of this repository with their output collected line by line.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Every variable server/config.ts reads, so a parent's environment cannot leak into a child. */
const CONFIG_VARS = [
  'HOST',
  'PORT',
  'DATA_DIR',
  'NEO4J_URI',
  'NEO4J_USER',
  'NEO4J_PASSWORD',
  'NEO4J_DATABASE',
  'NEO4J_BOLT_PORT',
  'NEO4J_HEAP',
  'NEO4J_PAGECACHE',
  'NEO4J_START_TIMEOUT_MS',
  'QUERY_TIMEOUT_MS',
  'CONSOLE_ROW_LIMIT',
  'SEED_ON_START',
  'EXPLORER_TOKEN',
  'LOG_LEVEL',
  'RATE_LIMIT_PER_MINUTE',
  'CORS_ORIGINS',
  'SHUTDOWN_TIMEOUT_MS',
  'MAX_CONCURRENT_REQUESTS',
  'MAX_QUEUED_REQUESTS',
  'CONSOLE_MAX_CONCURRENT',
  'CONSOLE_DEADLINE_GRACE_MS',
  'ALLOWED_HOSTS',
  'BODY_TIMEOUT_MS',
  'NEO4J_RESTART_DELAY_MS',
  'TRUST_PROXY',
  'IMPORT_HOLD_MID_TRANSACTION',
];

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  ms: number,
  every = 100,
): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(every);
  }
  return check();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Child {
  process: ChildProcess;
  /** stdout and stderr lines, in arrival order. */
  lines: string[];
  output(): string;
  waitForLine(pattern: RegExp, ms: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `node --import tsx <script> …args` in the repository with exactly the given config variables.
 * One process, so signals reach the script itself: the `tsx` CLI is a wrapper that relays SIGTERM
 * and SIGKILLs its child if the child does not acknowledge within 30 ms (a busy event loop), which
 * would turn every graceful-shutdown test into a test of that race.
 */
export function spawnTsx(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: { detached?: boolean; nodeArgs?: string[] } = {},
): Child {
  const base = { ...process.env };
  for (const name of CONFIG_VARS) delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', ...(options.nodeArgs ?? []), script, ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    lines,
    output: () => lines.join('\n'),
    exited,
    waitForLine(pattern, ms) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(
            waiters.findIndex((w) => w.resolve === done),
            1,
          );
          reject(new Error(`no line matching ${pattern} within ${ms} ms; output:\n${lines.join('\n')}`));
        }, ms);
        const done = (line: string) => {
          clearTimeout(timer);
          resolve(line);
        };
        waiters.push({ pattern, resolve: done });
        void exited.then(({ code, signal }) => {
          if (waiters.some((w) => w.resolve === done)) {
            clearTimeout(timer);
            reject(
              new Error(`exited (${code ?? signal}) before a line matching ${pattern}:\n${lines.join('\n')}`),
            );
          }
        });
      });
    },
  };
}
