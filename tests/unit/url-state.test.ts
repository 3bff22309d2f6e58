// The URL holds the view: what formatUrlView writes, parseUrlView reads back, and anything a person
// (or an attacker) types into the hash is ignored rather than trusted.
import { describe, expect, it } from 'vitest';
import { initialState } from '../../client/src/store';
import { formatUrlView, parseUrlView } from '../../client/src/url-state';

describe('URL state', () => {
  it('round-trips language, layout, focus, filters and selection', () => {
    const state = {
      ...initialState(),
      lang: 'en' as const,
      layout: 'concentric' as const,
      origin: { kind: 'focus' as const, id: 'zone-yanggu-edz' },
      hiddenTypes: new Set(['Figure', 'Policy']),
      selection: { kind: 'node' as const, id: 'zone-qingdao-ftz-area' },
    };
    expect(parseUrlView(formatUrlView(state, []))).toEqual({
      lang: 'en',
      layout: 'concentric',
      focus: 'zone-yanggu-edz',
      ids: undefined,
      query: undefined,
      hiddenTypes: ['Figure', 'Policy'],
      selected: 'zone-qingdao-ftz-area',
    });
  });

  it('keeps a query and a set of ids, whatever characters they hold', () => {
    const query = "MATCH (n {name: '阳谷 & #1'}) RETURN n";
    const withQuery = { ...initialState(), origin: { kind: 'query' as const, query } };
    expect(parseUrlView(formatUrlView(withQuery, [])).query).toBe(query);
    const withIds = { ...initialState(), origin: { kind: 'ids' as const } };
    expect(parseUrlView(formatUrlView(withIds, ['a', 'b,c', 'd'])).ids).toEqual(['a', 'b', 'c', 'd']);
  });

  it('ignores what it does not know instead of breaking the page', () => {
    expect(parseUrlView('#lang=fr&layout=<script>&unknown=1')).toMatchObject({
      lang: undefined,
      layout: undefined,
    });
    expect(parseUrlView('')).toMatchObject({ focus: undefined, ids: undefined, query: undefined });
    // A huge id list is capped, so a crafted link cannot ask the server for everything at once.
    const many = Array.from({ length: 5000 }, (_, i) => `n${i}`).join(',');
    expect(parseUrlView(`#ids=${many}`).ids).toHaveLength(2000);
  });
});
