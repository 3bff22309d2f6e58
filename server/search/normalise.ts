// How typed text and stored names are made comparable: one normal form for both sides. Pure.

// Quotation marks and title brackets are typography, not part of a name: “链长制” is 链长制.
const TYPOGRAPHY = /[“”‘’"'《》〈〉「」『』]/g;
const HAN = /\p{Script=Han}/u;

/** NFKC (full-width letters, digits and brackets become ASCII), lower case, no quotes, single spaces. */
export const normaliseKey = (text: string): string =>
  text.normalize('NFKC').replace(TYPOGRAPHY, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** The words of a normalised query; a Chinese phrase with no spaces is one word. */
export const queryWords = (key: string): string[] => key.split(' ').filter(Boolean);

export const hasHan = (text: string): boolean => HAN.test(text);

/** Pinyin is typed as Latin letters, with or without spaces between syllables. */
export const looksLikePinyin = (key: string): boolean => /^[a-z][a-z ]*$/.test(key);

/** Numbers as an analyst writes them (`3,650.31`, `1700`), as numbers. */
export function numbersIn(text: string): number[] {
  const found =
    text
      .normalize('NFKC')
      .replace(/(\d),(?=\d{3})/g, '$1')
      .match(/\d+(?:\.\d+)?/g) ?? [];
  return found.map(Number).filter(Number.isFinite);
}
