// The story save queue: nothing typed is lost, our own saves never conflict with each other, and a
// real concurrent edit keeps both versions until the analyst chooses.
import { describe, expect, it } from 'vitest';
import { SaveQueue, VersionConflict } from '../../client/src/presentation/save-queue';

interface Doc {
  id: string;
  version: number;
  text: string;
  steps: string[];
}

/** A server that keeps one document, checks versions like the real one, and answers when told. */
function fakeServer(initial: Doc) {
  let stored = initial;
  const waiting: (() => void)[] = [];
  let manual = false;
  const server = {
    get stored() {
      return stored;
    },
    saves: 0,
    /** From now on each save waits for release(). */
    hold() {
      manual = true;
    },
    release() {
      waiting.shift()?.();
    },
    get waiting() {
      return waiting.length;
    },
    /** Another tab's save. */
    externalEdit(change: Partial<Doc>) {
      stored = { ...stored, ...change, version: stored.version + 1 };
    },
    async send(doc: Doc, baseVersion: number): Promise<Doc> {
      if (manual) await new Promise<void>((resolve) => waiting.push(resolve));
      server.saves++;
      if (baseVersion !== stored.version) throw new VersionConflict(stored.version);
      stored = { ...doc, version: stored.version + 1 };
      return stored;
    },
    fetchLatest: async () => stored,
  };
  return server;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SaveQueue', () => {
  it('keeps narration typed just before a structural edit (the lost-narration bug)', async () => {
    const server = fakeServer({ id: 's', version: 6, text: '', steps: ['a'] });
    const queue = new SaveQueue(server.stored, { send: server.send, fetchLatest: server.fetchLatest });
    queue.edit((d) => ({ ...d, text: 'narration' }), { typing: true });
    queue.edit((d) => ({ ...d, steps: [...d.steps, 'b'] }));
    await queue.flush();
    expect(server.stored).toMatchObject({ text: 'narration', steps: ['a', 'b'] });
    expect(queue.state).toBe('saved');
    expect(queue.conflict).toBeUndefined();
  });

  it('sends edits made while a save is in flight next, based on the version it returned', async () => {
    const server = fakeServer({ id: 's', version: 1, text: '', steps: [] });
    server.hold();
    const queue = new SaveQueue(server.stored, { send: server.send, fetchLatest: server.fetchLatest });
    queue.edit((d) => ({ ...d, text: 'one' }));
    await tick();
    expect(queue.state).toBe('saving');
    for (const text of ['one t', 'one tw', 'one two']) queue.edit((d) => ({ ...d, text }));
    expect(queue.value.text).toBe('one two');
    server.release();
    await tick();
    server.release();
    await queue.flush();
    expect(server.saves).toBe(2); // the three edits in flight went as one save
    expect(server.stored).toMatchObject({ text: 'one two', version: 3 });
    expect(queue.value).toEqual(server.stored);
  });

  it('saves twenty quick type-then-add rounds with every final text', async () => {
    const server = fakeServer({ id: 's', version: 1, text: '', steps: [] });
    const queue = new SaveQueue(server.stored, { send: server.send, fetchLatest: server.fetchLatest });
    for (let i = 0; i < 20; i++) {
      queue.edit((d) => ({ ...d, text: `${d.text}|${i}` }), { typing: true });
      queue.edit((d) => ({ ...d, steps: [...d.steps, `step ${i}`] }));
    }
    await queue.flush();
    expect(server.stored.steps).toHaveLength(20);
    expect(server.stored.text.split('|').slice(1)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });

  it('waits for a pause in typing before it sends, and flush() sends at once', async () => {
    const server = fakeServer({ id: 's', version: 1, text: '', steps: [] });
    const timers: (() => void)[] = [];
    const queue = new SaveQueue(server.stored, {
      send: server.send,
      fetchLatest: server.fetchLatest,
      delayMs: 500,
      setTimer: (fn) => timers.push(fn),
      clearTimer: () => undefined,
    });
    queue.edit((d) => ({ ...d, text: 'typing' }), { typing: true });
    await tick();
    expect(server.saves).toBe(0);
    expect(queue.state).toBe('pending');
    expect(queue.unsaved).toBe(true);
    await queue.flush();
    expect(server.saves).toBe(1);
    expect(queue.unsaved).toBe(false);
  });

  it('on a real concurrent edit keeps both versions and lets the analyst choose', async () => {
    const server = fakeServer({ id: 's', version: 1, text: 'original', steps: [] });
    const queue = new SaveQueue(server.stored, { send: server.send, fetchLatest: server.fetchLatest });
    server.externalEdit({ text: 'theirs' });
    queue.edit((d) => ({ ...d, text: 'mine' }));
    await queue.flush();
    expect(queue.state).toBe('conflict');
    expect(queue.conflict?.mine.text).toBe('mine');
    expect(queue.conflict?.theirs.text).toBe('theirs');
    expect(queue.value.text).toBe('mine'); // never an empty box
    await queue.keepMine();
    expect(server.stored).toMatchObject({ text: 'mine', version: 3 });
    expect(queue.state).toBe('saved');
  });

  it('can take the other version instead', async () => {
    const server = fakeServer({ id: 's', version: 1, text: 'original', steps: [] });
    const queue = new SaveQueue(server.stored, { send: server.send, fetchLatest: server.fetchLatest });
    server.externalEdit({ text: 'theirs' });
    queue.edit((d) => ({ ...d, text: 'mine' }));
    await queue.flush();
    queue.takeTheirs();
    expect(queue.value.text).toBe('theirs');
    expect(queue.unsaved).toBe(false);
    queue.edit((d) => ({ ...d, text: 'theirs, then mine' }));
    await queue.flush();
    expect(server.stored).toMatchObject({ text: 'theirs, then mine', version: 3 });
  });

  it('keeps the edit after a failed save and sends it on retry', async () => {
    const server = fakeServer({ id: 's', version: 1, text: '', steps: [] });
    let down = true;
    const queue = new SaveQueue(server.stored, {
      send: (doc, v) => (down ? Promise.reject(new Error('offline')) : server.send(doc, v)),
      fetchLatest: server.fetchLatest,
    });
    queue.edit((d) => ({ ...d, text: 'kept' }));
    await queue.flush();
    expect(queue.state).toBe('error');
    expect(queue.value.text).toBe('kept');
    down = false;
    await queue.retry();
    expect(server.stored.text).toBe('kept');
  });
});
