// Where labels may wrap (client/src/graph/labels.ts): between Chinese characters, never inside a word.
import { describe, expect, it } from 'vitest';
import { wrapPoints } from '../../client/src/graph/labels';

const ZWSP = '\u200b';

describe('wrapPoints', () => {
  it('puts a wrap point between adjacent Chinese characters and full-width punctuation', () => {
    expect(wrapPoints('阳谷经开区')).toBe(['阳', '谷', '经', '开', '区'].join(ZWSP));
    expect(wrapPoints('中国（山东）').split(ZWSP)).toEqual(['中', '国', '（', '山', '东', '）']);
  });

  it('leaves English words whole', () => {
    expect(wrapPoints('Shandong Pilot Free Trade Zone')).toBe('Shandong Pilot Free Trade Zone');
    expect(wrapPoints('青岛FTZ片区')).toBe(`青${ZWSP}岛FTZ片${ZWSP}区`);
  });

  it('keeps line breaks of a bilingual label', () => {
    expect(wrapPoints('片区\nArea')).toBe(`片${ZWSP}区\nArea`);
  });
});
