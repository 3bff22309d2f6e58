// The client's store (client/src/store.ts): a set applies at once, listeners hear once per task,
// and a watcher renders only when a value of its own slice changed.
import { describe, expect, it } from 'vitest';
import { createStore, initialState, sameSlice } from '../../client/src/store';

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('client store', () => {
  it('applies a set at once and notifies once for everything set in the same task', async () => {
    const store = createStore(initialState());
    const seen: [string, string][] = [];
    store.subscribe((state, previous) => seen.push([state.status, previous.status]));
    store.set({ status: 'loading' });
    store.set({ statusMessage: 'half way' });
    store.set({ status: 'ready' });
    expect(store.get()).toMatchObject({ status: 'ready', statusMessage: 'half way' });
    expect(seen).toEqual([]); // nothing heard until the task ends
    await settle();
    // One notification, against the state listeners saw last (idle), not an intermediate one.
    expect(seen).toEqual([['ready', 'idle']]);
    store.set({ status: 'error' });
    await settle();
    expect(seen).toEqual([
      ['ready', 'idle'],
      ['error', 'ready'],
    ]);
  });

  it('renders a watcher only when its slice changed, by value', async () => {
    const store = createStore(initialState());
    let details = 0;
    let toolbar = 0;
    store.watch(
      (s) => [s.selection, s.lang],
      () => details++,
    );
    store.watch(
      (s) => [s.busy, s.status],
      () => toolbar++,
    );
    for (let i = 0; i < 10; i++) store.set({ busy: { task: 'layout', nodes: i, since: 0 } });
    await settle();
    expect({ details, toolbar }).toEqual({ details: 0, toolbar: 1 });
    store.set({ lang: 'en' });
    await settle();
    expect({ details, toolbar }).toEqual({ details: 1, toolbar: 1 });
    // Setting the same values again is no change.
    store.set({ lang: 'en', status: store.get().status });
    await settle();
    expect({ details, toolbar }).toEqual({ details: 1, toolbar: 1 });
    // A value changed and changed back within one task: the slice ends as it was, nothing renders.
    store.set({ lang: 'zh' });
    store.set({ lang: 'en' });
    await settle();
    expect(details).toBe(1);
  });

  it('compares slices value by value', () => {
    const set = new Set(['a']);
    expect(sameSlice([1, 'x', set], [1, 'x', set])).toBe(true);
    expect(sameSlice([1, 'x', set], [1, 'x', new Set(['a'])])).toBe(false);
    expect(sameSlice([1], [1, 2])).toBe(false);
    expect(sameSlice([Number.NaN], [Number.NaN])).toBe(true);
  });
});
