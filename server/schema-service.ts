// The knowledge graph's schema, cached briefly: it feeds /api/schema and the allowlist that type
// filters are checked against, and it only changes when a dataset is loaded.
import type { SchemaInfo } from '../shared-types/api';
import type { Db } from './db/driver';
import { badRequest } from './errors';
import { declaredTypes, schemaCounts } from './queries/explore';

export class SchemaService {
  private cached?: { at: number; value: Promise<SchemaInfo> };

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 10_000,
  ) {}

  get(): Promise<SchemaInfo> {
    if (!this.cached || Date.now() - this.cached.at > this.ttlMs) {
      const value = this.compute();
      this.cached = { at: Date.now(), value };
      value.catch(() => (this.cached = undefined));
    }
    return this.cached.value;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async compute(): Promise<SchemaInfo> {
    const [counts, declared] = await Promise.all([schemaCounts(this.db), declaredTypes(this.db)]);
    const nodeMeta = new Map(declared.nodeTypes.map((t) => [t.label, t]));
    const relMeta = new Map(declared.relationshipTypes.map((t) => [t.type, t]));
    const relTypes = new Map<string, SchemaInfo['relationshipTypes'][number]>();
    for (const join of counts.joins) {
      const entry = relTypes.get(join.type) ?? {
        ...relMeta.get(join.type),
        type: join.type,
        count: 0,
        joins: [],
      };
      entry.count += join.count;
      entry.joins.push({ from: join.from, to: join.to, count: join.count });
      relTypes.set(join.type, entry);
    }
    return {
      labels: counts.labels.map((l) => ({ ...nodeMeta.get(l.label), label: l.label, count: l.count })),
      relationshipTypes: [...relTypes.values()].sort((a, b) => b.count - a.count),
      propertyKeys: Object.fromEntries(counts.propertyKeys.map((p) => [p.label, p.keys])),
    };
  }

  /** Rejects filter values that name no type in the graph, listing the ones that exist. */
  async checkTypes(types: string[], relTypes: string[] = []): Promise<void> {
    if (!types.length && !relTypes.length) return;
    const schema = await this.get();
    const labels = new Set(schema.labels.map((l) => l.label));
    const unknown = types.filter((t) => !labels.has(t));
    if (unknown.length) {
      throw badRequest(`types: unknown type ${unknown.join(', ')}; known: ${[...labels].join(', ')}`, {
        field: 'types',
      });
    }
    const rels = new Set(schema.relationshipTypes.map((r) => r.type));
    const unknownRels = relTypes.filter((t) => !rels.has(t));
    if (unknownRels.length) {
      throw badRequest(
        `relTypes: unknown relationship type ${unknownRels.join(', ')}; known: ${[...rels].join(', ')}`,
        {
          field: 'relTypes',
        },
      );
    }
  }
}
