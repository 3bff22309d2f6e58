// Runs computeAnalytics in a worker thread, so that a large graph (about 30 s at 100k entities)
// does not hold up every other request. The main thread reads the graph, packs it into a compact
// form, and gets scores back as typed arrays: both directions are transferred or cheaply cloned,
// where plain objects (500k edge objects, a 100k-entry Map) would cost the event loop ~0.5 s
// to serialise.
//
// The wire format is in wire.ts, the thread's code in thread.ts.
//
// One short-lived thread per computation: the data changes rarely, starting a thread takes well
// under a second next to a computation of many seconds, the thread's memory (the graphology graph)
// is returned as soon as it ends, and a crash cannot leave a broken thread behind for the next one.
import { Worker } from 'node:worker_threads';
import type { EntityRef } from '../../contract/types';
import type { AnalyticsOptions, AnalyticsResult, GraphInput } from './metrics';
import { packGraph, transferablesOf, unpackResult, type AnalyticsJob, type PackedResult } from './wire';
import { AppError } from '../errors';

/** Where scores are computed; AnalyticsService takes any implementation (tests wrap this one). */
export interface AnalyticsComputer {
  compute(input: GraphInput, options: AnalyticsOptions): Promise<AnalyticsResult>;
  /** Stops running computations (their callers get a 503) and refuses new ones. */
  close(): Promise<void>;
}

/**
 * A plain .mjs file that loads the TypeScript entry through tsx's scoped import, so the thread
 * starts the same way under `node --import tsx`, under vitest (whose own TypeScript transform does
 * not reach worker threads) and whatever flags the parent process was started with.
 */
export const ANALYTICS_THREAD = new URL('./thread.mjs', import.meta.url);

export const analyticsFailed = (cause: unknown) =>
  new AppError(
    500,
    'ANALYTICS_FAILED',
    'Computing the graph analytics failed; retry the request.',
    undefined,
    {
      cause,
    },
  );

export const analyticsStopped = () =>
  new AppError(503, 'SHUTTING_DOWN', 'The server is shutting down; retry shortly.');

interface RunningJob {
  stop(error: Error): Promise<void>;
}

export class AnalyticsWorkers implements AnalyticsComputer {
  private readonly running = new Set<RunningJob>();
  private closed = false;

  /** `script` is the thread's entry; tests point it at failing stand-ins. */
  constructor(private readonly script: URL = ANALYTICS_THREAD) {}

  /** Computations in progress. */
  get busy(): number {
    return this.running.size;
  }

  compute(input: GraphInput, options: AnalyticsOptions): Promise<AnalyticsResult> {
    if (this.closed) return Promise.reject(analyticsStopped());
    const graph = packGraph(input);
    const refs = new Map<string, EntityRef>();
    for (const node of input.nodes) if (!refs.has(node.id)) refs.set(node.id, node);

    return new Promise<AnalyticsResult>((resolve, reject) => {
      // execArgv: [] — the entry registers what it needs; the parent's flags (--import tsx,
      // --expose-gc, vitest's) are not the thread's business.
      const worker = new Worker(this.script, { execArgv: [], name: 'analytics' });
      let settled = false;
      const finish = (outcome: { error: Error } | { result: AnalyticsResult }): Promise<void> => {
        if (settled) return Promise.resolve();
        settled = true;
        this.running.delete(job);
        if ('error' in outcome) reject(outcome.error);
        else resolve(outcome.result);
        return worker.terminate().then(() => undefined);
      };
      const job: RunningJob = { stop: (error) => finish({ error }) };
      this.running.add(job);

      worker.once('message', (packed: PackedResult) => {
        let result: AnalyticsResult;
        try {
          result = unpackResult(packed, graph.ids, refs);
        } catch (error) {
          void finish({ error: analyticsFailed(error) });
          return;
        }
        void finish({ result });
      });
      worker.once('messageerror', (error) => void finish({ error: analyticsFailed(error) }));
      worker.once('error', (error) => void finish({ error: analyticsFailed(error) }));
      worker.once(
        'exit',
        (code) =>
          void finish({ error: analyticsFailed(new Error(`the analytics thread exited with code ${code}`)) }),
      );
      const message: AnalyticsJob = { graph, options };
      worker.postMessage(message, transferablesOf(graph)); // graph.edges is the thread's from here
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.running].map((job) => job.stop(analyticsStopped())));
  }
}
