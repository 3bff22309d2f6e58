// Owns the way back from stored rows to a `kg-explorer/dataset@1` file: the inverse of rows.ts, so a
// dataset curated in the explorer can be exported, kept in git and loaded again to the same graph.
// Pure; its reads are in queries/sources.ts (datasetRows).
import type { DatasetFigure } from '../../graph-seed/format';
import { RESERVED_PROPERTY } from '../../graph-seed/format';
import type { DatasetRows } from '../queries/sources';

type Props = Record<string, unknown>;

const sources = (p: Props) => {
  const articles = (p.sourceArticles as string[] | undefined) ?? [];
  const quotes = (p.sourceQuotes as string[] | undefined) ?? [];
  return articles.map((article, i) => ({ article, quote: quotes[i] ?? '' }));
};

/** The dataset's own properties of an entity or relationship: what is not the loader's or the app's. */
export const userProperties = (p: Props): Props =>
  Object.fromEntries(Object.entries(p).filter(([k]) => !RESERVED_PROPERTY.test(k)));

const defined = <T extends Props>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

/** A stored figure's flat properties regrouped as the dataset format writes a figure (rows.ts figureProps). */
export function figureFromProps(p: Props): DatasetFigure {
  const period = defined({
    start: p.periodStart as string | undefined,
    end: p.periodEnd as string | undefined,
    label: p.periodLabel as string | undefined,
    labelEn: p.periodLabelEn as string | undefined,
  });
  return defined({
    id: p.id as string,
    measure: p.measure as string,
    measureZh: p.measureZh as string | undefined,
    value: p.value as number,
    valueMax: p.valueMax as number | undefined,
    qualifier: p.qualifier as DatasetFigure['qualifier'],
    unit: p.unit as string,
    unitZh: p.unitZh as string | undefined,
    multiplier: p.multiplier as number | undefined,
    currency: p.currency as string | undefined,
    period: Object.keys(period).length ? period : undefined,
    date: p.date as string | undefined,
    before:
      p.beforeValue === undefined || p.beforeValue === null
        ? undefined
        : defined({
            value: p.beforeValue as number,
            valueMax: p.beforeValueMax as number | undefined,
            qualifier: p.beforeQualifier as DatasetFigure['qualifier'],
          }),
    share:
      p.shareOf === undefined || p.shareOf === null
        ? undefined
        : defined({ of: p.shareOf as string, ofEn: p.shareOfEn as string | undefined }),
    sources: sources(p),
  }) as DatasetFigure;
}

const parseJson = (v: unknown): unknown[] => (typeof v === 'string' && v ? (JSON.parse(v) as unknown[]) : []);

/** The dataset file of stored rows, with each article's text inline (graph-seed/FORMAT.md). */
export function datasetFile(rows: DatasetRows): Record<string, unknown> {
  const m = rows.meta;
  const glossary = parseJson(m.glossary);
  return defined({
    format: 'kg-explorer/dataset@1',
    id: m.id as string,
    title: m.title as string,
    titleEn: m.titleEn as string | undefined,
    articles: rows.documents.map((d) =>
      defined({
        id: d.id,
        text: d.text ?? '',
        title: d.title,
        titleEn: d.titleEn,
        publisher: d.publisher,
        publisherEn: d.publisherEn,
        date: d.date,
        authors: d.authors ?? [],
        url: d.url,
        language: d.language,
      }),
    ),
    nodeTypes: parseJson(m.nodeTypes),
    relationshipTypes: parseJson(m.relationshipTypes),
    glossary: glossary.length ? glossary : undefined,
    nodes: rows.entities.map(({ props: p, figures }) =>
      defined({
        id: p.id,
        type: p.type,
        name: p.name,
        nameEn: p.nameEn,
        aliases: p.aliases ?? [],
        // The place as the dataset wrote it, or the coordinates when it gave those.
        place: p.place,
        lng: p.place === undefined ? p.lng : undefined,
        lat: p.place === undefined ? p.lat : undefined,
        properties: userProperties(p),
        sources: sources(p),
        figures: figures.map(figureFromProps),
      }),
    ),
    edges: rows.relationships.map((r) => ({
      id: r.props.id,
      source: r.from,
      target: r.to,
      type: r.type,
      properties: userProperties(r.props),
      sources: sources(r.props),
    })),
  });
}
