// Static checks on console queries, the first of the console's read-only layers. Pure functions.
//
// The layers, each enough on its own for the common cases and tested separately:
//   1. this guard: one statement, no update/schema/admin clauses, no LOAD CSV, no CALL … IN
//      TRANSACTIONS, no USE, procedures only from an allowlist;
//   2. EXPLAIN classifies the query; anything but a read ('r') is refused;
//   3. the query runs in a READ access-mode transaction with a timeout;
//   4. the embedded Neo4j disallows file URLs and network loads.

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

/**
 * Replaces string literals, quoted identifiers' insides and comments with spaces so keyword checks
 * see only code. Backtick-quoted names keep their text (without backticks) so `db`.`labels` is
 * still recognised as db.labels.
 */
export function stripLiteralsAndComments(query: string): string {
  let out = '';
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    const next = query[i + 1];
    if (c === '/' && next === '/') {
      while (i < query.length && query[i] !== '\n') i++;
      out += ' ';
    } else if (c === '/' && next === '*') {
      const end = query.indexOf('*/', i + 2);
      i = end === -1 ? query.length : end + 2;
      out += ' ';
    } else if (c === "'" || c === '"') {
      i++;
      while (i < query.length && query[i] !== c) i += query[i] === '\\' ? 2 : 1;
      i++;
      out += ' "" ';
    } else if (c === '`') {
      const end = query.indexOf('`', i + 1);
      const name = query.slice(i + 1, end === -1 ? query.length : end);
      out += name.replace(/\s+/g, '_');
      i = end === -1 ? query.length : end + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

// A keyword after '.' or before ':' is a property or map key (n.start, {set: 1}), not a clause.
const FORBIDDEN: { pattern: RegExp; reason: string; message: string }[] = [
  { pattern: /\bLOAD\s+CSV\b/i, reason: 'LOAD_CSV', message: 'LOAD CSV is not allowed in the console.' },
  {
    pattern: /\bIN\s+(\d+\s+)?(CONCURRENT\s+)?TRANSACTIONS\b/i,
    reason: 'IN_TRANSACTIONS',
    message: 'CALL { … } IN TRANSACTIONS is not allowed in the console.',
  },
  {
    pattern: /(?<![.:$\w])USE\b(?!\s*:)/i,
    reason: 'USE',
    message: 'USE (switching databases) is not allowed in the console.',
  },
  {
    pattern:
      /(?<![.:$\w])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|ALTER|GRANT|DENY|REVOKE|RENAME|START|STOP|TERMINATE|ENABLE|DEALLOCATE|REALLOCATE)\b(?!\s*:)/i,
    reason: 'WRITE_CLAUSE',
    message: 'The console is read-only: update, schema and administration clauses are refused.',
  },
  {
    pattern:
      /\bSHOW\s+(USERS?|ROLES?|PRIVILEGES|CURRENT\s+USER|SERVERS?|ALIASES|DATABASES?|TRANSACTIONS|SETTINGS)\b/i,
    reason: 'ADMIN_COMMAND',
    message: 'Administration commands are not allowed in the console.',
  },
];

/** Procedure names after CALL, lower-cased, with whitespace around dots removed. */
export function calledProcedures(code: string): string[] {
  const names: string[] = [];
  for (const match of code.matchAll(/\bCALL\s+([A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_][\w]*)*)/gi)) {
    names.push(match[1]!.replace(/\s+/g, '').toLowerCase());
  }
  return names;
}

/** Throws QueryRefused when the query is clearly not a single read; returns the trimmed query. */
export function checkConsoleQuery(query: string): string {
  const trimmed = query.trim();
  if (!trimmed) throw new QueryRefused('EMPTY', 'Write a Cypher query first.');
  if (trimmed.length > MAX_QUERY_LENGTH) {
    throw new QueryRefused('TOO_LONG', `The query is longer than ${MAX_QUERY_LENGTH} characters.`);
  }
  // Control and invisible formatting characters have no place in a query and hide keywords from readers.
  if (INVISIBLE.test(trimmed)) {
    throw new QueryRefused(
      'INVISIBLE_CHARACTERS',
      'The query contains control or invisible characters; retype it.',
    );
  }
  const code = stripLiteralsAndComments(trimmed);
  const statements = code.split(';').filter((part) => part.trim() !== '');
  // Neo4j 5.26 fails on a lone unterminated /* comment with an UnknownError (a 500), and on other
  // comment-only queries with a syntax error that does not say what is missing.
  if (statements.length === 0) {
    throw new QueryRefused(
      'ONLY_COMMENTS',
      'The query has no Cypher outside its comments: write a statement such as MATCH (n) RETURN n LIMIT 10 (a /* comment runs to the end of the query unless it is closed with */).',
    );
  }
  if (statements.length > 1) throw new QueryRefused('MULTIPLE_STATEMENTS', 'Run one statement at a time.');
  if (/^\s*(EXPLAIN|PROFILE)\b/i.test(code)) {
    throw new QueryRefused(
      'EXPLAIN_PROFILE',
      'EXPLAIN and PROFILE are added by the console itself; remove them.',
    );
  }
  if (/^\s*:/.test(code)) {
    throw new QueryRefused(
      'BROWSER_COMMAND',
      'Browser commands (":…") are not Cypher; write a Cypher query.',
    );
  }
  for (const rule of FORBIDDEN) {
    if (rule.pattern.test(code)) throw new QueryRefused(rule.reason, rule.message);
  }
  for (const name of calledProcedures(code)) {
    if (!PROCEDURE_ALLOWLIST.includes(name)) {
      throw new QueryRefused(
        'PROCEDURE_NOT_ALLOWED',
        `Procedure ${name} is not allowed in the console. Allowed: ${PROCEDURE_ALLOWLIST.join(', ')}.`,
      );
    }
  }
  return trimmed.replace(/;\s*$/, '');
}
