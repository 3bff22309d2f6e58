// Console syntax errors point at the query as typed, not at the hidden EXPLAIN the console adds.
import { describe, expect, it } from 'vitest';
import { withoutExplainPrefix } from '../../server/queries/console';

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
