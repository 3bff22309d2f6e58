// The hub picker's pure parts: when it is offered, and the neighbours query each choice pages.
import { describe, expect, it } from 'vitest';
import { hubPageQuery, needsHubPicker } from '../../client/src/views/hub-picker';

const summary = { id: 'zone-1', total: 201, byType: [], byRelationship: [] };

describe('hub picker', () => {
  it('is offered when the neighbours are more than a page', () => {
    expect(needsHubPicker(summary, 200)).toBe(true);
    expect(needsHubPicker(summary, 201)).toBe(false);
  });

  it('pages a relationship group, a type, or the first page', () => {
    const group = {
      kind: 'group',
      relType: 'LOCATED_IN',
      direction: 'in',
      neighbourType: 'Company',
      count: 900,
    } as const;
    expect(hubPageQuery(group, 200, 400)).toEqual({
      depth: 1,
      limit: 200,
      offset: 400,
      types: ['Company'],
      relTypes: ['LOCATED_IN'],
      direction: 'in',
    });
    expect(hubPageQuery({ kind: 'type', type: 'Park', count: 3 }, 50)).toEqual({
      depth: 1,
      limit: 50,
      offset: 0,
      types: ['Park'],
    });
    expect(hubPageQuery({ kind: 'first-page' }, 200)).toEqual({ depth: 1, limit: 200, offset: 0 });
  });
});
