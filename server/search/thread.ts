// The search thread (started by search-thread.ts through thread.mjs): owns the catalogue of the
// current data and answers every search from it. Building the catalogue of a 100k-entity graph
// takes seconds of CPU (pinyin, sentence splitting, quote matching over 600k rows); here it holds
// up only searches waiting for the new data, never the API's other requests.
import { parentPort } from 'node:worker_threads';
import { CatalogueBuilder, type Catalogue } from './catalogue';
import type { FromThread, ToThread } from './protocol';
import { rankEntities, rankFigures, rankSentences } from './rank';
import type { GroupedSearchResponse } from '../../contract/types';

if (!parentPort) throw new Error('search/thread.ts runs only as a worker thread');
const port = parentPort;
const send = (message: FromThread) => port.postMessage(message);

let catalogue: Catalogue | undefined;
/** The load under way: its rows are folded into the builder as they arrive. */
let collecting: { generation: number; builder: CatalogueBuilder; ms: number } | undefined;

port.on('message', (message: ToThread) => {
  switch (message.kind) {
    case 'begin':
      collecting = { generation: message.generation, builder: new CatalogueBuilder(), ms: 0 };
      return;
    case 'rows': {
      if (collecting?.generation !== message.generation) return; // a newer load began meanwhile
      const started = performance.now();
      collecting.builder.add(message.part, message.rows);
      collecting.ms += performance.now() - started;
      return;
    }
    case 'build': {
      if (collecting?.generation !== message.generation) return;
      const started = performance.now();
      catalogue = collecting.builder.finish();
      // The build's time is the parts' folding in as well as the finish.
      const ms = collecting.ms + performance.now() - started;
      collecting = undefined;
      send({
        kind: 'built',
        generation: message.generation,
        entities: catalogue.entities.length,
        sentences: catalogue.sentenceCount,
        ms: Math.round(ms),
      });
      return;
    }
    default:
      answer(message);
  }
});

function answer(message: Extract<ToThread, { id: number }>): void {
  if (!catalogue) {
    send({ kind: 'failed', id: message.id, message: 'the search catalogue is not built yet' });
    return;
  }
  try {
    if (message.kind === 'entities') {
      send({
        kind: 'answer',
        id: message.id,
        result: rankEntities(catalogue, message.q, message.types, message.limit),
      });
      return;
    }
    const { q, kinds, types, limit } = message;
    const result: GroupedSearchResponse = { q };
    if (kinds.includes('entities')) result.entities = rankEntities(catalogue, q, types, limit);
    if (kinds.includes('figures')) result.figures = rankFigures(catalogue, q, limit);
    if (kinds.includes('sentences')) result.sentences = rankSentences(catalogue, q, limit);
    send({ kind: 'answer', id: message.id, result });
  } catch (error) {
    send({ kind: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) });
  }
}
