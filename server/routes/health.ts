// GET /api/health: 200 when Neo4j answers, 503 with the reason when it does not.
import type { HealthBody } from '../../contract/types';
import type { Db } from '../db/driver';
import type { Neo4jState } from '../neo4j';
import { serverComponents } from '../queries/health';
import { Reply, type HandlersOf } from '../routing';

/** The URI without any user:password part, safe to show. */
const displayUri = (uri: string): string => uri.replace(/\/\/[^@/]*@/, '//');

function supervisorView(state: Neo4jState | undefined): HealthBody['neo4j']['supervisor'] {
  if (!state) return undefined;
  return state.state === 'restarting'
    ? {
        state: 'restarting',
        restarts: state.restarts,
        lastExit: state.lastExit,
        nextAttemptInMs: Math.max(0, state.nextAttemptAt - Date.now()),
      }
    : { state: 'running', restarts: state.restarts, ...(state.lastExit ? { lastExit: state.lastExit } : {}) };
}

/** `neo4jStatus` is the supervisor's view of an embedded Neo4j (absent for an external one). */
export function healthHandlers(db: Db, neo4jStatus?: () => Neo4jState): HandlersOf<'getHealth'> {
  return {
    getHealth: async (_input, { res }) => {
      const uri = displayUri(db.uri);
      const status = neo4jStatus?.();
      const supervisor = supervisorView(status);
      if (status?.state === 'restarting') {
        res.setHeader(
          'Retry-After',
          String(Math.max(1, Math.ceil((supervisor?.nextAttemptInMs ?? 0) / 1000))),
        );
        const body: HealthBody = {
          status: 'unavailable',
          neo4j: {
            connected: false,
            uri,
            reason: `Neo4j ${status.lastExit}; the supervisor is restarting it`,
            supervisor,
          },
        };
        return new Reply(503, body);
      }
      try {
        const components = await serverComponents(db, 2000);
        return {
          status: 'ok',
          neo4j: { connected: true, ...components, uri, ...(supervisor ? { supervisor } : {}) },
        };
      } catch (error) {
        const reason = (error as { code?: string }).code ?? 'unreachable';
        const body: HealthBody = {
          status: 'unavailable',
          neo4j: {
            connected: false,
            uri,
            reason: `Neo4j cannot be reached (${reason})`,
            ...(supervisor ? { supervisor } : {}),
          },
        };
        return new Reply(503, body);
      }
    },
  };
}
