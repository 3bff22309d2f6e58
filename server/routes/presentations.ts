// Saved views, stories and notes. Reads are open; writes pass the write-access rule (loopback, or a
// bearer token when the server listens beyond loopback), which server/routing.ts applies to every
// operation the contract marks as a write.
import crypto from 'node:crypto';
import type { SavedView, Story, StoredView, StoryBody } from '../../contract/types';
import type { Db } from '../db/driver';
import { AppError, notFound } from '../errors';
import {
  createNote,
  createStory,
  createView,
  deleteRecord,
  existingEntityIds,
  getStory,
  getView,
  listNotes,
  listStories,
  listViews,
  recordExists,
  updateNote,
  updateStory,
  updateView,
  type ExplorerLabel,
  type StoredRecord,
} from '../queries/presentations';
import type { HandlersOf } from '../routing';

const newId = () => crypto.randomUUID();
const conflict = (what: string, current: number) =>
  new AppError(
    409,
    'CONFLICT',
    `This ${what} was changed by someone else (now version ${current}); reload it and apply your edit again.`,
    {
      currentVersion: current,
    },
  );

/** The stored record with its JSON body unpacked, and the entity ids that no longer exist. */
async function withMissing<T extends { nodes: { id: string }[] }>(db: Db, views: T[]) {
  const ids = [...new Set(views.flatMap((v) => v.nodes.map((n) => n.id)))];
  const existing = await existingEntityIds(db, ids);
  return ids.filter((id) => !existing.has(id));
}

function unpackStory(record: StoredRecord) {
  const { body, ...meta } = record;
  return { ...meta, ...(JSON.parse(body as string) as StoryBody) } as Story;
}
function unpackView(record: StoredRecord) {
  const { body, ...meta } = record;
  return { ...meta, view: JSON.parse(body as string) as SavedView } as StoredView;
}

type PresentationOperation =
  | 'listStories'
  | 'getStory'
  | 'createStory'
  | 'updateStory'
  | 'duplicateStory'
  | 'deleteStory'
  | 'listViews'
  | 'getView'
  | 'createView'
  | 'updateView'
  | 'deleteView'
  | 'listNotes'
  | 'createNote'
  | 'updateNote'
  | 'deleteNote';

export function presentationHandlers(db: Db): HandlersOf<PresentationOperation> {
  async function remove(label: ExplorerLabel, what: string, id: string) {
    if (!(await deleteRecord(db, label, id))) throw notFound(`No ${what} with id "${id}".`);
  }

  return {
    // ---- stories ----
    listStories: async () => ({ stories: await listStories(db) }),
    getStory: async ({ params: { id } }) => {
      const record = await getStory(db, id);
      if (!record) throw notFound(`No story with id "${id}".`);
      const story = unpackStory(record);
      return {
        story,
        missing: await withMissing(
          db,
          story.steps.map((s) => s.view),
        ),
      };
    },
    createStory: async ({ body }) => {
      const { title, ...rest } = body;
      const record = await createStory(
        db,
        newId(),
        title,
        JSON.stringify({ title, ...rest }),
        body.steps.length,
      );
      return { story: unpackStory(record) };
    },
    updateStory: async ({ params: { id }, body: { version, ...body } }) => {
      const record = await updateStory(db, id, version, body.title, JSON.stringify(body), body.steps.length);
      if (!record) {
        const current = await getStory(db, id);
        if (!current) throw notFound(`No story with id "${id}".`);
        throw conflict('story', current.version);
      }
      return { story: unpackStory(record) };
    },
    duplicateStory: async ({ params: { id } }) => {
      const record = await getStory(db, id);
      if (!record) throw notFound(`No story with id "${id}".`);
      const story = unpackStory(record);
      const body = {
        title: `${story.title} (copy)`.slice(0, 200),
        description: story.description,
        steps: story.steps,
      };
      const copy = await createStory(db, newId(), body.title, JSON.stringify(body), body.steps.length);
      return { story: unpackStory(copy) };
    },
    deleteStory: async ({ params: { id } }) => remove('ExplorerStory', 'story', id),

    // ---- views ----
    listViews: async () => ({ views: await listViews(db) }),
    getView: async ({ params: { id } }) => {
      const record = await getView(db, id);
      if (!record) throw notFound(`No view with id "${id}".`);
      const view = unpackView(record);
      return { ...view, missing: await withMissing(db, [view.view]) };
    },
    createView: async ({ body: { name, view } }) =>
      unpackView(await createView(db, newId(), name, JSON.stringify(view))),
    updateView: async ({ params: { id }, body: { version, name, view } }) => {
      const record = await updateView(db, id, version, name, JSON.stringify(view));
      if (!record) {
        const current = await getView(db, id);
        if (!current) throw notFound(`No view with id "${id}".`);
        throw conflict('view', current.version);
      }
      return unpackView(record);
    },
    deleteView: async ({ params: { id } }) => remove('ExplorerView', 'view', id),

    // ---- notes ----
    listNotes: async ({ query: { entityId } }) => ({ notes: await listNotes(db, entityId) }),
    createNote: async ({ body: { entityId, text } }) => {
      if (!(await existingEntityIds(db, [entityId])).has(entityId))
        throw notFound(`entityId: no entity with id "${entityId}".`);
      return { note: await createNote(db, newId(), entityId, text) };
    },
    updateNote: async ({ params: { id }, body: { text } }) => {
      const note = await updateNote(db, id, text);
      if (!note) throw notFound(`No note with id "${id}".`);
      return { note };
    },
    deleteNote: async ({ params: { id } }) => {
      if (!(await recordExists(db, 'ExplorerNote', id))) throw notFound(`No note with id "${id}".`);
      await remove('ExplorerNote', 'note', id);
    },
  };
}
