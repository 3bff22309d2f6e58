// Static checks on console queries, the first of the console's read-only layers. Pure functions.
//
// The layers, each enough on its own for the common cases and tested separately:
//   1. this guard: one statement, no update/schema/admin clauses, no LOAD CSV, no CALL … IN
//      TRANSACTIONS, no USE, no SHOW beyond the schema listings, procedures only from an
//      allowlist, brackets nested at most MAX_NESTING deep;
//   2. EXPLAIN classifies the query; anything but a read ('r') is refused;
//   3. the query runs in a READ access-mode transaction with a timeout and a deadline;
//   4. the embedded Neo4j needs a password, disallows file URLs and network loads, caps the
//      memory of a transaction and keeps no query collector.
//
// The guard reads tokens, the way Cypher's own lexer does, not regexes over text: a keyword is an
// unquoted identifier token, so `a`CREATE, CALL`db`.stats.x and a keyword glued to a quoted name
// are seen for what they are, and a word inside a string, a comment or backticks is not a keyword.

/** Read-only procedures worth having in a console (compared case-insensitively). */
export const PROCEDURE_ALLOWLIST = [
  'db.labels',
  'db.relationshiptypes',
  'db.propertykeys',
  'db.schema.visualization',
  'db.schema.nodetypeproperties',
  'db.schema.reltypeproperties',
  'db.index.fulltext.querynodes',
  'db.index.fulltext.queryrelationships',
  'db.indexes',
  'dbms.components',
];

export const MAX_QUERY_LENGTH = 20_000;
/**
 * Brackets ((, [, {) open at once. Neo4j's parser recurses per level; about 300 levels of […]
 * overflowed its stack (a StackOverflowError, and a request that never answered). Real queries
 * stay far below this.
 */
export const MAX_NESTING = 64;

const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

export class QueryRefused extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'QueryRefused';
  }
}

export type TokenKind =
  'word' | 'quoted' | 'string' | 'number' | 'parameter' | 'symbol' | 'comment' | 'space';

export interface Token {
  kind: TokenKind;
  /** For 'word' the text as written; for 'quoted' the name inside the backticks (`` `` `` unescaped). */
  text: string;
  /** Offset in the query. */
  at: number;
  /** A block comment, string or quoted name that runs to the end of the query without closing. */
  unterminated?: boolean;
}

const isWordStart = (c: string) => /[\p{L}_]/u.test(c);
const isWordPart = (c: string) => /[\p{L}\p{N}_]/u.test(c);

