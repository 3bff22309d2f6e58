// Synthetic datasets for scale tests: the seed's ontology, a heavy-tailed degree distribution,
// bilingual names, figures, and a generated article quoted by every element.
//
// Pure and deterministic: the same options give the same dataset, byte for byte. No runtime imports
// beyond the pure random.ts, so the browser benchmark page can build its graphs with the same code.
import type { Dataset, DatasetEdge, DatasetFigure, DatasetNode } from './format';
import { Random, WeightedPicker } from './random';
import { coined, nameFor, slug } from './synthetic-names';
import {
  FIGURES,
  GENERIC_PHRASES,
  GIVEN,
  INDUSTRIES,
  NODE_PHRASES,
  PERIODS,
  REL_SENTENCES,
  SURNAMES,
} from './synthetic-vocabulary';

// ---- template: the ontology taken from a real dataset ------------------------------------------

export interface EdgePattern {
  from: string;
  type: string;
  to: string;
  /** How many edges of the real dataset follow this pattern. */
  weight: number;
}

export interface SyntheticTemplate {
  nodeTypes: Dataset['nodeTypes'];
  relationshipTypes: Dataset['relationshipTypes'];
  /** Which (source type)-[type]->(target type) combinations exist, and how often. */
  patterns: EdgePattern[];
}

type TemplateSource = Pick<Dataset, 'nodeTypes' | 'relationshipTypes'> & {
  nodes: Pick<DatasetNode, 'id' | 'type'>[];
  edges: Pick<DatasetEdge, 'source' | 'target' | 'type'>[];
};

/** The node types, relationship types and typed edge patterns of a real dataset (the seed). */
export function templateFrom(source: TemplateSource): SyntheticTemplate {
  const typeOf = new Map(source.nodes.map((n) => [n.id, n.type]));
  const counts = new Map<string, EdgePattern>();
  for (const e of source.edges) {
    const from = typeOf.get(e.source);
    const to = typeOf.get(e.target);
    if (!from || !to) continue;
    const key = `${from}|${e.type}|${to}`;
    const pattern = counts.get(key) ?? { from, type: e.type, to, weight: 0 };
    pattern.weight += 1;
    counts.set(key, pattern);
  }
  return {
    nodeTypes: source.nodeTypes,
    relationshipTypes: source.relationshipTypes,
    patterns: [...counts.values()].sort((a, b) =>
      `${a.from}|${a.type}|${a.to}`.localeCompare(`${b.from}|${b.type}|${b.to}`),
    ),
  };
}

// Which types carry figures, and how often.
const FIGURE_CHANCE: Record<string, number> = {
  Zone: 0.6,
  Region: 0.5,
  Park: 0.4,
  Company: 0.08,
  Project: 0.15,
  Platform: 0.1,
};

/**
 * Relative frequency of each type in a large graph: many companies, people and projects, few
 * regions and zones. Types the template has but this table lacks get their count in the template.
 */
const TYPE_WEIGHTS: Record<string, number> = {
  Company: 30,
  Person: 10,
  Project: 9,
  Product: 7,
  Organisation: 7,
  Event: 7,
  Policy: 6,
  Platform: 4,
  InnovationOutcome: 4,
  Article: 3,
  Park: 4,
  Award: 2,
  Industry: 3,
  Zone: 4,
  ParkSection: 1.5,
  Equipment: 1,
  IndustryChain: 1,
  Region: 1.5,
};

// A new entity enters the partner pools as if it had this many links already: without it the first
// entity of a rare, well-linked type (the first zone) takes a tenth of all links; with it the top hub
// of 100k nodes holds about 4 % of them (20k links) and the median stays at 6–7.
const ATTRACTIVENESS = 3;
// The seed is one news day about zones; flattening its pattern counts (square root) keeps its
// variety without every second link being about a zone.
const PATTERN_WEIGHT = (count: number) => Math.sqrt(count);

// ---- generation --------------------------------------------------------------------------------

export interface SyntheticOptions {
  nodes: number;
  seed: number;
  /** Mean relationships created per node (each node links to 1..2m−1 earlier ones). */
  edgesPerNode?: number;
  /** Dataset id; `synthetic-<nodes>-<seed>` by default. */
  id?: string;
  /** Entities per generated article: each article quotes these and the links they make. */
  nodesPerArticle?: number;
}

export type SyntheticEdge = DatasetEdge & { id: string };

