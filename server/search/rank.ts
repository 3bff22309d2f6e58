// The ranking rules of search over the catalogue: entities, figures and sentences. Pure.
import type { EntityHit, EntityMatch, FigureHit, FigureMatch, SentenceHit } from '../../contract/types';
import {
  entityForms,
  entitySegment,
  isQuoted,
  itemsContaining,
  pairKey,
  quotesOf,
  sentenceAt,
  sentenceKey,
  type Catalogue,
  type CatalogueFigure,
  type EntityForms,
} from './catalogue';
import { expandQuery } from './glossary';
import { looksLikePinyin, normaliseKey, numbersIn, queryWords } from './normalise';
import { sentenceHighlights } from './sentences';

export interface Ranked<T> {
  total: number;
  results: T[];
}

const longestWord = (key: string): string =>
  queryWords(key).reduce((longest, word) => (word.length > longest.length ? word : longest), '');

/** Intersection of ascending index lists, shortest first. */
function intersect(lists: Int32Array[]): number[] {
  const [first, ...rest] = [...lists].sort((a, b) => a.length - b.length);
  if (!first) return [];
  const cursors = rest.map(() => 0);
  const out: number[] = [];
  for (const value of first) {
    let everywhere = true;
    for (let r = 0; r < rest.length && everywhere; r++) {
      const list = rest[r]!;
      let at = cursors[r]!;
      while (at < list.length && list[at]! < value) at++;
      cursors[r] = at;
      everywhere = at < list.length && list[at] === value;
    }
    if (everywhere) out.push(value);
  }
  return out;
}

/**
 * Entities whose forms may contain every word of `key`: those holding every character pair of its
 * words (a superset: matchEntity decides). A key with no pair (one character) scans the haystack.
 */
export function entitiesContaining(catalogue: Catalogue, key: string): number[] {
  const words = queryWords(key);
  const lists: Int32Array[] = [];
  for (const word of words) {
    for (let at = 0; at + 1 < word.length; at++) {
      const list = catalogue.entityPairs.get(pairKey(word, at));
      if (!list) return []; // a pair no entity has: nothing can match
      lists.push(list);
    }
  }
  if (!lists.length)
    return itemsContaining(catalogue.entityHaystack, catalogue.entityStarts, longestWord(key));
  return intersect(lists);
}

const TIER: Record<EntityMatch, number> = { name: 0, alias: 1, pinyin: 1, prefix: 2, text: 3 };

interface EntityCandidate {
  entity: EntityForms;
  match: EntityMatch;
  matched: string;
  /** Within the `text` tier: how much of the matched form the query covers, 0..1. */
  relevance: number;
}

/** How well `key` matches one entity, or undefined when it does not. */
export function matchEntity(entity: EntityForms, key: string): EntityCandidate | undefined {
  const compact = key.replace(/ /g, '');
  const found = (match: EntityMatch, matched: string, relevance = 1) => ({
    entity,
    match,
    matched,
    relevance,
  });
  const exactName = entity.names.find((n) => n === key);
  if (exactName) return found('name', exactName);
  const exactAlias = entity.aliases.find((a) => a === key);
  if (exactAlias) return found('alias', exactAlias);
  const pinyinTyped = looksLikePinyin(key);
  if (pinyinTyped && entity.pinyin.includes(compact)) return found('pinyin', compact);
  const prefix = entity.names.find((n) => n.startsWith(key));
  if (prefix) return found('prefix', prefix);

  // Relevance: the share of a form the query covers, a form that starts with it counting more, pinyin
  // a little less than characters (it is ambiguous). Several words must all occur in the entity.
  let best: { form: string; relevance: number } | undefined;
  const consider = (form: string, needle: string, weight: number) => {
    const at = form.indexOf(needle);
    if (at < 0) return;
    const relevance = weight * (needle.length / form.length) * (at === 0 ? 1 : 0.8);
    if (!best || relevance > best.relevance) best = { form, relevance };
  };
  entity.names.forEach((n) => consider(n, key, 1));
  entity.aliases.forEach((a) => consider(a, key, 0.95));
  // Syllables may be typed apart (`xi hai an`); the pinyin forms have none.
  if (pinyinTyped) entity.pinyin.forEach((p) => consider(p, compact, 0.9));
  if (!best) {
    const words = queryWords(key);
    if (words.length > 1) {
      const forms = [...entity.names, ...entity.aliases];
      if (words.every((w) => forms.some((f) => f.includes(w)))) {
        const longest = Math.max(...forms.map((f) => f.length));
        best = { form: forms[0]!, relevance: 0.5 * (compact.length / longest) };
      }
    }
  }
  return best && found('text', best.form, best.relevance);
}

const compareEntities = (a: EntityCandidate, b: EntityCandidate): number =>
  TIER[a.match] - TIER[b.match] ||
  b.relevance - a.relevance ||
  b.entity.degree - a.entity.degree ||
  a.entity.name.length - b.entity.name.length ||
  (a.entity.id < b.entity.id ? -1 : a.entity.id > b.entity.id ? 1 : 0);