/**
 * Splits a query into Cypher tokens. Unterminated strings and quoted names run to the end (Neo4j
 * then reports the syntax error); an unterminated block comment is a comment to the end.
 */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = query.length;
  while (i < n) {
    const start = i;
    const c = query[i]!;
    const next = query[i + 1];
    if (/\s/.test(c)) {
      while (i < n && /\s/.test(query[i]!)) i++;
      tokens.push({ kind: 'space', text: ' ', at: start });
    } else if (c === '/' && next === '/') {
      while (i < n && query[i] !== '\n') i++;
      tokens.push({ kind: 'comment', text: query.slice(start, i), at: start });
    } else if (c === '/' && next === '*') {
      const end = query.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      tokens.push({ kind: 'comment', text: query.slice(start, i), at: start, unterminated: end === -1 });
    } else if (c === "'" || c === '"') {
      i++;
      while (i < n && query[i] !== c) i += query[i] === '\\' ? 2 : 1;
      const closed = i < n;
      i = Math.min(n, i + 1);
      tokens.push({ kind: 'string', text: query.slice(start, i), at: start, unterminated: !closed });
    } else if (c === '`') {
      // `` inside backticks is an escaped backtick.
      let name = '';
      let closed = false;
      i++;
      while (i < n) {
        if (query[i] === '`') {
          if (query[i + 1] === '`') {
            name += '`';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        name += query[i];
        i++;
      }
      tokens.push({ kind: 'quoted', text: name, at: start, unterminated: !closed });
    } else if (c === '$') {
      i++;
      if (query[i] === '`') {
        const end = query.indexOf('`', i + 1);
        i = end === -1 ? n : end + 1;
      } else {
        while (i < n && isWordPart(query[i]!)) i++;
      }
      tokens.push({ kind: 'parameter', text: query.slice(start, i), at: start });
    } else if (/[0-9]/.test(c)) {
      while (i < n && /[0-9A-Za-z_.]/.test(query[i]!)) {
        // 1..3 is a range, not a number with two points
        if (query[i] === '.' && query[i + 1] === '.') break;
        i++;
      }
      tokens.push({ kind: 'number', text: query.slice(start, i), at: start });
    } else if (isWordStart(c)) {
      while (i < n && isWordPart(query[i]!)) i++;
      tokens.push({ kind: 'word', text: query.slice(start, i), at: start });
    } else {
      i++;
      tokens.push({ kind: 'symbol', text: c, at: start });
    }
  }
  return tokens;
}

/** Clauses and commands that change data, schema or the DBMS, or leave the database. */
const WRITE_WORDS = new Set([
  'CREATE',
  'MERGE',
  'DELETE',
  'DETACH',
  'SET',
  'REMOVE',
  'DROP',
  'FOREACH',
  'ALTER',
  'GRANT',
  'DENY',
  'REVOKE',
  'RENAME',
  'START',
  'STOP',
  'TERMINATE',
  'ENABLE',
  'DEALLOCATE',
  'REALLOCATE',
  'INSERT',
]);
/** What may follow SHOW: listings of the schema and of the callable functions. */
const SHOW_ALLOWED = new Set([
  'INDEX',
  'INDEXES',
  'CONSTRAINT',
  'CONSTRAINTS',
  'FUNCTION',
  'FUNCTIONS',
  'PROCEDURE',
  'PROCEDURES',
  'RANGE',
  'FULLTEXT',
  'TEXT',
  'POINT',
  'LOOKUP',
  'VECTOR',
  'BUILT',
  'BUILTIN',
  'UNIQUE',
  'KEY',
  'NODE',
  'RELATIONSHIP',
  'REL',
  'EXIST',
  'EXISTENCE',
  'PROPERTY',
]);

/** A word used as a keyword: not a property (`n.set`), a label (`:Create`) or a map key (`{set: 1}`). */
function keywordAt(code: Token[], index: number): string | undefined {
  const token = code[index]!;
  if (token.kind !== 'word') return undefined;
  const before = code[index - 1];
  const after = code[index + 1];
  if (before?.kind === 'symbol' && (before.text === '.' || before.text === ':')) return undefined;
  if (after?.kind === 'symbol' && after.text === ':') return undefined;
  return token.text.toUpperCase();
}

/** The procedure names after each CALL, lower-cased: `db`.stats.x, db . x and `db.x` alike. */
export function calledProcedures(code: Token[]): string[] {
  const names: string[] = [];
  code.forEach((_token, index) => {
    if (keywordAt(code, index) !== 'CALL') return;
    const parts: string[] = [];
    for (let j = index + 1; code[j]?.kind === 'word' || code[j]?.kind === 'quoted'; j += 2) {
      parts.push(code[j]!.text);
      if (!(code[j + 1]?.kind === 'symbol' && code[j + 1]!.text === '.')) break;
    }
    // CALL { … } and CALL (x) { … } are subqueries, not procedures.
    if (parts.length) names.push(parts.join('.').replace(/\s+/g, '').toLowerCase());
  });
  return names;
}

const refuse = (reason: string, message: string): never => {
  throw new QueryRefused(reason, message);
};

/** Throws QueryRefused when the query is not clearly a single read; returns the trimmed query. */
export function checkConsoleQuery(query: string): string {
  const trimmed = query.trim();
  if (!trimmed) refuse('EMPTY', 'Write a Cypher query first.');
  if (trimmed.length > MAX_QUERY_LENGTH) {
    refuse('TOO_LONG', `The query is longer than ${MAX_QUERY_LENGTH} characters.`);
  }
  // Control and invisible formatting characters have no place in a query and hide keywords from readers.
  if (INVISIBLE.test(trimmed)) {
    refuse('INVISIBLE_CHARACTERS', 'The query contains control or invisible characters; retype it.');
  }
  const tokens = tokenize(trimmed);
  const code = tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  const statements: Token[][] = [[]];
  for (const token of code) {
    if (token.kind === 'symbol' && token.text === ';') statements.push([]);
    else statements[statements.length - 1]!.push(token);
  }
  const nonEmpty = statements.filter((s) => s.length > 0);
  // Neo4j 5.26 fails on a lone unterminated /* comment with an UnknownError (a 500), and on other
  // comment-only queries with a syntax error that does not say what is missing.
  if (nonEmpty.length === 0) {
    refuse(
      'ONLY_COMMENTS',
      'The query has no Cypher outside its comments: write a statement such as MATCH (n) RETURN n LIMIT 10 (a /* comment runs to the end of the query unless it is closed with */).',
    );
  }
  if (nonEmpty.length > 1) refuse('MULTIPLE_STATEMENTS', 'Run one statement at a time.');
  // Neo4j 5.26 answers some of these with an UnknownError (a 500) instead of a syntax error.
  const open = tokens.find((t) => t.unterminated);
  if (open) {
    const what =
      open.kind === 'comment'
        ? ['UNTERMINATED_COMMENT', 'a /* comment that is never closed with */']
        : open.kind === 'string'
          ? ['UNTERMINATED_STRING', `a string opened with ${open.text[0]} that is never closed`]
          : ['UNTERMINATED_NAME', 'a `quoted name` whose closing backtick is missing'];
    refuse(what[0]!, `The query has ${what[1]} (from character ${open.at + 1}); close it or remove it.`);
  }
  const first = code[0]!;
  if (first.kind === 'word' && /^(EXPLAIN|PROFILE)$/i.test(first.text)) {
    refuse('EXPLAIN_PROFILE', 'EXPLAIN and PROFILE are added by the console itself; remove them.');
  }
  if (first.kind === 'symbol' && first.text === ':') {
    refuse('BROWSER_COMMAND', 'Browser commands (":…") are not Cypher; write a Cypher query.');
  }

  let depth = 0;
  for (let index = 0; index < code.length; index++) {
    const token = code[index]!;
    if (token.kind === 'symbol') {
      if ('([{'.includes(token.text)) depth++;
      else if (')]}'.includes(token.text)) depth--;
      if (depth > MAX_NESTING) {
        refuse(
          'NESTING_TOO_DEEP',
          `The query nests brackets more than ${MAX_NESTING} levels deep; write it with fewer levels (WITH steps or UNWIND).`,
        );
      }
      continue;
    }
    const word = keywordAt(code, index);
    if (!word) continue;
    const nextWord = code[index + 1]?.kind === 'word' ? code[index + 1]!.text.toUpperCase() : undefined;
    if (word === 'LOAD' && nextWord === 'CSV') {
      refuse('LOAD_CSV', 'LOAD CSV is not allowed in the console.');
    }
    if (word === 'TRANSACTIONS' || word === 'TRANSACTION' || word === 'CONCURRENT') {
      const previous = code[index - 1];
      const isShow = previous?.kind === 'word' && previous.text.toUpperCase() === 'SHOW';
      if (!isShow) refuse('IN_TRANSACTIONS', 'CALL { … } IN TRANSACTIONS is not allowed in the console.');
    }
    if (word === 'USE') refuse('USE', 'USE (switching databases) is not allowed in the console.');
    if (word === 'SHOW' && !(nextWord && SHOW_ALLOWED.has(nextWord))) {
      refuse(
        'ADMIN_COMMAND',
        'Administration commands are not allowed in the console; SHOW lists only indexes, constraints, functions and procedures here.',
      );
    }
    if (WRITE_WORDS.has(word)) {
      refuse(
        'WRITE_CLAUSE',
        'The console is read-only: update, schema and administration clauses are refused.',
      );
    }
  }
  for (const name of calledProcedures(code)) {
    if (!PROCEDURE_ALLOWLIST.includes(name)) {
      refuse(
        'PROCEDURE_NOT_ALLOWED',
        `Procedure ${name} is not allowed in the console. Allowed: ${PROCEDURE_ALLOWLIST.join(', ')}.`,
      );
    }
  }
  return trimmed.replace(/;\s*$/, '');
}
