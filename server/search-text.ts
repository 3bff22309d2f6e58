// Turns what an analyst types into a Lucene query for the cjk full-text index. Pure.
//
// The cjk analyzer indexes Chinese as overlapping bigrams and other text as lower-cased words, so:
// a run of Chinese characters becomes a phrase (its bigrams in order), and a Latin word matches
// itself or, for partial typing, any word it starts. A single Chinese character has no bigram; the
// caller falls back to a substring match when the query has nothing the index can look up.

const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;
const HAN = /\p{Script=Han}+/gu;
// CJKAnalyzer drops these English stop words; a clause made of one would match nothing.
const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'but',
  'by',
  'for',
  'if',
  'in',
  'into',
  'is',
  'it',
  'no',
  'not',
  'of',
  'on',
  'or',
  'such',
  'that',
  'the',
  'their',
  'then',
  'there',
  'these',
  'they',
  'this',
  'to',
  'was',
  'will',
  'with',
]);

export const escapeLucene = (text: string): string => text.replace(LUCENE_SPECIAL, (c) => `\\${c}`);

/** The Lucene query for `text`, or undefined when no part of it can use the index. */
export function toLuceneQuery(text: string): string | undefined {
  const clauses: string[] = [];
  for (const run of text.match(HAN) ?? []) {
    if (run.length >= 2) clauses.push(`"${escapeLucene(run)}"`);
  }
  const latin =
    text
      .replace(HAN, ' ')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const word of latin) {
    if (STOP_WORDS.has(word)) continue;
    const escaped = escapeLucene(word);
    clauses.push(`(${escaped}^2 OR ${escaped}*)`);
  }
  return clauses.length ? clauses.join(' AND ') : undefined;
}
