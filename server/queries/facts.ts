// Cypher of the fact writes (server/facts/): reading the stored state of entities, relationships
// and figures, writing a state back (the one writer every action and every undo goes through),
// a dataset's ontology and revision, and the change history (:ExplorerChange nodes).
import type { ManagedTransaction, Node, Relationship } from 'neo4j-driver';
import type { Db } from '../db/driver';
import { toPlain } from '../db/mapper';
import { isRelTypeName, labelIdentifier, relTypeIdentifier } from './identifiers';

type Props = Record<string, unknown>;

export interface EntityState {
  kind: 'entity';
  id: string;
  /** The type label besides :Entity. */
  label: string;
  props: Props;
}
export interface RelationshipState {
  kind: 'relationship';
  id: string;
  type: string;
  from: string;
  to: string;
  props: Props;
}
export interface FigureState {
  kind: 'figure';
  id: string;
  entity: string;
  props: Props;
}
export type ElementState = EntityState | RelationshipState | FigureState;

/** One element a change touched: as it was and as the change left it (null: absent). */
export interface ChangeEntry {
  before: ElementState | null;
  after: ElementState | null;
}

const plain = (props: Record<string, unknown>) => toPlain(props) as Props;

const entityState = (n: Node): EntityState => {
  const props = plain(n.properties);
  return {
    kind: 'entity',
    id: props.id as string,
    label: (props.type as string | undefined) ?? n.labels.find((l) => l !== 'Entity') ?? 'Entity',
    props,
  };
};

export async function readEntities(tx: ManagedTransaction, ids: string[]): Promise<Map<string, EntityState>> {
  const result = await tx.run('MATCH (n:Entity) WHERE n.id IN $ids RETURN n', { ids });
  return new Map(
    result.records.map((r) => {
      const state = entityState(r.get('n') as Node);
      return [state.id, state];
    }),
  );
}

const relationshipState = (r: Relationship, from: string, to: string): RelationshipState => {
  const props = plain(r.properties);
  return { kind: 'relationship', id: (props.id as string) ?? r.elementId, type: r.type, from, to, props };
};

/**
 * A relationship by its dataset id. Neo4j indexes relationship properties per type only
 * (queries/dataset.ts ensureRelationshipIdIndexes), so the id is looked up in each fact type the
 * store knows, one index seek per type, where a lookup without a type read every relationship.
 * Types are read from the store's token list, so one declared a moment ago is searched too.
 */
export async function readRelationship(
  tx: ManagedTransaction,
  id: string,
): Promise<RelationshipState | undefined> {
  const typeList = await tx.run(
    'CALL db.relationshipTypes() YIELD relationshipType RETURN collect(relationshipType) AS types',
  );
  // Facts' types are plain identifiers (dataset format, server/facts/checks.ts); figures are not facts.
  const types = ((typeList.records[0]?.get('types') as string[] | undefined) ?? []).filter(
    (type) => type !== 'HAS_FIGURE' && isRelTypeName(type),
  );
  if (!types.length) return undefined;
  const byType = types
    .map(
      (type) => `MATCH (a:Entity)-[r:${relTypeIdentifier(type)}]->(b:Entity) WHERE r.id = $id
         RETURN r, a.id AS fromId, b.id AS toId`,
    )
    .join('\n       UNION ALL\n       ');
  const result = await tx.run(
    `CALL () {\n       ${byType}\n     }\n     RETURN r, fromId AS from, toId AS to LIMIT 1`,
    {
      id,
    },
  );
  const record = result.records[0];
  return record
    ? relationshipState(
        record.get('r') as Relationship,
        record.get('from') as string,
        record.get('to') as string,
      )
    : undefined;
}

