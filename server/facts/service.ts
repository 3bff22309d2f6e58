// Owns the fact writes from sentences: each action (create, edit, merge, delete, undo, adding an
// article) checks its request against the stored data, computes the states it leaves, and commits
// them with the change-history record in one transaction. Every action is a list of entries
// (before → after); the undo of a change applies the same list backwards, after checking that
// nothing has changed those elements since.
import crypto from 'node:crypto';
import { RESERVED_PROPERTY } from '../../graph-seed/format';
import type {
  ArticleBody,
  Dependents,
  EntityBody,
  EntityUpdate,
  FigureBody,
  FigureUpdate,
  MergeBody,
  Quote,
  RelationshipBody,
  RelationshipUpdate,
} from '../../contract/types';
import { dataVersionOf } from '../data-version';
import { ensureRelationshipIdIndexes } from '../queries/dataset';
import type { Db } from '../db/driver';
import { AppError, notFound } from '../errors';
import {
  applyEntries,
  articleExists,
  bumpRevision,
  countFactsQuoting,
  createArticle,
  createDataset,
  deleteArticle,
  figureIdTaken,
  MissingEnd,
  notesOf,
  readArticleText,
  readChange,
  readEntities,
  readFigure,
  readFiguresOf,
  readOntology,
  readRelationship,
  readRelationshipsOf,
  readState,
  recordChange,
  writeOntology,
  type ChangeEntry,
  type ChangeRecord,
  type DatasetOntology,
  type ElementState,
  type EntityState,
  type FigureState,
  type RelationshipState,
} from '../queries/facts';
import type { ManagedTransaction } from 'neo4j-driver';
import { figureFromProps } from '../seed/export';
import { figureProps } from '../seed/rows';
import { documentText, segmentSentences } from '../sources/text';
import {
  labelRefusal,
  newId,
  quoteOccurs,
  refuse,
  relTypeRefusal,
  sameState,
  staleVersion,
  VERSION_KEY,
  versionOf,
  withSource,
} from './checks';

type Props = Record<string, unknown>;
const random = () => crypto.randomBytes(3).toString('hex');

interface Committed<T> {
  change: string;
  result: T;
}

export interface Action<T> {
  action: string;
  summary: string;
  dataset: string;
  entries: ChangeEntry[];
  /** Articles the change concerns beyond those its elements quote (an added article). */
  articles?: string[];
  undoes?: string;
  result: T;
  /** Runs after the writes, before the record and the commit (the import's test hold). */
  afterWrites?: () => Promise<void>;
}

/** Entities and articles a change concerns, for the per-entity and per-article history. */
function concerns(entries: ChangeEntry[]): { entities: string[]; articles: string[] } {
  const entities = new Set<string>();
  const articles = new Set<string>();
  for (const state of entries.flatMap((e) => [e.before, e.after])) {
    if (!state) continue;
    if (state.kind === 'entity') entities.add(state.id);
    else if (state.kind === 'figure') entities.add(state.entity);
    else {
      entities.add(state.from);
      entities.add(state.to);
    }
    for (const a of (state.props.sourceArticles as string[] | undefined) ?? []) articles.add(a);
  }
  return { entities: [...entities], articles: [...articles] };
}

const checkProperties = (properties: Props, field = 'properties') => {
  for (const key of Object.keys(properties)) {
    if (RESERVED_PROPERTY.test(key)) throw refuse('BAD_PROPERTY', `${field}.${key}`, 'is reserved');
  }
  return properties;
};

/** Core keys of an entity or relationship kept when its own properties are replaced. */
const withUserProperties = (props: Props, properties: Props): Props => ({
  ...Object.fromEntries(Object.entries(props).filter(([k]) => RESERVED_PROPERTY.test(k))),
  ...properties,
});

export class FactService {
  constructor(private readonly db: Db) {}

