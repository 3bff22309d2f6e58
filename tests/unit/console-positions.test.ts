// Console syntax errors point at the query as typed, not at the hidden EXPLAIN the console adds.
import { describe, expect, it } from 'vitest';
import { onQueryAsTyped, withoutExplainPrefix } from '../../server/queries/console';

describe('withoutExplainPrefix', () => {
  it('moves line-1 columns and offsets back by the prefix and drops it from the quoted line', () => {
    const neo4j =
      "Invalid input 'RETURN': expected a graph pattern, a parameter, ')', ':', 'IS', 'WHERE' or '{' (line 1, column 18 (offset: 17))\n" +
      '"EXPLAIN MATCH (n RETURN n"\n' +
      '                  ^';
    const fixed = withoutExplainPrefix(neo4j);
    expect(fixed).toContain('(line 1, column 10 (offset: 9))');
    expect(fixed).not.toContain('EXPLAIN');
    const [, quoted, caret] = fixed.split('\n');
    expect(quoted).toBe('"MATCH (n RETURN n"');
    // The caret sits under the R of RETURN in the line as the analyst typed it.
    expect(quoted!.indexOf('RETURN')).toBe(caret!.indexOf('^'));
  });

  it('keeps columns on later lines and moves only their offsets', () => {
    const neo4j = 'Invalid input \'x\' (line 2, column 5 (offset: 27))\n"WHERE x x"\n    ^';
    expect(withoutExplainPrefix(neo4j)).toBe(
      'Invalid input \'x\' (line 2, column 5 (offset: 19))\n"WHERE x x"\n    ^',
    );
  });
});

describe('onQueryAsTyped', () => {
  const error = (line: number, column: number, offset: number) =>
    `Invalid input 'RETURN' (line ${line}, column ${column} (offset: ${offset}))\n"MATCH (n RETURN n"\n          ^`;

  it('counts the blank lines and spaces the guard trimmed before the query', () => {
    const typed = '\n\n  MATCH (n RETURN n';
    // Neo4j saw "MATCH (n RETURN n": RETURN at line 1, column 10, offset 9.
    const fixed = onQueryAsTyped(error(1, 10, 9), typed);
    expect(fixed).toContain('(line 3, column 12 (offset: 13))');
    expect(typed.split('\n')[2]!.indexOf('RETURN') + 1).toBe(12);
    expect(typed.indexOf('RETURN')).toBe(13);
  });

  it('moves later lines by the trimmed lines only, their columns unchanged', () => {
    const typed = '  MATCH (n)\nRETURN n x';
    expect(onQueryAsTyped(error(2, 10, 19), typed)).toContain('(line 2, column 10 (offset: 21))');
    expect(typed.indexOf('x')).toBe(21);
  });

  it('leaves a query typed with nothing before it alone', () => {
    expect(onQueryAsTyped(error(1, 10, 9), 'MATCH (n RETURN n')).toBe(error(1, 10, 9));
  });
});