/** Every relationship between entities at one entity, either way. */
export async function readRelationshipsOf(
  tx: ManagedTransaction,
  entity: string,
): Promise<RelationshipState[]> {
  const result = await tx.run(
    `MATCH (n:Entity {id: $entity})
     MATCH (a:Entity)-[r]->(b:Entity) WHERE a = n OR b = n
     RETURN DISTINCT r, a.id AS from, b.id AS to`,
    { entity },
  );
  return result.records.map((record) =>
    relationshipState(
      record.get('r') as Relationship,
      record.get('from') as string,
      record.get('to') as string,
    ),
  );
}

const figureState = (f: Node, entity: string): FigureState => {
  const props = plain(f.properties);
  return { kind: 'figure', id: props.id as string, entity, props };
};

export async function readFigure(tx: ManagedTransaction, id: string): Promise<FigureState | undefined> {
  const result = await tx.run(
    'MATCH (n:Entity)-[:HAS_FIGURE]->(f:Figure {id: $id}) RETURN f, n.id AS entity LIMIT 1',
    { id },
  );
  const record = result.records[0];
  return record ? figureState(record.get('f') as Node, record.get('entity') as string) : undefined;
}

export async function readFiguresOf(tx: ManagedTransaction, entity: string): Promise<FigureState[]> {
  const result = await tx.run(
    'MATCH (n:Entity {id: $entity})-[:HAS_FIGURE]->(f:Figure) RETURN f ORDER BY f.id',
    { entity },
  );
  return result.records.map((r) => figureState(r.get('f') as Node, entity));
}

/** The state an element has now, for the undo's check that nothing changed it since. */
export async function readState(
  tx: ManagedTransaction,
  like: ElementState,
): Promise<ElementState | undefined> {
  if (like.kind === 'entity') return (await readEntities(tx, [like.id])).get(like.id);
  if (like.kind === 'figure') return readFigure(tx, like.id);
  return readRelationship(tx, like.id);
}

export async function figureIdTaken(tx: ManagedTransaction, id: string): Promise<boolean> {
  const result = await tx.run('MATCH (f:Figure {id: $id}) RETURN count(f) AS n', { id });
  return Number(result.records[0]?.get('n') ?? 0) > 0;
}

export async function notesOf(tx: ManagedTransaction, entity: string): Promise<number> {
  const result = await tx.run('MATCH (n:ExplorerNote {entityId: $entity}) RETURN count(n) AS n', { entity });
  return Number(result.records[0]?.get('n') ?? 0);
}

/** Notes follow an entity merged into another. */
export async function moveNotes(tx: ManagedTransaction, from: string, to: string): Promise<void> {
  await tx.run('MATCH (n:ExplorerNote {entityId: $from}) SET n.entityId = $to', { from, to });
}

/**
 * Writes every entry's `after` state inside the caller's transaction: relationships and figures
 * that go or move are removed first, then entities are written or deleted, then figures and
 * relationships are written at their (new) ends. The one writer of actions and undos alike.
 */
export async function applyEntries(tx: ManagedTransaction, entries: ChangeEntry[]): Promise<void> {
  // 1. Relationships and figures as they were go (a changed one is written anew in step 3).
  for (const { before } of entries) {
    if (before?.kind === 'relationship') {
      await tx.run(
        `MATCH (:Entity {id: $from})-[r:${relTypeIdentifier(before.type)}]->(:Entity {id: $to})
         WHERE r.id = $id DELETE r`,
        { from: before.from, to: before.to, id: before.id },
      );
    } else if (before?.kind === 'figure') {
      await tx.run('MATCH (f:Figure {id: $id}) DETACH DELETE f', { id: before.id });
    }
  }
  // 2. Entities: written (label changed if the type did) or deleted.
  for (const { before, after } of entries) {
    if (after?.kind === 'entity') {
      if (before?.kind === 'entity' && before.label !== after.label) {
        await tx.run(`MATCH (n:Entity {id: $id}) REMOVE n:${labelIdentifier(before.label)}`, {
          id: after.id,
        });
      }
      await tx.run(`MERGE (n:Entity {id: $id}) SET n = $props, n:${labelIdentifier(after.label)}`, {
        id: after.id,
        props: after.props,
      });
    } else if (after === null && before?.kind === 'entity') {
      await tx.run('MATCH (n:Entity {id: $id}) DETACH DELETE n', { id: before.id });
    }
  }
  // 3. Figures and relationships as they are now.
  for (const { after } of entries) {
    if (after?.kind === 'figure') {
      const written = await tx.run(
        `MATCH (n:Entity {id: $entity})
         MERGE (f:Figure {id: $id}) SET f = $props
         MERGE (n)-[:HAS_FIGURE]->(f)
         RETURN count(f) AS n`,
        { entity: after.entity, id: after.id, props: after.props },
      );
      if (Number(written.records[0]?.get('n') ?? 0) !== 1) throw new MissingEnd(after.entity);
    } else if (after?.kind === 'relationship') {
      const written = await tx.run(
        `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
         CREATE (a)-[r:${relTypeIdentifier(after.type)}]->(b) SET r = $props
         RETURN count(r) AS n`,
        { from: after.from, to: after.to, props: after.props },
      );
      if (Number(written.records[0]?.get('n') ?? 0) !== 1)
        throw new MissingEnd(`${after.from} → ${after.to}`);
    }
  }
}

