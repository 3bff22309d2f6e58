// How a figure reads, in the words an analyst would use: Chinese as the article wrote it
// ("1,700多亿元", "1.4万亩", "近4成"), English in base units at a readable scale ("over 170 bn CNY",
// "14,000 mu", "nearly 40%"), both side by side in 中英 mode; and the period a figure belongs to.
// Pure functions over the contract's Figure, no DOM: tests/unit/figure-format.test.ts covers every
// figure of the seed.
import type { Figure } from '../../contract/types';
import type { Lang } from './i18n';

type Amount = Pick<Figure, 'value' | 'valueMax' | 'qualifier'>;

/** Chinese qualifiers: "over" reads as 多 after the number (1,700多亿元), the rest go before it. */
const ZH_QUALIFIER: Record<string, { before?: string; after?: string }> = {
  about: { before: '约' },
  over: { after: '多' },
  nearly: { before: '近' },
  'at-least': { before: '至少' },
  'up-to': { before: '最高' },
};
const EN_QUALIFIER: Record<string, string> = {
  about: 'about ',
  over: 'over ',
  nearly: 'nearly ',
  'at-least': 'at least ',
  'up-to': 'up to ',
};

/** English names of the dataset format's units (graph-seed/FORMAT.md), singular and plural. */
const EN_UNITS: Record<string, [string, string]> = {
  day: ['day', 'days'],
  minute: ['minute', 'minutes'],
  mu: ['mu', 'mu'],
  times: ['time', 'times'],
  'percentage-point': ['percentage point', 'percentage points'],
  'vessel-tonnage': ['tonne', 'tonnes'],
};
const MONEY = new Set(['CNY', 'USD', 'EUR', 'HKD', 'JPY']);
/** Chinese measure words that say "the first such" with 首 (首台, 首艘, 首例, 全国首单). */
const ORDINAL_CLASSIFIERS = new Set(['个', '艘', '台', '例', '单', '项', '家', '座', '条']);

/** Decimal places a number was written with (3650.31 → 2). */
const decimalsOf = (x: number) => {
  const text = String(x);
  if (text.includes('e')) return 0;
  return text.includes('.') ? text.split('.')[1]!.length : 0;
};

const grouped = (x: number, decimals: number) =>
  x.toLocaleString('en', { maximumFractionDigits: Math.max(0, decimals), useGrouping: true });

/**
 * A base-unit amount at a readable scale: billions and millions as "bn" and "m", smaller ones in
 * full with thousands separators. Keeps the precision the article gave (3,650.31亿 → 365.031 bn).
 */
function scaled(value: number, multiplier: number): string {
  const base = value * multiplier;
  const power = Math.round(Math.log10(multiplier || 1));
  // Decimals at a scale of 10^exponent that keep exactly the digits the article wrote.
  const decimals = (exponent: number) => Math.max(0, decimalsOf(value) - power + exponent);
  for (const [size, suffix, exponent] of [
    [1e9, ' bn', 9],
    [1e6, ' m', 6],
  ] as const) {
    if (Math.abs(base) >= size) {
      const d = decimals(exponent);
      return `${grouped(Number((base / size).toFixed(d)), d)}${suffix}`;
    }
  }
  return grouped(Number(base.toFixed(decimals(0))), decimals(0));
}

const ordinal = (n: number) => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
};

/** The amount in Chinese, as written: qualifier, number (range), unit as written. */
function zhAmount(f: Pick<Figure, 'unit' | 'unitZh'>, a: Amount): string {
  const q = (a.qualifier && ZH_QUALIFIER[a.qualifier]) || {};
  const n = (x: number) => x.toLocaleString('zh-CN', { maximumFractionDigits: 6 });
  const unit = f.unitZh ?? '';
  if (f.unit === 'rank' && a.valueMax == null) {
    if (unit === '位') return `${q.before ?? ''}第${n(a.value)}位`;
    if (unit === '最大' && a.value === 1) return '最大';
    if (a.value === 1 && ORDINAL_CLASSIFIERS.has(unit)) return `首${unit}`;
    return `第${n(a.value)}${unit}`;
  }
  const number = `${n(a.value)}${a.valueMax != null ? `–${n(a.valueMax)}` : ''}`;
  // A unit with no Chinese form keeps a space before it (3 ha).
  const written = f.unitZh ? unit : ` ${f.unit === 'count' ? '' : f.unit}`.trimEnd();
  return `${q.before ?? ''}${number}${q.after ?? ''}${written}`;
}

