// The search thread must not keep a process alive once it has answered: a script or a test runner
// that used search would otherwise wait at exit (the browser lane's vitest waited 10 s for it).
import { afterEach, describe, expect, it } from 'vitest';
import { SearchThread } from '../../server/search/search-thread';

const refedPorts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'MessagePort').length;

describe('SearchThread', () => {
  let thread: SearchThread | undefined;
  afterEach(() => thread?.close());

  it('answers from a loaded catalogue without holding the process open', async () => {
    const before = refedPorts();
    thread = new SearchThread();
    await thread.load(async (sink) => {
      sink.begin();
      await sink.part({
        part: 'entities',
        rows: [
          {
            id: 'coast',
            type: 'Zone',
            name: '青岛西海岸新区',
            nameEn: 'Qingdao West Coast New Area',
            aliases: ['西海岸新区'],
            degree: 3,
            sourceArticles: [],
            sourceQuotes: [],
          },
        ],
      });
    });
    const { results } = await thread.entities('西海岸', [], 5);
    expect(results.map((r) => r.id)).toEqual(['coast']);
    expect(refedPorts()).toBe(before);
  });
});
