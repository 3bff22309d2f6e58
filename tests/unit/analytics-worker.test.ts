// Analytics in a worker thread: the packed wire format loses nothing, the thread gives the same
// answer as the in-process computation (and starts under vitest, whose TypeScript transform does not
// reach threads), a failing or dying thread becomes the API's JSON error, and close() stops it.
import { afterEach, describe, expect, it } from 'vitest';
import { computeAnalytics, DEFAULT_ANALYTICS_OPTIONS, type GraphInput } from '../../server/analytics/metrics';
import { FingerprintCache } from '../../server/data-cache';
import { AnalyticsWorkers } from '../../server/analytics/worker';
import {
  packGraph,
  packResult,
  transferablesOf,
  unpackGraph,
  unpackResult,
} from '../../server/analytics/wire';
import { AppError, toHttpError } from '../../server/errors';
import type { EntityRef } from '../../contract/types';

const node = (id: string): EntityRef => ({ id, type: 'Zone', name: `名${id}`, nameEn: id.toUpperCase() });
const graph = (ids: string[], pairs: [string, string][]): GraphInput => ({
  nodes: ids.map(node),
  edges: pairs.map(([source, target]) => ({ source, target })),
});

/** Two triangles joined by c—d, a duplicate node, a parallel edge, a self-loop, an unknown end. */
const sample = graph(
  ['a', 'b', 'c', 'd', 'e', 'f', 'c', 'alone'],
  [
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'a'],
    ['c', 'd'],
    ['d', 'e'],
    ['e', 'f'],
    ['f', 'd'],
    ['a', 'b'],
    ['e', 'e'],
    ['f', 'ghost'],
  ],
);
const refs = new Map(sample.nodes.map((n) => [n.id, n]));
const fixture = (name: string) => new URL(`../fixtures/analytics-threads/${name}.mjs`, import.meta.url);

let workers: AnalyticsWorkers[] = [];
const make = (script?: URL) => {
  const made = new AnalyticsWorkers(script);
  workers.push(made);
  return made;
};
afterEach(async () => {
  await Promise.all(workers.map((w) => w.close()));
  workers = [];
});

describe('the packed wire format', () => {
  it('keeps first occurrences and known relationships, and computes the same on them', () => {
    const packed = packGraph(sample);
    expect(packed.ids).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'alone']);
    expect(packed.edges).toHaveLength(2 * 9); // the edge to "ghost" is dropped
    expect(computeAnalytics(unpackGraph(packed))).toEqual({
      ...computeAnalytics(sample),
      // names stay on the main thread
      communities: computeAnalytics(sample).communities.map((c) => ({
        ...c,
        members: c.members.map((m) => ({ id: m.id, type: '', name: '', nameEn: '' })),
      })),
    });
  });

  it('brings a result back unchanged through a structured clone with its buffers transferred', () => {
    const result = computeAnalytics(sample);
    const { ids } = packGraph(sample);
    const packed = packResult(result, ids);
    const received = structuredClone(packed, { transfer: transferablesOf(packed) });
    expect(packed.pagerank).toHaveLength(0); // moved, not copied
    expect(unpackResult(received, ids, refs)).toEqual(result);
  });
});

describe('AnalyticsWorkers', () => {
  it('computes in a thread exactly what computeAnalytics computes in-process', async () => {
    const workers = make();
    const running = workers.compute(sample, DEFAULT_ANALYTICS_OPTIONS);
    expect(workers.busy).toBe(1);
    expect(await running).toEqual(computeAnalytics(sample));
    expect(workers.busy).toBe(0);
  });

  it('samples betweenness in the thread with the options it is given', async () => {
    const options = { ...DEFAULT_ANALYTICS_OPTIONS, exactBetweennessLimit: 3, betweennessSamples: 4 };
    const result = await make().compute(sample, options);
    expect(result.betweenness).toEqual({ exact: false, samples: 4, limit: 3 });
    expect(result).toEqual(computeAnalytics(sample, options));
  });

  it.each(['throws', 'exits'])('turns a thread that %s into a 500 JSON error', async (name) => {
    const workers = make(fixture(name));
    const error = await workers.compute(sample, DEFAULT_ANALYTICS_OPTIONS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(toHttpError(error)).toEqual({
      status: 500,
      body: { error: { code: 'ANALYTICS_FAILED', message: expect.stringMatching(/retry/) } },
    });
    expect((error as Error).cause).toBeInstanceOf(Error); // logged by the error middleware, not sent
    expect(workers.busy).toBe(0);
  });

  it('close() stops a running computation with a 503 and refuses new ones', async () => {
    const workers = make(fixture('hangs'));
    const running = workers.compute(sample, DEFAULT_ANALYTICS_OPTIONS).catch((e: unknown) => e);
    await workers.close();
    expect(toHttpError(await running)).toMatchObject({
      status: 503,
      body: { error: { code: 'SHUTTING_DOWN' } },
    });
    expect(workers.busy).toBe(0);
    await expect(workers.compute(sample, DEFAULT_ANALYTICS_OPTIONS)).rejects.toMatchObject({ status: 503 });
  });
});

describe('FingerprintCache', () => {
  it('shares one computation per fingerprint, and recomputes when it changes', async () => {
    const cache = new FingerprintCache<number>();
    let calls = 0;
    const compute = async () => ++calls;
    const [x, y] = await Promise.all([cache.get('f1', compute), cache.get('f1', compute)]);
    expect([x, y, calls]).toEqual([1, 1, 1]);
    expect(await cache.get('f1', compute)).toBe(1);
    expect(await cache.get('f2', compute)).toBe(2);
  });

  it('forgets a failure, so the next caller tries again', async () => {
    const cache = new FingerprintCache<string>();
    const failing = Promise.reject(new Error('thread died'));
    const [a, b] = await Promise.allSettled([cache.get('f', () => failing), cache.get('f', () => failing)]);
    expect([a.status, b.status]).toEqual(['rejected', 'rejected']);
    expect(await cache.get('f', async () => 'ok')).toBe('ok');
  });
});
