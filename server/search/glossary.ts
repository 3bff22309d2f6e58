// The bilingual glossary of measures and abbreviations analysts type, and how a query is widened by it. Pure.
// A dataset may add entries (`glossary` in graph-seed/FORMAT.md); the catalogue merges them with these.
import { normaliseKey } from './normalise';

/** Terms that mean the same thing to an analyst; any one of them finds figures named by another. */
export interface GlossaryEntry {
  terms: string[];
}

export const DEFAULT_GLOSSARY: readonly GlossaryEntry[] = [
  { terms: ['GDP', 'gross domestic product', '生产总值', '地区生产总值', '国内生产总值', '经济总量'] },
  {
    terms: [
      'FDI',
      'foreign direct investment',
      'actual use of foreign capital',
      '实际利用外资',
      '利用外资',
      '外资',
    ],
  },
  { terms: ['year on year', 'year-on-year', 'yoy', '同比', '同比增长'] },
  { terms: ['month on month', 'month-on-month', 'mom', '环比'] },
  { terms: ['value added', 'added value', '增加值'] },
  { terms: ['above designated size', 'above-scale', '规上', '规模以上'] },
  { terms: ['output value', '产值'] },
  { terms: ['investment', 'total investment', '投资', '总投资'] },
  { terms: ['share', 'proportion', '比重', '占比'] },
  { terms: ['rank', 'ranking', '排名', '位次'] },
  { terms: ['turnover', 'revenue', '营业额', '营业收入'] },
  { terms: ['transaction value', 'trade value', '交易额'] },
  { terms: ['land area', '占地', '占地面积'] },
  { terms: ['cross-border e-commerce', 'CBEC', '跨境电商', '跨境电子商务'] },
  { terms: ['FTZ', 'free trade zone', 'pilot free trade zone', '自贸区', '自贸试验区', '自由贸易试验区'] },
];

/** Normalised term → every normalised term of the entries it belongs to. */
export type Glossary = ReadonlyMap<string, readonly string[]>;

export function buildGlossary(entries: readonly GlossaryEntry[]): Glossary {
  const synonyms = new Map<string, Set<string>>();
  for (const entry of entries) {
    const terms = entry.terms.map(normaliseKey).filter(Boolean);
    for (const term of terms) {
      const set = synonyms.get(term) ?? new Set<string>();
      terms.forEach((t) => set.add(t));
      synonyms.set(term, set);
    }
  }
  return new Map([...synonyms].map(([term, set]) => [term, [...set]]));
}

/**
 * The query and what the glossary says it also means. A term counts when the query is that term,
 * contains it as a word or phrase (`GDP 2023`, `西海岸新区生产总值`), or is a two-character-or-longer
 * part of it (`外资` within 实际利用外资).
 */
export function expandQuery(key: string, glossary: Glossary): string[] {
  const terms = new Set<string>([key]);
  for (const [term, synonyms] of glossary) {
    const latin = /^[a-z0-9 .-]+$/.test(term);
    const contains = latin
      ? new RegExp(`(^|[^a-z0-9])${escapeRegExp(term)}($|[^a-z0-9])`).test(key)
      : key.includes(term);
    const within = key.length >= 2 && !latin && term.includes(key);
    if (contains || within) synonyms.forEach((s) => terms.add(s));
  }
  return [...terms];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
