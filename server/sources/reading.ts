// Owns the reader's view of an article: its sentences, each with the facts whose quotes fall in it.
// Pure: the article and the quoting facts are read by queries/sources.ts.
import type { Backing, Sentence } from '../../contract/types';
import type { Quoting } from '../queries/sources';
import { normalisedWithOffsets, segmentSentences } from './text';
import { normaliseForQuotes } from '../../graph-seed/format';

/**
 * Every sentence of the text with what it backs: a fact backs each sentence its quote overlaps
 * (a quote may span two sentences, or be part of one). Quotes are found as the loader finds them,
 * in the text with line breaks removed, and mapped back to the text's own offsets.
 */
export function backedSentences(text: string, quoting: Quoting[]): (Sentence & { backs: Backing[] })[] {
  const sentences = segmentSentences(text).map((s) => ({ ...s, backs: [] as Backing[] }));
  const { normal, offsets } = normalisedWithOffsets(text);
  for (const fact of quoting) {
    for (const quote of fact.quotes) {
      const wanted = normaliseForQuotes(quote);
      if (!wanted) continue;
      for (let at = normal.indexOf(wanted); at !== -1; at = normal.indexOf(wanted, at + 1)) {
        const start = offsets[at]!;
        const end = offsets[at + wanted.length - 1]! + 1;
        for (const s of sentences) {
          if (
            s.start < end &&
            start < s.end &&
            !s.backs.some((b) => b.id === fact.id && b.kind === fact.kind)
          ) {
            s.backs.push({ kind: fact.kind, id: fact.id, label: fact.label });
          }
        }
      }
    }
  }
  return sentences;
}
