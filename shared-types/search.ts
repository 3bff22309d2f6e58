// Response shapes of the search endpoints (GET /api/search/all); requests are in server/search-schemas.ts.

/** The kinds of answer a search has; `kind=` picks some of them. */
export type SearchKind = 'entities' | 'figures' | 'sentences';

/**
 * Why an entity was found, in ranking order: its name (Chinese or English) exactly, an alias
 * exactly, the pinyin of its name or an alias exactly, the start of its name, or elsewhere in a
 * name, alias or pinyin (relevance).
 */
export type EntityMatch = 'name' | 'alias' | 'pinyin' | 'prefix' | 'text';

export interface EntityRef {
  id: string;
  type: string;
  name: string;
  nameEn: string;
}

export interface EntityHit extends EntityRef {
  match: EntityMatch;
  /** The name, alias or pinyin form the query matched. */
  matched: string;
  /** Links to other entities; ties within a rank go to the better connected. */
  degree: number;
}

/** Why a figure was found: its value as written, its measure, or a glossary synonym of the query. */
export type FigureMatch = 'value' | 'measure' | 'glossary';

export interface FigureHit {
  id: string;
  /** The entity the figure describes; opening it shows the figure highlighted. */
  entity: EntityRef;
  measure: string;
  measureZh: string | null;
  value: number;
  valueMax: number | null;
  unit: string;
  unitZh: string | null;
  period: { label: string | null; labelEn: string | null; start: string | null; end: string | null } | null;
  date: string | null;
  match: FigureMatch;
  /** The query term (or its glossary synonym) the measure contains; absent for a value match. */
  matched: string | null;
}

export interface ArticleRef {
  id: string;
  title: string;
  titleEn: string | null;
  date: string | null;
}

export interface RelationshipRef {
  id: string;
  type: string;
  source: string;
  target: string;
}

export interface SentenceHit {
  article: ArticleRef;
  /** Position of the sentence in its article, from 0. */
  index: number;
  text: string;
  /** Where the query occurs in `text`: [start, end) in UTF-16 code units, as JavaScript slices strings. */
  highlights: [number, number][];
  /** The graph elements whose source quote lies in this sentence. */
  quotedBy: {
    entities: EntityRef[];
    relationships: RelationshipRef[];
    figures: { id: string; entityId: string; measure: string; measureZh: string | null }[];
  };
}

/** One kind's answer: the first `limit` results and how many there were in all. */
export interface SearchSection<T> {
  total: number;
  results: T[];
}

/** GET /api/search/all: the kinds asked for (all three by default), each ranked on its own. */
export interface GroupedSearchResponse {
  q: string;
  entities?: SearchSection<EntityHit>;
  figures?: SearchSection<FigureHit>;
  sentences?: SearchSection<SentenceHit>;
}
