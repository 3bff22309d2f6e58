// The CSV files of a first load through the offline importer (server/seed/import-files.ts): typed
// headers, quoting, one type per column per file, and the values left for Cypher.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatasetWrite } from '../../server/queries/dataset';
import { ARRAY_DELIMITER, csvCell, csvType, writeImportFiles } from '../../server/seed/import-files';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function write(overrides: Partial<DatasetWrite>): DatasetWrite {
  return {
    meta: {
      id: 'd',
      title: 't',
      titleEn: null,
      nodeTypes: '[]',
      relationshipTypes: '[]',
      glossary: '[]',
      loadedAt: 'x',
    },
    documents: [],
    entitiesByLabel: new Map(),
    figures: [],
    relationshipsByType: new Map(),
    ...overrides,
  };
}

const files = (w: DatasetWrite) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-import-files-'));
  dirs.push(dir);
  const result = writeImportFiles(w, dir);
  return {
    ...result,
    text: Object.fromEntries(result.files.map((f) => [path.basename(f), fs.readFileSync(f, 'utf8')])),
  };
};

describe('csv values', () => {
  it('types what the importer reads back as the Cypher loader writes it, and nothing else', () => {
    expect(csvType('a "quote", with comma')).toBe('string');
    expect(csvType('')).toBe('string');
    expect(csvType(3)).toBe('double'); // the driver sends every JS number as a float
    expect(csvType(true)).toBe('boolean');
    expect(csvType(['a', 'b;c'])).toBe('string[]');
    expect(csvType([1, 2.5])).toBe('double[]');
    expect(csvType([false])).toBe('boolean[]');
    for (const residual of [
      'two\nlines',
      'cr\r',
      [],
      ['a', ''],
      [`a${ARRAY_DELIMITER}b`],
      -0,
      [1, -0],
      Number.NaN,
    ])
      expect(csvType(residual)).toBeUndefined();
  });

  it('quotes every string, so that an empty string stays one and quotes survive', () => {
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvCell('')).toBe('""');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(['a', 'b'])).toBe(`"a${ARRAY_DELIMITER}b"`);
    expect(csvCell(1.5)).toBe('1.5');
  });
});

describe('writeImportFiles', () => {
  it('writes entities with their labels, figures with their links, relationships with their type', () => {
    const out = files(
      write({
        entitiesByLabel: new Map([
          ['Company', [{ id: 'c1', props: { id: 'c1', name: 'A', aliases: ['x'] } }]],
          ['Zone', [{ id: 'z1', props: { id: 'z1', name: 'Z', aliases: [] } }]],
        ]),
        figures: [{ entityId: 'c1', props: { id: 'f1', value: 2 } }],
        relationshipsByType: new Map([
          ['LOCATED_IN', [{ id: 'r1', source: 'c1', target: 'z1', props: { id: 'r1' } }]],
        ]),
      }),
    );
    expect(out.nodes).toBe(3);
    expect(out.relationships).toBe(2);
    expect(out.text['nodes-0000.csv']).toBe(
      `id:ID(Entity),:LABEL,name:string,aliases:string[]\n"c1",Entity${ARRAY_DELIMITER}Company,"A","x"\n"z1",Entity${ARRAY_DELIMITER}Zone,"Z",\n`,
    );
    expect(out.text['nodes-0001.csv']).toBe('id:ID(Figure),:LABEL,value:double\n"f1",Figure,2\n');
    expect(out.text['relationships-0000.csv']).toBe(
      ':START_ID(Entity),:END_ID(Figure),:TYPE\n"c1","f1",HAS_FIGURE\n',
    );
    expect(out.text['relationships-0001.csv']).toBe(
      ':START_ID(Entity),:END_ID(Entity),:TYPE,id:string\n"c1","z1",LOCATED_IN,"r1"\n',
    );
    // Every entity has aliases, typed or empty: the empty lists are set by one scan after the import.
    expect(out.residual.emptyLists).toEqual({ Entity: ['aliases'], Figure: [] });
    expect(out.residual.entities).toEqual([]);
  });

  it('sets an empty list by id when some entity has no such key at all', () => {
    const out = files(
      write({
        entitiesByLabel: new Map([
          [
            'Company',
            [
              { id: 'a', props: { id: 'a', tags: [], aliases: [] } },
              { id: 'b', props: { id: 'b', tags: ['x'], aliases: [] } },
              // No tags: a scan for missing tags would give this one a list it never had.
              { id: 'c', props: { id: 'c', aliases: ['y'] } },
            ],
          ],
        ]),
      }),
    );
    expect(out.residual.emptyLists.Entity).toEqual(['aliases']);
    expect(out.residual.entities).toEqual([{ id: 'a', props: { tags: [] } }]);
  });

  it('opens another file when a property changes type, and leaves nulls out', () => {
    const out = files(
      write({
        entitiesByLabel: new Map([
          [
            'Company',
            [
              { id: 'a', props: { id: 'a', size: 1, note: null } },
              { id: 'b', props: { id: 'b', size: 'large' } },
              { id: 'c', props: { id: 'c', size: 2, text: 'line\nbreak' } },
            ],
          ],
        ]),
      }),
    );
    expect(out.text['nodes-0000.csv']).toBe(
      `id:ID(Entity),:LABEL,size:double\n"a",Entity${ARRAY_DELIMITER}Company,1\n"c",Entity${ARRAY_DELIMITER}Company,2\n`,
    );
    expect(out.text['nodes-0001.csv']).toBe(
      `id:ID(Entity),:LABEL,size:string\n"b",Entity${ARRAY_DELIMITER}Company,"large"\n`,
    );
    expect(out.residual.entities).toEqual([{ id: 'c', props: { text: 'line\nbreak' } }]);
  });
});
