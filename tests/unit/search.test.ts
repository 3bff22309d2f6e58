// The pure search modules on tiny inline catalogues: normal form, pinyin, glossary, sentences, ranking.
import { describe, expect, it } from 'vitest';
import {
  buildCatalogue,
  CATALOGUE_PARTS,
  CatalogueBuilder,
  keyWithOffsets,
  type CatalogueRows,
  type EntityRow,
} from '../../server/search/catalogue';
import { buildGlossary, expandQuery } from '../../server/search/glossary';
import { normaliseKey, numbersIn } from '../../server/search/normalise';
import { pinyinForms } from '../../server/search/pinyin';
import { rankEntities, rankFigures, rankSentences } from '../../server/search/rank';
import { splitSentences } from '../../server/search/sentences';

const entity = (id: string, name: string, aliases: string[] = [], degree = 1, nameEn = id): EntityRow => ({
  id,
  type: 'Zone',
  name,
  nameEn,
  aliases,
  degree,
  sourceArticles: [],
  sourceQuotes: [],
});
const rows = (patch: Partial<CatalogueRows>): CatalogueRows => ({
  entities: [],
  figures: [],
  relationships: [],
  documents: [],
  glossary: [],
  ...patch,
});
const ids = (catalogue: ReturnType<typeof buildCatalogue>, q: string, types: string[] = []) =>
  rankEntities(catalogue, q, types, 10).results.map((r) => r.id);

describe('normaliseKey', () => {
  it('drops quotes and title marks, folds width and case, collapses spaces', () => {
    expect(normaliseKey('  “链长制”  ')).toBe('链长制');
    expect(normaliseKey('《实施方案》')).toBe('实施方案');
    expect(normaliseKey('ＢＧ１３６  Injection')).toBe('bg136 injection');
    expect(normaliseKey('中国（山东）')).toBe('中国(山东)');
  });
  it('reads numbers as written', () => {
    expect(numbersIn('3,650.31')).toEqual([3650.31]);
    expect(numbersIn('1700')).toEqual([1700]);
  });
});

describe('pinyinForms', () => {
  it('gives syllables and initials, keeping letters and digits', () => {
    expect(pinyinForms('西海岸新区')).toEqual({ full: 'xihaianxinqu', initials: 'xhaxq' });
    expect(pinyinForms('注射用BG136')).toEqual({ full: 'zhusheyongbg136', initials: 'zsybg136' });
    expect(pinyinForms('Qingdao')).toBeUndefined();
  });
});

describe('glossary', () => {
  const glossary = buildGlossary([{ terms: ['GDP', '生产总值'] }, { terms: ['FDI', '实际利用外资'] }]);
  it('widens a term, a query containing it and a part of a Chinese term', () => {
    expect(expandQuery('gdp', glossary)).toEqual(expect.arrayContaining(['gdp', '生产总值']));
    expect(expandQuery('gdp 2023', glossary)).toContain('生产总值');
    expect(expandQuery('外资', glossary)).toContain('fdi');
    expect(expandQuery('gdpx', glossary)).toEqual(['gdpx']);
  });
});

describe('sentences', () => {
  it('joins broken lines within a paragraph and cuts after 。！？ with a closing quote', () => {
    const text = '标题\n\n全面实行“链\n长制”。同时，“链主”企业带动！\n\n新段落？';
    expect(splitSentences(text)).toEqual([
      '标题',
      '全面实行“链长制”。',
      '同时，“链主”企业带动！',
      '新段落？',
    ]);
  });
  it('maps key positions back to the text, quotes skipped', () => {
    const { key, offsets } = keyWithOffsets('实行“链长制”。');
    expect(key).toBe('实行链长制。');
    expect(offsets[2]).toBe(3);
  });
  it('highlights every occurrence of every word, and links quoting elements', () => {
    const catalogue = buildCatalogue(
      rows({
        entities: [{ ...entity('policy', '链长制'), sourceArticles: ['a'], sourceQuotes: ['实行“链长制”'] }],
        documents: [
          {
            id: 'a',
            title: 'A',
            titleEn: null,
            date: '2023-11-20',
            text: '全面实行“链长制”，链长制好。别的句子。',
          },
        ],
      }),
    );
    const { total, results } = rankSentences(catalogue, '链长制', 5);
    expect(total).toBe(1);
    const hit = results[0]!;
    expect(hit.highlights.map(([s, e]) => hit.text.slice(s, e))).toEqual(['链长制', '链长制']);
    expect(hit.quotedBy.entities.map((e) => e.id)).toEqual(['policy']);
  });
});

