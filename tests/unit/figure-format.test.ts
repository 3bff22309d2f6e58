// Every figure of the seed read as an analyst would say it (client/src/figure-format.ts), in 中文,
// English and 中英, plus the examples and the periods shown beside them.
import { describe, expect, it } from 'vitest';
import type { Figure } from '../../contract/types';
import { figurePeriod, formatFigure } from '../../client/src/figure-format';
import { DEFAULT_DATASET } from '../../graph-seed/seed-file';
import { readDataset } from '../../graph-seed/format';

const seed = readDataset(DEFAULT_DATASET);
const seedFigures = new Map(
  seed.nodes.flatMap((n) => (n.figures ?? []).map((f) => [f.id, f as unknown as Figure] as const)),
);
const articleDates = seed.articles.map((a) => a.date);

/** id → [中文, English] for every figure of the seed. */
const EXPECTED: Record<string, [string, string]> = {
  'fig-wca-gdp-2023-q1-q3': ['3,650.31亿元', '365.031 bn CNY'],
  'fig-wca-gdp-share-city-2023-q1-q3': ['31%', '31%'],
  'fig-wca-gdp-rank-city-2023-q1-q3': ['第1位', '1st'],
  'fig-wca-new-projects-2023-jan-oct': ['206个', '206'],
  'fig-wca-new-projects-investment-2023-jan-oct': ['2,218.8亿元', '221.88 bn CNY'],
  'fig-wca-fdi-2023-jan-oct': ['9.47亿美元', '947 m USD'],
  'fig-wca-fdi-rank-city-2023-jan-oct': ['第1位', '1st'],
  'fig-wca-fdi-contribution-city-2023-jan-oct': ['25.5%', '25.5%'],
  'fig-wca-industrial-output-2022': ['4,445.5亿元', '444.55 bn CNY'],
  'fig-wca-industrial-output-growth-2022': ['9.38%', '9.38%'],
  'fig-wca-industrial-value-added-growth-2022': ['6.5%', '6.5%'],
  'fig-wca-industrial-value-added-share-city-2022': ['近4成', 'nearly 40%'],
  'fig-wca-industrial-value-added-contribution-2022': ['64.2%', '64.2%'],
  'fig-wca-key-industrial-chains-count': ['9条', '9'],
  'fig-zhonghua-first-14th-fyp-infrastructure': ['首个', '1st'],
  'fig-fishery-vessel-tonnage': ['10万吨', '100,000 tonnes'],
  'fig-fishery-vessel-world-first': ['首艘', '1st'],
  'fig-dual-fuel-engine-first': ['首台', '1st'],
  'fig-lng-modular-plant-first': ['首例', '1st'],
  'fig-fpso-largest-in-china': ['最大', '1st'],
  'fig-display-park-area': ['1.4万亩', '14,000 mu'],
  'fig-display-park-sections': ['3个', '3'],
  'fig-display-park-projects-pipeline': ['40多个', 'over 40'],
  'fig-display-park-projects-investment': ['1,700多亿元', 'over 170 bn CNY'],
  'fig-display-park-max-subsidy': ['最高5,000万元', 'up to 50 m CNY'],
  'fig-ftz-linkage-tasks': ['16项', '16'],
  'fig-ftz-linkage-tasks-share-province': ['45.7%', '45.7%'],
  'fig-ftz-exploratory-tasks': ['6项', '6'],
  'fig-ftz-exploratory-tasks-share-province': ['46.2%', '46.2%'],
  'fig-ftz-institutional-innovation-outcomes': ['9项', '9'],
  'fig-linked-zones-count': ['6个', '6'],
  'fig-exchange-visits-2023': ['20多次', 'over 20'],
  'fig-joint-meeting-2023': ['1次', '1'],
  'fig-commissioner-training-2023': ['2次', '2'],
  'fig-innovation-roadshow-rounds-2023': ['1轮', '1'],
  'fig-copper-clearance-time': ['约10天 → 5–7天', 'about 10 days → 5–7 days'],
  'fig-copper-capital-cost-saving': ['1%', '1%'],
  'fig-ccp-plastics-trade-national-first': ['首单', '1st'],
  'fig-departure-port-rebate-days-saved': ['3天', '3 days'],
  'fig-simplified-deregistration-time': ['45天 → 20天', '45 days → 20 days'],
  'fig-bonded-livestreaming-cbec-turnover': ['2,510万美元', '25.1 m USD'],
  'fig-bonded-new-retail-delivery-time': ['20分钟', '20 minutes'],
  'fig-weifang-commodity-platforms-turnover-2023-jan-oct': ['约78亿元', 'about 7.8 bn CNY'],
};