  /**
   * Runs one action in one write transaction: its checks, its states, the record of the change.
   * The imports (server/imports/service.ts) commit their actions through it too.
   */
  async commit<T>(who: string, work: (tx: ManagedTransaction) => Promise<Action<T>>): Promise<Committed<T>> {
    try {
      const committed = await this.db.write(async (tx) => {
        const action = await work(tx);
        await applyEntries(tx, action.entries);
        await action.afterWrites?.();
        await bumpRevision(tx, action.dataset);
        const id = crypto.randomUUID();
        const about = concerns(action.entries);
        await recordChange(tx, {
          id,
          at: new Date().toISOString(),
          who,
          action: action.action,
          summary: action.summary,
          dataset: action.dataset,
          entities: about.entities,
          articles: [...new Set([...about.articles, ...(action.articles ?? [])])],
          entries: JSON.stringify(action.entries),
          undoes: action.undoes ?? null,
          undoneBy: null,
        });
        return { change: id, result: action.result, written: action.entries };
      });
      await this.indexRelationshipTypes(committed.written);
      return { change: committed.change, result: committed.result };
    } catch (error) {
      if (error instanceof MissingEnd) {
        throw new AppError(409, 'CONFLICT', `The change needs ${error.message}, which is gone.`);
      }
      throw error;
    } finally {
      // This process changed the data: every cache reads the fingerprint again now, not in a second.
      dataVersionOf(this.db).forget();
    }
  }

  /**
   * Relationship types this service has seen indexed (queries/dataset.ts ensureRelationshipIdIndexes):
   * a type an analyst declares gets its id index once its first relationship is committed (Neo4j
   * does not mix schema and data writes in one transaction). Until then, and if creating it fails,
   * a lookup by id reads that type's relationships only, so nothing is lost but speed.
   */
  private readonly indexedTypes = new Set<string>();

  private async indexRelationshipTypes(entries: ChangeEntry[]): Promise<void> {
    const types = new Set(
      entries.flatMap(({ after }) => (after?.kind === 'relationship' ? [after.type] : [])),
    );
    const missing = [...types].filter((type) => !this.indexedTypes.has(type));
    if (!missing.length) return;
    try {
      await ensureRelationshipIdIndexes(this.db, missing);
      for (const type of missing) this.indexedTypes.add(type);
    } catch (error) {
      // The write has committed: its answer stands, and the next write of the type tries again.
      console.warn(
        `[facts] could not index relationships of ${missing.join(', ')}: ${(error as Error).message}`,
      );
    }
  }

  // ---- checks shared by the actions ----

  /** The article of a quote, in the dataset the fact belongs to, with the quote found in its text. */
  private async checkQuote(tx: ManagedTransaction, source: Quote, field: string, dataset?: string) {
    const article = await readArticleText(tx, source.article);
    if (!article)
      throw refuse('UNKNOWN_ARTICLE', `${field}.article`, `no article with id "${source.article}"`);
    if (dataset && article.dataset !== dataset) {
      throw refuse(
        'OTHER_DATASET',
        `${field}.article`,
        `the article is in dataset "${article.dataset}", the fact in "${dataset}"`,
      );
    }
    if (!quoteOccurs(article.text, source.quote)) {
      throw refuse('QUOTE_NOT_FOUND', `${field}.quote`, `not found verbatim in article "${source.article}"`);
    }
    return article;
  }

  private async ontology(tx: ManagedTransaction, dataset: string): Promise<DatasetOntology> {
    const ontology = await readOntology(tx, dataset);
    if (!ontology) throw notFound(`No dataset with id "${dataset}".`);
    return ontology;
  }

  /** The type is declared in the ontology, or declared now (written with the action). */
  private async checkNodeType(tx: ManagedTransaction, dataset: string, label: string, declare?: Props) {
    const ontology = await this.ontology(tx, dataset);
    if (ontology.nodeTypes.some((t) => t.label === label)) return;
    if (!declare) {
      throw refuse(
        'UNKNOWN_TYPE',
        'type',
        `"${label}" is not a type of dataset "${dataset}"; declare it with declareType or pick one of ` +
          ontology.nodeTypes.map((t) => t.label).join(', '),
      );
    }
    const refusal = labelRefusal(label);
    if (refusal) throw refuse('BAD_TYPE', 'type', refusal);
    ontology.nodeTypes.push({ label, ...declare });
    await writeOntology(tx, ontology);
  }

