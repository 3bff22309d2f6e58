// Handlers of the sources and facts rooms: adding and reading source documents, the fact writes
// (server/facts/service.ts does the checking and writing), the change history and the export.
// The writer's name comes from the write-access rule (security.ts writerOf).
import type { Change, StoredArticle } from '../../contract/types';
import type { Config } from '../config';
import type { Db } from '../db/driver';
import { figureOf } from '../db/mapper';
import { notFound } from '../errors';
import { FactService } from '../facts/service';
import { listChanges, readOntology } from '../queries/facts';
import { datasetRows, entitiesNamedIn, factsQuoting, listArticles, storedArticle } from '../queries/sources';
import { backedSentences } from '../sources/reading';
import type { HandlersOf } from '../routing';
import { writerOf } from '../security';
import { datasetFile } from '../seed/export';

type SourcesOperation =
  | 'listArticles'
  | 'addArticle'
  | 'getReading'
  | 'createEntity'
  | 'updateEntity'
  | 'deleteEntity'
  | 'getDependents'
  | 'mergeEntities'
  | 'createRelationship'
  | 'updateRelationship'
  | 'deleteRelationship'
  | 'createFigure'
  | 'updateFigure'
  | 'deleteFigure'
  | 'listChanges'
  | 'undoChange'
  | 'exportDataset';

/** The export reads a whole dataset: longer than an ordinary read may take. */
const EXPORT_TIMEOUT_MS = 120_000;

export function sourcesHandlers(db: Db, _config: Config): HandlersOf<SourcesOperation> {
  const facts = new FactService(db);
  return {
    listArticles: async ({ query }) => ({
      articles: (await listArticles(db, query.dataset)) as { id: string; dataset: string; title: string }[],
    }),
    addArticle: async ({ body }, { res }) => {
      const added = await facts.addArticle(writerOf(res), body);
      return { ...added, article: added.article as StoredArticle };
    },
    getReading: async ({ params: { id } }) => {
      const article = await storedArticle(db, id);
      if (!article) throw notFound(`No article with id "${id}".`);
      const dataset = article.dataset as string;
      const quoting = await factsQuoting(db, dataset, id);
      const ontology = await db.read((tx) => readOntology(tx, dataset));
      const known = await entitiesNamedIn(db, dataset, article.text as string);
      return {
        article: article as StoredArticle,
        sentences: backedSentences(article.text as string, quoting),
        nodeTypes: (ontology?.nodeTypes ?? []) as { label: string }[],
        relationshipTypes: (ontology?.relationshipTypes ?? []) as { type: string }[],
        known,
      };
    },

    createEntity: async ({ body }, { res }) => {
      const { change, result } = await facts.createEntity(writerOf(res), body);
      return { entity: result, change };
    },
    updateEntity: async ({ params: { id }, body }, { res }) => {
      const { change, result } = await facts.updateEntity(writerOf(res), id, body);
      return { entity: result, change };
    },
    deleteEntity: async ({ params: { id }, query }, { res }) => ({
      change: (await facts.deleteEntity(writerOf(res), id, query.version)).change,
    }),
    getDependents: ({ params: { id } }) => facts.dependents(id),
    mergeEntities: async ({ params: { id }, body }, { res }) => {
      const { change, result } = await facts.merge(writerOf(res), id, body);
      return { entity: result, change };
    },

    createRelationship: async ({ body }, { res }) => {
      const { change, result } = await facts.createRelationship(writerOf(res), body);
      return { relationship: result, change };
    },
    updateRelationship: async ({ params: { id }, body }, { res }) => {
      const { change, result } = await facts.updateRelationship(writerOf(res), id, body);
      return { relationship: result, change };
    },
    deleteRelationship: async ({ params: { id }, query }, { res }) => ({
      change: (await facts.deleteRelationship(writerOf(res), id, query.version)).change,
    }),

    createFigure: async ({ body }, { res }) => figureAnswer(await facts.createFigure(writerOf(res), body)),
    updateFigure: async ({ params: { id }, body }, { res }) =>
      figureAnswer(await facts.updateFigure(writerOf(res), id, body)),
    deleteFigure: async ({ params: { id }, query }, { res }) => ({
      change: (await facts.deleteFigure(writerOf(res), id, query.version)).change,
    }),

    listChanges: async ({ query }) => ({
      changes: (await listChanges(db, query)).map((c): Change => {
        const entries = JSON.parse(c.entries) as { before: unknown; after: unknown }[];
        return {
          id: c.id,
          at: c.at,
          who: c.who,
          action: c.action,
          summary: c.summary,
          dataset: c.dataset,
          entities: c.entities ?? [],
          articles: c.articles ?? [],
          before: entries.map((e) => e.before),
          after: entries.map((e) => e.after),
          undoes: c.undoes ?? null,
          undoneBy: c.undoneBy ?? null,
        };
      }),
    }),
    undoChange: async ({ params: { id } }, { res }) => {
      const { change } = await facts.undo(writerOf(res), id);
      return { change, undoes: id };
    },

    exportDataset: async ({ params: { id } }) => {
      const rows = await datasetRows(db, id, EXPORT_TIMEOUT_MS);
      if (!rows) throw notFound(`No dataset with id "${id}".`);
      return datasetFile(rows) as { format: 'kg-explorer/dataset@1'; id: string };
    },
  };
}

/** A figure as the API answers it (contract/common.ts figure) with its entity and version. */
function figureAnswer({
  change,
  figure,
}: {
  change: string;
  figure: { id: string; entity: string; props: Record<string, unknown> };
}) {
  const p = figure.props;
  const f = figureOf(p);
  return {
    change,
    figure: { ...f, entity: figure.entity, version: (p._version as number | undefined) ?? 1 },
  };
}
