// The insight answers built from queries and the pure analytics modules: "why are these two
// connected?", the timeline of figures and the side-by-side comparison. Routes only call these.
import type {
  CompareResponse,
  EntityRef,
  ExplainPath,
  ExplainResponse,
  Figure,
  QueryOf,
  TimelineFigure,
  TimelineResponse,
} from '../../contract/types';
import type { Db } from '../db/driver';
import { notFound } from '../errors';
import { compareGraph, entityRefs, explainPaths } from '../queries/analytics';
import { nodeDetails } from '../queries/explore';
import type { SchemaService } from '../schema-service';
import { alignFigures } from './compare';
import { chainSentence, hopSentence, type HopInput } from './sentences';
import type { AnalyticsService } from './service';
import { inWindow } from './timeline';

export class Insight {
  constructor(
    private readonly db: Db,
    private readonly schema: SchemaService,
    private readonly analytics: AnalyticsService,
  ) {}

  /** Relationship type names in both languages, from the schema (cached per data version). */
  private async relationshipNames() {
    const { relationshipTypes } = await this.schema.get();
    return new Map(relationshipTypes.map((r) => [r.type, { nameZh: r.nameZh, nameEn: r.nameEn }]));
  }

  /** Why two entities are connected: shortest paths as hops with quotes and sentences. */
  async explain(query: QueryOf<'explain'>): Promise<ExplainResponse> {
    const db = this.db;
    const found = new Map((await entityRefs(db, [query.from, query.to])).map((e) => [e.id, e]));
    for (const field of ['from', 'to'] as const) {
      if (!found.has(query[field])) throw notFound(`${field}: no entity with id "${query[field]}".`);
    }
    const ref = (id: string): EntityRef => {
      const { degree: _degree, ...entity } = found.get(id)!;
      return entity;
    };
    const body: ExplainResponse = {
      from: ref(query.from),
      to: ref(query.to),
      paths: [],
    };
    if (query.from !== query.to) {
      const [rows, names] = await Promise.all([explainPaths(db, query), this.relationshipNames()]);
      body.paths = rows
        .map((row): ExplainPath => {
          const inputs: HopInput[] = row.map((hop) => ({
            ...hop,
            ...names.get(hop.type),
            quote: hop.sources[0]?.quote,
          }));
          return {
            length: row.length,
            hops: row.map((hop, i) => ({
              from: hop.from,
              to: hop.to,
              relationship: {
                id: hop.id,
                type: hop.type,
                ...names.get(hop.type),
                forward: hop.forward,
                sources: hop.sources,
              },
              sentence: hopSentence(inputs[i]!),
            })),
            chain: chainSentence(inputs),
          };
        })
        // allShortestPaths returns paths in no particular order; a stable one reads better.
        .sort((a, b) => a.chain.en.localeCompare(b.chain.en));
    }
    return body;
  }

  /** The periods of the data and, for a window, the figures and dated entities in it. */
  async timeline({ from, to, mode, limit }: QueryOf<'getTimeline'>): Promise<TimelineResponse> {
    const db = this.db;
    const index = await this.analytics.timeline();
    const body: TimelineResponse = {
      periods: index.periods,
      extent: index.extent,
      window: null,
      figures: [],
      entities: [],
      entityIds: [],
      truncated: false,
    };
    if (from || to) {
      const window = { from: from ?? '0000-01-01', to: to ?? '9999-12-31' };
      body.window = { ...window, mode };
      const figures = index.figures
        .filter((f) => inWindow(f, window, mode))
        .sort(
          (a, b) =>
            a.end.localeCompare(b.end) ||
            a.start.localeCompare(b.start) ||
            a.entityId.localeCompare(b.entityId),
        );
      const entities = index.entities.filter((e) => inWindow(e, window, mode));
      body.entityIds = [...new Set([...figures.map((f) => f.entityId), ...entities.map((e) => e.id)])].sort();
      body.entities = entities
        .slice(0, limit)
        .map(({ id, type, name, nameEn, start, end }) => ({ id, type, name, nameEn, start, end }));
      const shown = figures.slice(0, limit);
      body.truncated = figures.length > shown.length || entities.length > body.entities.length;
      // The figures themselves come from the entity detail query, so they are mapped in one place.
      const owners = [...new Set(shown.map((f) => f.entityId))];
      const details = await nodeDetails(db, owners);
      body.figures = shown.flatMap((item): TimelineFigure[] => {
        const node = details.get(item.entityId)?.node;
        const figure: Figure | undefined = node?.figures.find((f) => f.id === item.figureId);
        if (!node || !figure) return [];
        return [
          {
            ...figure,
            entity: { id: node.id, type: node.type, name: node.name, nameEn: node.nameEn },
            start: item.start,
            end: item.end,
          },
        ];
      });
    }
    return body;
  }

  /** Entities side by side: figures aligned, direct links, shared neighbours. */
  async compare(ids: string[]): Promise<CompareResponse> {
    const db = this.db;
    // One query for all of them (it was one per entity).
    const details = await nodeDetails(db, ids);
    const missing = ids.filter((id) => !details.has(id));
    if (missing.length) throw notFound(`ids: no entity with id ${missing.map((m) => `"${m}"`).join(', ')}.`);
    const found = ids.map((id) => details.get(id)!);
    const [graph, names] = await Promise.all([compareGraph(db, ids, 50), this.relationshipNames()]);
    const body: CompareResponse = {
      entities: found.map(({ node, degree }) => ({
        id: node.id,
        type: node.type,
        name: node.name,
        nameEn: node.nameEn,
        degree,
      })),
      rows: alignFigures(found.map(({ node }) => ({ id: node.id, figures: node.figures }))),
      links: graph.links.map((link) => ({ ...link, ...names.get(link.type) })),
      shared: graph.shared,
    };
    return body;
  }
}