/** Exact name, then exact alias (or exact pinyin), then name prefix, then relevance; ties by degree. */
export function rankEntities(
  catalogue: Catalogue,
  query: string,
  types: readonly string[],
  limit: number,
): Ranked<EntityHit> {
  const key = normaliseKey(query);
  if (!key) return { total: 0, results: [] };
  const typeSet = new Set(types);
  const candidates: EntityCandidate[] = [];
  // Every way matchEntity matches needs one form to contain the key (or, for pinyin, the key
  // without spaces), or the forms to contain each of several words.
  const words = queryWords(key);
  const compact = looksLikePinyin(key) ? key.replace(/ /g, '') : key;
  const mayMatch = (forms: string) =>
    forms.includes(key) ||
    forms.includes(compact) ||
    (words.length > 1 && words.every((word) => forms.includes(word)));
  // Whatever matches contains every word of the query (pinyin typed with spaces included), so the
  // pair index, or for a one-character query one pass over the haystack, picks the few entities
  // worth a closer look out of 100k.
  for (const index of entitiesContaining(catalogue, key)) {
    if (typeSet.size && !typeSet.has(catalogue.entities[index]!.type)) continue;
    // The pair index is a superset: a candidate whose forms, as one string, fail this test is not
    // split into names, aliases and pinyin at all.
    const segment = entitySegment(catalogue, index);
    if (!mayMatch(segment)) continue;
    const candidate = matchEntity(entityForms(catalogue, index, segment), key);
    if (candidate) candidates.push(candidate);
  }
  candidates.sort(compareEntities);
  return {
    total: candidates.length,
    results: candidates.slice(0, limit).map(({ entity, match, matched }) => ({
      id: entity.id,
      type: entity.type,
      name: entity.name,
      nameEn: entity.nameEn,
      degree: entity.degree,
      match,
      matched,
    })),
  };
}

interface FigureCandidate {
  figure: CatalogueFigure;
  match: FigureMatch;
  matched: string | null;
  score: number;
}

/** How a figure matches: its value as written, its measure containing the query, or a synonym's. */
export function matchFigure(
  figure: CatalogueFigure,
  key: string,
  numbers: readonly number[],
  synonyms: readonly string[],
): FigureCandidate | undefined {
  const values = [figure.value, figure.valueMax, figure.beforeValue];
  if (numbers.some((n) => values.includes(n))) return { figure, match: 'value', matched: null, score: 3 };
  let best: FigureCandidate | undefined;
  for (const term of synonyms) {
    for (const measure of figure.measureKeys) {
      const at = measure.indexOf(term);
      // A measure named inside a longer query (西海岸新区生产总值) counts as well.
      const inside = at < 0 && term === key && term.includes(measure) && measure.length >= 2;
      if (at < 0 && !inside) continue;
      const direct = term === key;
      const score = (direct ? 2 : 1.5) + (measure === term ? 0.5 : 0) + (inside ? -0.5 : 0);
      if (!best || score > best.score)
        best = { figure, match: direct ? 'measure' : 'glossary', matched: term, score };
    }
  }
  return best;
}

export function rankFigures(catalogue: Catalogue, query: string, limit: number): Ranked<FigureHit> {
  const key = normaliseKey(query);
  if (!key) return { total: 0, results: [] };
  // Numbers are looked up only when the query is a figure as written; `2023年GDP` is not 2023.
  const numbers = /^[\d.,\s]+$/.test(key) ? numbersIn(key) : [];
  const synonyms = numbers.length ? [] : expandQuery(key, catalogue.glossary);
  const candidates: FigureCandidate[] = [];
  for (const figure of catalogue.figures) {
    const candidate = matchFigure(figure, key, numbers, synonyms);
    if (candidate) candidates.push(candidate);
  }
  const entityOf = (f: CatalogueFigure) => {
    const index = catalogue.entityIndex.get(f.entityId);
    return index === undefined ? undefined : catalogue.entities[index];
  };
  const degreeOf = (f: CatalogueFigure) => entityOf(f)?.degree ?? 0;
  candidates.sort(
    (a, b) =>
      b.score - a.score ||
      degreeOf(b.figure) - degreeOf(a.figure) ||
      (a.figure.id < b.figure.id ? -1 : a.figure.id > b.figure.id ? 1 : 0),
  );
  return {
    total: candidates.length,
    results: candidates.slice(0, limit).map(({ figure: f, match, matched }) => {
      const entity = entityOf(f);
      const hasPeriod = f.periodLabel || f.periodLabelEn || f.periodStart || f.periodEnd;
      return {
        id: f.id,
        entity: {
          id: f.entityId,
          type: entity?.type ?? '',
          name: entity?.name ?? f.entityId,
          nameEn: entity?.nameEn ?? '',
        },
        measure: f.measure,
        measureZh: f.measureZh,
        value: f.value,
        valueMax: f.valueMax,
        unit: f.unit,
        unitZh: f.unitZh,
        period: hasPeriod
          ? { label: f.periodLabel, labelEn: f.periodLabelEn, start: f.periodStart, end: f.periodEnd }
          : null,
        date: f.date,
        match,
        matched,
      };
    }),
  };
}

/**
 * Sentences that contain every word of the query, in article order; a sentence quoted by the graph
 * comes before one that is not (it is what the analyst can bring onto the canvas).
 */
export function rankSentences(catalogue: Catalogue, query: string, limit: number): Ranked<SentenceHit> {
  const key = normaliseKey(query);
  if (!key) return { total: 0, results: [] };
  const words = queryWords(key);
  const longest = longestWord(key);
  const found = itemsContaining(catalogue.sentenceHaystack, catalogue.sentenceStarts, longest);
  // Every hit holds the longest word; only the others are looked for in its key.
  const others = words.filter((word) => word !== longest);
  const hits = others.length
    ? found.filter((index) => {
        const sentence = sentenceKey(catalogue, index);
        return others.every((word) => sentence.includes(word));
      })
    : found;
  const quoted = (index: number) => (isQuoted(catalogue, index) ? 1 : 0);
  hits.sort((a, b) => quoted(b) - quoted(a));
  return {
    total: hits.length,
    results: hits.slice(0, limit).map((index) => {
      const sentence = sentenceAt(catalogue, index);
      return {
        article: sentence.article,
        index: sentence.index,
        text: sentence.text,
        highlights: sentenceHighlights(sentence, key) ?? [],
        quotedBy: quotesOf(catalogue, index),
      };
    }),
  };
}
