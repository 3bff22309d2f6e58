// The pure parts of the insight endpoints: periods, figure alignment, sentence chains.
import { describe, expect, it } from 'vitest';
import { alignFigures } from '../../server/analytics/compare';
import { chainSentence, hopSentence } from '../../server/analytics/sentences';
import {
  collectPeriods,
  dateLabel,
  expandDate,
  inWindow,
  normalisePeriod,
} from '../../server/analytics/timeline';
import type { EntityRef, Figure } from '../../contract/types';

describe('periods and dates', () => {
  it.each([
    ['2023', { start: '2023-01-01', end: '2023-12-31' }],
    ['2023-06', { start: '2023-06-01', end: '2023-06-30' }],
    ['2024-02', { start: '2024-02-01', end: '2024-02-29' }],
    ['2023-11-20', { start: '2023-11-20', end: '2023-11-20' }],
    ['2023-02-30', undefined],
    ['2023-13', undefined],
    ['last year', undefined],
  ])('expands %s', (value, expected) => {
    expect(expandDate(value)).toEqual(expected);
  });

  it('labels bare dates in both languages', () => {
    expect(dateLabel('2023-06')).toEqual({ zh: '2023年6月', en: 'Jun 2023' });
    expect(dateLabel('2023-11-20')).toEqual({ zh: '2023年11月20日', en: '20 Nov 2023' });
    expect(dateLabel('2022')).toEqual({ zh: '2022年', en: '2022' });
  });

  it('normalises a period, keeping its labels, and a date', () => {
    expect(
      normalisePeriod({
        periodStart: '2023-01-01',
        periodEnd: '2023-09-30',
        periodLabel: '2023年前三季度',
        periodLabelEn: 'Q1–Q3 2023',
      }),
    ).toEqual({ start: '2023-01-01', end: '2023-09-30', label: '2023年前三季度', labelEn: 'Q1–Q3 2023' });
    expect(normalisePeriod({ periodEnd: '2022' })).toMatchObject({ start: '2022-01-01', end: '2022-12-31' });
    expect(normalisePeriod({ date: '2023' })).toEqual({
      start: '2023-01-01',
      end: '2023-12-31',
      label: '2023年',
      labelEn: '2023',
    });
    expect(normalisePeriod({})).toBeUndefined();
  });

  it('tells "within" from "overlaps"', () => {
    const q1q3 = { start: '2023-01-01', end: '2023-09-30' };
    const year = { from: '2023-01-01', to: '2023-12-31' };
    const june = { from: '2023-06-01', to: '2023-06-30' };
    expect(inWindow(q1q3, year, 'within')).toBe(true);
    expect(inWindow(q1q3, june, 'within')).toBe(false);
    expect(inWindow(q1q3, june, 'overlaps')).toBe(true);
    expect(inWindow(q1q3, { from: '2022-01-01', to: '2022-12-31' }, 'overlaps')).toBe(false);
  });

  it('collects distinct periods in playback order (by end, then start) with counts', () => {
    const item = (start: string, end: string, label: string) => ({ start, end, label, labelEn: label });
    const { periods, extent } = collectPeriods(
      [
        item('2023-01-01', '2023-12-31', '2023'),
        item('2022-01-01', '2022-12-31', '2022'),
        item('2023-01-01', '2023-09-30', 'Q1–Q3'),
        item('2022-01-01', '2022-12-31', '2022 again'),
      ],
      [item('2023-06-01', '2023-06-30', 'June'), item('2023-01-01', '2023-12-31', 'year')],
    );
    expect(periods.map((p) => p.label)).toEqual(['2022', 'June', 'Q1–Q3', '2023']);
    expect(periods[0]).toMatchObject({ key: '2022-01-01/2022-12-31', figures: 2, entities: 0 });
    expect(periods[3]).toMatchObject({ figures: 1, entities: 1 });
    expect(extent).toEqual({ start: '2022-01-01', end: '2023-12-31' });
    expect(collectPeriods([], []).extent).toBeNull();
  });
});

