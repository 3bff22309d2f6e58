// Synthetic datasets for scale tests: the seed's ontology, a heavy-tailed degree distribution,
// bilingual names, figures, and a generated article quoted by every element.
//
// Pure and deterministic: the same options give the same dataset, byte for byte. No runtime imports
// beyond the pure random.ts, so the browser benchmark page can build its graphs with the same code.
import type { Dataset, DatasetEdge, DatasetFigure, DatasetNode } from './format';
import { Random } from './random';

/** Picks indices in proportion to fixed weights (binary search over the cumulative sums). */
class WeightedPicker<T> {
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(private readonly items: readonly { item: T; weight: number }[]) {
    for (const { weight } of items) this.cumulative.push((this.total += weight));
  }

  get empty(): boolean {
    return this.total <= 0;
  }

  pick(random: Random): T {
    const x = random.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!.item;
  }
}

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

// ---- word lists --------------------------------------------------------------------------------

type Word = readonly [zh: string, en: string];

/** `"青|qing, 海|hai"` → `[['青', 'qing'], ['海', 'hai']]`: word lists stay readable as tables. */
const words = (list: string): Word[] =>
  list
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [zh = '', en = ''] = pair.split('|');
      return [zh, en] as const;
    });

// Syllables for invented place and brand names; the English side is the pinyin.
const SYLLABLES = words(`
  青|qing, 海|hai, 东|dong, 西|xi, 南|nan, 北|bei, 安|an, 平|ping, 泰|tai, 华|hua, 宁|ning, 兴|xing, 丰|feng,
  瑞|rui, 嘉|jia, 盛|sheng, 福|fu, 长|chang, 新|xin, 金|jin, 德|de, 明|ming, 阳|yang, 山|shan, 江|jiang, 湖|hu,
  城|cheng, 港|gang, 湾|wan, 岛|dao, 胶|jiao, 莱|lai, 崂|lao, 即|ji, 墨|mo, 临|lin, 沂|yi, 潍|wei, 烟|yan,
  威|wei, 日|ri, 照|zhao, 济|ji, 泉|quan, 荣|rong, 成|cheng, 鑫|xin, 源|yuan
`);
const SURNAMES = words(`
  王|Wang, 李|Li, 张|Zhang, 刘|Liu, 陈|Chen, 杨|Yang, 赵|Zhao, 黄|Huang, 周|Zhou, 吴|Wu, 徐|Xu, 孙|Sun, 马|Ma,
  朱|Zhu, 胡|Hu, 郭|Guo, 何|He, 高|Gao, 林|Lin, 罗|Luo, 郑|Zheng, 梁|Liang, 谢|Xie, 宋|Song, 韩|Han, 唐|Tang,
  冯|Feng, 于|Yu
`);
const GIVEN = words(`
  伟|wei, 芳|fang, 娜|na, 敏|min, 静|jing, 丽|li, 强|qiang, 磊|lei, 军|jun, 洋|yang, 勇|yong, 艳|yan, 杰|jie,
  涛|tao, 明|ming, 超|chao, 秀|xiu, 华|hua, 平|ping, 刚|gang, 慧|hui, 宇|yu, 晨|chen, 博|bo, 欣|xin, 雪|xue,
  鹏|peng, 琳|lin
`);
interface Industry {
  zh: string;
  en: string;
  short: Word; // for company names: 海洋科技 → Marine Technology
}
const INDUSTRIES: Industry[] = [
  { zh: '海洋生物医药', en: 'marine biomedicine', short: ['海洋生物', 'Marine Bio'] },
  { zh: '集成电路', en: 'integrated circuits', short: ['微电子', 'Microelectronics'] },
  { zh: '新能源汽车', en: 'new-energy vehicles', short: ['新能源', 'New Energy'] },
  { zh: '高端装备', en: 'high-end equipment', short: ['装备', 'Equipment'] },
  { zh: '人工智能', en: 'artificial intelligence', short: ['智能科技', 'Intelligent Technology'] },
  { zh: '现代物流', en: 'modern logistics', short: ['物流', 'Logistics'] },
  { zh: '跨境电商', en: 'cross-border e-commerce', short: ['电子商务', 'E-commerce'] },
  { zh: '航运贸易', en: 'shipping and trade', short: ['航运', 'Shipping'] },
  { zh: '智能家电', en: 'smart home appliances', short: ['电器', 'Appliances'] },
  { zh: '新材料', en: 'new materials', short: ['新材料', 'New Materials'] },
  { zh: '氢能', en: 'hydrogen energy', short: ['氢能源', 'Hydrogen Energy'] },
  { zh: '数字经济', en: 'digital economy', short: ['数据科技', 'Data Technology'] },
  { zh: '文化旅游', en: 'cultural tourism', short: ['文旅', 'Culture and Tourism'] },
  { zh: '现代农业', en: 'modern agriculture', short: ['农业科技', 'Agritech'] },
  { zh: '金融服务', en: 'financial services', short: ['金融服务', 'Financial Services'] },
  { zh: '海洋装备', en: 'marine equipment', short: ['海工装备', 'Offshore Equipment'] },
  { zh: '虚拟现实', en: 'virtual reality', short: ['虚拟现实', 'VR'] },
  {
    zh: '节能环保',
    en: 'energy conservation and environmental protection',
    short: ['环保科技', 'Environmental Technology'],
  },
  { zh: '船舶制造', en: 'shipbuilding', short: ['船舶', 'Shipbuilding'] },
  { zh: '生物制造', en: 'bio-manufacturing', short: ['生物科技', 'Biotechnology'] },
];

