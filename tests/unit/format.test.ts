import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError, normaliseForQuotes, readDataset, validateDataset } from '../../graph-seed/format';
import { DEFAULT_DATASET } from '../../graph-seed/seed-file';
import { toWrite } from '../../server/seed/rows';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-format-'));
fs.writeFileSync(path.join(dir, 'a.txt'), '第一段：甲公司与乙园区合作。\n\n第二段\n\n：丙。');
const file = path.join(dir, 'd.json');

const valid = () => ({
  format: 'kg-explorer/dataset@1',
  id: 'tiny',
  title: 'Tiny',
  articles: [{ id: 'art-1', file: 'a.txt', title: 'T', date: '2024-01-01' }],
  nodeTypes: [{ label: 'Firm' }, { label: 'Park' }],
  relationshipTypes: [{ type: 'WORKS_WITH' }],
  nodes: [
    {
      id: 'firm-a',
      type: 'Firm',
      name: '甲公司',
      nameEn: 'A Co.',
      sources: [{ article: 'art-1', quote: '甲公司与乙园区合作' }],
    },
    {
      id: 'park-b',
      type: 'Park',
      name: '乙园区',
      nameEn: 'Park B',
      sources: [{ article: 'art-1', quote: '乙园区' }],
    },
  ],
  edges: [
    {
      source: 'firm-a',
      target: 'park-b',
      type: 'WORKS_WITH',
      sources: [{ article: 'art-1', quote: '甲公司与乙园区合作' }],
    },
  ],
});

function problems(mutate: (d: ReturnType<typeof valid>) => void): string[] {
  const data = valid();
  mutate(data);
  try {
    validateDataset(data, file);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toContain(file);
    return (error as DatasetError).problems;
  }
  return [];
}

describe('validateDataset', () => {
  it('accepts a valid file and gives edges stable generated ids', () => {
    const data = validateDataset(valid(), file);
    expect(data.edges[0]!.id).toBe('firm-a--works-with--park-b');
  });

  it.each<[string, (d: ReturnType<typeof valid>) => void, RegExp]>([
    [
      'missing field',
      (d) => delete (d.nodes[0] as Partial<(typeof d.nodes)[0]>).nameEn,
      /nodes\[0\] \(firm-a\)\.nameEn/,
    ],
    ['unknown type', (d) => (d.nodes[0]!.type = 'Bank'), /nodes\[0\] \(firm-a\)\.type: unknown type "Bank"/],
    [
      'dangling edge endpoint',
      (d) => (d.edges[0]!.target = 'park-z'),
      /edges\[0\].*\.target: no node with id "park-z"/,
    ],
    ['duplicate id', (d) => (d.nodes[1]!.id = 'firm-a'), /nodes\[1\] \(firm-a\)\.id: duplicate id/],
    [
      'quote not in source',
      (d) => (d.nodes[1]!.sources[0]!.quote = '丁园区'),
      /nodes\[1\] \(park-b\)\.sources\[0\]\.quote: not found verbatim/,
    ],
    ['unknown article', (d) => (d.nodes[1]!.sources[0]!.article = 'art-9'), /unknown article "art-9"/],
    [
      'no sources',
      (d) => (d.nodes[1]!.sources = []),
      /nodes\[1\] \(park-b\)\.sources: needs at least one source/,
    ],
    [
      'label that is not an identifier',
      (d) => (d.nodeTypes[0]!.label = 'Firm`) DELETE'),
      /nodeTypes\[0\]\.label/,
    ],
    ['reserved label', (d) => d.nodeTypes.push({ label: 'Entity' }), /"Entity" is reserved/],
    ['undeclared relationship type', (d) => (d.edges[0]!.type = 'OWNS'), /unknown type "OWNS"/],
    [
      'nested property',
      (d) => Object.assign(d.nodes[0]!, { properties: { meta: { a: 1 } } }),
      /nodes\[0\] \(firm-a\)\.properties/,
    ],
    [
      'reserved property',
      (d) => Object.assign(d.nodes[0]!, { properties: { dataset: 'x' } }),
      /may not redefine/,
    ],
    ['wrong format tag', (d) => (d.format = 'other'), /format/],
  ])('reports %s with the record and field', (_name, mutate, message) => {
    const found = problems(mutate);
    expect(found.join('\n')).toMatch(message);
  });

  it('matches quotes across the line breaks the printed page puts around photos', () => {
    expect(normaliseForQuotes('第二段\n\n：丙。')).toBe('第二段：丙。');
    expect(problems((d) => (d.nodes[1]!.sources[0]!.quote = '第二段：丙'))).toEqual([]);
  });

  it('names the file when it cannot be read', () => {
    expect(() => readDataset(path.join(dir, 'missing.json'))).toThrow(
      /missing\.json: 1 problem.*\n.*file not found/,
    );
  });
});

describe('the seed dataset', () => {
  const data = readDataset(DEFAULT_DATASET);

  it('is valid, with a source on every node, edge and figure', () => {
    expect(data.nodes.length).toBeGreaterThan(50);
    for (const n of data.nodes) {
      expect(n.sources.length, n.id).toBeGreaterThan(0);
      for (const f of n.figures) expect(f.sources.length, f.id).toBeGreaterThan(0);
    }
    for (const e of data.edges) expect(e.sources.length, e.id).toBeGreaterThan(0);
  });

  it('quotes every source verbatim from its article', () => {
    const texts = Object.fromEntries(
      Object.entries(data.articleTexts).map(([id, t]) => [id, normaliseForQuotes(t)]),
    );
    const all = [
      ...data.nodes.flatMap((n) => [...n.sources, ...n.figures.flatMap((f) => f.sources)]),
      ...data.edges.flatMap((e) => e.sources),
    ];
    for (const s of all) expect(texts[s.article], s.quote).toContain(normaliseForQuotes(s.quote));
  });

  it('keeps both ends of before→after figures', () => {
    const copper = data.nodes
      .flatMap((n) => n.figures)
      .find((f) => f.before && f.unit === 'day' && f.valueMax === 7);
    expect(copper?.before?.value).toBe(10);
    expect(copper?.value).toBe(5);
  });

  it('becomes rows with flat properties only', () => {
    const write = toWrite(data, '2024-01-01T00:00:00Z');
    const rows = [...write.entitiesByLabel.values()].flat();
    expect(rows).toHaveLength(data.nodes.length);
    for (const row of rows) {
      for (const value of Object.values(row.props)) {
        expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(false);
      }
    }
  });
});