  private async checkRelType(tx: ManagedTransaction, dataset: string, type: string, declare?: Props) {
    const ontology = await this.ontology(tx, dataset);
    if (ontology.relationshipTypes.some((t) => t.type === type)) return;
    if (!declare) {
      throw refuse(
        'UNKNOWN_TYPE',
        'type',
        `"${type}" is not a relationship type of dataset "${dataset}"; declare it with declareType`,
      );
    }
    const refusal = relTypeRefusal(type);
    if (refusal) throw refuse('BAD_TYPE', 'type', refusal);
    ontology.relationshipTypes.push({ type, ...declare });
    await writeOntology(tx, ontology);
  }

  private async entity(tx: ManagedTransaction, id: string, field?: string): Promise<EntityState> {
    const state = (await readEntities(tx, [id])).get(id);
    if (!state)
      throw field
        ? refuse('DANGLING_END', field, `no entity with id "${id}"`)
        : notFound(`No entity with id "${id}".`);
    return state;
  }

  // ---- articles ----

  async addArticle(
    who: string,
    body: ArticleBody & { language: string; format: 'text' | 'markdown' | 'html'; authors: string[] },
  ) {
    const text = documentText(body.content, body.format);
    if (!text) throw refuse('EMPTY_DOCUMENT', 'content', 'has no text once reduced');
    const sentences = segmentSentences(text);
    const id = body.id ?? newId(`src-${body.date}`, body.titleEn ?? '', random);
    const addedAt = new Date().toISOString();
    const article = {
      id,
      dataset: body.dataset,
      title: body.title,
      titleEn: body.titleEn ?? null,
      publisher: body.publisher ?? null,
      publisherEn: body.publisherEn ?? null,
      date: body.date,
      authors: body.authors,
      url: body.url ?? null,
      language: body.language,
      format: body.format,
      addedBy: who,
      addedAt,
      text,
    };
    const { change } = await this.commit(who, async (tx) => {
      if (await articleExists(tx, id)) {
        throw new AppError(409, 'CONFLICT', `id: an article with id "${id}" exists`, { field: 'id' });
      }
      if (!(await readOntology(tx, body.dataset))) {
        await createDataset(tx, body.dataset, body.datasetTitle ?? body.dataset, addedAt);
      }
      await createArticle(tx, Object.fromEntries(Object.entries(article).filter(([, v]) => v !== null)));
      return {
        action: 'add-article',
        summary: `added article “${body.title}”`,
        dataset: body.dataset,
        entries: [],
        articles: [id],
        result: undefined,
      };
    });
    return { article, paragraphs: new Set(sentences.map((s) => s.paragraph)).size, sentences, change };
  }

  // ---- entities ----

  async createEntity(who: string, body: EntityBody) {
    return this.commit(who, async (tx) => {
      const article = await this.checkQuote(tx, body.source, 'source');
      const dataset = article.dataset;
      await this.checkNodeType(tx, dataset, body.type, body.declareType);
      const id = body.id ?? newId('', body.nameEn, random);
      if ((await readEntities(tx, [id])).size) {
        throw new AppError(409, 'CONFLICT', `id: an entity with id "${id}" exists`, { field: 'id' });
      }
      const after: EntityState = {
        kind: 'entity',
        id,
        label: body.type,
        props: withSource(
          {
            ...checkProperties(body.properties),
            id,
            type: body.type,
            dataset,
            name: body.name,
            nameEn: body.nameEn,
            aliases: body.aliases,
            [VERSION_KEY]: 1,
          },
          body.source,
        ),
      };
      return {
        action: 'create-entity',
        summary: `created ${body.type} “${body.name}”`,
        dataset,
        entries: [{ before: null, after }],
        result: { id, type: body.type, name: body.name, nameEn: body.nameEn, version: 1 },
      };
    });
  }

