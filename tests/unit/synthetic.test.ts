// The synthetic generator: same seed, same graph; a heavy-tailed degree distribution; the seed's
// ontology; and a dataset the format's own validator accepts, provenance included.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataset, validateDataset } from '../../graph-seed/format';
import { DEFAULT_DATASET } from '../../graph-seed/seed-file';
import { Random } from '../../graph-seed/random';
import { degreeSummary, generateSynthetic, templateFrom } from '../../graph-seed/synthetic';

const template = templateFrom(readDataset(DEFAULT_DATASET));

describe('Random', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const r = new Random(seed);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    const r = new Random(1);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(7);
      expect(Number.isInteger(n) && n >= 0 && n < 7).toBe(true);
    }
  });
});

describe('generateSynthetic', () => {
  it('is deterministic for a seed', () => {
    const a = generateSynthetic(template, { nodes: 1500, seed: 7 });
    const b = generateSynthetic(template, { nodes: 1500, seed: 7 });
    const c = generateSynthetic(template, { nodes: 1500, seed: 8 });
    expect(JSON.stringify(a)).toEqual(JSON.stringify(b));
    expect(JSON.stringify(a.dataset.nodes)).not.toEqual(JSON.stringify(c.dataset.nodes));
    expect(a.dataset.id).toBe('synthetic-1500-7');
  });

  it('has a few hubs and many leaves, and about five relationships per node', () => {
    const { dataset } = generateSynthetic(template, { nodes: 5000, seed: 1 });
    const degrees = degreeSummary(dataset);
    expect(degrees.edges / degrees.nodes).toBeGreaterThan(4.5);
    expect(degrees.edges / degrees.nodes).toBeLessThan(5.5);
    expect(degrees.median).toBeLessThanOrEqual(10);
    expect(degrees.max).toBeGreaterThan(50 * degrees.median);
    expect(degrees.top1PercentShare).toBeGreaterThan(0.1);
  });

  it("uses the seed's types and only the seed's (type)-[rel]->(type) patterns", () => {
    const { dataset } = generateSynthetic(template, { nodes: 5000, seed: 2 });
    expect(dataset.nodeTypes).toEqual(template.nodeTypes);
    expect(dataset.relationshipTypes).toEqual(template.relationshipTypes);
    expect(new Set(dataset.nodes.map((n) => n.type))).toEqual(
      new Set(template.nodeTypes.map((t) => t.label)),
    );
    const allowed = new Set(template.patterns.map((p) => `${p.from}|${p.type}|${p.to}`));
    const typeOf = new Map(dataset.nodes.map((n) => [n.id, n.type]));
    for (const e of dataset.edges)
      expect(allowed.has(`${typeOf.get(e.source)}|${e.type}|${typeOf.get(e.target)}`)).toBe(true);
    expect(dataset.nodes.some((n) => n.figures.length > 0)).toBe(true);
    expect(
      dataset.nodes.every((n) => /\p{Script=Han}/u.test(n.name) && /^[\x20-\x7e–]+$/.test(n.nameEn)),
    ).toBe(true);
  });

  it('passes validateDataset: every node, edge and figure quoted verbatim from its article', () => {
    const synth = generateSynthetic(template, { nodes: 800, seed: 3 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-synthetic-unit-'));
    try {
      fs.mkdirSync(path.join(dir, 'articles'));
      for (const a of synth.dataset.articles)
        fs.writeFileSync(path.join(dir, a.file!), synth.articleTexts[a.id]!);
      const valid = validateDataset(
        JSON.parse(JSON.stringify(synth.dataset)),
        path.join(dir, 'dataset.json'),
      );
      expect(valid.nodes).toHaveLength(800);
      expect(valid.edges).toHaveLength(synth.dataset.edges.length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects impossible sizes', () => {
    expect(() => generateSynthetic(template, { nodes: 0, seed: 1 })).toThrow(RangeError);
    expect(() => generateSynthetic(template, { nodes: 10, seed: 1, edgesPerNode: 0 })).toThrow(RangeError);
  });
});
