// Quotes as the panels show them (client/src/views/source-text.ts): the paragraph of an article
// that holds a quote, marked.
import { describe, expect, it } from 'vitest';
import { paragraphFor } from '../../client/src/views/source-text';

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
