// A canonical dump of a store (or of one dataset in it) for tests that compare two loads: every node
// with its labels and typed properties, every relationship with its type, ends and typed properties,
// as sorted JSON lines. Nodes are named by their labels and `id` property, never by Neo4j's ids.
import type { Db } from '../../server/db/driver';
import { toPlain } from '../../server/db/mapper';

export interface GraphDump {
  nodes: string[];
  relationships: string[];
  labels: Record<string, number>;
  types: Record<string, number>;
}

/** Properties with Neo4j's type of each value, so a double and an integer, or two list types, differ. */
const PROPS = (v: string) => `[k IN keys(${v}) | [k, ${v}[k], valueType(${v}[k])]]`;

/**
 * Dumps the store, or only `dataset` (its entities, figures, documents, Dataset node and the
 * relationships among them). `timestamps` names properties whose values are load times: they are
 * checked to be there and replaced by a placeholder.
 */
export async function dumpGraph(db: Db, dataset?: string, timestamps = ['loadedAt']): Promise<GraphDump> {
  const inScope = (v: string) =>
    `($dataset IS NULL OR ${v}.dataset = $dataset OR (${v}:Dataset AND ${v}.id = $dataset))`;
  return db.read(
    async (tx) => {
      const nodes = await tx.run(
        `MATCH (n) WHERE ${inScope('n')}
         RETURN labels(n) AS labels, ${PROPS('n')} AS props`,
        { dataset: dataset ?? null },
      );
      const rels = await tx.run(
        `MATCH (a)-[r]->(b) WHERE ${inScope('a')} AND ${inScope('b')}
         RETURN type(r) AS type, labels(a) AS fromLabels, a.id AS from, labels(b) AS toLabels, b.id AS to,
                ${PROPS('r')} AS props`,
        { dataset: dataset ?? null },
      );
      const canonicalProps = (raw: unknown) =>
        (toPlain(raw) as [string, unknown, string][])
          .map(([k, v, t]): [string, unknown, string] => {
            if (!timestamps.includes(k)) return [k, v, t];
            if (typeof v !== 'string' || Number.isNaN(Date.parse(v)))
              throw new Error(`${k} is not a time: ${String(v)}`);
            return [k, '<time>', t];
          })
          .sort((x, y) => (x[0] < y[0] ? -1 : 1));
      const labels: Record<string, number> = {};
      const nodeLines = nodes.records.map((r) => {
        const nodeLabels = [...(r.get('labels') as string[])].sort();
        for (const l of nodeLabels) labels[l] = (labels[l] ?? 0) + 1;
        return JSON.stringify({ labels: nodeLabels, props: canonicalProps(r.get('props')) });
      });
      const types: Record<string, number> = {};
      const relLines = rels.records.map((r) => {
        const type = r.get('type') as string;
        types[type] = (types[type] ?? 0) + 1;
        return JSON.stringify({
          type,
          from: [[...(r.get('fromLabels') as string[])].sort(), r.get('from')],
          to: [[...(r.get('toLabels') as string[])].sort(), r.get('to')],
          props: canonicalProps(r.get('props')),
        });
      });
      return { nodes: nodeLines.sort(), relationships: relLines.sort(), labels, types };
    },
    { timeoutMs: 120_000 },
  );
}

/** Constraint and index names with what they cover (their ids and population differ per store). */
export async function dumpSchema(db: Db): Promise<string[]> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state
       RETURN name, type, entityType, labelsOrTypes, properties, state ORDER BY name`,
    );
    return result.records.map((r) => JSON.stringify(toPlain(r.toObject())));
  });
}
