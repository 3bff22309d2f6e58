// A validated dataset as the rows the Cypher in server/queries/dataset.ts writes: pure, shared by the
// one-transaction loader and the batched synthetic loader.
import type { DatasetFigure, ValidDataset } from '../../graph-seed/format';
import { placeEntities, type PlacedEntity } from '../../graph-seed/places/places';
import type { DatasetWrite, EntityRow, FigureRow, RelationshipRow } from '../queries/dataset';

const sourceProps = (sources: { article: string; quote: string }[]) => ({
  sourceArticles: sources.map((s) => s.article),
  sourceQuotes: sources.map((s) => s.quote),
});

/** Figures become flat node properties (Neo4j has no nested maps); nulls are left out. */
export function figureProps(dataset: string, f: DatasetFigure): Record<string, unknown> {
  const props: Record<string, unknown> = {
    id: f.id,
    dataset,
    measure: f.measure,
    measureZh: f.measureZh,
    value: f.value,
    valueMax: f.valueMax,
    qualifier: f.qualifier,
    unit: f.unit,
    unitZh: f.unitZh,
    multiplier: f.multiplier,
    currency: f.currency,
    periodStart: f.period?.start,
    periodEnd: f.period?.end,
    periodLabel: f.period?.label,
    periodLabelEn: f.period?.labelEn,
    date: f.date,
    beforeValue: f.before?.value,
    beforeValueMax: f.before?.valueMax,
    beforeQualifier: f.before?.qualifier,
    shareOf: f.share?.of,
    shareOfEn: f.share?.ofEn,
    ...sourceProps(f.sources),
  };
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined && v !== null));
}

/**
 * Pure: the rows the Cypher in server/queries/dataset.ts writes. `loadedAt` stamps the Dataset node
 * on every load; it is part of the data fingerprint (server/data-version.ts)
 * that tells the schema counts and analytics caches to recompute.
 */
export function toWrite(
  data: ValidDataset,
  loadedAt = new Date().toISOString(),
  placed: ReadonlyMap<string, PlacedEntity> = placeEntities(data.nodes).placed,
): DatasetWrite {
  const entitiesByLabel = new Map<string, EntityRow[]>();
  const figures: FigureRow[] = [];
  for (const n of data.nodes) {
    const where = placed.get(n.id);
    const row: EntityRow = {
      id: n.id,
      props: {
        ...n.properties,
        id: n.id,
        type: n.type,
        dataset: data.id,
        name: n.name,
        nameEn: n.nameEn,
        aliases: n.aliases,
        // Where the map layout puts it; `place` as the dataset wrote it, `placeCode` what it resolved to.
        ...(where ? { lng: where.lng, lat: where.lat } : {}),
        ...(where?.placeCode ? { placeCode: where.placeCode } : {}),
        ...(n.place ? { place: n.place } : {}),
        ...sourceProps(n.sources),
      },
    };
    const sameType = entitiesByLabel.get(n.type) ?? [];
    sameType.push(row);
    entitiesByLabel.set(n.type, sameType);
    for (const f of n.figures) figures.push({ entityId: n.id, props: figureProps(data.id, f) });
  }
  const relationshipsByType = new Map<string, RelationshipRow[]>();
  for (const e of data.edges) {
    const row: RelationshipRow = {
      id: e.id,
      source: e.source,
      target: e.target,
      props: { ...e.properties, id: e.id, dataset: data.id, ...sourceProps(e.sources) },
    };
    const sameType = relationshipsByType.get(e.type) ?? [];
    sameType.push(row);
    relationshipsByType.set(e.type, sameType);
  }
  return {
    meta: {
      id: data.id,
      title: data.title,
      titleEn: data.titleEn ?? null,
      nodeTypes: JSON.stringify(data.nodeTypes),
      relationshipTypes: JSON.stringify(data.relationshipTypes),
      glossary: JSON.stringify(data.glossary ?? []),
      loadedAt,
    },
    documents: data.articles.map((a) => ({
      id: a.id,
      dataset: data.id,
      title: a.title,
      titleEn: a.titleEn ?? null,
      publisher: a.publisher ?? null,
      publisherEn: a.publisherEn ?? null,
      date: a.date,
      authors: a.authors,
      url: a.url ?? null,
      language: a.language ?? null,
      text: data.articleTexts[a.id] ?? '',
    })),
    entitiesByLabel,
    figures,
    relationshipsByType,
  };
}
