// Saved views, stories and notes. Reads are open; writes pass the write-access rule
// (loopback, or a bearer token when the server listens beyond loopback).
import crypto from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import type { Db } from '../db/driver';
import { AppError, notFound } from '../errors';
import {
  noteBody,
  notesQuery,
  noteUpdate,
  recordId,
  storyBody,
  storyUpdate,
  viewBody,
  viewUpdate,
  type SavedView,
  type StoryBody,
} from '../presentation-schemas';
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
  return { ...meta, ...(JSON.parse(body as string) as StoryBody) };
}
function unpackView(record: StoredRecord) {
  const { body, ...meta } = record;
  return { ...meta, view: JSON.parse(body as string) as SavedView };
}

export function presentationRoutes(db: Db, writeAccess: RequestHandler): Router {
  const router = Router();

  async function remove(label: ExplorerLabel, what: string, id: string) {
    if (!(await deleteRecord(db, label, id))) throw notFound(`No ${what} with id "${id}".`);
  }

  // ---- stories ----
  router.get('/stories', async (_req, res) => {
    res.json({ stories: await listStories(db) });
  });
  router.get('/stories/:id', async (req, res) => {
    const { id } = recordId.parse(req.params);
    const record = await getStory(db, id);
    if (!record) throw notFound(`No story with id "${id}".`);
    const story = unpackStory(record);
    res.json({
      story,
      missing: await withMissing(
        db,
        story.steps.map((s) => s.view),
      ),
    });
  });
  router.post('/stories', writeAccess, async (req, res) => {
    const body = storyBody.parse(req.body);
    const { title, ...rest } = body;
    const record = await createStory(
      db,
      newId(),
      title,
      JSON.stringify({ title, ...rest }),
      body.steps.length,
    );
    res.status(201).json({ story: unpackStory(record) });
  });
  router.put('/stories/:id', writeAccess, async (req, res) => {
    const { id } = recordId.parse(req.params);
    const { version, ...body } = storyUpdate.parse(req.body);
    const record = await updateStory(db, id, version, body.title, JSON.stringify(body), body.steps.length);
    if (!record) {
      const current = await getStory(db, id);
      if (!current) throw notFound(`No story with id "${id}".`);
      throw conflict('story', current.version);
    }
    res.json({ story: unpackStory(record) });
  });
  router.post('/stories/:id/duplicate', writeAccess, async (req, res) => {
    const { id } = recordId.parse(req.params);
    const record = await getStory(db, id);
    if (!record) throw notFound(`No story with id "${id}".`);
    const story = unpackStory(record);
    const body = {
      title: `${story.title} (copy)`.slice(0, 200),
      description: story.description,
      steps: story.steps,
    };
    const copy = await createStory(db, newId(), body.title, JSON.stringify(body), body.steps.length);
    res.status(201).json({ story: unpackStory(copy) });
  });
  router.delete('/stories/:id', writeAccess, async (req, res) => {
    const { id } = recordId.parse(req.params);
    await remove('ExplorerStory', 'story', id);
    res.status(204).end();
  });

  // ---- views ----
  router.get('/views', async (_req, res) => {
    res.json({ views: await listViews(db) });
  });
  router.get('/views/:id', async (req, res) => {
    const { id } = recordId.parse(req.params);
    const record = await getView(db, id);
    if (!record) throw notFound(`No view with id "${id}".`);
    const view = unpackView(record);
    res.json({ ...view, missing: await withMissing(db, [view.view]) });
  });
  router.post('/views', writeAccess, async (req, res) => {
    const { name, view } = viewBody.parse(req.body);
    res.status(201).json(unpackView(await createView(db, newId(), name, JSON.stringify(view))));
  });
  router.put('/views/:id', writeAccess, async (req, res) => {
    const { id } = recordId.parse(req.params);
    const { version, name, view } = viewUpdate.parse(req.body);
    const record = await updateView(db, id, version, name, JSON.stringify(view));
    if (!record) {
      const current = await getView(db, id);
      if (!current) throw notFound(`No view with id "${id}".`);
      throw conflict('view', current.version);
    }
    res.json(unpackView(record));
  });
  router.delete('/views/:id', writeAccess, async (req, res) => {
    const { id } = recordId.parse(req.params);
    await remove('ExplorerView', 'view', id);
    res.status(204).end();
  });

  // ---- notes ----
  router.get('/notes', async (req, res) => {
    const { entityId } = notesQuery.parse(req.query);
    res.json({ notes: await listNotes(db, entityId) });
  });
  router.post('/notes', writeAccess, async (req, res) => {
    const { entityId, text } = noteBody.parse(req.body);
    if (!(await existingEntityIds(db, [entityId])).has(entityId))
      throw notFound(`entityId: no entity with id "${entityId}".`);
    res.status(201).json({ note: await createNote(db, newId(), entityId, text) });
  });
  router.put('/notes/:id', writeAccess, async (req, res) => {
    const { id } = recordId.parse(req.params);
    const { text } = noteUpdate.parse(req.body);
    const note = await updateNote(db, id, text);
    if (!note) throw notFound(`No note with id "${id}".`);
    res.json({ note });
  });
  router.delete('/notes/:id', writeAccess, async (req, res) => {
    const { id } = recordId.parse(req.params);
    if (!(await recordExists(db, 'ExplorerNote', id))) throw notFound(`No note with id "${id}".`);
    await remove('ExplorerNote', 'note', id);
    res.status(204).end();
  });

  return router;
}
