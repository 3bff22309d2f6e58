// Search over the graph: loads the catalogue of the current data into the search thread (once per
// data fingerprint) and asks it each search. Nothing here ranks; rank.ts does, in the thread.
import type { GroupedSearchResponse, SearchKind, SearchResult } from '../../contract/types';
import { FingerprintCache } from '../data-cache';
import type { Db } from '../db/driver';
import { streamCatalogueRows } from '../queries/search';
import type { GroupedQuery } from './protocol';
import { SearchThread, SearchThreadDied, searchUnavailable } from './search-thread';

export const SEARCH_KINDS: readonly SearchKind[] = ['entities', 'figures', 'sentences'];

export type GroupedSearch = GroupedQuery;

export class SearchService {
  private readonly loads = new FingerprintCache<void>();
  /** How many catalogues were loaded (tests read it to see a reuse). */
  builds = 0;

  constructor(
    private readonly db: Db,
    /** The data's fingerprint (SchemaService.fingerprint): a new load rebuilds the catalogue. */
    private readonly fingerprint: () => Promise<string>,
    readonly thread = new SearchThread(),
  ) {}

  /**
   * The thread holds the current data's catalogue. A catalogue belongs to the thread it was loaded
   * into, so a thread that died (its deaths count moved on) gets the rows again.
   */
  private async ready(): Promise<void> {
    const key = `${await this.fingerprint()}#${this.thread.deaths}`;
    await this.loads.get(key, async () => {
      this.builds++;
      await this.thread.load((sink) => streamCatalogueRows(this.db, sink));
    });
  }

  /** Asks once more on a new thread when the thread died under a question; then gives up with 503. */
  private async withThread<T>(ask: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ready();
        return await ask();
      } catch (error) {
        if (!(error instanceof SearchThreadDied)) throw error;
        if (attempt === 2) throw searchUnavailable(error);
      }
    }
  }

  /** GET /api/search: entities only, in the shape the client has always read. */
  async entities(q: string, types: readonly string[], limit: number): Promise<SearchResult[]> {
    const { results } = await this.withThread(() => this.thread.entities(q, types, limit));
    // `score` orders like the ranking: 4 for an exact name down to 1 for relevance.
    const score = { name: 4, alias: 3, pinyin: 3, prefix: 2, text: 1 } as const;
    return results.map((r) => ({
      id: r.id,
      type: r.type,
      name: r.name,
      nameEn: r.nameEn,
      score: score[r.match],
    }));
  }

  /** GET /api/search/all: each kind asked for, ranked on its own. */
  grouped(query: GroupedSearch): Promise<GroupedSearchResponse> {
    return this.withThread(() => this.thread.grouped(query));
  }
}

const services = new WeakMap<object, SearchService>();

/**
 * The one SearchService of an app, keyed by its SchemaService: /api/search (routes/explore.ts) and
 * /api/search/all (routes/search.ts) share a catalogue rather than each building its own.
 */
export function searchServiceFor(db: Db, schema: { fingerprint(): Promise<string> }): SearchService {
  let service = services.get(schema);
  if (!service) {
    service = new SearchService(db, () => schema.fingerprint());
    services.set(schema, service);
  }
  return service;
}
