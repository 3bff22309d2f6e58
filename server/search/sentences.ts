// Sentences of source documents and where a query occurs in them. Pure.
import { keyWithOffsets, type CatalogueSentence } from './catalogue';
import { queryWords } from './normalise';

/**
 * The printed articles break lines around photos inside a sentence and leave a blank line between
 * paragraphs (graph-seed/FORMAT.md), so a paragraph's lines are joined before it is cut after each
 * 。！？ (with any closing quote that follows). A heading is a sentence of its own.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\r?\n[ \t\u3000]*\r?\n/)) {
    const joined = paragraph.replace(/[ \t\u3000]*\r?\n[ \t\u3000]*/g, '').trim();
    if (!joined) continue;
    for (const piece of joined.match(/[^。！？!?]+(?:[。！？!?]+[”’"」』）)]*|$)/g) ?? []) {
      const sentence = piece.trim();
      if (sentence) sentences.push(sentence);
    }
  }
  return sentences;
}

/**
 * Where each word of the query occurs in the sentence, as [start, end) in the original text, or
 * undefined when one of the words does not occur (every word must, as in a phrase search).
 */
export function sentenceHighlights(sentence: CatalogueSentence, key: string): [number, number][] | undefined {
  const words = queryWords(key);
  if (!words.every((word) => sentence.key.includes(word))) return undefined;
  // Mapped back to the text only here, for a sentence that is shown: most sentences never are.
  const mapped = keyWithOffsets(sentence.text);
  const ranges: [number, number][] = [];
  for (const word of words) {
    for (
      let from = mapped.key.indexOf(word);
      from >= 0;
      from = mapped.key.indexOf(word, from + word.length)
    ) {
      // The end is just after the last matched character, so a closing quote skipped by the key is not lit.
      ranges.push([mapped.offsets[from]!, mapped.offsets[from + word.length - 1]! + 1]);
    }
  }
  return mergeRanges(ranges);
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}
