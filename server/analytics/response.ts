// The body of /api/analytics: a computation's scores shaped for the client, with the bilingual
// explanations of each measure.
import type { AnalyticsResponse, CommunityInfo, EntityRef } from '../../contract/types';
import { topBy, type AnalyticsResult } from './metrics';

export const EXPLANATIONS: AnalyticsResponse['explanations'] = {
  degree: {
    zh: '连接数：与该实体直接相连的关系数量，越多说明它直接参与的往来越多。',
    en: 'Degree: how many relationships an entity has; the more it has, the more direct dealings it takes part in.',
  },
  betweenness: {
    zh: '中介中心性：其他实体之间的最短路径经过它的比例；数值高的实体是连接不同群体的“桥梁”。',
    en: 'Betweenness: the share of shortest paths between other entities that pass through it; high values mark brokers that bridge separate groups.',
  },
  pagerank: {
    zh: 'PageRank：与重要实体相连的实体自身也更重要，衡量它在整个网络中的影响力。',
    en: 'PageRank: an entity matters more when the entities linked to it matter; a network-wide measure of influence.',
  },
  community: {
    zh: '社区（Louvain 算法）：内部联系紧密、与外部联系稀疏的实体群组。',
    en: 'Community (Louvain): a group of entities densely linked to each other and sparsely to the rest.',
  },
};

/** One computation's result with what the answers need around it (see service.ts). */
export interface AnalyticsSnapshot {
  fingerprint: string;
  computedAt: string;
  computeMs: number;
  result: AnalyticsResult;
  refs: Map<string, EntityRef>;
}

/** The JSON body of /api/analytics from a snapshot; `ids` restricts the per-entity scores. */
export function analyticsResponse(
  snapshot: AnalyticsSnapshot,
  top: number,
  ids?: string[],
): AnalyticsResponse {
  const { result, refs } = snapshot;
  const max = { degree: 0, betweenness: 0, pagerank: 0 };
  for (const s of result.scores.values()) {
    max.degree = Math.max(max.degree, s.degree);
    max.betweenness = Math.max(max.betweenness, s.betweenness);
    max.pagerank = Math.max(max.pagerank, s.pagerank);
  }
  const wanted = ids?.length ? ids.filter((id) => result.scores.has(id)) : [...result.scores.keys()];
  const communities: CommunityInfo[] = result.communities.map((c) => ({
    id: c.id,
    size: c.members.length,
    top: c.members.slice(0, top),
  }));
  return {
    fingerprint: snapshot.fingerprint,
    computedAt: snapshot.computedAt,
    computeMs: snapshot.computeMs,
    nodeCount: result.nodeCount,
    edgeCount: result.edgeCount,
    betweenness: result.betweenness.exact
      ? { exact: true }
      : {
          exact: false,
          samples: result.betweenness.samples,
          note: {
            zh: `图中实体超过 ${result.betweenness.limit} 个，中介中心性由 ${result.betweenness.samples} 个随机起点抽样估算。`,
            en: `The graph has more than ${result.betweenness.limit} entities, so betweenness is estimated from ${result.betweenness.samples} sampled sources.`,
          },
        },
    modularity: result.modularity,
    explanations: EXPLANATIONS,
    max,
    hubs: topBy(result, refs, 'pagerank', top),
    brokers: topBy(result, refs, 'betweenness', top),
    communities: communities.slice(0, 50),
    scores: Object.fromEntries(wanted.map((id) => [id, result.scores.get(id)!])),
  };
}
