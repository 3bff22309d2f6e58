// Names found in a sentence (client/src/views/name-candidates.ts): known entities by name, English
// name or alias, and likely new names by their suffix, without overlaps and without twins.
import { describe, expect, it } from 'vitest';
import { entityMentions, nameCandidates, type KnownEntity } from '../../client/src/views/name-candidates';

const port: KnownEntity = {
  id: 'rizhao-port-group',
  type: 'PortGroup',
  name: '日照港集团',
  nameEn: 'Rizhao Port Group',
  aliases: ['日照港'],
};
const park: KnownEntity = {
  id: 'lanshan-logistics-park',
  type: 'Park',
  name: '岚山物流园',
  nameEn: 'Lanshan Logistics Park',
  aliases: [],
};

describe('known entities in a sentence', () => {
  it('finds names and aliases, the longest where they overlap, in reading order', () => {
    const found = entityMentions('岚山物流园由日照港集团运营，日照港今年吞吐量增长。', [port, park]);
    expect(found.map((m) => [m.entity.id, m.text, m.start])).toEqual([
      ['lanshan-logistics-park', '岚山物流园', 0],
      ['rizhao-port-group', '日照港集团', 6],
      ['rizhao-port-group', '日照港', 14],
    ]);
  });

  it('finds an English name as whole words in any case, not inside another word', () => {
    const found = entityMentions('The rizhao port group runs Lanshan Logistics Parks and more.', [
      port,
      park,
    ]);
    expect(found.map((m) => [m.entity.id, m.text])).toEqual([['rizhao-port-group', 'rizhao port group']]);
  });

  it('ignores one-character names, which match inside too many words', () => {
    expect(entityMentions('港区扩建。', [{ ...park, name: '港', aliases: ['区'] }])).toEqual([]);
  });
});

describe('likely new names', () => {
  it('takes the words before a Chinese suffix, stopping at verbs and function words', () => {
    const found = nameCandidates('日照岚山港务公司入驻临港经开区，并与青岛海关技术中心共建检测平台。');
    expect(found.map((c) => [c.text, c.suffix])).toEqual([
      ['日照岚山港务公司', '公司'],
      ['临港经开区', '经开区'],
      ['青岛海关技术中心', '中心'],
      ['检测平台', '平台'],
    ]);
  });

  it('drops names that point back (该公司) and bare suffixes', () => {
    expect(nameCandidates('该公司表示，园区明年投产。').map((c) => c.text)).toEqual([]);
  });

  it('finds capitalised English names ending in Company, Zone, Laboratory…, without a leading "The"', () => {
    const found = nameCandidates(
      'The Lanshan Bonded Logistics Zone hosts the Marine Materials Laboratory and a Park.',
    );
    expect(found.map((c) => [c.text, c.suffix])).toEqual([
      ['Lanshan Bonded Logistics Zone', 'Zone'],
      ['Marine Materials Laboratory', 'Laboratory'],
    ]);
  });

  it('leaves out what a known entity already names, so accepting links instead of duplicating', () => {
    const sentence = '日照港集团下属的岚山港务公司签约。';
    const taken = entityMentions(sentence, [port]);
    expect(nameCandidates(sentence, taken).map((c) => c.text)).toEqual(['岚山港务公司']);
  });
});
