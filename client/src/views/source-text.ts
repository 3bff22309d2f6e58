// How sources read in the panels: a figure as a sentence-sized amount in the chosen language, and
// the paragraph of an article that holds a quote (pure functions, no DOM).
import type { Figure } from '../../../contract/types';
import type { Lang } from '../i18n';

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

const QUALIFIERS: Record<string, [string, string]> = {
  about: ['约', 'about '],
  over: ['超过', 'over '],
  nearly: ['近', 'nearly '],
  'at-least': ['至少', 'at least '],
  'up-to': ['最高', 'up to '],
};

function amount(
  value: number,
  valueMax: number | null | undefined,
  qualifier: string | null | undefined,
  lang: Lang,
): string {
  const q = qualifier ? (QUALIFIERS[qualifier]?.[lang === 'en' ? 1 : 0] ?? '') : '';
  const n = (x: number) => x.toLocaleString(lang === 'en' ? 'en' : 'zh-CN');
  return `${q}${n(value)}${valueMax != null ? `–${n(valueMax)}` : ''}`;
}

export function formatFigure(f: Figure, lang: Lang): string {
  const unit = lang === 'en' ? f.unit : (f.unitZh ?? f.unit);
  const now = `${amount(f.value, f.valueMax, f.qualifier, lang)} ${unit}`;
  const before = f.before
    ? `${amount(f.before.value, f.before.valueMax, f.before.qualifier, lang)} ${unit} → `
    : '';
  const base =
    f.multiplier && f.multiplier !== 1 && lang !== 'zh'
      ? ` (×${f.multiplier.toExponential(0).replace('e+', 'e')} ${f.currency ?? ''})`
      : '';
  return `${before}${now}${base}`.trim();
}
