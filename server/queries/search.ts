// Cypher behind search: the reads that fill the search catalogue (server/search/catalogue.ts).
// Search itself runs over the catalogue in memory; nothing here depends on what was typed.
import type { Db } from '../db/driver';
import { toPlain } from '../db/mapper';
import type { Record as Neo4jRecord } from 'neo4j-driver';
import type { DocumentRow, EntityRow, FigureRow, RelationshipRow } from '../search/catalogue';
import type { RowsPart } from '../search/protocol';
import type { GlossaryEntry } from '../search/glossary';

/** Reading every name, figure and sentence of a 100k graph takes seconds, not the default read's 5 s. */
export const CATALOGUE_READ_TIMEOUT_MS = 120_000;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** Rows per part handed to the sink: small enough that the main thread never holds the whole catalogue. */
export const CATALOGUE_PART_ROWS = 5_000;

/** Where the catalogue's rows go as they arrive (server/search/search-thread.ts's load). */
export interface CatalogueSink {
  /** A (new) read began: forget any parts of an earlier attempt. */
  begin(): void;
  part(part: RowsPart): Promise<void>;
}

/**
 * Everything the search catalogue is built from, read in one transaction so the parts agree, and
 * handed on in parts as records arrive: at 100k entities the rows are ~600k objects, which held
 * on the main thread cost a gigabyte of heap.
 */
export async function streamCatalogueRows(db: Db, sink: CatalogueSink): Promise<void> {
  await db.read(
    async (tx) => {
      sink.begin(); // a retried transaction starts over
      const stream = async <K extends RowsPart['part'], R>(
        part: K,
        query: string,
        toRow: (record: Neo4jRecord) => R,
      ): Promise<void> => {
        let rows: R[] = [];
        for await (const record of tx.run(query)) {
          rows.push(toRow(record));
          if (rows.length === CATALOGUE_PART_ROWS) {
            await sink.part({ part, rows } as unknown as RowsPart);
            rows = [];
          }
        }
        if (rows.length) await sink.part({ part, rows } as unknown as RowsPart);
      };
      // In the order the thread's CatalogueBuilder folds them in: sentences first, for the quotes.
      await stream(
        'documents',
        `MATCH (s:SourceDocument)
         RETURN s.id AS id, s.title AS title, s.titleEn AS titleEn, s.date AS date, s.text AS text
         ORDER BY s.date, s.id`,
        (r): DocumentRow => ({
          id: r.get('id') as string,
          title: text(r.get('title')) ?? (r.get('id') as string),
          titleEn: text(r.get('titleEn')),
          date: text(r.get('date')),
          text: text(r.get('text')) ?? '',
        }),
      );
      await stream(
        'entities',
        `MATCH (n:Entity)
         RETURN n.id AS id, n.type AS type, n.name AS name, n.nameEn AS nameEn, n.aliases AS aliases,
                COUNT { (n)--(:Entity) } AS degree, n.sourceArticles AS articles, n.sourceQuotes AS quotes`,
        (r): EntityRow => ({
          id: r.get('id') as string,
          type: r.get('type') as string,
          name: r.get('name') as string,
          nameEn: text(r.get('nameEn')) ?? '',
          aliases: strings(r.get('aliases')),
          degree: Number(r.get('degree')),
          sourceArticles: strings(r.get('articles')),
          sourceQuotes: strings(r.get('quotes')),
        }),
      );
      await stream(
        'figures',
        `MATCH (e:Entity)-[:HAS_FIGURE]->(f:Figure)
         RETURN e.id AS entityId, f {.*} AS props`,
        (r): FigureRow => {
          const p = toPlain(r.get('props')) as Record<string, unknown>;
          return {
            id: p.id as string,
            entityId: r.get('entityId') as string,
            measure: text(p.measure) ?? '',
            measureZh: text(p.measureZh),
            value: Number(p.value),
            valueMax: num(p.valueMax),
            beforeValue: num(p.beforeValue),
            unit: text(p.unit) ?? '',
            unitZh: text(p.unitZh),
            periodLabel: text(p.periodLabel),
            periodLabelEn: text(p.periodLabelEn),
            periodStart: text(p.periodStart),
            periodEnd: text(p.periodEnd),
            date: text(p.date),
            sourceArticles: strings(p.sourceArticles),
            sourceQuotes: strings(p.sourceQuotes),
          };
        },
      );
      await stream(
        'relationships',
        `MATCH (a:Entity)-[r]->(b:Entity)
         RETURN coalesce(r.id, elementId(r)) AS id, type(r) AS type, a.id AS source, b.id AS target,
                r.sourceArticles AS articles, r.sourceQuotes AS quotes`,
        (r): RelationshipRow => ({
          id: r.get('id') as string,
          type: r.get('type') as string,
          source: r.get('source') as string,
          target: r.get('target') as string,
          sourceArticles: strings(r.get('articles')),
          sourceQuotes: strings(r.get('quotes')),
        }),
      );
      const glossaries = await tx.run('MATCH (d:Dataset) RETURN d.glossary AS glossary ORDER BY d.id');
      await sink.part({
        part: 'glossary',
        rows: glossaries.records.flatMap((r) => parseGlossary(r.get('glossary'))),
      });
    },
    { timeoutMs: CATALOGUE_READ_TIMEOUT_MS },
  );
}

/** A Dataset node keeps its glossary as JSON (Neo4j has no nested lists); older loads have none. */
function parseGlossary(value: unknown): GlossaryEntry[] {
  if (typeof value !== 'string') return [];
  const parsed = JSON.parse(value) as unknown;
  return Array.isArray(parsed)
    ? parsed.filter(
        (e): e is GlossaryEntry =>
          typeof e === 'object' && e !== null && Array.isArray((e as GlossaryEntry).terms),
      )
    : [];
}