/** An end a state needs is not in the database (the transaction is rolled back). */
export class MissingEnd extends Error {
  constructor(readonly what: string) {
    super(`no entity ${what}`);
    this.name = 'MissingEnd';
  }
}

// ---- datasets and articles ----

export interface DatasetOntology {
  id: string;
  title: string;
  nodeTypes: { label: string; [key: string]: unknown }[];
  relationshipTypes: { type: string; [key: string]: unknown }[];
}

export async function readOntology(
  tx: ManagedTransaction,
  dataset: string,
): Promise<DatasetOntology | undefined> {
  const result = await tx.run(
    'MATCH (d:Dataset {id: $dataset}) RETURN d.id AS id, d.title AS title, d.nodeTypes AS nodeTypes, d.relationshipTypes AS relationshipTypes',
    { dataset },
  );
  const record = result.records[0];
  if (!record) return undefined;
  const parse = (v: unknown) => (typeof v === 'string' && v ? (JSON.parse(v) as never[]) : []);
  return {
    id: record.get('id') as string,
    title: (record.get('title') as string | null) ?? dataset,
    nodeTypes: parse(record.get('nodeTypes')),
    relationshipTypes: parse(record.get('relationshipTypes')),
  };
}

/** A dataset made by adding its first article: no types yet (they are declared as facts use them). */
export async function createDataset(
  tx: ManagedTransaction,
  id: string,
  title: string,
  at: string,
): Promise<void> {
  await tx.run(
    `CREATE (d:Dataset {id: $id, title: $title, nodeTypes: '[]', relationshipTypes: '[]', glossary: '[]',
                        loadedAt: $at, revision: 0})`,
    { id, title, at },
  );
}

export async function writeOntology(tx: ManagedTransaction, ontology: DatasetOntology): Promise<void> {
  await tx.run(
    'MATCH (d:Dataset {id: $id}) SET d.nodeTypes = $nodeTypes, d.relationshipTypes = $relationshipTypes',
    {
      id: ontology.id,
      nodeTypes: JSON.stringify(ontology.nodeTypes),
      relationshipTypes: JSON.stringify(ontology.relationshipTypes),
    },
  );
}

/**
 * One more revision of the dataset: part of the data fingerprint (queries/analytics.ts
 * graphFingerprint), so every cache that follows it (schema counts, overview, analytics, hub links,
 * the search catalogue) reads again after an edit that leaves the counts as they were.
 */
export async function bumpRevision(tx: ManagedTransaction, dataset: string): Promise<void> {
  await tx.run('MATCH (d:Dataset {id: $dataset}) SET d.revision = coalesce(d.revision, 0) + 1', { dataset });
}

export interface StoredText {
  id: string;
  dataset: string;
  text: string;
}

