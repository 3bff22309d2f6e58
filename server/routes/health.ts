// GET /api/health: 200 when Neo4j answers, 503 with the reason when it does not.
import { Router } from 'express';
import type { HealthBody } from '../../shared-types/api';
import type { Db } from '../db/driver';
import { serverComponents } from '../queries/explore';

/** The URI without any user:password part, safe to show. */
const displayUri = (uri: string): string => uri.replace(/\/\/[^@/]*@/, '//');

export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const uri = displayUri(db.uri);
    try {
      const components = await serverComponents(db, 2000);
      const body: HealthBody = { status: 'ok', neo4j: { connected: true, ...components, uri } };
      res.json(body);
    } catch (error) {
      const reason = (error as { code?: string }).code ?? 'unreachable';
      const body: HealthBody = {
        status: 'unavailable',
        neo4j: { connected: false, uri, reason: `Neo4j cannot be reached (${reason})` },
      };
      res.status(503).json(body);
    }
  });
  return router;
}