export interface SyntheticDataset {
  /** A `kg-explorer/dataset@1` document (articles point at `articles/<id>.txt`). */
  dataset: Dataset & { edges: SyntheticEdge[] };
  /** Article id → full text; every quote in the dataset is a sentence of its article. */
  articleTexts: Record<string, string>;
}

export const syntheticId = (nodes: number, seed: number): string => `synthetic-${nodes}-${seed}`;

/** One article's sentences; the text is built once every entity has been placed. */
interface ArticleDraft {
  sentences: string[];
}

/**
 * Generates a synthetic dataset with preferential attachment inside each type: every new entity
 * links to earlier ones along the template's typed patterns, choosing a partner of the required
 * type with probability proportional to (degree + 1). A few hubs, many leaves.
 */
export function generateSynthetic(template: SyntheticTemplate, options: SyntheticOptions): SyntheticDataset {
  const { nodes: count, seed } = options;
  if (!Number.isInteger(count) || count < 1) throw new RangeError('nodes must be a positive integer');
  const meanEdges = options.edgesPerNode ?? 5;
  if (!(meanEdges >= 1)) throw new RangeError('edgesPerNode must be at least 1');
  const perArticle = options.nodesPerArticle ?? 25;
  const id = options.id ?? syntheticId(count, seed);
  const random = new Random(seed);

  const typeInfo = new Map(template.nodeTypes.map((t) => [t.label, t]));
  const seedCounts = new Map<string, number>();
  for (const p of template.patterns) {
    seedCounts.set(p.from, (seedCounts.get(p.from) ?? 0) + p.weight);
    seedCounts.set(p.to, (seedCounts.get(p.to) ?? 0) + p.weight);
  }
  const typePicker = new WeightedPicker(
    template.nodeTypes.map((t) => ({
      item: t.label,
      weight: TYPE_WEIGHTS[t.label] ?? Math.max(1, seedCounts.get(t.label) ?? 0),
    })),
  );
  // For each type, the patterns it can take part in, on either side.
  const patternPickers = new Map<string, WeightedPicker<{ pattern: EdgePattern; asSource: boolean }>>();
  for (const t of template.nodeTypes) {
    const options = template.patterns.flatMap((p) => [
      ...(p.from === t.label
        ? [{ item: { pattern: p, asSource: true }, weight: PATTERN_WEIGHT(p.weight) }]
        : []),
      ...(p.to === t.label && p.from !== t.label
        ? [{ item: { pattern: p, asSource: false }, weight: PATTERN_WEIGHT(p.weight) }]
        : []),
    ]);
    patternPickers.set(t.label, new WeightedPicker(options));
  }

  // endpoints[type] lists node indices once each, plus once per relationship end: picking uniformly
  // from it is picking in proportion to degree + 1.
  const endpoints = new Map<string, number[]>(template.nodeTypes.map((t) => [t.label, []]));
  const nodes: DatasetNode[] = [];
  const edges: SyntheticEdge[] = [];
  const articles: ArticleDraft[] = [];
  const seen = new Set<string>();
  let figureCount = 0;

  const articleId = (k: number) => `${id}-a${k}`;
  const articleOf = (nodeIndex: number) => Math.floor(nodeIndex / perArticle);
  const say = (nodeIndex: number, sentence: string) => {
    const k = articleOf(nodeIndex);
    (articles[k] ??= { sentences: [] }).sentences.push(sentence);
    return { article: articleId(k), quote: sentence };
  };

  for (let i = 0; i < count; i++) {
    const type = typePicker.pick(random);
    const info = typeInfo.get(type)!;
    const named = nameFor(type, info.nameZh ?? type, info.nameEn ?? type, i, random);
    const phrases = NODE_PHRASES[type] ?? GENERIC_PHRASES;
    const node: DatasetNode = {
      id: `${id}-${slug(type)}-${i}`,
      type,
      name: named.name,
      nameEn: named.nameEn,
      aliases: named.aliases,
      properties: named.properties,
      sources: [say(i, named.name + random.pick(phrases))],
      figures: [],
    };
    if (random.chance(FIGURE_CHANCE[type] ?? 0)) {
      const figures = 1 + random.int(3);
      for (let f = 0; f < figures; f++) {
        const kind = FIGURES[(f + random.int(FIGURES.length)) % FIGURES.length]!;
        const period = random.pick(PERIODS);
        const value = kind.value(random);
        const figure: DatasetFigure = {
          id: `${id}-fig-${figureCount++}`,
          measure: kind.measure,
          measureZh: kind.measureZh,
          value,
          unit: kind.unit,
          unitZh: kind.unitZh,
          multiplier: kind.multiplier,
          ...(kind.currency ? { currency: kind.currency } : {}),
          period,
          sources: [say(i, kind.sentence(named.name, period.label, value))],
        };
        node.figures.push(figure);
      }
    }
    nodes.push(node);

    const picker = patternPickers.get(type);
    const wanted = picker && !picker.empty ? 1 + random.int(2 * meanEdges - 1) : 0;
    for (let e = 0, attempts = 0; e < wanted && attempts < wanted * 3; attempts++) {
      const { pattern, asSource } = picker!.pick(random);
      const pool = endpoints.get(asSource ? pattern.to : pattern.from);
      if (!pool?.length) continue;
      const other = pool[random.int(pool.length)]!;
      const [a, b] = asSource ? [i, other] : [other, i];
      const key = `${a}|${pattern.type}|${b}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const source = nodes[a]!;
      const target = nodes[b]!;
      const sentence = (REL_SENTENCES[pattern.type] ?? ((x: string, y: string) => `${x}与${y}相关`))(
        source.name,
        target.name,
      );
      edges.push({
        id: `${id}-e${edges.length}`,
        source: source.id,
        target: target.id,
        type: pattern.type,
        properties: random.chance(0.3) ? { year: 2018 + random.int(6) } : {},
        sources: [say(i, sentence)],
      });
      endpoints.get(source.type)!.push(a);
      endpoints.get(target.type)!.push(b);
      e++;
    }
    for (let k = 0; k < ATTRACTIVENESS; k++) endpoints.get(type)!.push(i);
  }

  const articleTexts: Record<string, string> = {};
  const articleMeta = articles.map((draft, k) => {
    const [place, placeEn] = coined(random);
    const industry = random.pick(INDUSTRIES);
    const title = `${place}${industry.zh}发展观察（第${k + 1}期）`;
    const day = new Date(Date.UTC(2023, 0, 1 + (k % 365)));
    const date = day.toISOString().slice(0, 10);
    const author = () => {
      const [s] = random.pick(SURNAMES);
      return s + random.pick(GIVEN)[0] + random.pick(GIVEN)[0];
    };
    const authors = random.chance(0.5) ? [author(), author()] : [author()];
    // Six sentences a paragraph; line breaks between paragraphs, never inside a sentence.
    const paragraphs: string[] = [];
    for (let s = 0; s < draft.sentences.length; s += 6)
      paragraphs.push(draft.sentences.slice(s, s + 6).join('。') + '。');
    articleTexts[articleId(k)] =
      `${title}\n合成经济日报 ${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8))}日\n记者 ${authors.join(' ')}\n\n${paragraphs.join('\n')}\n`;
    return {
      id: articleId(k),
      file: `articles/${articleId(k)}.txt`,
      title,
      titleEn: `Observations on ${industry.en} in ${placeEn}, issue ${k + 1}`,
      publisher: '合成经济日报',
      publisherEn: 'Synthetic Economic Daily',
      date,
      authors,
    };
  });

  return {
    dataset: {
      format: 'kg-explorer/dataset@1',
      id,
      title: `合成知识图谱（${count}个实体，种子${seed}）`,
      titleEn: `Synthetic knowledge graph (${count} entities, seed ${seed})`,
      articles: articleMeta,
      nodeTypes: template.nodeTypes,
      relationshipTypes: template.relationshipTypes,
      nodes,
      edges,
    },
    articleTexts,
  };
}

// ---- summaries ---------------------------------------------------------------------------------

export interface DegreeSummary {
  nodes: number;
  edges: number;
  min: number;
  median: number;
  p99: number;
  max: number;
  mean: number;
  /** Share of all relationship ends held by the best-connected 1 % of nodes. */
  top1PercentShare: number;
}

/** Degree statistics (relationships between entities, both directions). */
export function degreeSummary(data: Pick<Dataset, 'nodes' | 'edges'>): DegreeSummary {
  const degree = new Map<string, number>(data.nodes.map((n) => [n.id, 0]));
  for (const e of data.edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const sorted = [...degree.values()].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const top = sorted.slice(sorted.length - Math.max(1, Math.floor(sorted.length / 100)));
  const total = 2 * data.edges.length;
  return {
    nodes: data.nodes.length,
    edges: data.edges.length,
    min: sorted[0] ?? 0,
    median: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? 0,
    mean: sorted.length ? total / sorted.length : 0,
    top1PercentShare: total ? top.reduce((s, d) => s + d, 0) / total : 0,
  };
}
