// The analytics worker thread (started by worker.ts through thread.mjs): takes
// one packed graph, computes, sends the packed result back. An exception ends the thread, and the
// main thread turns that into the request's error.
import { parentPort } from 'node:worker_threads';
import { computeAnalytics } from './metrics';
import { packResult, transferablesOf, unpackGraph, type AnalyticsJob } from './wire';

if (!parentPort) throw new Error('analytics/thread.ts runs only as a worker thread');
const port = parentPort;
port.once('message', ({ graph, options }: AnalyticsJob) => {
  const packed = packResult(computeAnalytics(unpackGraph(graph), options), graph.ids);
  port.postMessage(packed, transferablesOf(packed));
});
