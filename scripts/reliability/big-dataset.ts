// A large, valid dataset (graph-seed/FORMAT.md) for the kill-mid-load fault test: every node, edge
// and figure quotes a sentence of a generated article, so the loader's checks run as for real data.
// Deterministic: the same options give the same file, so expected counts can be computed exactly.
import fs from 'node:fs';
import path from 'node:path';

export interface BigDatasetOptions {
  dir: string;
  id?: string;
  nodes: number;
  /** Extra nodes only this version has: a later version without them must delete them. */
  extraNodes?: number;
  /** Written into every node, so two versions differ in properties too. */
  version: number;
}

export interface ExpectedCounts {
  labels: Record<string, number>;
  relationshipTypes: Record<string, number>;
  figures: number;
}

const TYPES = ['Company', 'Zone', 'Project', 'Agency', 'Sector'];
const REL_TYPES = ['LOCATED_IN', 'INVESTS_IN', 'PARTNERS_WITH'];
const ARTICLES = 50;
const ZONES = ['西海岸新区', '自贸片区', '胶州湾', '即墨区', '城阳区', '黄岛区', '崂山区', '李沧区'];

const sentence = (i: number, version: number) =>
  `第${i}号主体（版本${version}）在${ZONES[i % ZONES.length]}推进项目，年度投资${(i % 97) + 1}.${i % 10}亿元，同比增长${i % 31}%。`;

/** Writes `<dir>/dataset.json` and its article files; returns the path and the counts a clean load gives. */
export function writeBigDataset(options: BigDatasetOptions): { file: string; expected: ExpectedCounts } {
  const { dir, nodes, version } = options;
  const id = options.id ?? 'reliability-synthetic';
  const extra = options.extraNodes ?? 0;
  const total = nodes + extra;
  fs.mkdirSync(path.join(dir, 'sources'), { recursive: true });

  const nodeId = (i: number) => (i < nodes ? `n-${i}` : `old-${i - nodes}`);
  const articleOf = (i: number) => `art-${i % ARTICLES}`;
  const texts: string[][] = Array.from({ length: ARTICLES }, () => []);
  for (let i = 0; i < total; i++) texts[i % ARTICLES]!.push(sentence(i, version));
  const articles = texts.map((lines, a) => {
    fs.writeFileSync(path.join(dir, 'sources', `art-${a}.txt`), lines.join('\n'));
    return {
      id: `art-${a}`,
      file: `sources/art-${a}.txt`,
      title: `合成文章${a}`,
      date: '2023-11-20',
      authors: [],
    };
  });

  const expected: ExpectedCounts = { labels: {}, relationshipTypes: {}, figures: 0 };
  const datasetNodes = Array.from({ length: total }, (_, i) => {
    const type = TYPES[i % TYPES.length]!;
    expected.labels[type] = (expected.labels[type] ?? 0) + 1;
    const source = [{ article: articleOf(i), quote: sentence(i, version) }];
    const figures =
      i % 5 === 0
        ? [
            {
              id: `fig-${nodeId(i)}`,
              measure: 'annual investment',
              measureZh: '年度投资',
              value: (i % 97) + 1 + (i % 10) / 10,
              unit: 'CNY',
              unitZh: '亿元',
              multiplier: 1e8,
              currency: 'CNY',
              date: '2023',
              sources: source,
            },
          ]
        : [];
    expected.figures += figures.length;
    return {
      id: nodeId(i),
      type,
      name: `主体${i}`,
      nameEn: `Entity ${i}`,
      aliases: [`别名${i}`],
      properties: { version, rank: i, tags: ['synthetic', `v${version}`] },
      sources: source,
      figures,
    };
  });

  // Three edges per node towards earlier nodes: a connected graph with hubs, as real data has.
  const edges: { id: string; source: string; target: string; type: string; sources: unknown[] }[] = [];
  for (let i = 1; i < total; i++) {
    for (let k = 0; k < 3; k++) {
      const target = (i * 7919 + k * 104_729) % i;
      const type = REL_TYPES[(i + k) % REL_TYPES.length]!;
      edges.push({
        id: `e-${nodeId(i)}-${k}`,
        source: nodeId(i),
        target: nodeId(target),
        type,
        sources: [{ article: articleOf(i), quote: sentence(i, version) }],
      });
      expected.relationshipTypes[type] = (expected.relationshipTypes[type] ?? 0) + 1;
    }
  }

  const dataset = {
    format: 'kg-explorer/dataset@1',
    id,
    title: `合成数据集 v${version}`,
    titleEn: `Synthetic dataset v${version}`,
    articles,
    nodeTypes: TYPES.map((label) => ({ label, nameZh: label, nameEn: label })),
    relationshipTypes: REL_TYPES.map((type) => ({ type, nameZh: type, nameEn: type.toLowerCase() })),
    nodes: datasetNodes,
    edges,
  };
  const file = path.join(dir, 'dataset.json');
  fs.writeFileSync(file, JSON.stringify(dataset));
  return { file, expected };
}
