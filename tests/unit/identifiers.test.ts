import { describe, expect, it } from 'vitest';
import { labelIdentifier, relTypeIdentifier, UnsafeIdentifierError } from '../../server/queries/identifiers';

describe('Cypher identifiers', () => {
  it('quotes plain names', () => {
    expect(labelIdentifier('Zone')).toBe('`Zone`');
    expect(relTypeIdentifier('LINKED_WITH')).toBe('`LINKED_WITH`');
  });
  it.each(['zone', 'Zone`) DETACH DELETE n //', 'Zo ne', '', 'A'.repeat(41), 'Zöne'])(
    'refuses label %j',
    (name) => {
      expect(() => labelIdentifier(name)).toThrow(UnsafeIdentifierError);
    },
  );
  it.each(['linked', 'LINKED-WITH', 'X]->() DELETE r //'])('refuses type %j', (name) => {
    expect(() => relTypeIdentifier(name)).toThrow(UnsafeIdentifierError);
  });
});
