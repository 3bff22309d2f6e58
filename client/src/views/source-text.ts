// The paragraph of an article that holds a quote (a pure function, no DOM). How figures read is
// client/src/figure-format.ts.

const stripBreaks = (text: string) => text.replace(/[ \t\u3000]*\r?\n\s*/g, '');

/**
 * Finds the paragraph that holds the quote. Printed pages break sentences around photos, so a
 * quote may span two paragraphs; those are joined for display.
 */
export function paragraphFor(
  text: string,
  quote: string,
): { before: string; match: string; after: string } | undefined {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const wanted = stripBreaks(quote);
  for (let span = 1; span <= 3; span++) {
    for (let i = 0; i + span <= paragraphs.length; i++) {
      const joined = stripBreaks(paragraphs.slice(i, i + span).join(''));
      const at = joined.indexOf(wanted);
      if (at >= 0)
        return { before: joined.slice(0, at), match: wanted, after: joined.slice(at + wanted.length) };
    }
  }
  return undefined;
}
