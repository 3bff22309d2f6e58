// Stories, views and notes: storage apart from the knowledge graph, versioned updates, bad input,
// and the write-access rule.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from '../../server/db/driver';
import { startTestApp, testConfig, testDb } from '../helpers/neo4j';
import { jsonCall } from '../helpers/json-call';

let db: Db;
let app: Awaited<ReturnType<typeof startTestApp>>;

const view = (ids: string[], caption = '') => ({
  caption,
  nodes: ids.map((id, i) => ({ id, x: i * 100, y: 0 })),
  edges: [],
  zoom: 1,
  pan: { x: 0, y: 0 },
  lang: 'both',
  layout: 'fcose',
});

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  jsonCall(app.baseUrl, method, path, body, headers);

beforeAll(async () => {
  const neo4j = inject('neo4j');
  const config = testConfig(neo4j);
  db = testDb(neo4j, config);
  app = await startTestApp(db, config);
});
afterAll(async () => {
  // Leave the shared database as the other files expect it.
  await db.write((tx) =>
    tx.run('MATCH (n) WHERE n:ExplorerStory OR n:ExplorerView OR n:ExplorerNote DELETE n'),
  );
  await app.close();
  await db.close();
});

describe('stories', () => {
  it('creates, reads, renames, reorders, duplicates and deletes', async () => {
    const created = await call('POST', '/api/stories', {
      title: '联动创新',
      steps: [
        { id: 's1', view: view(['zone-qingdao-ftz-area'], 'FTZ'), narration: '**First**' },
        { id: 's2', view: view(['zone-yanggu-edz'], 'Yanggu'), narration: '' },
      ],
    });
    expect(created.status).toBe(201);
    const story = created.body.story;
    expect(story).toMatchObject({ title: '联动创新', version: 1, stepCount: 2 });

    const read = await call('GET', `/api/stories/${story.id}`);
    expect(read.body.story.steps.map((s: { id: string }) => s.id)).toEqual(['s1', 's2']);
    expect(read.body.missing).toEqual([]);

    const updated = await call('PUT', `/api/stories/${story.id}`, {
      version: 1,
      title: 'Renamed',
      steps: [read.body.story.steps[1], read.body.story.steps[0]],
    });
    expect(updated.status).toBe(200);
    expect(updated.body.story).toMatchObject({ title: 'Renamed', version: 2 });
    expect(updated.body.story.steps.map((s: { id: string }) => s.id)).toEqual(['s2', 's1']);

    const copy = await call('POST', `/api/stories/${story.id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body.story.title).toBe('Renamed (copy)');
    expect(copy.body.story.id).not.toBe(story.id);

    const list = await call('GET', '/api/stories');
    expect(list.body.stories.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([story.id, copy.body.story.id]),
    );

    expect((await call('DELETE', `/api/stories/${story.id}`)).status).toBe(204);
    expect((await call('GET', `/api/stories/${story.id}`)).status).toBe(404);
    expect((await call('DELETE', `/api/stories/${story.id}`)).status).toBe(404);
  });

  it('refuses a stale version with 409 and keeps the other edit', async () => {
    const { body } = await call('POST', '/api/stories', { title: 'shared', steps: [] });
    const id = body.story.id;
    const first = await call('PUT', `/api/stories/${id}`, {
      version: 1,
      title: 'shared',
      steps: [{ id: 'a', view: view([]), narration: 'A' }],
    });
    expect(first.status).toBe(200);
    const second = await call('PUT', `/api/stories/${id}`, {
      version: 1,
      title: 'shared',
      steps: [{ id: 'b', view: view([]), narration: 'B' }],
    });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const now = await call('GET', `/api/stories/${id}`);
    expect(now.body.story.steps.map((s: { id: string }) => s.id)).toEqual(['a']);
  });

  it('reports elements that no longer exist instead of dropping them', async () => {
    const { body } = await call('POST', '/api/stories', {
      title: 'old',
      steps: [{ id: 'x', view: view(['zone-yanggu-edz', 'entity-removed-since']), narration: '' }],
    });
    const read = await call('GET', `/api/stories/${body.story.id}`);
    expect(read.body.missing).toEqual(['entity-removed-since']);
    expect(read.body.story.steps[0].view.nodes).toHaveLength(2);
  });

  it.each([
    ['no title', { steps: [] }, 'title'],
    [
      'a bad step id',
      { title: 't', steps: [{ id: 'no spaces allowed', view: view([]), narration: '' }] },
      'steps.0.id',
    ],
    [
      'duplicate step ids',
      {
        title: 't',
        steps: [
          { id: 'a', view: view([]), narration: '' },
          { id: 'a', view: view([]), narration: '' },
        ],
      },
      'steps',
    ],
    [
      'a bad zoom',
      { title: 't', steps: [{ id: 'a', view: { ...view([]), zoom: -1 }, narration: '' }] },
      'steps.0.view.zoom',
    ],
    ['an unknown field', { title: 't', steps: [], evil: true }, '(body)'],
  ])('refuses %s with 400 naming the field, and saves nothing', async (_name, body, field) => {
    const before = (await call('GET', '/api/stories')).body.stories.length;
    const res = await call('POST', '/api/stories', body);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect((await call('GET', '/api/stories')).body.stories.length).toBe(before);
  });

  it('refuses an oversized story with 413', async () => {
    const huge = { title: 't', steps: [{ id: 'a', view: view([]), narration: 'x'.repeat(5_000_000) }] };
    expect((await call('POST', '/api/stories', huge)).status).toBe(413);
  });

  it('keeps stories out of the knowledge graph: not in search, schema or overview', async () => {
    await call('POST', '/api/stories', { title: 'Yanggu story', steps: [] });
    const search = await call('GET', '/api/search?q=Yanggu%20story');
    expect(search.body.results.map((r: { type: string }) => r.type)).not.toContain('ExplorerStory');
    const schema = await call('GET', '/api/schema');
    expect(schema.body.labels.map((l: { label: string }) => l.label).join(',')).not.toMatch(/Explorer/);
    const graph = await call('GET', '/api/graph?limit=5000');
    expect(
      graph.body.elements.nodes.every((n: { data: { labels: string[] } }) =>
        n.data.labels.includes('Entity'),
      ),
    ).toBe(true);
  });
});

describe('views and notes', () => {
  it('saves and reopens a view', async () => {
    const created = await call('POST', '/api/views', { name: 'FTZ', view: view(['zone-qingdao-ftz-area']) });
    expect(created.status).toBe(201);
    const read = await call('GET', `/api/views/${created.body.id}`);
    expect(read.body).toMatchObject({ name: 'FTZ', missing: [] });
    expect(read.body.view.nodes[0].id).toBe('zone-qingdao-ftz-area');
    expect(
      (await call('PUT', `/api/views/${created.body.id}`, { version: 5, name: 'x', view: view([]) })).status,
    ).toBe(409);
    expect((await call('DELETE', `/api/views/${created.body.id}`)).status).toBe(204);
  });

  it('keeps notes on entities', async () => {
    const created = await call('POST', '/api/notes', {
      entityId: 'zone-yanggu-edz',
      text: 'Copper clearance pilot',
    });
    expect(created.status).toBe(201);
    const list = await call('GET', '/api/notes?entityId=zone-yanggu-edz');
    expect(list.body.notes.map((n: { text: string }) => n.text)).toContain('Copper clearance pilot');
    expect((await call('POST', '/api/notes', { entityId: 'nope-entity', text: 'x' })).status).toBe(404);
    expect((await call('POST', '/api/notes', { entityId: 'zone-yanggu-edz', text: '   ' })).status).toBe(400);
    expect((await call('DELETE', `/api/notes/${created.body.note.id}`)).status).toBe(204);
  });
});

describe('who may write', () => {
  it('needs the bearer token when the server listens beyond loopback', async () => {
    const neo4j = inject('neo4j');
    const config = testConfig(neo4j, { HOST: '0.0.0.0', EXPLORER_TOKEN: 'test-token-123' });
    const guarded = await startTestApp(db, config);
    try {
      const post = (headers: Record<string, string>) =>
        fetch(`${guarded.baseUrl}/api/stories`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ title: 'guarded', steps: [] }),
        });
      const anonymous = await post({});
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
      expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
      expect((await post({ authorization: 'Bearer test-token-123' })).status).toBe(201);
      // reads stay open
      expect((await fetch(`${guarded.baseUrl}/api/stories`)).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
