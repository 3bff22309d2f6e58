// Source documents as the explorer stores them: HTML reduced to its paragraphs (scripts and styles
// dropped), plain text and Markdown paragraphs, and sentences segmented in Chinese and English.
import { describe, expect, it } from 'vitest';
import {
  documentText,
  htmlParagraphs,
  normalisedWithOffsets,
  segmentSentences,
  textParagraphs,
} from '../../server/sources/text';
import { backedSentences } from '../../server/sources/reading';

const sentences = (text: string) => segmentSentences(text).map((s) => s.text);

describe('HTML reduced to text', () => {
  it('keeps the paragraphs and drops scripts, styles and the head', () => {
    const html = `<!doctype html><html><head><title>t</title><style>p{color:red}</style></head>
      <body><script>alert("x")</script><h1>胶州湾 &amp; 港口</h1>
      <p>第一段，<b>加粗</b>的字。</p><div>Second<br>line</div>
      <noscript>enable JS</noscript><ul><li>one</li><li>two</li></ul></body></html>`;
    expect(htmlParagraphs(html)).toEqual([
      '胶州湾 & 港口',
      '第一段，加粗的字。',
      'Second',
      'line',
      'one',
      'two',
    ]);
  });

  it('collapses whitespace within a paragraph as a browser shows it', () => {
    expect(htmlParagraphs('<p>  a\n   b&nbsp;c </p>')).toEqual(['a b c']);
  });

  it('stores one blank line between paragraphs', () => {
    expect(documentText('<p>甲。</p><p>乙。</p>', 'html')).toBe('甲。\n\n乙。');
  });
});

describe('text and Markdown paragraphs', () => {
  it('takes every line as a paragraph when there are no blank lines', () => {
    expect(textParagraphs('第一行\n第二行\n\n')).toEqual(['第一行', '第二行']);
  });

  it('joins hard-wrapped lines: a space between words, nothing between Chinese characters', () => {
    expect(textParagraphs('The port grew\nfast.\n\n青岛港\n增长很快。')).toEqual([
      'The port grew fast.',
      '青岛港增长很快。',
    ]);
  });

  it('drops Markdown heading marks and bullets, keeps the words', () => {
    expect(textParagraphs('# 标题\n\n- 一项\n\n正文', 'markdown')).toEqual(['标题', '一项', '正文']);
  });
});

describe('sentences', () => {
  it('ends Chinese sentences at 。！？；… and keeps closing quotes with them', () => {
    expect(sentences('园区投资10亿元。他说：“很好！”真的吗？是的；继续……然后')).toEqual([
      '园区投资10亿元。',
      '他说：“很好！”',
      '真的吗？',
      '是的；',
      '继续……',
      '然后',
    ]);
  });

  it('ends English sentences at . ! ? but not after abbreviations, initials or inside numbers', () => {
    expect(
      sentences(
        'Mr. Li visited Qingdao Port Co. Ltd. on Monday. Output rose 3.5 percent! Was it J. Smith? Yes.',
      ),
    ).toEqual([
      'Mr. Li visited Qingdao Port Co. Ltd. on Monday.',
      'Output rose 3.5 percent!',
      'Was it J. Smith?',
      'Yes.',
    ]);
  });

  it('keeps each sentence at its offsets in the text and counts paragraphs', () => {
    const text = '第一句。第二句。\n\nThird one. Fourth.';
    const all = segmentSentences(text);
    for (const s of all) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(all.map((s) => s.paragraph)).toEqual([0, 0, 1, 1]);
  });
});

describe('sentences that back facts', () => {
  // A line break ends a paragraph (the seed's printed articles break lines around photos), so a
  // quote across one backs the pieces on both sides.
  it('marks the sentences a quote overlaps, across the line breaks the loader ignores', () => {
    const text = '甲园区成立。乙公司\n入驻甲园区。丙。';
    const { normal, offsets } = normalisedWithOffsets(text);
    expect(normal).toBe('甲园区成立。乙公司入驻甲园区。丙。');
    expect(text[offsets[normal.indexOf('入驻')]!]).toBe('入');
    const marked = backedSentences(text, [
      { kind: 'relationship', id: 'r1', label: '乙 → 甲', quotes: ['乙公司入驻甲园区'] },
      { kind: 'entity', id: 'e1', label: '甲', quotes: ['甲园区成立'] },
    ]);
    expect(marked.map((s) => s.backs.map((b) => b.id))).toEqual([['e1'], ['r1'], ['r1'], []]);
  });
});
