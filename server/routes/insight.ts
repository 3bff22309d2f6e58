// Insight handlers: graph analytics, "why are these two connected?", the timeline of figures and the
// side-by-side comparison of entities; the answers are built in server/analytics/.
import { analyticsResponse } from '../analytics';
import { Insight } from '../analytics/insight';
import { AnalyticsService } from '../analytics/service';
import type { Db } from '../db/driver';
import type { HandlersOf } from '../routing';
import type { SchemaService } from '../schema-service';

export function insightHandlers(
  db: Db,
  schema: SchemaService,
  service = new AnalyticsService(db),
): HandlersOf<'getAnalytics' | 'explain' | 'getTimeline' | 'compare'> {
  const insight = new Insight(db, schema, service);
  return {
    getAnalytics: async ({ query: { top, ids } }) => analyticsResponse(await service.analytics(), top, ids),
    explain: ({ query }) => insight.explain(query),
    getTimeline: ({ query }) => insight.timeline(query),
    compare: ({ query: { ids } }) => insight.compare(ids),
  };
}