export async function readArticleText(tx: ManagedTransaction, id: string): Promise<StoredText | undefined> {
  const result = await tx.run(
    'MATCH (s:SourceDocument {id: $id}) RETURN s.id AS id, s.dataset AS dataset, s.text AS text',
    { id },
  );
  const record = result.records[0];
  return record
    ? { id, dataset: record.get('dataset') as string, text: (record.get('text') as string | null) ?? '' }
    : undefined;
}

export async function articleExists(tx: ManagedTransaction, id: string): Promise<boolean> {
  const result = await tx.run('MATCH (s:SourceDocument {id: $id}) RETURN count(s) AS n', { id });
  return Number(result.records[0]?.get('n') ?? 0) > 0;
}

export async function createArticle(tx: ManagedTransaction, props: Props): Promise<void> {
  await tx.run('CREATE (s:SourceDocument) SET s = $props', { props });
}

/** How many facts (entities, relationships, figures) of the dataset quote the article. */
export async function countFactsQuoting(
  tx: ManagedTransaction,
  dataset: string,
  article: string,
): Promise<number> {
  const result = await tx.run(
    `CALL () {
       MATCH (n:Entity {dataset: $dataset}) WHERE $article IN n.sourceArticles RETURN count(n) AS n
       UNION ALL
       MATCH (:Entity {dataset: $dataset})-[r]->(:Entity) WHERE $article IN r.sourceArticles RETURN count(r) AS n
       UNION ALL
       MATCH (:Entity {dataset: $dataset})-[:HAS_FIGURE]->(f:Figure) WHERE $article IN f.sourceArticles
       RETURN count(f) AS n
     }
     RETURN sum(n) AS quoting`,
    { dataset, article },
  );
  return Number(result.records[0]?.get('quoting') ?? 0);
}

/** Removes an article added through the API; whether it was there. */
export async function deleteArticle(tx: ManagedTransaction, id: string): Promise<boolean> {
  const result = await tx.run(
    'MATCH (s:SourceDocument {id: $id}) DETACH DELETE s RETURN count(*) AS deleted',
    {
      id,
    },
  );
  return Number(result.records[0]?.get('deleted') ?? 0) > 0;
}

// ---- the history ----

export interface ChangeRecord {
  id: string;
  at: string;
  who: string;
  action: string;
  summary: string;
  dataset: string;
  entities: string[];
  articles: string[];
  /** JSON of ChangeEntry[]. */
  entries: string;
  undoes: string | null;
  undoneBy: string | null;
}

export async function recordChange(tx: ManagedTransaction, change: ChangeRecord): Promise<void> {
  await tx.run('CREATE (c:ExplorerChange) SET c = $change', { change });
  if (change.undoes) {
    await tx.run('MATCH (c:ExplorerChange {id: $undoes}) SET c.undoneBy = $id', {
      undoes: change.undoes,
      id: change.id,
    });
  }
}

export async function readChange(tx: ManagedTransaction, id: string): Promise<ChangeRecord | undefined> {
  const result = await tx.run('MATCH (c:ExplorerChange {id: $id}) RETURN c', { id });
  const record = result.records[0];
  return record ? (plain((record.get('c') as Node).properties) as unknown as ChangeRecord) : undefined;
}

/** Newest first; of one entity, one article or one dataset when given. */
export async function listChanges(
  db: Db,
  filter: { entity?: string; article?: string; dataset?: string },
): Promise<ChangeRecord[]> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (c:ExplorerChange)
       WHERE ($entity IS NULL OR $entity IN c.entities)
         AND ($article IS NULL OR $article IN c.articles)
         AND ($dataset IS NULL OR c.dataset = $dataset)
       RETURN c ORDER BY c.at DESC, c.id DESC LIMIT 500`,
      { entity: filter.entity ?? null, article: filter.article ?? null, dataset: filter.dataset ?? null },
    );
    return result.records.map((r) => plain((r.get('c') as Node).properties) as unknown as ChangeRecord);
  });
}
