// Search over the graph: keeps one catalogue per data fingerprint and answers each kind from it.
import type { SearchResult } from '../../contract/types';
import type { GroupedSearchResponse, SearchKind } from '../../contract/types';
import { FingerprintCache } from '../data-cache';
import type { Db } from '../db/driver';
import { searchCatalogueRows } from '../queries/search';
import { buildCatalogue, type Catalogue } from './catalogue';
import { rankEntities, rankFigures, rankSentences } from './rank';

export const SEARCH_KINDS: readonly SearchKind[] = ['entities', 'figures', 'sentences'];

export interface GroupedSearch {
  q: string;
  kinds: readonly SearchKind[];
  /** Entity types to keep (entities only); empty keeps all. */
  types: readonly string[];
  /** Results per kind. */
  limit: number;
}

export class SearchService {
  private readonly catalogues = new FingerprintCache<Catalogue>();
  /** How many catalogues were built (tests read it to see a reuse). */
  builds = 0;

  constructor(
    private readonly db: Db,
    /** The data's fingerprint (SchemaService.fingerprint): a new load rebuilds the catalogue. */
    private readonly fingerprint: () => Promise<string>,
  ) {}

  async catalogue(): Promise<Catalogue> {
    const fingerprint = await this.fingerprint();
    return this.catalogues.get(fingerprint, async () => {
      this.builds++;
      return buildCatalogue(await searchCatalogueRows(this.db));
    });
  }

  /** GET /api/search: entities only, in the shape the client has always read. */
  async entities(q: string, types: readonly string[], limit: number): Promise<SearchResult[]> {
    const { results } = rankEntities(await this.catalogue(), q, types, limit);
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
  async grouped({ q, kinds, types, limit }: GroupedSearch): Promise<GroupedSearchResponse> {
    const catalogue = await this.catalogue();
    const response: GroupedSearchResponse = { q };
    if (kinds.includes('entities')) response.entities = rankEntities(catalogue, q, types, limit);
    if (kinds.includes('figures')) response.figures = rankFigures(catalogue, q, limit);
    if (kinds.includes('sentences')) response.sentences = rankSentences(catalogue, q, limit);
    return response;
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