  async updateEntity(who: string, id: string, body: EntityUpdate) {
    return this.commit(who, async (tx) => {
      const before = await this.entity(tx, id);
      const stale = staleVersion('The entity', id, versionOf(before), body.version);
      if (stale) throw stale;
      const dataset = before.props.dataset as string;
      const label = body.type ?? before.label;
      if (body.type && body.type !== before.label)
        await this.checkNodeType(tx, dataset, body.type, body.declareType);
      let props: Props = { ...before.props };
      if (body.properties) props = withUserProperties(props, checkProperties(body.properties));
      if (body.name) props.name = body.name;
      if (body.nameEn) props.nameEn = body.nameEn;
      if (body.aliases) props.aliases = body.aliases;
      props.type = label;
      if (body.addSource) {
        await this.checkQuote(tx, body.addSource, 'addSource', dataset);
        props = withSource(props, body.addSource);
      }
      const version = versionOf(before) + 1;
      props[VERSION_KEY] = version;
      const after: EntityState = { kind: 'entity', id, label, props };
      return {
        action: 'update-entity',
        summary: `edited ${label} “${props.name as string}”`,
        dataset,
        entries: [{ before, after }],
        result: {
          id,
          type: label,
          name: props.name as string,
          nameEn: (props.nameEn as string) ?? '',
          version,
        },
      };
    });
  }

  async dependents(id: string): Promise<Dependents> {
    return this.db.read(async (tx) => {
      const state = await this.entity(tx, id);
      const relationships = await readRelationshipsOf(tx, id);
      const others = await readEntities(
        tx,
        relationships.map((r) => (r.from === id ? r.to : r.from)),
      );
      const figures = await readFiguresOf(tx, id);
      const p = state.props;
      const articles = (p.sourceArticles as string[] | undefined) ?? [];
      const quotes = (p.sourceQuotes as string[] | undefined) ?? [];
      return {
        entity: {
          id,
          type: state.label,
          name: p.name as string,
          nameEn: (p.nameEn as string) ?? '',
          version: versionOf(state),
        },
        relationships: relationships.map((r) => ({
          id: r.id,
          type: r.type,
          from: r.from,
          to: r.to,
          otherName: (others.get(r.from === id ? r.to : r.from)?.props.name as string | undefined) ?? '',
          version: versionOf(r),
        })),
        figures: figures.map((f) => ({
          id: f.id,
          measure: f.props.measure as string,
          value: f.props.value as number,
          version: versionOf(f),
        })),
        notes: await notesOf(tx, id),
        sources: articles.map((articleId, i) => ({ articleId, quote: quotes[i] ?? '' })),
      };
    });
  }

  async deleteEntity(who: string, id: string, version: number) {
    return this.commit(who, async (tx) => {
      const before = await this.entity(tx, id);
      const stale = staleVersion('The entity', id, versionOf(before), version);
      if (stale) throw stale;
      const relationships = await readRelationshipsOf(tx, id);
      const figures = await readFiguresOf(tx, id);
      return {
        action: 'delete-entity',
        summary:
          `deleted ${before.label} “${before.props.name as string}” with ${relationships.length} ` +
          `relationship(s) and ${figures.length} figure(s)`,
        dataset: before.props.dataset as string,
        entries: [
          ...relationships.map((r) => ({ before: r, after: null })),
          ...figures.map((f) => ({ before: f, after: null })),
          { before, after: null },
        ],
        result: undefined,
      };
    });
  }

