// The knowledge graph's schema: it feeds /api/schema and the allowlist that type filters are
// checked against. Counting it scans the whole graph (1.2–2.4 s at 100k entities, BENCHMARKS.md),
// and it only changes when a dataset is loaded or removed, so it is computed once per data
// fingerprint: every dataset's id, load time and load state plus element counts, which Neo4j
// answers from its count store. Analysts' stories, views and notes do not change it.
import type { SchemaInfo } from '../contract/types';
import type { Db } from './db/driver';
import { DataCache } from './data-cache';
import { dataVersionOf, type DataVersion } from './data-version';
import { AppError } from './errors';
import { declaredTypes, schemaCounts } from './queries/schema';

// Its own code: the request is well-formed (the document cannot list the types a dataset loads).
const unknownType = (message: string, details: Record<string, unknown>) =>
  new AppError(400, 'UNKNOWN_TYPE', message, details);

export class SchemaService {
  private readonly cache = new DataCache(() => this.fingerprint(), 1);
  /** How many times the schema was counted (tests read it to see a reuse). */
  computations = 0;

  constructor(
    private readonly db: Db,
    private readonly version: DataVersion = dataVersionOf(db),
  ) {}

  get(): Promise<SchemaInfo> {
    return this.cache.get('schema', () => this.compute());
  }

  /** Forgets the counts, e.g. after this process loaded a dataset. */
  invalidate(): void {
    this.cache.clear();
    this.version.forget();
  }

  /** The data's fingerprint through the one throttle (data-version.ts); other caches follow it too. */
  fingerprint(): Promise<string> {
    return this.version.current();
  }

  private async compute(): Promise<SchemaInfo> {
    this.computations++;
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
      throw unknownType(`types: unknown type ${unknown.join(', ')}; known: ${[...labels].join(', ')}`, {
        field: 'types',
      });
    }
    const rels = new Set(schema.relationshipTypes.map((r) => r.type));
    const unknownRels = relTypes.filter((t) => !rels.has(t));
    if (unknownRels.length) {
      throw unknownType(
        `relTypes: unknown relationship type ${unknownRels.join(', ')}; known: ${[...rels].join(', ')}`,
        {
          field: 'relTypes',
        },
      );
    }
  }
}
