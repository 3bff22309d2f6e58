// The messages between the search thread (thread.ts) and the main thread (search-thread.ts). Types only.
import type { GroupedSearchResponse, SearchKind } from '../../contract/types';
import type { CatalogueRows } from './catalogue';
import type { Ranked } from './rank';
import type { EntityHit } from '../../contract/types';

/** The catalogue's rows arrive in parts, each small enough to clone without holding up the main thread. */
export type RowsPart = {
  [K in keyof CatalogueRows]: { part: K; rows: CatalogueRows[K] };
}[keyof CatalogueRows];

export interface GroupedQuery {
  q: string;
  kinds: readonly SearchKind[];
  /** Entity types to keep (entities only); empty keeps all. */
  types: readonly string[];
  /** Results per kind. */
  limit: number;
}

export type ToThread =
  /** Starts collecting a new catalogue; the current one keeps answering until `build`. */
  | { kind: 'begin'; generation: number }
  | ({ kind: 'rows'; generation: number } & RowsPart)
  /** Builds the collected catalogue and makes it the one that answers. */
  | { kind: 'build'; generation: number }
  | { kind: 'entities'; id: number; q: string; types: readonly string[]; limit: number }
  | ({ kind: 'grouped'; id: number } & GroupedQuery);

export type FromThread =
  | { kind: 'built'; generation: number; entities: number; sentences: number; ms: number }
  | { kind: 'answer'; id: number; result: Ranked<EntityHit> | GroupedSearchResponse }
  /** A request the thread could not answer (no catalogue yet, or it threw). */
  | { kind: 'failed'; id: number; message: string };