interface Suffix {
  zh: string;
  en: string;
  aliasZh?: string;
  aliasEn?: string;
  kind: string;
}
const REGION_SUFFIXES: Suffix[] = [
  { zh: '区', en: 'District', kind: 'district' },
  { zh: '县', en: 'County', kind: 'county' },
  { zh: '市', en: 'City', kind: 'city' },
  { zh: '镇', en: 'Town', kind: 'town' },
  { zh: '街道', en: 'Subdistrict', kind: 'subdistrict' },
];
const ZONE_SUFFIXES: Suffix[] = [
  {
    zh: '经济技术开发区',
    en: 'Economic and Technological Development Zone',
    aliasZh: '经开区',
    aliasEn: 'ETDZ',
    kind: 'economic-development-zone',
  },
  {
    zh: '高新技术产业开发区',
    en: 'High-tech Industrial Development Zone',
    aliasZh: '高新区',
    aliasEn: 'HIDZ',
    kind: 'high-tech-zone',
  },
  {
    zh: '综合保税区',
    en: 'Comprehensive Bonded Zone',
    aliasZh: '综保区',
    aliasEn: 'CBZ',
    kind: 'comprehensive-bonded-zone',
  },
  {
    zh: '自贸片区',
    en: 'Pilot Free Trade Zone Area',
    aliasZh: '片区',
    aliasEn: 'FTZ Area',
    kind: 'pilot-ftz-area',
  },
  { zh: '新区', en: 'New Area', kind: 'new-area' },
];
const ORGANISATIONS: Suffix[] = [
  { zh: '管理委员会', en: 'Administrative Committee', aliasZh: '管委会', kind: 'administrative-committee' },
  { zh: '商务局', en: 'Commerce Bureau', kind: 'commerce-bureau' },
  { zh: '海关', en: 'Customs', kind: 'customs' },
  {
    zh: '发展和改革局',
    en: 'Development and Reform Bureau',
    aliasZh: '发改局',
    kind: 'development-reform-bureau',
  },
  { zh: '产业研究院', en: 'Industrial Research Institute', aliasZh: '研究院', kind: 'research-institution' },
  {
    zh: '投资促进中心',
    en: 'Investment Promotion Centre',
    aliasZh: '投促中心',
    kind: 'investment-promotion',
  },
];
const PLATFORMS: Suffix[] = [
  { zh: '公共服务平台', en: 'public service platform', kind: 'industry-platform' },
  { zh: '交易中心', en: 'trading centre', kind: 'commodity-trading-platform' },
  { zh: '创新中心', en: 'innovation centre', kind: 'innovation-centre' },
  { zh: '金融服务平台', en: 'financial service platform', kind: 'financial-service-platform' },
];
const EVENTS: Suffix[] = [
  { zh: '博览会', en: 'Expo', kind: 'expo' },
  { zh: '推介会', en: 'Promotion Conference', kind: 'roadshow' },
  { zh: '对接会', en: 'Matchmaking Meeting', kind: 'meeting' },
  { zh: '培训班', en: 'Training Course', kind: 'training' },
  { zh: '高峰论坛', en: 'Summit Forum', kind: 'forum' },
];
const POLICIES: {
  zh: (place: string, ind: string) => string;
  en: (place: string, ind: string) => string;
  kind: string;
}[] = [
  {
    zh: (p, i) => `${p}关于支持${i}高质量发展的若干措施`,
    en: (p, i) => `Measures of ${p} to Support High-Quality Development of ${i}`,
    kind: 'policy',
  },
  {
    zh: (p, i) => `${p}${i}产业发展规划（2023—2025年）`,
    en: (p, i) => `${p} ${i} Industry Development Plan (2023–2025)`,
    kind: 'implementation-plan',
  },
  {
    zh: (p, i) => `${p}${i}专项扶持办法`,
    en: (p, i) => `${p} Special Support Rules for ${i}`,
    kind: 'implementation-rules',
  },
];
const OUTCOMES: Suffix[] = [
  { zh: '监管模式', en: 'regulatory model', kind: 'regulatory-model' },
  { zh: '审批服务模式', en: 'approval service model', kind: 'approval-service-model' },
  { zh: '首单业务', en: 'first transaction', kind: 'first-transaction' },
  { zh: '融资新模式', en: 'new financing model', kind: 'business-model' },
];
const EQUIPMENT: Suffix[] = [
  { zh: '液化天然气运输船', en: 'LNG carrier', kind: 'vessel' },
  { zh: '浮式生产储卸油装置', en: 'FPSO', kind: 'fpso' },
  { zh: '船用低速发动机', en: 'low-speed marine engine', kind: 'marine-engine' },
  { zh: '智能养殖工船', en: 'smart aquaculture vessel', kind: 'vessel' },
];
const PRODUCTS: Suffix[] = [
  { zh: '注射液', en: 'injection', kind: 'drug' },
  { zh: '电子玻璃', en: 'electronic glass', kind: 'electronic-glass' },
  { zh: '动力电池', en: 'power battery', kind: 'battery' },
  { zh: '芯片', en: 'chip', kind: 'chip' },
  { zh: '海藻肥', en: 'seaweed fertiliser', kind: 'fertiliser' },
];
const AWARDS: Suffix[] = [
  { zh: '国家级绿色工业园区', en: 'National Green Industrial Park', kind: 'national' },
  { zh: '省级特色产业园区', en: 'Provincial Characteristic Industrial Park', kind: 'provincial' },
  {
    zh: '国家级外贸转型升级基地',
    en: 'National Foreign Trade Transformation and Upgrading Base',
    kind: 'national',
  },
  {
    zh: '省级专精特新示范区',
    en: 'Provincial Specialised and Innovative Demonstration Zone',
    kind: 'provincial',
  },
];
const SECTIONS = words(`
  东区|East Section, 西区|West Section, 一期|Phase I, 二期|Phase II, 孵化区|Incubation Section
`);
const PROJECT_STATUS = ['planned', 'under-construction', 'in-operation'];

