// The read-only Cypher console: its slots (how many queries may hold Neo4j at once) and the handler.
import type { Response } from 'express';
import { Neo4jError } from 'neo4j-driver';
import type { Config } from '../config';
import { checkConsoleQuery } from '../console-guard';
import { DeadlineExceeded, type Db } from '../db/driver';
import { AppError } from '../errors';
import { onQueryAsTyped, runReadQuery } from '../queries/console';
import type { HandlersOf } from '../routing';

export function consoleHandlers(db: Db, config: Config): HandlersOf<'runCypher'> {
  // Console queries holding Neo4j now, including those already answered 408 whose transaction the
  // server has not let go of yet: a few slow queries can fill the console, never the whole API.
  // A query that finds every slot taken waits (in order) up to its own timeout, then gets 503.
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  const takeSlot = (waitMs: number, res: Response): Promise<void> => {
    if (running < config.consoleMaxConcurrent) {
      running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        running++;
        resolve();
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(turn), 1);
        res.setHeader('Retry-After', '2');
        reject(
          new AppError(
            503,
            'CONSOLE_BUSY',
            `${running} console queries are still running (at most ${config.consoleMaxConcurrent} at once) and none finished within ${waitMs} ms; retry in a few seconds.`,
            { retryAfter: 2 },
          ),
        );
      }, waitMs);
      waiting.push(turn);
    });
  };
  return {
    runCypher: async ({ body }, { res }) => {
      const query = checkConsoleQuery(body.query);
      const timeoutMs = Math.min(body.timeoutMs ?? config.queryTimeoutMs, config.queryTimeoutMs);
      await takeSlot(timeoutMs, res);
      const work = runReadQuery(db, query, body.params, {
        timeoutMs,
        deadlineMs: timeoutMs + config.consoleDeadlineGraceMs,
        rowLimit: config.consoleRowLimit,
      }).catch((error: unknown) => {
        // Positions in a syntax error count from the trimmed query; the analyst sees the typed one.
        if (error instanceof Neo4jError && error.code?.startsWith('Neo.ClientError.Statement'))
          error.message = onQueryAsTyped(error.message, body.query);
        throw error;
      });
      // The slot is freed when Neo4j is done with the query, which after a deadline is later than
      // the answer.
      void settled(work).finally(release);
      return work;
    },
  };
}

/** Resolves when the query's transaction is over on the server (see Db.readUntil). */
async function settled(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DeadlineExceeded) await error.settled;
  }
}
