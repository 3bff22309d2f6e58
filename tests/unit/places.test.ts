// Where entities are on the map: every place the seed names resolves, into the right prefecture;
// a dataset naming an unknown place gets it reported; the format's rules for lng/lat/place.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataset, validateDataset } from '../../graph-seed/format';
import { findDivision, placeEntities, resolvePlace } from '../../graph-seed/places/places';
import { DEFAULT_DATASET } from '../../graph-seed/seed-file';
import { toWrite } from '../../server/seed/rows';
import { prefectureAt } from '../helpers/basemap';

describe('places in the seed', () => {
  const seed = readDataset(DEFAULT_DATASET);
  const report = placeEntities(seed.nodes);

  it('resolves every place the seed names', () => {
    const naming = seed.nodes.filter((n) => n.place !== undefined);
    expect(naming.length).toBeGreaterThanOrEqual(13);
    expect(report.unresolved).toEqual([]);
    expect([...report.placed.keys()].sort()).toEqual(naming.map((n) => n.id).sort());
  });

  it('puts the FTZ area and its six linked innovation zones inside their own prefectures', () => {
    const expected: Record<string, string> = {
      'zone-qingdao-ftz-area': '青岛市',
      'zone-yanggu-edz': '聊城市',
      'zone-linyi-cbz': '临沂市',
      'zone-rizhao-cbz': '日照市',
      'zone-tengzhou-edz': '枣庄市',
      'zone-weifang-binhai-edz': '潍坊市',
      'zone-zouping-edz': '滨州市',
    };
    for (const [id, prefecture] of Object.entries(expected)) {
      const at = report.placed.get(id)!;
      expect({ id, prefecture: prefectureAt([at.lng, at.lat]) }).toEqual({ id, prefecture });
    }
    // A county is shown at its prefecture's point, and says so.
    expect(report.placed.get('zone-yanggu-edz')).toMatchObject({ placeCode: '371521', precision: 'parent' });
    expect(report.placed.get('zone-linyi-cbz')).toMatchObject({ placeCode: '371300', precision: 'division' });
  });

  it('writes the coordinates and the resolved code on the entities, nothing on the others', () => {
    const rows = [...toWrite(seed).entitiesByLabel.values()].flat();
    const yanggu = rows.find((r) => r.id === 'zone-yanggu-edz')!;
    expect(yanggu.props).toMatchObject({ place: '阳谷县', placeCode: '371521' });
    expect(typeof yanggu.props.lng).toBe('number');
    const person = rows.find((r) => !('place' in r.props))!;
    expect(person.props).not.toHaveProperty('lng');
  });
});

describe('places in another dataset', () => {
  it('reports the entity whose place is unknown, places the others', () => {
    const second = readDataset(path.resolve('tests/fixtures/second-dataset/dataset.json'));
    const report = placeEntities(second.nodes);
    expect(report.unresolved).toEqual([{ id: 'fx-east-port', place: '东方港市' }]);
    expect(report.placed.get('fx-blue-sea')).toMatchObject({ placeCode: '371100', precision: 'division' });
    expect(report.placed.get('fx-route')).toEqual({ lng: 119.53, lat: 35.38, precision: 'coordinates' });
  });
});

describe('looking up a division', () => {
  it('takes codes, full and short names and English names', () => {
    expect(findDivision('371521')?.name).toBe('阳谷县');
    expect(findDivision('阳谷')?.code).toBe('371521');
    expect(findDivision('青岛')?.code).toBe('370200');
    expect(findDivision('Qingdao')?.code).toBe('370200');
    expect(findDivision('山东')?.code).toBe('370000');
    expect(findDivision('999999')).toBeUndefined();
    expect(resolvePlace('不存在县')).toBeUndefined();
  });

  it('refuses a lng without a lat, and lng/lat/place as ordinary properties', () => {
    const base = (node: Record<string, unknown>) => ({
      format: 'kg-explorer/dataset@1',
      id: 'geo',
      title: 'Geo',
      articles: [{ id: 'art-1', file: 'none.txt', title: 'T', date: '2024-01-01' }],
      nodeTypes: [{ label: 'Firm' }],
      relationshipTypes: [],
      nodes: [
        {
          id: 'firm-a',
          type: 'Firm',
          name: '甲',
          nameEn: 'A',
          sources: [{ article: 'art-1', quote: '甲公司' }],
          ...node,
        },
      ],
    });
    expect(() => validateDataset(base({ lng: 120 }), '/tmp/geo.json')).toThrow(/lng and lat come together/);
    expect(() => validateDataset(base({ properties: { place: '青岛' } }), '/tmp/geo.json')).toThrow(
      /may not redefine/,
    );
  });
});
