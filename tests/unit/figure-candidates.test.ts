// Figure candidates found in a sentence (client/src/views/figure-candidates.ts): value, unit and
// magnitude as the new-figure form is prefilled with them.
import { describe, expect, it } from 'vitest';
import { figureCandidates } from '../../client/src/views/figure-candidates';

describe('figure candidates', () => {
  it('reads magnitudes, units, per cents and "more than" from a Chinese sentence', () => {
    const found = figureCandidates('全区实现产值1,700多亿元，增长8.5%，新增企业120家，种植面积3万亩。');
    expect(found).toEqual([
      { text: '1,700多亿元', value: 1700, unitZh: '元', unit: 'CNY', multiplier: 1e8, qualifier: 'over' },
      { text: '8.5%', value: 8.5, unitZh: '%', unit: '%' },
      { text: '120家', value: 120, unitZh: '家', unit: 'companies' },
      { text: '3万亩', value: 3, unitZh: '亩', unit: 'mu', multiplier: 1e4 },
    ]);
  });

  it('offers nothing for a number without a unit (a year, an ordinal)', () => {
    expect(figureCandidates('2023年第3季度召开会议。')).toEqual([]);
  });
});
