// Runs an analyst's console query: classified by EXPLAIN, then executed in a READ transaction.
import neo4j from 'neo4j-driver';
import type { CypherResult } from '../../shared-types/api';
import type { Db } from '../db/driver';
import { ElementCollector, toPlain } from '../db/mapper';
import { QueryRefused } from '../console-guard';

/** JSON numbers that are whole become Cypher integers, so `LIMIT $n` works as users expect. */
function toCypherParams(value: unknown): unknown {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return neo4j.int(value);
  if (Array.isArray(value)) return value.map(toCypherParams);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCypherParams(v)]));
  }
  return value;
}

/** Asks Neo4j what the query would do without running it: 'r', 'rw', 'w' or 's'. */
export async function classifyQuery(
  db: Db,
  query: string,
  params: Record<string, unknown>,
  timeoutMs: number,
): Promise<string> {
  return db.read(
    async (tx) => {
      const result = await tx.run(`EXPLAIN ${query}`, toCypherParams(params) as Record<string, unknown>);
      return result.summary.queryType;
    },
    { timeoutMs },
  );
}

export async function runReadQuery(
  db: Db,
  query: string,
  params: Record<string, unknown>,
  options: { timeoutMs: number; rowLimit: number },
): Promise<CypherResult> {
  const queryType = await classifyQuery(db, query, params, options.timeoutMs);
  if (queryType !== 'r') {
    throw new QueryRefused(
      'NOT_READ_ONLY',
      `The console is read-only; Neo4j classifies this query as "${queryType}".`,
    );
  }
  return db.read(
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
    { timeoutMs: options.timeoutMs },
  );
}
