// Cypher of the imports (server/imports/): what a table's rows are matched against (the entities of
// a dataset), and which ids of a dataset file already belong to another dataset.
import type { ManagedTransaction } from 'neo4j-driver';

/** An entity as a table's cells may name it: by id, name, English name or alias. */
export interface NamedEntity {
  id: string;
  type: string;
  name: string;
  nameEn: string;
  aliases: string[];
}

export async function datasetEntityNames(tx: ManagedTransaction, dataset: string): Promise<NamedEntity[]> {
  const result = await tx.run(
    `MATCH (n:Entity {dataset: $dataset})
     RETURN n.id AS id, n.type AS type, n.name AS name, coalesce(n.nameEn, '') AS nameEn,
            coalesce(n.aliases, []) AS aliases`,
    { dataset },
  );
  return result.records.map((r) => ({
    id: r.get('id') as string,
    type: (r.get('type') as string | null) ?? '',
    name: (r.get('name') as string | null) ?? '',
    nameEn: r.get('nameEn') as string,
    aliases: r.get('aliases') as string[],
  }));
}

/** Of the given entity ids, those taken in any dataset. */
export async function entityIdsTaken(tx: ManagedTransaction, ids: string[]): Promise<Set<string>> {
  const result = await tx.run('MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id', { ids });
  return new Set(result.records.map((r) => r.get('id') as string));
}

export interface ForeignIds {
  entities: Map<string, string>;
  figures: Map<string, string>;
  articles: Map<string, string>;
}

/**
 * Ids of a dataset file that belong to another dataset, with that dataset: loading would take them
 * over (entities, figures and documents are unique by id across datasets).
 */
export async function idsOfOtherDatasets(
  tx: ManagedTransaction,
  dataset: string,
  ids: { entities: string[]; figures: string[]; articles: string[] },
): Promise<ForeignIds> {
  const result = await tx.run(
    `CALL () { MATCH (n:Entity) WHERE n.id IN $entities AND n.dataset <> $dataset
               RETURN collect([n.id, n.dataset]) AS entities }
     CALL () { MATCH (f:Figure) WHERE f.id IN $figures AND f.dataset <> $dataset
               RETURN collect([f.id, f.dataset]) AS figures }
     CALL () { MATCH (s:SourceDocument) WHERE s.id IN $articles AND s.dataset <> $dataset
               RETURN collect([s.id, s.dataset]) AS articles }
     RETURN entities, figures, articles`,
    { dataset, ...ids },
  );
  const record = result.records[0]!;
  const pairs = (key: string) => new Map(record.get(key) as [string, string][]);
  return { entities: pairs('entities'), figures: pairs('figures'), articles: pairs('articles') };
}

export async function datasetExists(tx: ManagedTransaction, dataset: string): Promise<boolean> {
  const result = await tx.run('MATCH (d:Dataset {id: $dataset}) RETURN count(d) AS n', { dataset });
  return Number(result.records[0]?.get('n') ?? 0) > 0;
}
