import { describe, expect, it } from 'vitest';
import { escapeLucene, toLuceneQuery } from '../../server/search-text';

describe('toLuceneQuery', () => {
  it('turns Chinese runs into phrases', () => {
    expect(toLuceneQuery('自贸片区')).toBe('"自贸片区"');
    expect(toLuceneQuery('阳谷 经开区')).toBe('"阳谷" AND "经开区"');
  });
  it('matches English words whole or as prefixes, lower-cased', () => {
    expect(toLuceneQuery('Free trade')).toBe('(free^2 OR free*) AND (trade^2 OR trade*)');
  });
  it('drops stop words and punctuation that Lucene would misread', () => {
    expect(toLuceneQuery('the zone of (trade) AND OR* "x')).toBe(
      '(zone^2 OR zone*) AND (trade^2 OR trade*) AND (x^2 OR x*)',
    );
  });
  it('mixes scripts', () => {
    expect(toLuceneQuery('BG136注射用')).toBe('"注射用" AND (bg136^2 OR bg136*)');
  });
  it('has nothing for a lone Chinese character, so the caller falls back to substring search', () => {
    expect(toLuceneQuery('区')).toBeUndefined();
    expect(toLuceneQuery('!!')).toBeUndefined();
  });
});

describe('escapeLucene', () => {
  it('escapes every special character', () => {
    expect(escapeLucene('a+b-c&&d||e!(f){g}[h]^i"j~k*l?m:n\\o/p')).toBe(
      'a\\+b\\-c\\&\\&d\\|\\|e\\!\\(f\\)\\{g\\}\\[h\\]\\^i\\"j\\~k\\*l\\?m\\:n\\\\o\\/p',
    );
  });
});
