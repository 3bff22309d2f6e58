// Insight: graph analytics, "why are these two connected?", the timeline of figures and the
// side-by-side comparison of entities.
import { z } from './zod';
import { bilingual, entityId, entityRef, figure, source } from './common';
import { idList, intParam, isoDate } from './params';

// ---- requests ----

export const analyticsQuery = z.object({
  top: intParam(1, 50, 10),
  ids: idList(1, 500).optional(),
});

export const explainQuery = z.object({
  from: entityId,
  to: entityId,
  maxLength: intParam(1, 6, 4),
  limit: intParam(1, 20, 5),
});

export const timelineQuery = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    mode: z.enum(['within', 'overlaps']).default('within'),
    limit: intParam(1, 2000, 300),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });

export const compareQuery = z.object({ ids: idList(2, 6) });

// ---- answers ----

export const centralityMeasure = z.enum(['degree', 'betweenness', 'pagerank']);

export const entityScores = z.object({
  /** Relationships to other entities. */
  degree: z.number(),
  /** Normalised to 0..1 (share of shortest paths between other pairs). */
  betweenness: z.number(),
  /** Sums to 1 over the graph. */
  pagerank: z.number(),
  /** Community id; 0 is the largest community. */
  community: z.number().int(),
});

export const rankedEntity = entityRef.extend({ score: z.number() });

export const communityInfo = z.object({
  id: z.number().int(),
  size: z.number().int().min(0),
  /** The best-connected members (by PageRank). */
  top: z.array(entityRef),
});

export const analyticsAnswer = z
  .object({
    /** Changes whenever the data changes; scores are cached per fingerprint. */
    fingerprint: z.string(),
    computedAt: z.string(),
    computeMs: z.number(),
    nodeCount: z.number().int().min(0),
    edgeCount: z.number().int().min(0),
    betweenness: z.object({
      exact: z.boolean(),
      samples: z.number().int().optional(),
      note: bilingual.optional(),
    }),
    modularity: z.number(),
    /** One sentence per measure. */
    explanations: z.object({
      degree: bilingual,
      betweenness: bilingual,
      pagerank: bilingual,
      community: bilingual,
    }),
    /** Highest value of each measure over the whole graph, for scaling. */
    max: z.object({ degree: z.number(), betweenness: z.number(), pagerank: z.number() }),
    hubs: z.array(rankedEntity),
    brokers: z.array(rankedEntity),
    communities: z.array(communityInfo),
    scores: z.record(z.string(), entityScores),
  })
  .meta({ title: 'Analytics' });

const relationshipNames = { nameZh: z.string().optional(), nameEn: z.string().optional() };

export const explainHop = z.object({
  from: entityRef,
  to: entityRef,
  relationship: z.object({
    id: z.string(),
    type: z.string(),
    ...relationshipNames,
    /** True when the relationship points from `from` to `to` (the direction of the walk). */
    forward: z.boolean(),
    sources: z.array(source),
  }),
  sentence: bilingual,
});

export const explainPath = z.object({
  length: z.number().int().min(1),
  hops: z.array(explainHop),
  /** The whole chain of names and relationships, without quotes. */
  chain: bilingual,
});

export const explainAnswer = z
  .object({ from: entityRef, to: entityRef, paths: z.array(explainPath) })
  .meta({ title: 'Explain' });

export const timelinePeriod = z.object({
  /** `start/end`, ISO dates. */
  key: z.string(),
  start: z.string(),
  end: z.string(),
  label: z.string(),
  labelEn: z.string(),
  /** Figures with this period or date. */
  figures: z.number().int().min(0),
  /** Entities dated by their own `date` or `year` (events, awards, articles). */
  entities: z.number().int().min(0),
});

export const timelineFigure = figure.extend({ entity: entityRef, start: z.string(), end: z.string() });

export const timelineAnswer = z
  .object({
    /** Ordered by end, then start: the order playback steps through. */
    periods: z.array(timelinePeriod),
    extent: z.object({ start: z.string(), end: z.string() }).nullable(),
    window: z.object({ from: z.string(), to: z.string(), mode: z.enum(['within', 'overlaps']) }).nullable(),
    /** Present with a window: figures in it, and entities dated in it. */
    figures: z.array(timelineFigure),
    entities: z.array(entityRef.extend({ start: z.string(), end: z.string() })),
    /** Entities with a figure or their own date in the window. */
    entityIds: z.array(z.string()),
    truncated: z.boolean(),
  })
  .meta({ title: 'Timeline' });

export const compareRow = z.object({
  key: z.string(),
  measure: z.string(),
  measureZh: z.string().optional(),
  unit: z.string(),
  unitZh: z.string().nullish(),
  period: z.object({ start: z.string(), end: z.string(), label: z.string(), labelEn: z.string() }).nullable(),
  /** How many of the compared entities have a value in this row. */
  aligned: z.number().int().min(0),
  cells: z.record(z.string(), z.array(figure)),
});

export const compareLink = z.object({
  id: z.string(),
  type: z.string(),
  ...relationshipNames,
  source: z.string(),
  target: z.string(),
  sources: z.array(source),
});

export const compareAnswer = z
  .object({
    entities: z.array(entityRef.extend({ degree: z.number().int().min(0) })),
    rows: z.array(compareRow),
    links: z.array(compareLink),
    /** Neighbours of at least two compared entities; `of` lists which. */
    shared: z.array(entityRef.extend({ of: z.array(z.string()) })),
  })
  .meta({ title: 'Compare' });

export type CentralityMeasure = z.output<typeof centralityMeasure>;
export type EntityScores = z.output<typeof entityScores>;
export type RankedEntity = z.output<typeof rankedEntity>;
export type CommunityInfo = z.output<typeof communityInfo>;
export type AnalyticsResponse = z.output<typeof analyticsAnswer>;
export type ExplainHop = z.output<typeof explainHop>;
export type ExplainPath = z.output<typeof explainPath>;
export type ExplainResponse = z.output<typeof explainAnswer>;
export type TimelinePeriod = z.output<typeof timelinePeriod>;
export type TimelineFigure = z.output<typeof timelineFigure>;
export type TimelineResponse = z.output<typeof timelineAnswer>;
export type CompareRow = z.output<typeof compareRow>;
export type CompareLink = z.output<typeof compareLink>;
export type CompareResponse = z.output<typeof compareAnswer>;