  /** The duplicate's relationships, figures, aliases and sources move to the survivor; the duplicate goes. */
  async merge(who: string, survivorId: string, body: MergeBody) {
    return this.commit(who, async (tx) => {
      if (body.duplicate === survivorId) throw refuse('SAME_ENTITY', 'duplicate', 'is the entity itself');
      const survivor = await this.entity(tx, survivorId);
      const duplicate = await this.entity(tx, body.duplicate, 'duplicate');
      const stale =
        staleVersion('The entity', survivorId, versionOf(survivor), body.version) ??
        staleVersion('The duplicate', body.duplicate, versionOf(duplicate), body.duplicateVersion);
      if (stale) throw stale;
      const dataset = survivor.props.dataset as string;
      if (duplicate.props.dataset !== dataset) {
        throw refuse(
          'OTHER_DATASET',
          'duplicate',
          `is in dataset "${duplicate.props.dataset as string}", not "${dataset}"`,
        );
      }
      const version = versionOf(survivor) + 1;
      const entries: ChangeEntry[] = [];
      for (const r of await readRelationshipsOf(tx, duplicate.id)) {
        const from = r.from === duplicate.id ? survivor.id : r.from;
        const to = r.to === duplicate.id ? survivor.id : r.to;
        // A relationship between the two would join the survivor to itself: it goes.
        const after: RelationshipState | null =
          from === to ? null : { ...r, from, to, props: { ...r.props, [VERSION_KEY]: versionOf(r) + 1 } };
        entries.push({ before: r, after });
      }
      for (const f of await readFiguresOf(tx, duplicate.id)) {
        entries.push({
          before: f,
          after: { ...f, entity: survivor.id, props: { ...f.props, [VERSION_KEY]: versionOf(f) + 1 } },
        });
      }
      let props: Props = { ...survivor.props };
      const names = [
        duplicate.props.name as string,
        ...((duplicate.props.aliases as string[] | undefined) ?? []),
      ];
      const aliases = [...((survivor.props.aliases as string[] | undefined) ?? [])];
      for (const name of names)
        if (name && name !== props.name && !aliases.includes(name)) aliases.push(name);
      props.aliases = aliases;
      const dArticles = (duplicate.props.sourceArticles as string[] | undefined) ?? [];
      const dQuotes = (duplicate.props.sourceQuotes as string[] | undefined) ?? [];
      dArticles.forEach((article, i) => (props = withSource(props, { article, quote: dQuotes[i] ?? '' })));
      // Properties only the duplicate has come along; the survivor's win where both have one.
      for (const [k, v] of Object.entries(duplicate.props))
        if (!RESERVED_PROPERTY.test(k) && !(k in props)) props[k] = v;
      props[VERSION_KEY] = version;
      entries.push({ before: survivor, after: { ...survivor, props } });
      entries.push({ before: duplicate, after: null });
      return {
        action: 'merge-entities',
        summary: `merged “${duplicate.props.name as string}” into “${survivor.props.name as string}”`,
        dataset,
        entries,
        result: {
          id: survivor.id,
          type: survivor.label,
          name: props.name as string,
          nameEn: (props.nameEn as string) ?? '',
          version,
        },
      };
    });
  }

  // ---- relationships ----

  async createRelationship(who: string, body: RelationshipBody) {
    return this.commit(who, async (tx) => {
      const article = await this.checkQuote(tx, body.source, 'source');
      const dataset = article.dataset;
      const from = await this.entity(tx, body.from, 'from');
      const to = await this.entity(tx, body.to, 'to');
      for (const [end, field] of [
        [from, 'from'],
        [to, 'to'],
      ] as const) {
        if (end.props.dataset !== dataset) {
          throw refuse(
            'OTHER_DATASET',
            field,
            `is in dataset "${end.props.dataset as string}", the article in "${dataset}"`,
          );
        }
      }
      await this.checkRelType(tx, dataset, body.type, body.declareType);
      let id = body.id ?? `${body.from}--${body.type.toLowerCase().replaceAll('_', '-')}--${body.to}`;
      if (await readRelationship(tx, id)) {
        if (body.id)
          throw new AppError(409, 'CONFLICT', `id: a relationship with id "${id}" exists`, { field: 'id' });
        id = newId(body.type.toLowerCase().replaceAll('_', '-'), '', random);
      }
      if (id.length > 80) id = newId(body.type.toLowerCase().replaceAll('_', '-'), '', random);
      const after: RelationshipState = {
        kind: 'relationship',
        id,
        type: body.type,
        from: body.from,
        to: body.to,
        props: withSource(
          { ...checkProperties(body.properties), id, dataset, [VERSION_KEY]: 1 },
          body.source,
        ),
      };
      return {
        action: 'create-relationship',
        summary: `linked “${from.props.name as string}” ${body.type} “${to.props.name as string}”`,
        dataset,
        entries: [{ before: null, after }],
        result: { id, type: body.type, from: body.from, to: body.to, version: 1 },
      };
    });
  }

