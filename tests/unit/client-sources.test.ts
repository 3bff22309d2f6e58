// The client's lazy sources (client/src/sources.ts) with fetch stubbed: batching, what is sent for
// edges, caching, inline sources, and failures that are not cached.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetSources, namedQuotes, refOf, sourcesFor } from '../../client/src/sources';

const quote = (id: string) => [{ articleId: 'a1', quote: `quote of ${id}` }];
let requested: string[][];
let failNext = false;

beforeEach(() => {
  forgetSources();
  requested = [];
  failNext = false;
  vi.stubGlobal('fetch', async (url: string) => {
    const ids = new URL(url, 'http://x').searchParams.get('ids')!.split(',');
    requested.push(ids);
    if (failNext) {
      failNext = false;
      return new Response(JSON.stringify({ error: { code: 'NEO4J_UNAVAILABLE', message: 'down' } }), {
        status: 503,
      });
    }
    const known = ids.filter((id) => !id.startsWith('unknown'));
    return new Response(
      JSON.stringify({
        sources: Object.fromEntries(known.map((id) => [id, quote(id)])),
        missing: ids.filter((id) => id.startsWith('unknown')),
      }),
    );
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('sourcesFor', () => {
  it('asks once for nodes and edges (with their source end) and answers later calls from the cache', async () => {
    const found = await sourcesFor([
      refOf({ id: 'n1' }),
      refOf({ id: 'e1', source: 'n2', target: 'n3' }),
      refOf({ id: 'unknown-1' }),
    ]);
    expect(requested).toEqual([['n1', 'e1', 'n2', 'unknown-1']]);
    expect(found.get('n1')).toEqual(quote('n1'));
    expect(found.get('e1')).toEqual(quote('e1'));
    expect(found.get('unknown-1')).toEqual([]);
    // n2 came back as the edge's end: no request for it, nor for what was asked before
    expect((await sourcesFor([refOf({ id: 'n2' }), refOf({ id: 'n1' })])).get('n2')).toEqual(quote('n2'));
    expect(requested).toHaveLength(1);
  });

  it('uses sources carried inline (console answers, imported files) without asking', async () => {
    const inline = [{ articleId: 'a9', quote: 'inline' }];
    expect((await sourcesFor([refOf({ id: 'c1', sources: inline })])).get('c1')).toEqual(inline);
    expect(requested).toEqual([]);
  });

  it('splits many ids into batches the server accepts', async () => {
    const refs = Array.from({ length: 450 }, (_, i) => refOf({ id: `n${i}` }));
    const found = await sourcesFor(refs);
    expect(found.size).toBe(450);
    expect(requested.map((r) => r.length)).toEqual([200, 200, 50]);
  });

  it('does not keep a failure: the next call asks again', async () => {
    failNext = true;
    await expect(sourcesFor([refOf({ id: 'n1' })])).rejects.toMatchObject({ status: 503 });
    expect((await sourcesFor([refOf({ id: 'n1' })])).get('n1')).toEqual(quote('n1'));
    expect(requested).toHaveLength(2);
  });
});

describe('namedQuotes', () => {
  it('names each quote after its element in the current language', async () => {
    const element = (data: Record<string, unknown>) => ({ id: String(data.id), data });
    const quotes = await namedQuotes(
      [
        element({ id: 'n1', name: '阳谷', nameEn: 'Yanggu' }),
        element({ id: 'e1', label: 'LINKED_WITH', source: 'n1' }),
      ],
      'en',
    );
    expect(quotes).toEqual([
      { name: 'Yanggu', quote: 'quote of n1' },
      { name: 'LINKED_WITH', quote: 'quote of e1' },
    ]);
  });
});