// What an article says about an entity, by type; `{}` is the entity's name.
const NODE_PHRASES: Record<string, string[]> = {
  Company: ['近年来持续加大研发投入', '入选专精特新企业名单', '加快推进数字化转型', '新建生产线投产运营'],
  Zone: ['持续优化营商环境', '加快建设现代产业体系', '深入推进制度创新'],
  Park: ['基础设施建设全面完成', '招商引资成效显著', '已有一批项目签约落地'],
  Region: ['经济运行稳中向好', '着力扩大高水平对外开放'],
  Person: ['在接受采访时介绍了有关情况', '表示将继续抓好各项工作落实'],
  Policy: ['正式印发实施', '从多个方面提出具体支持举措'],
  Project: ['进展顺利', '预计明年建成投产', '完成主体工程建设'],
  Event: ['顺利举行', '吸引了众多企业参加'],
};
const GENERIC_PHRASES = ['受到各方广泛关注', '近年来发展势头良好', '取得积极成效'];

// How an article states a relationship; a and b are the two names.
const REL_SENTENCES: Record<string, (a: string, b: string) => string> = {
  LOCATED_IN: (a, b) => `${a}位于${b}`,
  PART_OF: (a, b) => `${a}隶属于${b}`,
  LINKED_WITH: (a, b) => `${a}与${b}开展联动创新`,
  COOPERATED_WITH: (a, b) => `${a}与${b}开展合作`,
  DEVELOPED: (a, b) => `${a}打造了${b}`,
  REPLICATED: (a, b) => `${a}复制推广了${b}`,
  ORIGINATED_IN: (a, b) => `${a}源自${b}`,
  ISSUED: (a, b) => `${a}出台了${b}`,
  IMPLEMENTS: (a, b) => `${a}贯彻落实${b}`,
  SUPPORTS: (a, b) => `${a}大力支持${b}`,
  HOSTS: (a, b) => `${b}落户${a}`,
  ATTRACTED: (a, b) => `${a}引进了${b}`,
  FOCUSES_ON: (a, b) => `${a}聚焦${b}`,
  IN_CHAIN: (a, b) => `${a}属于${b}`,
  OPENED_TO: (a, b) => `${a}向${b}开放`,
  ORGANISED: (a, b) => `${a}组织举办了${b}`,
  PARTICIPATED_IN: (a, b) => `${a}参与了${b}`,
  HOLDS_ROLE: (a, b) => `${a}任职于${b}`,
  QUOTED_IN: (a, b) => `${a}在${b}一文中接受了采访`,
  AUTHORED: (a, b) => `${a}撰写了${b}`,
  PUBLISHED_BY: (a, b) => `${a}由${b}刊发`,
  RECEIVED: (a, b) => `${a}获评${b}`,
  DELIVERED: (a, b) => `${a}建成交付${b}`,
  BENEFITED: (a, b) => `${b}受益于${a}`,
  ADMINISTERS: (a, b) => `${a}负责管理${b}`,
  ABOUT: (a, b) => `${a}关注${b}`,
  RECOGNISED: (a, b) => `${a}认定了${b}`,
};