describe('rankEntities', () => {
  const catalogue = buildCatalogue(
    rows({
      entities: [
        entity('admin', '片区管委', ['青岛自贸片区管委'], 50),
        entity('area', '青岛自贸片区', ['自贸片区', '片区'], 10),
        entity('system', '青岛自贸片区创新体系', [], 5),
        entity('park', '青岛市新型显示产业园', ['新型显示产业园'], 3),
        entity('unveiling', '新型显示产业园揭牌', [], 40),
        entity('coast', '青岛西海岸新区', ['西海岸新区'], 30),
        entity('article', '西海岸新区：挺起发展', [], 60),
      ],
    }),
  );
  it('puts the exact name first, whatever the degrees', () => {
    expect(ids(catalogue, '青岛自贸片区')[0]).toBe('area');
  });
  it('puts an exact alias before a name that starts with it', () => {
    expect(ids(catalogue, '新型显示产业园').slice(0, 2)).toEqual(['park', 'unveiling']);
  });
  it('puts a name prefix before matches elsewhere, ties by degree', () => {
    expect(ids(catalogue, '青岛自贸')).toEqual(['area', 'system', 'admin']);
    expect(ids(catalogue, '青岛')).toEqual(['coast', 'area', 'system', 'park', 'admin']);
  });
  it('matches pinyin: initials and full syllables, with or without spaces', () => {
    expect(ids(catalogue, 'xhaxq')[0]).toBe('coast');
    expect(ids(catalogue, 'xihaian')[0]).toBe('coast');
    expect(ids(catalogue, 'xi hai an')[0]).toBe('coast');
  });
  it('filters by type', () => {
    expect(ids(catalogue, '青岛', ['Park'])).toEqual([]);
  });
});

describe('rankFigures', () => {
  const figure = (id: string, measure: string, measureZh: string, value: number) => ({
    id,
    entityId: 'coast',
    measure,
    measureZh,
    value,
    valueMax: null,
    beforeValue: null,
    unit: 'CNY',
    unitZh: '亿元',
    periodLabel: '2023年前三季度',
    periodLabelEn: 'Q1–Q3 2023',
    periodStart: null,
    periodEnd: null,
    date: null,
    sourceArticles: [],
    sourceQuotes: [],
  });
  const catalogue = buildCatalogue(
    rows({
      entities: [entity('coast', '青岛西海岸新区')],
      figures: [
        figure('gdp', 'gross domestic product', '生产总值', 3650.31),
        figure('fdi', 'actual use of foreign capital', '实际利用外资', 9.47),
        figure('volume', 'expected annual volume', '预计全年运量', 12),
      ],
      glossary: [{ terms: ['throughput', '运量'] }],
    }),
  );
  const found = (q: string) => rankFigures(catalogue, q, 5).results.map((f) => `${f.id}:${f.match}`);
  it('finds by value as written, measure, built-in glossary and the dataset’s glossary', () => {
    expect(found('3650.31')).toEqual(['gdp:value']);
    expect(found('生产总值')).toEqual(['gdp:measure']);
    expect(found('GDP')).toEqual(['gdp:glossary']);
    expect(found('外资')).toEqual(['fdi:measure']);
    expect(found('FDI')).toEqual(['fdi:glossary']);
    expect(found('throughput')).toEqual(['volume:glossary']);
  });
  it('carries the entity and the period', () => {
    expect(rankFigures(catalogue, 'GDP', 1).results[0]).toMatchObject({
      entity: { id: 'coast', name: '青岛西海岸新区' },
      period: { label: '2023年前三季度' },
    });
  });
});

