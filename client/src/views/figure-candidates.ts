// Owns finding figure candidates in a sentence (a pure function, no DOM): numbers followed by a
// Chinese unit with its magnitude (亿元, 万亩, 个, 家…) or a per cent sign, for the chips that prefill
// the new-figure form. Rule-based on purpose: the analyst confirms every one.

export interface FigureCandidate {
  /** The words as written, e.g. "1700多亿元". */
  text: string;
  value: number;
  /** The unit as written without its magnitude (元, 亩, %, 个). */
  unitZh: string;
  unit: string;
  /** 亿 = 1e8, 万 = 1e4, 千 = 1e3; absent for a plain count. */
  multiplier?: number;
  qualifier?: 'over' | 'about';
}

const MAGNITUDES: Record<string, number> = { 亿: 1e8, 万: 1e4, 千: 1e3 };
const UNITS: Record<string, string> = {
  元: 'CNY',
  美元: 'USD',
  亩: 'mu',
  人: 'people',
  吨: 't',
  个: 'count',
  家: 'companies',
  项: 'items',
  平方米: 'm²',
  平方公里: 'km²',
  '%': '%',
};

const PATTERN =
  /(\d+(?:,\d{3})*(?:\.\d+)?)(多|余)?\s*(亿|万|千)?\s*(美元|元|亩|人|吨|个|家|项|平方米|平方公里|%)/gu;

export function figureCandidates(sentence: string): FigureCandidate[] {
  const found: FigureCandidate[] = [];
  for (const m of sentence.matchAll(PATTERN)) {
    const [text, digits = '', more, magnitude, unitZh = ''] = m;
    const value = Number(digits.replace(/,/g, ''));
    if (!Number.isFinite(value)) continue;
    found.push({
      text,
      value,
      unitZh,
      unit: UNITS[unitZh] ?? unitZh,
      ...(magnitude ? { multiplier: MAGNITUDES[magnitude] } : {}),
      ...(more ? { qualifier: 'over' as const } : {}),
    });
  }
  return found;
}
