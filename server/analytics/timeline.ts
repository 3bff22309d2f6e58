// Time in the data as analysts read it: dates and periods as ISO ranges with bilingual labels,
// windows over them, and the distinct periods the timeline plays back.
import type { Bilingual, TimelinePeriod } from '../../contract/types';

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** "2023" → 2023-01-01…2023-12-31, "2023-06" → the month, "2023-06-05" → the day; else undefined. */
export function expandDate(value: string): { start: string; end: string } | undefined {
  const m = DATE.exec(value.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  if (!m[2]) return { start: `${year}-01-01`, end: `${year}-12-31` };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (!m[3])
    return { start: `${year}-${pad(month)}-01`, end: `${year}-${pad(month)}-${lastDay(year, month)}` };
  const day = Number(m[3]);
  if (day < 1 || day > lastDay(year, month)) return undefined;
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  return { start: iso, end: iso };
}

/** Readable labels for a bare date as the data writes it (2023, 2023-06, 2023-11-20). */
export function dateLabel(value: string): Bilingual {
  const m = DATE.exec(value.trim());
  if (!m) return { zh: value, en: value };
  const [, y, mo, d] = m;
  if (!mo) return { zh: `${y}年`, en: y! };
  if (!d) return { zh: `${y}年${Number(mo)}月`, en: `${MONTHS_EN[Number(mo) - 1]} ${y}` };
  return { zh: `${y}年${Number(mo)}月${Number(d)}日`, en: `${Number(d)} ${MONTHS_EN[Number(mo) - 1]} ${y}` };
}

export interface TimeFields {
  periodStart?: string | null;
  periodEnd?: string | null;
  periodLabel?: string | null;
  periodLabelEn?: string | null;
  date?: string | null;
}

/** A figure's period or date as ISO start and end with labels; undefined when it has neither. */
export function normalisePeriod(
  f: TimeFields,
): { start: string; end: string; label: string; labelEn: string } | undefined {
  const from = f.periodStart ?? f.periodEnd;
  const to = f.periodEnd ?? f.periodStart;
  if (from && to) {
    const start = expandDate(from)?.start;
    const end = expandDate(to)?.end;
    if (start && end) {
      const fallback = dateLabel(from === to ? from : `${from}–${to}`);
      return {
        start,
        end,
        label: f.periodLabel ?? f.periodLabelEn ?? fallback.zh,
        labelEn: f.periodLabelEn ?? f.periodLabel ?? fallback.en,
      };
    }
  }
  if (f.date) {
    const range = expandDate(f.date);
    if (range) {
      const label = dateLabel(f.date);
      return { ...range, label: label.zh, labelEn: label.en };
    }
  }
  return undefined;
}

export type WindowMode = 'within' | 'overlaps';

/** `within`: the whole period lies in the window; `overlaps`: any part of it does. */
export function inWindow(
  period: { start: string; end: string },
  window: { from: string; to: string },
  mode: WindowMode,
): boolean {
  return mode === 'within'
    ? period.start >= window.from && period.end <= window.to
    : period.start <= window.to && period.end >= window.from;
}

export interface TimedItem {
  start: string;
  end: string;
  label: string;
  labelEn: string;
}

/** Distinct periods of figures and dated entities, ordered by end then start (playback order). */
export function collectPeriods(
  figures: TimedItem[],
  entities: TimedItem[],
): { periods: TimelinePeriod[]; extent: { start: string; end: string } | null } {
  const periods = new Map<string, TimelinePeriod>();
  const add = (item: TimedItem, kind: 'figures' | 'entities') => {
    const key = `${item.start}/${item.end}`;
    const period = periods.get(key) ?? {
      key,
      start: item.start,
      end: item.end,
      label: item.label,
      labelEn: item.labelEn,
      figures: 0,
      entities: 0,
    };
    period[kind]++;
    periods.set(key, period);
  };
  figures.forEach((f) => add(f, 'figures'));
  entities.forEach((e) => add(e, 'entities'));
  const sorted = [...periods.values()].sort(
    (a, b) => a.end.localeCompare(b.end) || a.start.localeCompare(b.start),
  );
  const extent = sorted.length
    ? {
        start: sorted.reduce((min, p) => (p.start < min ? p.start : min), sorted[0]!.start),
        end: sorted[sorted.length - 1]!.end,
      }
    : null;
  return { periods: sorted, extent };
}
