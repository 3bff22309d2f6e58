// The hub-relationship list kept per data fingerprint: read in the background (no request waits),
// one read at a time, the previous list served while the next is read, a failure tried again.
import { describe, expect, it } from 'vitest';
import { DataVersion } from '../../server/data-version';
import type { Db } from '../../server/db/driver';
import { HubLinkService } from '../../server/hub-links';
import type { HubLinks } from '../../server/queries/explore';

const db = {} as Db;
const list = (name: string): HubLinks => ({
  minDegree: 100,
  hubs: new Map([[name, { degree: 101, links: [] }]]),
});

/** A fingerprint the test sets, and list reads the test finishes by hand. */
function harness() {
  let fingerprint = 'f1';
  const version = new DataVersion(db, 0, async () => fingerprint);
  const reads: { fingerprint: string; finish: (links: HubLinks) => void; fail: (e: Error) => void }[] = [];
  const service = new HubLinkService(db, version, 100, () => {
    const at = fingerprint;
    return new Promise<HubLinks>((resolve, reject) =>
      reads.push({ fingerprint: at, finish: resolve, fail: reject }),
    );
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { service, reads, settle, set: (f: string) => (fingerprint = f) };
}

describe('HubLinkService', () => {
  it('answers without a list until the first is read, and reads it once per fingerprint', async () => {
    const { service, reads, settle } = harness();
    expect(await service.current()).toBeUndefined();
    expect(await service.current()).toBeUndefined();
    expect(reads).toHaveLength(1);
    reads[0]!.finish(list('a'));
    await settle();
    expect((await service.current())?.hubs.has('a')).toBe(true);
    expect(service.computations).toBe(1);
  });

  it('serves the previous list while the next is read, one read at a time', async () => {
    const { service, reads, settle, set } = harness();
    await service.current();
    reads[0]!.finish(list('a'));
    await settle();
    set('f2');
    expect((await service.current())?.hubs.has('a')).toBe(true);
    set('f3');
    expect((await service.current())?.hubs.has('a')).toBe(true);
    expect(reads).toHaveLength(2); // f3 waits for the f2 read to end
    reads[1]!.finish(list('b'));
    await settle();
    expect((await service.current())?.hubs.has('b')).toBe(true); // of f2, while f3's is read
    expect(reads).toHaveLength(3);
    expect(reads[2]!.fingerprint).toBe('f3');
  });

  it('tries again after a failed read, and settled() waits for the list of the data as it is', async () => {
    const { service, reads, settle } = harness();
    await service.current();
    reads[0]!.fail(new Error('Neo4j unavailable'));
    await settle();
    expect(await service.current()).toBeUndefined();
    expect(reads).toHaveLength(2);
    const settled = service.settled();
    reads[1]!.finish(list('c'));
    expect((await settled).hubs.has('c')).toBe(true);
  });
});
