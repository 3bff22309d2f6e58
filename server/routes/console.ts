// The read-only Cypher console endpoint.
import { Router } from 'express';
import type { Config } from '../config';
import { checkConsoleQuery } from '../console-guard';
import type { Db } from '../db/driver';
import { runReadQuery } from '../queries/console';
import { cypherBody } from '../schemas';

export function consoleRoutes(db: Db, config: Config): Router {
  const router = Router();
  router.post('/cypher', async (req, res) => {
    const body = cypherBody.parse(req.body ?? {});
    const query = checkConsoleQuery(body.query);
    res.json(
      await runReadQuery(db, query, body.params, {
        timeoutMs: config.queryTimeoutMs,
        rowLimit: config.consoleRowLimit,
      }),
    );
  });
  return router;
}
