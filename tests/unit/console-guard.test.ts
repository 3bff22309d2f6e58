import { describe, expect, it } from 'vitest';
import { checkConsoleQuery, QueryRefused, stripLiteralsAndComments } from '../../server/console-guard';

const refusal = (query: string): string => {
  try {
    checkConsoleQuery(query);
  } catch (error) {
    if (error instanceof QueryRefused) return error.reason;
    throw error;
  }
  return 'ALLOWED';
};

describe('checkConsoleQuery', () => {
  it.each([
    'MATCH (n:Entity) RETURN n LIMIT 5',
    "MATCH (n) WHERE n.name = 'CREATE' RETURN n",
    'MATCH (n) RETURN n.start, n.set AS x, {create: 1} AS m',
    'MATCH (n:Create) RETURN n',
    'CALL db.labels()',
    'CALL `db`.`labels`() YIELD label RETURN label',
    "CALL db.index.fulltext.queryNodes('entity_search', '阳谷') YIELD node RETURN node",
    'MATCH (n) RETURN n // CREATE in a comment',
    'MATCH (n) RETURN n;',
  ])('allows %s', (query) => {
    expect(refusal(query)).toBe('ALLOWED');
  });

  it.each([
    ['CREATE (n:X) RETURN n', 'WRITE_CLAUSE'],
    ['MATCH (n) DETACH DELETE n', 'WRITE_CLAUSE'],
    ['MATCH (n) SET n.x = 1', 'WRITE_CLAUSE'],
    ['merge (n:X {id: 1})', 'WRITE_CLAUSE'],
    ['CREATE INDEX foo FOR (n:X) ON (n.id)', 'WRITE_CLAUSE'],
    ['DROP CONSTRAINT entity_id', 'WRITE_CLAUSE'],
    ["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", 'LOAD_CSV'],
    ['CALL { MATCH (n) RETURN n } IN TRANSACTIONS OF 10 ROWS', 'IN_TRANSACTIONS'],
    ['MATCH (n) RETURN n; MATCH (m) RETURN m', 'MULTIPLE_STATEMENTS'],
    ['CALL dbms.security.createUser("x", "y", false)', 'PROCEDURE_NOT_ALLOWED'],
    ['CALL dbms.killQueries(["q"])', 'PROCEDURE_NOT_ALLOWED'],
    ['CALL DB.CREATELABEL("X")', 'PROCEDURE_NOT_ALLOWED'],
    ['CALL db.createLabel("X")', 'PROCEDURE_NOT_ALLOWED'],
    ['CALL db . clearQueryCaches()', 'PROCEDURE_NOT_ALLOWED'],
    ['MATCH (n) RETURN n /* x */ ; /* y */ MATCH (n) DELETE n', 'MULTIPLE_STATEMENTS'],
    ['CRE\u200bATE (n)', 'INVISIBLE_CHARACTERS'],
    ['USE system SHOW USERS', 'USE'],
    ['SHOW USERS', 'ADMIN_COMMAND'],
    ['EXPLAIN MATCH (n) RETURN n', 'EXPLAIN_PROFILE'],
    ['   ', 'EMPTY'],
    ['/* unterminated', 'ONLY_COMMENTS'],
    ['// just a comment', 'ONLY_COMMENTS'],
    ['/* a */ // b\n /* c */', 'ONLY_COMMENTS'],
    ['  /*/ ', 'ONLY_COMMENTS'],
    ['/* dbms.setConfigValue("a", "b") SET', 'ONLY_COMMENTS'],
    [';', 'ONLY_COMMENTS'],
    ['/* x */ ;', 'ONLY_COMMENTS'],
    ['MATCH (n) RETURN n ' + 'x'.repeat(21_000), 'TOO_LONG'],
  ])('refuses %s', (query, reason) => {
    expect(refusal(query)).toBe(reason);
  });
});

describe('a query that is only comments', () => {
  it('is refused with a message that says what to write instead', () => {
    expect(() => checkConsoleQuery('/* MATCH (n) RETURN n')).toThrow(
      expect.objectContaining({
        reason: 'ONLY_COMMENTS',
        message: expect.stringMatching(
          /no Cypher outside its comments.*MATCH \(n\) RETURN n.*closed with \*\//,
        ),
      }),
    );
  });

  it('is told apart from code next to a comment, which Neo4j itself explains', () => {
    expect(refusal('RETURN 1 // one')).toBe('ALLOWED');
    expect(refusal("RETURN '/* not a comment'")).toBe('ALLOWED');
    expect(refusal('RETURN 1 /* unterminated')).toBe('ALLOWED'); // Neo4j: "must have a closing */" (400)
  });
});

describe('stripLiteralsAndComments', () => {
  it('blanks strings and comments but keeps quoted names', () => {
    expect(stripLiteralsAndComments("RETURN 'a;b' /* c */ // d\n, `db`.`labels`")).toBe(
      'RETURN  ""     \n, db.labels',
    );
  });
  it('handles escaped quotes inside strings', () => {
    expect(stripLiteralsAndComments("RETURN 'it\\'s; CREATE' AS x")).toBe('RETURN  ""  AS x');
  });
});
