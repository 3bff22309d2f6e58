// Cypher of the source documents: the list of articles, the facts that quote one article (the
// reader marks their sentences), and every row of one dataset for the export.
import type { Node, Relationship } from 'neo4j-driver';
import type { Db } from '../db/driver';
import { toPlain } from '../db/mapper';

type Props = Record<string, unknown>;

/**
 * The dataset's entities any of whose names (name, English name, an alias) occurs in `text`, for
 * the reader's chips that link a sentence to an entity instead of making a twin of it. Names of one
 * character are left out: they occur in nearly any text.
 */
export async function entitiesNamedIn(
  db: Db,
  dataset: string,
  text: string,
): Promise<{ id: string; type: string; name: string; nameEn: string; aliases: string[] }[]> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (n:Entity {dataset: $dataset})
       WITH n, [name IN [n.name, n.nameEn] + coalesce(n.aliases, []) WHERE name IS NOT NULL AND size(name) >= 2] AS names
       WHERE any(name IN names WHERE $text CONTAINS name OR toLower($text) CONTAINS toLower(name))
       RETURN n.id AS id, n.type AS type, n.name AS name, coalesce(n.nameEn, '') AS nameEn,
              coalesce(n.aliases, []) AS aliases
       ORDER BY n.id`,
      { dataset, text },
    );
    return result.records.map((r) => plain(r.toObject()) as never);
  });
}

/** One dataset's stored rows, which seed/export.ts turns back into a dataset file. */
export interface DatasetRows {
  meta: Props;
  documents: Props[];
  entities: { props: Props; figures: Props[] }[];
  relationships: { type: string; from: string; to: string; props: Props }[];
}
const plain = (v: unknown) => toPlain(v) as Props;

export async function listArticles(db: Db, dataset?: string): Promise<Props[]> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (s:SourceDocument) WHERE $dataset IS NULL OR s.dataset = $dataset
       RETURN s.id AS id, s.dataset AS dataset, s.title AS title, s.titleEn AS titleEn,
              s.publisher AS publisher, s.date AS date, s.language AS language
       ORDER BY s.date DESC, s.id`,
      { dataset: dataset ?? null },
    );
    return result.records.map((r) => plain(r.toObject()));
  });
}

export async function storedArticle(db: Db, id: string): Promise<Props | undefined> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (s:SourceDocument {id: $id})
       RETURN s {.id, .dataset, .title, .titleEn, .publisher, .publisherEn, .date, .authors, .url, .text,
                 .language, .format, .addedBy, .addedAt} AS s`,
      { id },
    );
    const record = result.records[0];
    return record ? plain(record.get('s')) : undefined;
  });
}

export interface Quoting {
  kind: 'entity' | 'relationship' | 'figure';
  id: string;
  label: string;
  quotes: string[];
}

/** Every entity, relationship and figure of the dataset with a source in this article, and its quotes there. */
export async function factsQuoting(db: Db, dataset: string, article: string): Promise<Quoting[]> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `CALL () {
         MATCH (n:Entity {dataset: $dataset}) WHERE $article IN n.sourceArticles
         RETURN 'entity' AS kind, n.id AS id, n.name AS label, n.sourceArticles AS articles, n.sourceQuotes AS quotes
         UNION ALL
         MATCH (a:Entity {dataset: $dataset})-[r]->(b:Entity) WHERE $article IN r.sourceArticles
         RETURN 'relationship' AS kind, r.id AS id, a.name + ' → ' + b.name AS label,
                r.sourceArticles AS articles, r.sourceQuotes AS quotes
         UNION ALL
         MATCH (n:Entity {dataset: $dataset})-[:HAS_FIGURE]->(f:Figure) WHERE $article IN f.sourceArticles
         RETURN 'figure' AS kind, f.id AS id, n.name + ': ' + coalesce(f.measureZh, f.measure) AS label,
                f.sourceArticles AS articles, f.sourceQuotes AS quotes
       }
       RETURN kind, id, label, articles, quotes`,
      { dataset, article },
    );
    return result.records.map((r) => {
      const articles = (r.get('articles') as string[] | null) ?? [];
      const quotes = (r.get('quotes') as string[] | null) ?? [];
      return {
        kind: r.get('kind') as Quoting['kind'],
        id: r.get('id') as string,
        label: (r.get('label') as string | null) ?? (r.get('id') as string),
        quotes: quotes.filter((_, i) => articles[i] === article),
      };
    });
  });
}

/** Everything of one dataset, ordered by id, as the export writes it; undefined for an unknown dataset. */
export async function datasetRows(
  db: Db,
  dataset: string,
  timeoutMs: number,
): Promise<DatasetRows | undefined> {
  return db.read(
    async (tx) => {
      const meta = await tx.run('MATCH (d:Dataset {id: $dataset}) RETURN d', { dataset });
      const d = meta.records[0]?.get('d') as Node | undefined;
      if (!d) return undefined;
      const documents = await tx.run(
        'MATCH (s:SourceDocument {dataset: $dataset}) RETURN s ORDER BY s.date, s.id',
        { dataset },
      );
      const entities = await tx.run(
        `MATCH (n:Entity {dataset: $dataset})
         CALL (n) {
           OPTIONAL MATCH (n)-[:HAS_FIGURE]->(f:Figure)
           WITH f ORDER BY f.id
           RETURN collect(f) AS figures
         }
         RETURN n, figures ORDER BY n.id`,
        { dataset },
      );
      const relationships = await tx.run(
        `MATCH (a:Entity {dataset: $dataset})-[r]->(b:Entity) WHERE r.dataset = $dataset
         RETURN r, a.id AS from, b.id AS to ORDER BY r.id, type(r)`,
        { dataset },
      );
      return {
        meta: plain(d.properties),
        documents: documents.records.map((r) => plain((r.get('s') as Node).properties)),
        entities: entities.records.map((r) => ({
          props: plain((r.get('n') as Node).properties),
          figures: (r.get('figures') as Node[]).map((f) => plain(f.properties)),
        })),
        relationships: relationships.records.map((r) => {
          const rel = r.get('r') as Relationship;
          return {
            type: rel.type,
            from: r.get('from') as string,
            to: r.get('to') as string,
            props: plain(rel.properties),
          };
        }),
      };
    },
    { timeoutMs },
  );
}