describe('formatFigure on the seed', () => {
  it('has an expectation for every figure of the seed, and no other', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...seedFigures.keys()].sort());
  });

  it.each(Object.entries(EXPECTED))('%s reads %j', (id, [zh, en]) => {
    const f = seedFigures.get(id)!;
    expect(formatFigure(f, 'zh')).toBe(zh);
    expect(formatFigure(f, 'en')).toBe(en);
    expect(formatFigure(f, 'both')).toBe(zh.includes(en) ? zh : `${zh} (${en})`);
  });

  it('never shows a multiplier, the word "count", or a raw unit code', () => {
    for (const f of seedFigures.values()) {
      for (const lang of ['zh', 'en', 'both'] as const) {
        expect(formatFigure(f, lang)).not.toMatch(/×|1e\d|count|vessel-tonnage|percent\b/);
      }
    }
  });
});

describe('the issue examples', () => {
  it('says 1.4万亩 (14,000 mu) and 1,700多亿元 (over 170 bn CNY) in 中英 mode', () => {
    expect(formatFigure(seedFigures.get('fig-display-park-area')!, 'both')).toBe('1.4万亩 (14,000 mu)');
    expect(formatFigure(seedFigures.get('fig-display-park-projects-investment')!, 'both')).toBe(
      '1,700多亿元 (over 170 bn CNY)',
    );
  });

  it('shows a bare count as 40 in English and 40个 in Chinese', () => {
    const count = { value: 40, unit: 'count', unitZh: '个', multiplier: 1 } as Figure;
    expect(formatFigure(count, 'en')).toBe('40');
    expect(formatFigure(count, 'zh')).toBe('40个');
    expect(formatFigure({ ...count, unitZh: null }, 'zh')).toBe('40');
    expect(formatFigure(count, 'both')).toBe('40个');
    expect(formatFigure({ ...count, qualifier: 'over' }, 'both')).toBe('40多个 (over 40)');
  });

  it('keeps a unit it does not know, with a space, and ignores an unknown qualifier', () => {
    const f = { value: 3, unit: 'ha', qualifier: 'roughly' } as Figure;
    expect(formatFigure(f, 'zh')).toBe('3 ha');
    expect(formatFigure(f, 'en')).toBe('3 ha');
  });

  it('spells out small money and singular units', () => {
    expect(formatFigure({ value: 5000, unit: 'CNY', multiplier: 1, currency: 'CNY' } as Figure, 'en')).toBe(
      '5,000 CNY',
    );
    expect(formatFigure({ value: 1, unit: 'day' } as Figure, 'en')).toBe('1 day');
    expect(formatFigure({ value: 2, unit: 'rank', unitZh: '位' } as Figure, 'en')).toBe('2nd');
    expect(formatFigure({ value: 12, unit: 'rank', unitZh: '位' } as Figure, 'en')).toBe('12th');
  });
});

describe('figurePeriod', () => {
  it('gives the period label in each language', () => {
    const f = seedFigures.get('fig-wca-gdp-2023-q1-q3')!;
    expect(figurePeriod(f, 'zh', articleDates)).toBe('2023年前三季度');
    expect(figurePeriod(f, 'en', articleDates)).toBe('Q1–Q3 2023');
    expect(figurePeriod(f, 'both', articleDates)).toBe('2023年前三季度 · Q1–Q3 2023');
  });

  it("shows no period for a figure dated only with its article's publication date", () => {
    const f = seedFigures.get('fig-display-park-area')!;
    expect(f.date).toBe('2023-11-20');
    expect(figurePeriod(f, 'en', articleDates)).toBe('');
    expect(figurePeriod({ date: null }, 'en')).toBe('');
  });

  it('reads a date of its own', () => {
    const f = seedFigures.get('fig-display-park-max-subsidy')!;
    expect(figurePeriod(f, 'zh', articleDates)).toBe('2023年');
    expect(figurePeriod({ date: '2023-06' }, 'en', articleDates)).toBe('Jun 2023');
    expect(figurePeriod({ date: '2023-06-05' }, 'zh', articleDates)).toBe('2023年6月5日');
  });
});