describe('CatalogueBuilder', () => {
  const documents = [
    {
      id: 'a',
      title: 'A',
      titleEn: null,
      date: '2023-11-20',
      text: '甲公司落户乙园区。乙园区投资十亿元。\n\n别的段落。',
    },
    { id: 'b', title: 'B', titleEn: 'B', date: '2023-11-21', text: '乙园区再次出现。' },
  ];
  const all = rows({
    documents,
    entities: [
      { ...entity('firm', '甲公司'), sourceArticles: ['a', 'a'], sourceQuotes: ['甲公司落户', '甲公司'] },
      {
        ...entity('park', '乙园区', ['乙园'], 4),
        sourceArticles: ['a', 'b'],
        sourceQuotes: ['乙园区', '乙园区再次'],
      },
    ],
    relationships: [
      // A quote over two sentences quotes both.
      {
        id: 'r1',
        type: 'LOCATED_IN',
        source: 'firm',
        target: 'park',
        sourceArticles: ['a'],
        sourceQuotes: ['落户乙园区。乙园区投资'],
      },
      // An end that is not an entity of the catalogue: dropped, not a dangling reference.
      {
        id: 'r2',
        type: 'LOCATED_IN',
        source: 'firm',
        target: 'nowhere',
        sourceArticles: ['a'],
        sourceQuotes: ['别的段落'],
      },
    ],
  });

  it('links each quoting element once per sentence, relationships with their ends', () => {
    const catalogue = buildCatalogue(all);
    const hits = rankSentences(catalogue, '乙园区', 10).results;
    expect(hits.map((h) => [h.article.id, h.index, h.text])).toEqual([
      ['a', 0, '甲公司落户乙园区。'],
      ['a', 1, '乙园区投资十亿元。'],
      ['b', 0, '乙园区再次出现。'],
    ]);
    expect(hits[0]!.quotedBy).toEqual({
      entities: [
        { id: 'firm', type: 'Zone', name: '甲公司', nameEn: 'firm' },
        { id: 'park', type: 'Zone', name: '乙园区', nameEn: 'park' },
      ],
      relationships: [{ id: 'r1', type: 'LOCATED_IN', source: 'firm', target: 'park' }],
      figures: [],
    });
    expect(hits[1]!.quotedBy.relationships.map((r) => r.id)).toEqual(['r1']);
    expect(hits[2]!.quotedBy.entities.map((e) => e.id)).toEqual(['park']);
    // The sentence only the dropped relationship quoted is found, and quoted by nothing.
    expect(rankSentences(catalogue, '别的', 10).results[0]!.quotedBy).toEqual({
      entities: [],
      relationships: [],
      figures: [],
    });
  });

  it('answers the same from one row per part as from all rows at once', () => {
    const whole = buildCatalogue(all);
    const builder = new CatalogueBuilder();
    for (const part of CATALOGUE_PARTS) for (const row of all[part]) builder.add(part, [row] as never);
    const parted = builder.finish();
    for (const q of ['乙园区', '甲公司', '乙园', 'yyq', '投资', '别的']) {
      expect(rankSentences(parted, q, 10)).toEqual(rankSentences(whole, q, 10));
      expect(rankEntities(parted, q, [], 10)).toEqual(rankEntities(whole, q, [], 10));
    }
    expect(rankEntities(parted, '乙园', [], 10).results[0]).toMatchObject({ id: 'park', match: 'alias' });
  });

  it('refuses parts out of order, naming the order', () => {
    const builder = new CatalogueBuilder().add('entities', all.entities);
    expect(() => builder.add('documents', documents)).toThrow(
      /documents after entities \(the order is documents, entities, figures, relationships, glossary\)/,
    );
  });
});
