// Runs an analyst's console query: classified by EXPLAIN, then executed in a READ transaction.
// Read-only verdicts are remembered per exact query text, so a repeated query skips the EXPLAIN
// round trip; the static guard (server/console-guard.ts) still runs on every call in the route, and
// the READ transaction refuses writes whatever the cache holds.
import neo4j, { Neo4jError, type ManagedTransaction, type Node } from 'neo4j-driver';
import type { CypherResult } from '../../contract/types';
import type { Db } from '../db/driver';
import { ElementCollector, toPlain } from '../db/mapper';
import { QueryRefused } from '../console-guard';
import { onePer } from '../one-per';

/** JSON numbers that are whole become Cypher integers, so `LIMIT $n` works as users expect. */
function toCypherParams(value: unknown): unknown {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toCypherParams);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCypherParams(v)]));
  }
  return value;
}

const EXPLAIN_PREFIX = 'EXPLAIN ';

/**
 * Neo4j's syntax errors point into the text it was sent, which starts with the console's hidden
 * `EXPLAIN `: on the first line every column and offset is 8 too far and the quoted line shows the
 * prefix. This puts them back on the query as the analyst typed it (offsets on later lines too).
 */
export function withoutExplainPrefix(message: string): string {
  const shift = EXPLAIN_PREFIX.length;
  return message
    .replace(
      /\(line (\d+), column (\d+) \(offset: (\d+)\)\)/g,
      (_all, line: string, column: string, offset: string) => {
        const onFirst = line === '1';
        return `(line ${line}, column ${onFirst ? Math.max(1, Number(column) - shift) : column} (offset: ${Math.max(0, Number(offset) - shift)}))`;
      },
    )
    .replace(/\n"EXPLAIN ([^\n]*)"\n( *)\^/, (_all, rest: string, pad: string) => {
      return `\n"${rest}"\n${' '.repeat(Math.max(0, pad.length - shift))}^`;
    });
}

/**
 * The console guard trims the query before it reaches Neo4j, so positions in Neo4j's errors count
 * from the first character that is not white space. This moves them back onto the query as the
 * analyst typed it: lines by the blank lines trimmed, line-1 columns by the spaces trimmed before
 * the first word, offsets by everything trimmed. The quoted line and its caret need no change.
 */
export function onQueryAsTyped(message: string, typed: string): string {
  const leading = typed.slice(0, typed.length - typed.trimStart().length);
  if (!leading) return message;
  const lines = leading.split('\n');
  const extraLines = lines.length - 1;
  const extraColumns = lines[lines.length - 1]!.length;
  return message.replace(
    /\(line (\d+), column (\d+) \(offset: (\d+)\)\)/g,
    (_all, line: string, column: string, offset: string) => {
      const onFirst = line === '1';
      return `(line ${Number(line) + extraLines}, column ${onFirst ? Number(column) + extraColumns : column} (offset: ${Number(offset) + leading.length}))`;
    },
  );
}

/** Asks Neo4j what the query would do without running it: 'r', 'rw', 'w' or 's'. */
export async function classifyQuery(
  db: Db,
  query: string,
  params: Record<string, unknown>,
  timeoutMs: number,
): Promise<string> {
  try {
    return await db.read(
      async (tx) => {
        const result = await tx.run(
          `${EXPLAIN_PREFIX}${query}`,
          toCypherParams(params) as Record<string, unknown>,
        );
        return result.summary.queryType;
      },
      { timeoutMs },
    );
  } catch (error) {
    if (error instanceof Neo4jError && error.code?.startsWith('Neo.ClientError.Statement')) {
      error.message = withoutExplainPrefix(error.message);
    }
    throw error;
  }
}

/**
 * A bounded set of strings, least recently used evicted first (a Map keeps insertion order; a hit
 * moves its key to the end).
 */
export class LruSet {
  private readonly keys = new Map<string, true>();

  constructor(readonly capacity: number) {}

  has(key: string): boolean {
    if (!this.keys.has(key)) return false;
    this.keys.delete(key);
    this.keys.set(key, true);
    return true;
  }

  add(key: string): void {
    this.keys.delete(key);
    this.keys.set(key, true);
    while (this.keys.size > this.capacity) this.keys.delete(this.keys.keys().next().value!);
  }

  get size(): number {
    return this.keys.size;
  }
}

export const READ_ONLY_CACHE_SIZE = 500;
/**
 * Per database: the texts Neo4j classified as read-only ('r'); only that verdict is ever stored
 * (exported for tests).
 */
export const readOnlyCache = onePer((_db: Db) => new LruSet(READ_ONLY_CACHE_SIZE));

export interface ConsoleRunOptions {
  /** Neo4j's own transaction timeout. */
  timeoutMs: number;
  /**
   * When the request is answered 408 even if Neo4j has not stopped the query by then (some
   * expressions, such as reduce() over a huge range, only look at the timeout when they finish).
   */
  deadlineMs: number;
  rowLimit: number;
}

/** The entity each figure belongs to (a figure has one), for console results that return figures. */
async function figureOwners(tx: Pick<ManagedTransaction, 'run'>, ids: string[]) {
  const result = await tx.run(
    `MATCH (e:Entity)-[:HAS_FIGURE]->(f:Figure) WHERE f.id IN $ids RETURN e, f.id AS figure`,
    { ids },
  );
  return result.records.map((r) => ({ entity: r.get('e') as Node, figure: r.get('figure') as string }));
}

export async function runReadQuery(
  db: Db,
  query: string,
  params: Record<string, unknown>,
  options: ConsoleRunOptions,
): Promise<CypherResult> {
  // Keyed on the whole text: a query differing by one character is classified afresh. The plan,
  // and so its read/write class, does not depend on parameter values.
  const known = readOnlyCache(db);
  const queryType = known.has(query) ? 'r' : await classifyQuery(db, query, params, options.timeoutMs);
  if (queryType !== 'r') {
    throw new QueryRefused(
      'NOT_READ_ONLY',
      `The console is read-only; Neo4j classifies this query as "${queryType}".`,
    );
  }
  known.add(query);
  return db.readUntil(
    async (tx) => {
      const result = tx.run(query, toCypherParams(params) as Record<string, unknown>);
      const rows: unknown[][] = [];
      const collector = new ElementCollector();
      let columns: string[] = [];
      let truncated = false;
      for await (const record of result) {
        if (rows.length === options.rowLimit) {
          truncated = true;
          break; // leaving the loop discards the rest of the stream on the server
        }
        columns = record.keys as string[];
        rows.push(record.keys.map((key) => toPlain(record.get(key))));
        collector.add(record.toObject());
      }
      if (!rows.length) columns = ((await result.keys()) as string[]) ?? [];
      const summary = truncated ? undefined : await result.summary();
      const figures = collector.figureIds();
      if (figures.length) collector.addFigureOwners(await figureOwners(tx, figures));
      return {
        columns,
        rows,
        elements: collector.elements(),
        summary: {
          queryType,
          resultAvailableAfter: summary ? Number(toPlain(summary.resultAvailableAfter)) : null,
          resultConsumedAfter: summary ? Number(toPlain(summary.resultConsumedAfter)) : null,
          rowCount: rows.length,
        },
        truncated,
      };
    },
    { timeoutMs: options.timeoutMs, deadlineMs: options.deadlineMs },
  );
}