/** The amount in English: in base units (× multiplier), at a readable scale, with the unit named. */
function enAmount(f: Pick<Figure, 'unit' | 'multiplier' | 'currency'>, a: Amount): string {
  const q = (a.qualifier && EN_QUALIFIER[a.qualifier]) || '';
  const multiplier = f.multiplier ?? 1;
  if (f.unit === 'rank' && a.valueMax == null) return `${q}${ordinal(a.value * multiplier)}`;
  const number = `${scaled(a.value, multiplier)}${a.valueMax != null ? `–${scaled(a.valueMax, multiplier)}` : ''}`;
  const plural = a.valueMax != null || a.value * multiplier !== 1;
  let unit: string;
  if (f.unit === 'count') unit = '';
  else if (f.unit === 'percent') unit = '%';
  else if (MONEY.has(f.unit)) unit = ` ${f.currency ?? f.unit}`;
  else if (EN_UNITS[f.unit]) unit = ` ${EN_UNITS[f.unit]![plural ? 1 : 0]}`;
  else unit = ` ${f.unit}`;
  return `${q}${number}${unit}`;
}

type Formattable = Pick<
  Figure,
  'value' | 'valueMax' | 'qualifier' | 'unit' | 'unitZh' | 'multiplier' | 'currency' | 'before'
>;

function inOneLanguage(f: Formattable, lang: 'zh' | 'en'): string {
  const say = (a: Amount) => (lang === 'zh' ? zhAmount(f, a) : enAmount(f, a));
  const before = f.before ? `${say(f.before)} → ` : '';
  return `${before}${say(f)}`;
}

/** A figure's amount: "1,700多亿元", "over 170 bn CNY", or in 中英 mode "1,700多亿元 (over 170 bn CNY)". */
export function formatFigure(f: Formattable, lang: Lang): string {
  if (lang !== 'both') return inOneLanguage(f, lang);
  const zh = inOneLanguage(f, 'zh');
  const en = inOneLanguage(f, 'en');
  // A bare count says the same in both ("3个", "3"): the Chinese alone.
  return zh === en || zh.includes(en) ? zh : `${zh} (${en})`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A bare date as the data writes it (2023, 2023-06, 2023-11-20), read in each language. */
function dateLabel(date: string): { zh: string; en: string } {
  const [y, m, d] = date.split('-');
  if (y && m && d)
    return { zh: `${y}年${Number(m)}月${Number(d)}日`, en: `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}` };
  if (y && m) return { zh: `${y}年${Number(m)}月`, en: `${MONTHS[Number(m) - 1]} ${y}` };
  return { zh: `${date}年`, en: date };
}

/**
 * The period a figure is for, or '' when the article gives none. A figure's `date` equal to the
 * publication date of the article it was quoted from is no period of its own (the dataset stamps
 * undated figures "as of publication"): showing it would pass the article's date off as the figure's.
 */
export function figurePeriod(
  f: Pick<Figure, 'period' | 'date'>,
  lang: Lang,
  articleDates: readonly (string | null | undefined)[] = [],
): string {
  if (f.period && (f.period.label || f.period.labelEn)) {
    const zh = f.period.label ?? f.period.labelEn ?? '';
    const en = f.period.labelEn ?? f.period.label ?? '';
    return lang === 'zh' ? zh : lang === 'en' ? en : zh === en ? zh : `${zh} · ${en}`;
  }
  if (!f.date || articleDates.includes(f.date)) return '';
  const { zh, en } = dateLabel(f.date);
  return lang === 'zh' ? zh : lang === 'en' ? en : `${zh} · ${en}`;
}