interface FigureKind {
  measure: string;
  measureZh: string;
  unit: string;
  unitZh: string;
  multiplier: number;
  currency?: string;
  value: (random: Random) => number;
  sentence: (name: string, when: string, value: number) => string;
}
const money = (random: Random) => Math.round((1 + random.next() * random.next() * 999) * 100) / 100;
const FIGURES: FigureKind[] = [
  {
    measure: 'output value',
    measureZh: '产值',
    unit: 'CNY',
    unitZh: '亿元',
    multiplier: 1e8,
    currency: 'CNY',
    value: money,
    sentence: (n, w, v) => `${n}${w}实现产值${v}亿元`,
  },
  {
    measure: 'year-on-year growth of output value',
    measureZh: '产值同比增长',
    unit: 'percent',
    unitZh: '%',
    multiplier: 1,
    value: (r) => Math.round(r.next() * 400) / 10,
    sentence: (n, w, v) => `${n}${w}产值同比增长${v}%`,
  },
  {
    measure: 'newly signed projects',
    measureZh: '新签约项目',
    unit: 'count',
    unitZh: '个',
    multiplier: 1,
    value: (r) => 1 + r.int(300),
    sentence: (n, w, v) => `${n}${w}新签约项目${v}个`,
  },
  {
    measure: 'actual use of foreign capital',
    measureZh: '实际使用外资',
    unit: 'USD',
    unitZh: '亿美元',
    multiplier: 1e8,
    currency: 'USD',
    value: (r) => Math.round(r.next() * 5000) / 100 + 0.01,
    sentence: (n, w, v) => `${n}${w}实际使用外资${v}亿美元`,
  },
];
const PERIODS = [
  { start: '2023-01-01', end: '2023-09-30', label: '2023年前三季度', labelEn: 'Q1–Q3 2023' },
  { start: '2023-01-01', end: '2023-10-31', label: '2023年1—10月', labelEn: 'Jan–Oct 2023' },
  { start: '2022-01-01', end: '2022-12-31', label: '2022年', labelEn: '2022' },
];
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

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const slug = (label: string): string => label.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** An invented two-syllable name: 嘉宁 / Jianing. */
function coined(random: Random): Word {
  const a = random.pick(SYLLABLES);
  let b = random.pick(SYLLABLES);
  while (b === a) b = random.pick(SYLLABLES);
  return [a[0] + b[0], capitalise(a[1] + b[1])];
}

