// The main thread's side of the search thread: starts it, hands it a catalogue's rows in parts,
// asks it questions, and starts a new one when it dies. The thread's side is thread.ts.
//
// One long-lived thread (unlike analytics' one per computation): the catalogue is built once per
// data change and then answers every search for as long as the data stays the same, so it lives
// where it was built. Answers are small (a page of hits), so asking costs a clone of a few kB.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { EntityHit, GroupedSearchResponse } from '../../contract/types';
import { AppError } from '../errors';
import type { CatalogueSink } from '../queries/search';
import type { FromThread, GroupedQuery, ToThread } from './protocol';
import type { Ranked } from './rank';

export const SEARCH_THREAD = new URL('./thread.mjs', import.meta.url);

/** The thread ended (crashed, or was stopped) before it answered. */
export class SearchThreadDied extends Error {}

export const searchUnavailable = (cause?: unknown) =>
  new AppError(503, 'SEARCH_UNAVAILABLE', 'Search is restarting; retry shortly.', undefined, { cause });

type Pending = { resolve: (message: FromThread) => void; reject: (error: Error) => void };

export class SearchThread {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  /** Loads waiting for their `built`, by generation. */
  private readonly building = new Map<number, Pending>();
  private nextId = 1;
  private generation = 0;
  private closed = false;
  /** Counts the threads that ended; a catalogue belongs to the thread it was loaded into. */
  deaths = 0;
  /** The last build's size and time in the thread (logged and read by tests). */
  lastBuild?: { entities: number; sentences: number; ms: number };

  /** `script` is the thread's entry; tests may point it elsewhere. */
  constructor(private readonly script: URL = SEARCH_THREAD) {}

  private thread(): Worker {
    if (this.closed) throw searchUnavailable();
    if (this.worker) return this.worker;
    // execArgv: [] — the entry registers what it needs; the parent's flags are not the thread's.
    const worker = new Worker(this.script, { execArgv: [], name: 'search' });
    worker.on('message', (message: FromThread) => this.receive(message));
    const died = (cause: unknown) => this.died(worker, cause);
    worker.once('error', died);
    worker.once('messageerror', died);
    worker.once('exit', (code) => died(new Error(`the search thread exited with code ${code}`)));
    // A thread waiting for questions must not keep a process (a test, a script) alive. After the
    // listeners: a 'message' listener added to an unref'd worker refs its port again (Node 20), and the
    // browser lane's vitest waited 10 s at exit for this thread (hanging-process: its MESSAGEPORT).
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private receive(message: FromThread): void {
    const waiting =
      message.kind === 'built' ? this.building.get(message.generation) : this.pending.get(message.id);
    if (!waiting) return;
    if (message.kind === 'built') this.building.delete(message.generation);
    else this.pending.delete(message.id);
    waiting.resolve(message);
  }

  private died(worker: Worker, cause: unknown): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.deaths++;
    void worker.terminate();
    const error = new SearchThreadDied('the search thread ended', { cause });
    for (const waiting of [...this.pending.values(), ...this.building.values()]) waiting.reject(error);
    this.pending.clear();
    this.building.clear();
  }

  /**
   * Loads a new catalogue: `produce` hands the rows to the sink in parts as it reads them (and may
   * begin again, when its read is retried); then the thread builds, and this waits until it has.
   * Parts are posted as they come, so the main thread holds one part at a time, never the whole.
   */
  async load(produce: (sink: CatalogueSink) => Promise<void>): Promise<void> {
    const worker = this.thread();
    let generation = 0;
    const post = (message: ToThread) => {
      if (this.worker !== worker) throw new SearchThreadDied('the search thread ended during a load');
      worker.postMessage(message);
    };
    await produce({
      begin: () => {
        generation = ++this.generation;
        post({ kind: 'begin', generation });
      },
      part: async (part) => {
        post({ kind: 'rows', generation, ...part } as ToThread);
        // Let other requests run between parts of a large catalogue.
        await nextTurn();
      },
    });
    const built = new Promise<FromThread>((resolve, reject) =>
      this.building.set(generation, { resolve, reject }),
    );
    post({ kind: 'build', generation });
    const message = await built;
    if (message.kind === 'built') {
      const { entities, sentences, ms } = message;
      this.lastBuild = { entities, sentences, ms };
    }
  }

  private ask(question: ToThread & { id: number }): Promise<FromThread> {
    const worker = this.thread();
    return new Promise<FromThread>((resolve, reject) => {
      this.pending.set(question.id, { resolve, reject });
      worker.postMessage(question);
    });
  }

  private async answer<T>(question: ToThread & { id: number }): Promise<T> {
    const message = await this.ask(question);
    if (message.kind === 'failed') throw new Error(`search failed: ${message.message}`);
    if (message.kind !== 'answer') throw new Error(`search thread answered ${message.kind}`);
    return message.result as T;
  }

  entities(q: string, types: readonly string[], limit: number): Promise<Ranked<EntityHit>> {
    return this.answer({ kind: 'entities', id: this.nextId++, q, types, limit });
  }

  grouped(query: GroupedQuery): Promise<GroupedSearchResponse> {
    return this.answer({ kind: 'grouped', id: this.nextId++, ...query });
  }

  /** Ends the thread as a crash would (tests use it to see the next search start a new one). */
  async kill(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await worker.terminate();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.kill();
  }
}
