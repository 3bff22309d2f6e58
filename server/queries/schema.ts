// The reads behind the schema service: the types every loaded dataset declares, and the counts of
// labels, relationship joins and property keys over the knowledge graph.
import type { RelTypeInfo, TypeInfo } from '../../contract/types';
import type { Db } from '../db/driver';

export interface DatasetTypes {
  nodeTypes: Omit<TypeInfo, 'count'>[];
  relationshipTypes: Omit<RelTypeInfo, 'count' | 'joins'>[];
}

/** Type metadata (names, colours, descriptions) declared by every loaded dataset. */
export async function declaredTypes(db: Db): Promise<DatasetTypes> {
  return db.read(async (tx) => {
    const result = await tx.run(
      'MATCH (d:Dataset) RETURN d.nodeTypes AS nodeTypes, d.relationshipTypes AS relTypes ORDER BY d.id',
    );
    const nodeTypes = new Map<string, Omit<TypeInfo, 'count'>>();
    const relationshipTypes = new Map<string, Omit<RelTypeInfo, 'count' | 'joins'>>();
    for (const record of result.records) {
      for (const t of JSON.parse(record.get('nodeTypes') as string) as Omit<TypeInfo, 'count'>[]) {
        if (!nodeTypes.has(t.label)) nodeTypes.set(t.label, t);
      }
      for (const t of JSON.parse(record.get('relTypes') as string) as Omit<
        RelTypeInfo,
        'count' | 'joins'
      >[]) {
        if (!relationshipTypes.has(t.type)) relationshipTypes.set(t.type, t);
      }
    }
    return { nodeTypes: [...nodeTypes.values()], relationshipTypes: [...relationshipTypes.values()] };
  });
}

export interface SchemaCounts {
  labels: { label: string; count: number }[];
  joins: { type: string; from: string; to: string; count: number }[];
  propertyKeys: { label: string; keys: string[] }[];
}

/** Counts over the knowledge graph only: Entity nodes and the relationships between them. */
export async function schemaCounts(db: Db): Promise<SchemaCounts> {
  return db.read(async (tx) => {
    const labels = await tx.run(
      'MATCH (n:Entity) RETURN n.type AS label, count(*) AS count ORDER BY count DESC, label',
    );
    const joins = await tx.run(
      `MATCH (a:Entity)-[r]->(b:Entity)
       RETURN type(r) AS type, a.type AS from, b.type AS to, count(*) AS count ORDER BY count DESC`,
    );
    const keys = await tx.run(
      `MATCH (n:Entity) WITH n.type AS label, keys(n) AS ks
       UNWIND ks AS k WITH label, k WHERE NOT k IN ['sourceArticles', 'sourceQuotes', 'searchText']
       RETURN label, collect(DISTINCT k) AS keys ORDER BY label`,
    );
    return {
      labels: labels.records.map((r) => ({ label: r.get('label') as string, count: Number(r.get('count')) })),
      joins: joins.records.map((r) => ({
        type: r.get('type') as string,
        from: r.get('from') as string,
        to: r.get('to') as string,
        count: Number(r.get('count')),
      })),
      propertyKeys: keys.records.map((r) => ({
        label: r.get('label') as string,
        keys: (r.get('keys') as string[]).sort(),
      })),
    };
  });
}
