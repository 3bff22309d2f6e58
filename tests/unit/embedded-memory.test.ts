// The embedded Neo4j's heap and transaction memory as the launcher is given them.
import { describe, expect, it } from 'vitest';
import { IMPORT_HEAP, maxHeap, parseSize, transactionMemoryLimits } from '../../server/db/embedded';

describe('maxHeap', () => {
  it('keeps the configured heap for an ordinary start', () => {
    expect(maxHeap('768m', false)).toBe('768m');
    expect(maxHeap('256m', false)).toBe('256m');
  });

  it('lets a start that runs the offline importer grow to the heap it asks for, never less than configured', () => {
    expect(maxHeap('768m', true)).toBe(IMPORT_HEAP);
    expect(parseSize(maxHeap('512m', true))).toBeGreaterThanOrEqual(parseSize(IMPORT_HEAP));
    // A heap already larger than the importer's is kept as it is.
    expect(maxHeap('2g', true)).toBe('2g');
  });
});

describe('transactionMemoryLimits', () => {
  it('gives one transaction half the heap and all of them 70 %', () => {
    expect(transactionMemoryLimits('768m')).toEqual({ perTransaction: '384m', total: '537m' });
  });
});
