// The analytics and timeline behind the insight endpoints, cached per data fingerprint. Scores are
// computed in a worker thread (worker.ts); reading the graph and answering stay here.
import type { EntityRef, TimelinePeriod } from '../../contract/types';
import { DEFAULT_ANALYTICS_OPTIONS, type AnalyticsOptions } from './metrics';
import type { AnalyticsSnapshot } from './response';
import { collectPeriods, normalisePeriod, type TimedItem } from './timeline';
import { AnalyticsWorkers, type AnalyticsComputer } from './worker';
import { FingerprintCache } from '../data-cache';
import type { Db } from '../db/driver';
import { dataVersionOf, type DataVersion } from '../data-version';
import { datedEntities, figureTimes, knowledgeGraph } from '../queries/analytics';

export interface TimelineIndex {
  fingerprint: string;
  figures: (TimedItem & { entityId: string; figureId: string })[];
  entities: (TimedItem & EntityRef)[];
  periods: TimelinePeriod[];
  extent: { start: string; end: string } | null;
}

export interface AnalyticsServiceOptions {
  analytics?: AnalyticsOptions;
  /** Reading a whole large graph takes longer than an interactive query may. */
  readTimeoutMs?: number;
  /** Where scores are computed: worker threads unless a test says otherwise. */
  computer?: AnalyticsComputer;
  /** The data's version; the database's shared one (data-version.ts) unless a test says otherwise. */
  version?: DataVersion;
}

/**
 * Scores and the timeline index, recomputed only when the data changes. Every call first asks the
 * data's version (data-version.ts, shared with the schema counts); the expensive reads happen once
 * per fingerprint. close() stops a running computation; the server calls it when it shuts down.
 */
export class AnalyticsService {
  private readonly analyticsCache = new FingerprintCache<AnalyticsSnapshot>();
  private readonly timelineCache = new FingerprintCache<TimelineIndex>();
  private readonly options: AnalyticsOptions;
  private readonly readTimeoutMs: number;
  private readonly computer: AnalyticsComputer;
  private readonly version: DataVersion;

  constructor(
    private readonly db: Db,
    { analytics, readTimeoutMs, computer, version }: AnalyticsServiceOptions = {},
  ) {
    this.options = analytics ?? DEFAULT_ANALYTICS_OPTIONS;
    this.readTimeoutMs = readTimeoutMs ?? 120_000;
    this.computer = computer ?? new AnalyticsWorkers();
    this.version = version ?? dataVersionOf(db);
  }

  async analytics(): Promise<AnalyticsSnapshot> {
    const fingerprint = await this.version.current();
    return this.analyticsCache.get(fingerprint, async () => {
      const input = await knowledgeGraph(this.db, this.readTimeoutMs);
      const started = performance.now();
      const result = await this.computer.compute(input, this.options);
      return {
        fingerprint,
        computedAt: new Date().toISOString(),
        computeMs: Math.round(performance.now() - started),
        result,
        refs: new Map(input.nodes.map((n) => [n.id, n])),
      };
    });
  }

  async timeline(): Promise<TimelineIndex> {
    const fingerprint = await this.version.current();
    return this.timelineCache.get(fingerprint, async () => {
      const [figureRows, entityRows] = await Promise.all([
        figureTimes(this.db, this.readTimeoutMs),
        datedEntities(this.db, this.readTimeoutMs),
      ]);
      const figures = figureRows.flatMap((row) => {
        const period = normalisePeriod(row);
        return period ? [{ ...period, entityId: row.entityId, figureId: row.figureId }] : [];
      });
      const entities = entityRows.flatMap((row) => {
        const period = normalisePeriod({ date: row.date });
        return period ? [{ ...period, ...row.entity }] : [];
      });
      return { fingerprint, figures, entities, ...collectPeriods(figures, entities) };
    });
  }

  close(): Promise<void> {
    return this.computer.close();
  }
}