interface Named {
  name: string;
  nameEn: string;
  aliases: string[];
  properties: Record<string, string | number>;
}

function nameFor(type: string, typeZh: string, typeEn: string, index: number, random: Random): Named {
  const [place, placeEn] = coined(random);
  const industry = random.pick(INDUSTRIES);
  const industryEn = capitalise(industry.en);
  const suffixed = (list: Suffix[], format: (s: Suffix) => Named): Named => format(random.pick(list));
  switch (type) {
    case 'Region':
      return suffixed(REGION_SUFFIXES, (s) => ({
        name: place + s.zh,
        nameEn: `${placeEn} ${s.en}`,
        aliases: [place],
        properties: { kind: s.kind },
      }));
    case 'Zone':
      return suffixed(ZONE_SUFFIXES, (s) => ({
        name: place + s.zh,
        nameEn: `${placeEn} ${s.en}`,
        aliases: s.aliasZh ? [place + s.aliasZh, `${placeEn} ${s.aliasEn ?? s.en}`] : [],
        properties: { kind: s.kind },
      }));
    case 'Park':
      return {
        name: `${place}${industry.zh}产业园`,
        nameEn: `${placeEn} ${industryEn} Industrial Park`,
        aliases: [`${place}${industry.short[0]}园`],
        properties: { kind: 'industrial-park', industry: industry.en },
      };
    case 'ParkSection': {
      const [section, sectionEn] = random.pick(SECTIONS);
      return {
        name: `${place}${industry.zh}产业园${section}`,
        nameEn: `${placeEn} ${industryEn} Industrial Park ${sectionEn}`,
        aliases: [],
        properties: { kind: 'park-section' },
      };
    }
    case 'Company': {
      const [brand, brandEn] = coined(random);
      return {
        name: `${place}${brand}${industry.short[0]}有限公司`,
        nameEn: `${placeEn} ${brandEn} ${industry.short[1]} Co., Ltd.`,
        aliases: [brand + industry.short[0], `${brandEn} ${industry.short[1]}`],
        properties: {
          kind: 'company',
          sector: industry.zh,
          sectorEn: industry.en,
          founded: 1990 + random.int(34),
        },
      };
    }
    case 'Organisation':
      return suffixed(ORGANISATIONS, (s) => ({
        name: place + s.zh,
        nameEn: `${placeEn} ${s.en}`,
        aliases: s.aliasZh ? [place + s.aliasZh] : [],
        properties: { kind: s.kind },
      }));
    case 'Policy': {
      const p = random.pick(POLICIES);
      return {
        name: p.zh(place, industry.zh),
        nameEn: p.en(placeEn, industryEn),
        aliases: [],
        properties: { kind: p.kind, year: 2019 + random.int(5) },
      };
    }
    case 'InnovationOutcome':
      return suffixed(OUTCOMES, (s) => ({
        name: `${place}${industry.zh}${s.zh}`,
        nameEn: `${placeEn} ${industry.en} ${s.en}`,
        aliases: [],
        properties: { kind: s.kind },
      }));
    case 'Project': {
      const [brand, brandEn] = coined(random);
      return {
        name: `${brand}${industry.zh}项目`,
        nameEn: `${brandEn} ${industry.en} project`,
        aliases: [],
        properties: { kind: 'industrial-project', status: random.pick(PROJECT_STATUS) },
      };
    }
    case 'Equipment': {
      const [brand, brandEn] = coined(random);
      return suffixed(EQUIPMENT, (s) => ({
        name: `“${brand}号”${s.zh}`,
        nameEn: `${brandEn} ${s.en}`,
        aliases: [`${brand}号`],
        properties: { kind: s.kind },
      }));
    }
    case 'Product': {
      const [brand, brandEn] = coined(random);
      return suffixed(PRODUCTS, (s) => ({
        name: brand + s.zh,
        nameEn: `${brandEn} ${s.en}`,
        aliases: [],
        properties: { kind: s.kind },
      }));
    }
    case 'Industry':
      return {
        name: `${place}${industry.zh}产业`,
        nameEn: `${placeEn} ${industry.en} industry`,
        aliases: [industry.zh],
        properties: { kind: 'industry' },
      };
    case 'IndustryChain':
      return {
        name: `${place}${industry.zh}产业链`,
        nameEn: `${placeEn} ${industry.en} industrial chain`,
        aliases: [],
        properties: { kind: 'industrial-chain' },
      };
    case 'Platform':
      return suffixed(PLATFORMS, (s) => ({
        name: `${place}${industry.zh}${s.zh}`,
        nameEn: `${placeEn} ${industry.en} ${s.en}`,
        aliases: [],
        properties: { kind: s.kind },
      }));
    case 'Event':
      return suffixed(EVENTS, (s) => ({
        name: `${2019 + random.int(5)}${place}${industry.zh}${s.zh}`,
        nameEn: `${placeEn} ${industryEn} ${s.en}`,
        aliases: [],
        properties: { kind: s.kind },
      }));
    case 'Person': {
      const [surname, surnameEn] = random.pick(SURNAMES);
      const given = random.chance(0.6) ? [random.pick(GIVEN), random.pick(GIVEN)] : [random.pick(GIVEN)];
      return {
        name: surname + given.map((g) => g[0]).join(''),
        nameEn: `${surnameEn} ${capitalise(given.map((g) => g[1]).join(''))}`,
        aliases: [],
        properties: { role: '负责人', roleEn: 'head' },
      };
    }
    case 'Award':
      return suffixed(AWARDS, (s) => ({
        name: `第${1 + random.int(9)}批${s.zh}`,
        nameEn: `${s.en} (batch ${1 + random.int(9)})`,
        aliases: [s.zh],
        properties: { level: s.kind },
      }));
    case 'Article':
      return {
        name: `${place}${industry.zh}发展观察`,
        nameEn: `Observations on ${industry.en} in ${placeEn}`,
        aliases: [],
        properties: { kind: 'news' },
      };
    default:
      return {
        name: `${place}${typeZh}${index}`,
        nameEn: `${placeEn} ${typeEn} ${index}`,
        aliases: [],
        properties: {},
      };
  }
}

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
