// Figures and quotes as the panels show them (client/src/views/source-text.ts): amounts in the
// chosen language, and the paragraph of an article that holds a quote, marked.
import { describe, expect, it } from 'vitest';
import type { Figure } from '../../contract/types';
import { formatFigure, paragraphFor } from '../../client/src/views/source-text';

const figure = (fields: Partial<Figure>): Figure => ({
  id: 'f1',
  measure: 'investment',
  value: 0,
  unit: 'CNY 100m',
  sources: [],
  ...fields,
});

describe('formatFigure', () => {
  it('says a qualified amount in English with its base unit spelled out', () => {
    const f = figure({ value: 1200, qualifier: 'about', unitZh: '亿元', multiplier: 1e8, currency: 'CNY' });
    expect(formatFigure(f, 'en')).toBe('about 1,200 CNY 100m (×1e8 CNY)');
  });

  it('says it in Chinese with the Chinese unit and qualifier, and no base', () => {
    const f = figure({ value: 1200, qualifier: 'about', unitZh: '亿元', multiplier: 1e8, currency: 'CNY' });
    expect(formatFigure(f, 'zh')).toBe('约1,200 亿元');
  });

  it('shows a range and what it was before', () => {
    const f = figure({ value: 10, valueMax: 12, unit: '%', before: { value: 8, qualifier: 'over' } });
    expect(formatFigure(f, 'en')).toBe('over 8 % → 10–12 %');
  });

  it('falls back to the unit when there is no Chinese one, and ignores an unknown qualifier', () => {
    expect(formatFigure(figure({ value: 3, unit: 'ha', qualifier: 'roughly' }), 'zh')).toBe('3 ha');
  });
});

describe('paragraphFor', () => {
  const article = '第一段：概述。\n\n第二段：甲公司与\n乙园区签约合作。\n\n第三段：展望。';

  it('finds the paragraph and splits it around the quote, line breaks inside ignored', () => {
    expect(paragraphFor(article, '甲公司与乙园区签约')).toEqual({
      before: '第二段：',
      match: '甲公司与乙园区签约',
      after: '合作。',
    });
  });

  it('joins two paragraphs when the printed page broke the quote across them', () => {
    const broken = '开头。甲公司\n\n（图）\n\n与乙园区合作。';
    expect(paragraphFor('开头。甲公司\n\n与乙园区合作。', '甲公司与乙园区')).toEqual({
      before: '开头。',
      match: '甲公司与乙园区',
      after: '合作。',
    });
    // Across a caption too: up to three paragraphs are joined.
    expect(paragraphFor(broken, '甲公司（图）与')?.match).toBe('甲公司（图）与');
  });

  it('answers undefined when the article does not hold the quote', () => {
    expect(paragraphFor(article, '丙公司')).toBeUndefined();
  });
});
