// Analysts' own data: saved views, stories and notes. Stored under Explorer* labels, apart from the
// knowledge graph: no relationships to entities (they refer to entities by stable id), so reloading
// a dataset never touches them, and search, schema and overview never see them.
import neo4j from 'neo4j-driver';
import type { Db } from '../db/driver';
import type { Note, StorySummary, ViewSummary } from '../../contract/types';
import { toPlain } from '../db/mapper';

export interface StoredRecord {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

const plain = (value: unknown) => toPlain(value) as StoredRecord;

// ---- stories: the body (title, description, steps) is one JSON document, versioned --------------

export async function listStories(db: Db) {
  return db.read(async (tx) => {
    const r = await tx.run(
      `MATCH (s:ExplorerStory)
       RETURN s {.id, .title, .version, .createdAt, .updatedAt, .stepCount} AS story ORDER BY s.updatedAt DESC`,
    );
    return r.records.map((rec) => plain(rec.get('story')) as unknown as StorySummary);
  });
}

export async function getStory(db: Db, id: string) {
  return db.read(async (tx) => {
    const r = await tx.run('MATCH (s:ExplorerStory {id: $id}) RETURN s {.*} AS story', { id });
    return r.records[0] ? plain(r.records[0].get('story')) : undefined;
  });
}

export async function createStory(db: Db, id: string, title: string, body: string, stepCount: number) {
  return db.write(async (tx) => {
    const r = await tx.run(
      `CREATE (s:ExplorerStory {id: $id, title: $title, body: $body, stepCount: $stepCount, version: 1,
                                createdAt: $now, updatedAt: $now})
       RETURN s {.*} AS story`,
      { id, title, body, stepCount: neo4j.int(stepCount), now: new Date().toISOString() },
    );
    return plain(r.records[0]!.get('story'));
  });
}

/** Updates only if `version` is the stored one; returns undefined on a version mismatch. */
export async function updateStory(
  db: Db,
  id: string,
  version: number,
  title: string,
  body: string,
  stepCount: number,
) {
  return db.write(async (tx) => {
    const r = await tx.run(
      `MATCH (s:ExplorerStory {id: $id}) WHERE s.version = $version
       SET s.title = $title, s.body = $body, s.stepCount = $stepCount, s.version = s.version + 1, s.updatedAt = $now
       RETURN s {.*} AS story`,
      {
        id,
        version: neo4j.int(version),
        title,
        body,
        stepCount: neo4j.int(stepCount),
        now: new Date().toISOString(),
      },
    );
    return r.records[0] ? plain(r.records[0].get('story')) : undefined;
  });
}

// ---- views --------------------------------------------------------------------------------------

export async function listViews(db: Db) {
  return db.read(async (tx) => {
    const r = await tx.run(
      'MATCH (v:ExplorerView) RETURN v {.id, .name, .version, .createdAt, .updatedAt} AS view ORDER BY v.updatedAt DESC',
    );
    return r.records.map((rec) => plain(rec.get('view')) as unknown as ViewSummary);
  });
}

export async function getView(db: Db, id: string) {
  return db.read(async (tx) => {
    const r = await tx.run('MATCH (v:ExplorerView {id: $id}) RETURN v {.*} AS view', { id });
    return r.records[0] ? plain(r.records[0].get('view')) : undefined;
  });
}

export async function createView(db: Db, id: string, name: string, body: string) {
  return db.write(async (tx) => {
    const r = await tx.run(
      `CREATE (v:ExplorerView {id: $id, name: $name, body: $body, version: 1, createdAt: $now, updatedAt: $now})
       RETURN v {.*} AS view`,
      { id, name, body, now: new Date().toISOString() },
    );
    return plain(r.records[0]!.get('view'));
  });
}

export async function updateView(db: Db, id: string, version: number, name: string, body: string) {
  return db.write(async (tx) => {
    const r = await tx.run(
      `MATCH (v:ExplorerView {id: $id}) WHERE v.version = $version
       SET v.name = $name, v.body = $body, v.version = v.version + 1, v.updatedAt = $now
       RETURN v {.*} AS view`,
      { id, version: neo4j.int(version), name, body, now: new Date().toISOString() },
    );
    return r.records[0] ? plain(r.records[0].get('view')) : undefined;
  });
}

// ---- notes --------------------------------------------------------------------------------------

export async function listNotes(db: Db, entityId?: string) {
  return db.read(async (tx) => {
    const r = await tx.run(
      `MATCH (n:ExplorerNote) WHERE $entityId IS NULL OR n.entityId = $entityId
       RETURN n {.*} AS note ORDER BY n.createdAt`,
      { entityId: entityId ?? null },
    );
    return r.records.map((rec) => plain(rec.get('note')) as unknown as Note);
  });
}

export async function createNote(db: Db, id: string, entityId: string, text: string) {
  return db.write(async (tx) => {
    const r = await tx.run(
      `CREATE (n:ExplorerNote {id: $id, entityId: $entityId, text: $text, version: 1, createdAt: $now, updatedAt: $now})
       RETURN n {.*} AS note`,
      { id, entityId, text, now: new Date().toISOString() },
    );
    return plain(r.records[0]!.get('note')) as unknown as Note;
  });
}

export async function updateNote(db: Db, id: string, text: string) {
  return db.write(async (tx) => {
    const r = await tx.run(
      `MATCH (n:ExplorerNote {id: $id})
       SET n.text = $text, n.version = n.version + 1, n.updatedAt = $now
       RETURN n {.*} AS note`,
      { id, text, now: new Date().toISOString() },
    );
    return r.records[0] ? (plain(r.records[0].get('note')) as unknown as Note) : undefined;
  });
}

// ---- shared -------------------------------------------------------------------------------------

export type ExplorerLabel = 'ExplorerStory' | 'ExplorerView' | 'ExplorerNote';

/** Deletes one record; the label comes from this closed set, never from a request. */
export async function deleteRecord(db: Db, label: ExplorerLabel, id: string): Promise<boolean> {
  const statements: Record<ExplorerLabel, string> = {
    ExplorerStory: 'MATCH (n:ExplorerStory {id: $id}) DELETE n RETURN count(*) AS deleted',
    ExplorerView: 'MATCH (n:ExplorerView {id: $id}) DELETE n RETURN count(*) AS deleted',
    ExplorerNote: 'MATCH (n:ExplorerNote {id: $id}) DELETE n RETURN count(*) AS deleted',
  };
  return db.write(async (tx) => {
    const r = await tx.run(statements[label], { id });
    return Number(r.records[0]?.get('deleted') ?? 0) > 0;
  });
}

export async function recordExists(db: Db, label: ExplorerLabel, id: string): Promise<boolean> {
  const statements: Record<ExplorerLabel, string> = {
    ExplorerStory: 'MATCH (n:ExplorerStory {id: $id}) RETURN count(n) > 0 AS found',
    ExplorerView: 'MATCH (n:ExplorerView {id: $id}) RETURN count(n) > 0 AS found',
    ExplorerNote: 'MATCH (n:ExplorerNote {id: $id}) RETURN count(n) > 0 AS found',
  };
  return db.read(async (tx) => (await tx.run(statements[label], { id })).records[0]?.get('found') === true);
}

/** Which of these entity ids exist in the knowledge graph now. */
export async function existingEntityIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  return db.read(async (tx) => {
    const r = await tx.run('MATCH (n:Entity) WHERE n.id IN $ids RETURN n.id AS id', { ids });
    return new Set(r.records.map((rec) => rec.get('id') as string));
  });
}