describe('alignFigures', () => {
  const figure = (id: string, measure: string, unit: string, value: number, extra: Partial<Figure> = {}) =>
    ({ id, measure, unit, value, sources: [], ...extra }) as Figure;
  const q3 = { start: '2023-01-01', end: '2023-09-30', label: '2023年前三季度', labelEn: 'Q1–Q3 2023' };

  it('puts the same measure, unit and period of different entities in one row', () => {
    const rows = alignFigures([
      {
        id: 'a',
        figures: [
          figure('a1', 'GDP', 'CNY', 10, { period: q3 }),
          figure('a2', 'GDP', 'CNY', 8, { period: { start: '2022-01-01', end: '2022-12-31' } }),
          figure('a3', 'parks', 'count', 3, { date: '2023-11-20' }),
        ],
      },
      {
        id: 'b',
        figures: [
          figure('b1', 'GDP', 'CNY', 20, { period: q3 }),
          figure('b2', 'GDP', 'USD', 3, { period: q3 }),
        ],
      },
    ]);
    expect(rows[0]).toMatchObject({
      measure: 'GDP',
      unit: 'CNY',
      aligned: 2,
      period: { labelEn: 'Q1–Q3 2023' },
    });
    expect(rows[0]!.cells.a!.map((f) => f.value)).toEqual([10]);
    expect(rows[0]!.cells.b!.map((f) => f.value)).toEqual([20]);
    // a different period or unit is a different row
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.aligned === 1)).toHaveLength(3);
    const parks = rows.find((r) => r.measure === 'parks')!;
    expect(parks.period).toMatchObject({ start: '2023-11-20', end: '2023-11-20' });
    expect(parks.cells.b).toBeUndefined();
  });

  it('keeps two figures of one entity in the same row together', () => {
    const rows = alignFigures([
      { id: 'a', figures: [figure('x', 'share', 'percent', 10), figure('y', 'share', 'percent', 12)] },
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ aligned: 1, period: null });
    expect(rows[0]!.cells.a).toHaveLength(2);
  });
});

describe('sentence chains', () => {
  const ref = (id: string, name: string, nameEn: string): EntityRef => ({ id, type: 'Zone', name, nameEn });
  const yanggu = ref('y', '阳谷经开区', 'Yanggu EDZ');
  const ftz = ref('f', '青岛自贸片区', 'Qingdao FTZ Area');
  const region = ref('r', '山东', 'Shandong');

  it('writes a hop with its relationship, direction and quote', () => {
    expect(
      hopSentence({
        from: yanggu,
        to: ftz,
        type: 'LINKED_WITH',
        nameZh: '联动',
        nameEn: 'linked with',
        forward: false,
        quote: '与阳谷经开区联动',
      }),
    ).toEqual({
      zh: '阳谷经开区 ←联动— 青岛自贸片区：“与阳谷经开区联动”',
      en: 'Yanggu EDZ ←linked with— Qingdao FTZ Area: “与阳谷经开区联动”',
    });
    expect(hopSentence({ from: ftz, to: region, type: 'LOCATED_IN', forward: true })).toEqual({
      zh: '青岛自贸片区 —LOCATED_IN→ 山东',
      en: 'Qingdao FTZ Area —LOCATED_IN→ Shandong',
    });
  });

  it('chains the hops of a path', () => {
    const chain = chainSentence([
      { from: yanggu, to: ftz, type: 'LINKED_WITH', nameZh: '联动', nameEn: 'linked with', forward: false },
      { from: ftz, to: region, type: 'LOCATED_IN', nameZh: '位于', nameEn: 'located in', forward: true },
    ]);
    expect(chain.zh).toBe('阳谷经开区 ←联动— 青岛自贸片区 —位于→ 山东');
    expect(chain.en).toBe('Yanggu EDZ ←linked with— Qingdao FTZ Area —located in→ Shandong');
    expect(chainSentence([])).toEqual({ zh: '', en: '' });
  });
});