  private async relationship(tx: ManagedTransaction, id: string): Promise<RelationshipState> {
    const state = await readRelationship(tx, id);
    if (!state) throw notFound(`No relationship with id "${id}".`);
    return state;
  }

  async updateRelationship(who: string, id: string, body: RelationshipUpdate) {
    return this.commit(who, async (tx) => {
      const before = await this.relationship(tx, id);
      const stale = staleVersion('The relationship', id, versionOf(before), body.version);
      if (stale) throw stale;
      const dataset = before.props.dataset as string;
      let props: Props = { ...before.props };
      if (body.properties) props = withUserProperties(props, checkProperties(body.properties));
      if (body.addSource) {
        await this.checkQuote(tx, body.addSource, 'addSource', dataset);
        props = withSource(props, body.addSource);
      }
      const version = versionOf(before) + 1;
      props[VERSION_KEY] = version;
      return {
        action: 'update-relationship',
        summary: `edited relationship ${before.type} ${id}`,
        dataset,
        entries: [{ before, after: { ...before, props } }],
        result: { id, type: before.type, from: before.from, to: before.to, version },
      };
    });
  }

  async deleteRelationship(who: string, id: string, version: number) {
    return this.commit(who, async (tx) => {
      const before = await this.relationship(tx, id);
      const stale = staleVersion('The relationship', id, versionOf(before), version);
      if (stale) throw stale;
      return {
        action: 'delete-relationship',
        summary: `deleted relationship ${before.type} ${id}`,
        dataset: before.props.dataset as string,
        entries: [{ before, after: null }],
        result: undefined,
      };
    });
  }

  // ---- figures ----

  async createFigure(who: string, body: FigureBody) {
    return this.commit(who, async (tx) => {
      const owner = await this.entity(tx, body.entity, 'entity');
      const dataset = owner.props.dataset as string;
      await this.checkQuote(tx, body.source, 'source', dataset);
      let id = body.id ?? newId('fig', body.entity.slice(0, 50), random);
      if (await figureIdTaken(tx, id)) {
        if (body.id)
          throw new AppError(409, 'CONFLICT', `id: a figure with id "${id}" exists`, { field: 'id' });
        id = newId('fig', '', random);
      }
      const { entity: _entity, source, id: _id, ...fields } = body;
      const props = { ...figureProps(dataset, { ...fields, id, sources: [source] }), [VERSION_KEY]: 1 };
      const after: FigureState = { kind: 'figure', id, entity: body.entity, props };
      return {
        action: 'create-figure',
        summary: `added figure “${body.measureZh ?? body.measure}” ${body.value} to “${owner.props.name as string}”`,
        dataset,
        entries: [{ before: null, after }],
        result: after,
      };
    }).then(({ change, result }) => ({ change, figure: result }));
  }

  private async figure(tx: ManagedTransaction, id: string): Promise<FigureState> {
    const state = await readFigure(tx, id);
    if (!state) throw notFound(`No figure with id "${id}".`);
    return state;
  }

  async updateFigure(who: string, id: string, body: FigureUpdate) {
    return this.commit(who, async (tx) => {
      const before = await this.figure(tx, id);
      const stale = staleVersion('The figure', id, versionOf(before), body.version);
      if (stale) throw stale;
      const { version: _v, ...fields } = body;
      const merged = {
        ...figureFromProps(before.props),
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      };
      if (merged.valueMax != null && merged.valueMax < merged.value)
        throw refuse('BAD_FIGURE', 'valueMax', 'is smaller than value');
      const version = versionOf(before) + 1;
      const props = { ...figureProps(before.props.dataset as string, merged), [VERSION_KEY]: version };
      const after: FigureState = { ...before, props };
      return {
        action: 'update-figure',
        summary: `edited figure ${id}`,
        dataset: before.props.dataset as string,
        entries: [{ before, after }],
        result: after,
      };
    }).then(({ change, result }) => ({ change, figure: result }));
  }

