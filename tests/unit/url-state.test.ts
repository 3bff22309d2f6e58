// The URL holds the view: what formatUrlView writes, parseUrlView reads back, and anything a person
// (or an attacker) types into the hash is ignored rather than trusted.
import { describe, expect, it } from 'vitest';
import { initialState } from '../../client/src/store';
import { positionsFor } from '../../client/src/link-codec';
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
    expect(parseUrlView(formatUrlView(state, { ids: [] }))).toEqual({
      lang: 'en',
      layout: 'concentric',
      focus: 'zone-yanggu-edz',
      ids: undefined,
      query: undefined,
      hiddenTypes: ['Figure', 'Policy'],
      selected: 'zone-qingdao-ftz-area',
      overviewEdit: undefined,
      positions: undefined,
    });
  });

  it("carries the nodes' positions, packed, and reads back a link made for the same nodes", () => {
    const positions = new Map([
      ['zone-yanggu-edz', { x: 10.2, y: -20.7 }],
      ['zone-rizhao-cbz', { x: 300, y: 41 }],
    ]);
    const hash = formatUrlView(
      { ...initialState(), origin: { kind: 'ids' } },
      { ids: [...positions.keys()], positions },
    );
    const view = parseUrlView(hash);
    expect(view.ids).toEqual(['zone-rizhao-cbz', 'zone-yanggu-edz']);
    expect(positionsFor(view.positions!, view.ids!)).toEqual(
      new Map([
        ['zone-rizhao-cbz', { x: 300, y: 41 }],
        ['zone-yanggu-edz', { x: 10, y: -21 }],
      ]),
    );
    // A garbled arrangement is dropped; the rest of the link still opens.
    const garbled = parseUrlView(hash.replace(/pos=[^&]*/, 'pos=%%%garbage'));
    expect(garbled.positions).toBeUndefined();
    expect(garbled.ids).toEqual(view.ids);
  });

  it('writes a set of ids as an edit of the overview when that is shorter', () => {
    const overviewIds = Array.from({ length: 100 }, (_, i) => `zone-entity-number-${i}`);
    const ids = [...overviewIds.filter((id) => id !== 'zone-entity-number-7'), 'person-guo-nianli'];
    const state = { ...initialState(), origin: { kind: 'ids' as const } };
    const edited = formatUrlView(state, { ids, overviewIds });
    expect(parseUrlView(edited).overviewEdit).toEqual({
      drop: ['zone-entity-number-7'],
      add: ['person-guo-nianli'],
    });
    expect(edited.length).toBeLessThan(formatUrlView(state, { ids }).length / 4);
    // Nothing in common with the overview: the whole set is shorter, and is what the link holds.
    const other = ['a', 'b'];
    expect(parseUrlView(formatUrlView(state, { ids: other, overviewIds })).ids).toEqual(other);
  });

  it('still opens the comma lists of ids that older links carry', () => {
    expect(parseUrlView('#ids=a,b,c').ids).toEqual(['a', 'b', 'c']);
  });

  it('keeps a query and a set of ids, whatever characters they hold', () => {
    const query = "MATCH (n {name: '阳谷 & #1'}) RETURN n";
    const withQuery = { ...initialState(), origin: { kind: 'query' as const, query } };
    expect(parseUrlView(formatUrlView(withQuery, { ids: [] })).query).toBe(query);
    const withIds = { ...initialState(), origin: { kind: 'ids' as const } };
    expect(parseUrlView(formatUrlView(withIds, { ids: ['d', 'b,c', 'a'] })).ids).toEqual(['a', 'b,c', 'd']);
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