  async deleteFigure(who: string, id: string, version: number) {
    return this.commit(who, async (tx) => {
      const before = await this.figure(tx, id);
      const stale = staleVersion('The figure', id, versionOf(before), version);
      if (stale) throw stale;
      return {
        action: 'delete-figure',
        summary: `deleted figure ${id}`,
        dataset: before.props.dataset as string,
        entries: [{ before, after: null }],
        result: undefined,
      };
    });
  }

  // ---- undo ----

  /**
   * Applies a change backwards: every element it touched must still be as the change left it (409
   * otherwise, naming the element), and each element it brings back gets a version above both, so
   * an edit based on a copy read before the undo is refused as stale.
   */
  /**
   * Takes an added article out again while no fact quotes it; with facts quoting it, the analyst is
   * told to undo or delete those first, so no fact is ever left without its sentence.
   */
  private async undoAddArticle(tx: ManagedTransaction, change: ChangeRecord): Promise<Action<string>> {
    const [article] = change.articles;
    if (!article) throw new AppError(409, 'NOT_REVERSIBLE', 'This change names no article to take out.');
    const quoting = await countFactsQuoting(tx, change.dataset, article);
    if (quoting > 0) {
      throw new AppError(
        409,
        'CONFLICT',
        `${quoting} fact(s) quote the article "${article}"; undo or delete them first, then undo adding it.`,
        { quoting },
      );
    }
    await deleteArticle(tx, article);
    return {
      action: 'undo-add-article',
      summary: `undid: ${change.summary}`,
      dataset: change.dataset,
      entries: [],
      articles: [article],
      undoes: change.id,
      result: change.id,
    };
  }

  async undo(who: string, changeId: string) {
    return this.commit(who, async (tx) => {
      const change = await readChange(tx, changeId);
      if (!change) throw notFound(`No change with id "${changeId}".`);
      if (change.undoneBy) {
        throw new AppError(409, 'CONFLICT', `This change was already undone by ${change.undoneBy}.`, {
          undoneBy: change.undoneBy,
        });
      }
      if (change.action === 'import-dataset') {
        throw new AppError(
          409,
          'NOT_REVERSIBLE',
          'A dataset import is not undone here: import the previous file again (its export) instead.',
        );
      }
      if (change.action === 'add-article') return this.undoAddArticle(tx, change);
      if (change.action === 'undo-add-article') {
        throw new AppError(
          409,
          'NOT_REVERSIBLE',
          'An article taken out again is not put back by an undo: add it again (its text is in the change history).',
        );
      }
      const entries = JSON.parse(change.entries) as ChangeEntry[];
      const inverse: ChangeEntry[] = [];
      for (const entry of entries) {
        const like = (entry.after ?? entry.before)!;
        const current = (await readState(tx, like)) ?? null;
        if (!sameState(current, entry.after)) {
          throw new AppError(
            409,
            'CONFLICT',
            `The ${like.kind} "${like.id}" was changed after this change; undo the later change first.`,
            { element: { kind: like.kind, id: like.id } },
          );
        }
        const restored: ElementState | null = entry.before
          ? ({
              ...entry.before,
              props: {
                ...entry.before.props,
                [VERSION_KEY]:
                  Math.max(
                    versionOf(entry.before),
                    entry.after ? versionOf(entry.after) : 0,
                    current ? versionOf(current) : 0,
                  ) + 1,
              },
            } as ElementState)
          : null;
        inverse.push({ before: current, after: restored });
      }
      return {
        action: 'undo',
        summary: `undid: ${change.summary}`,
        dataset: change.dataset,
        entries: inverse,
        undoes: changeId,
        result: changeId,
      };
    });
  }
}
