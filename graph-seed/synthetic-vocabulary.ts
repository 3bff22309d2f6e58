// What the synthetic generator writes, as data: syllables and names, suffixes and phrases keyed by
// entity label, relationship sentences keyed by type, the figures and periods an article reports.
import type { Random } from './random';

export type Word = readonly [zh: string, en: string];

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
export const SYLLABLES = words(`
  青|qing, 海|hai, 东|dong, 西|xi, 南|nan, 北|bei, 安|an, 平|ping, 泰|tai, 华|hua, 宁|ning, 兴|xing, 丰|feng,
  瑞|rui, 嘉|jia, 盛|sheng, 福|fu, 长|chang, 新|xin, 金|jin, 德|de, 明|ming, 阳|yang, 山|shan, 江|jiang, 湖|hu,
  城|cheng, 港|gang, 湾|wan, 岛|dao, 胶|jiao, 莱|lai, 崂|lao, 即|ji, 墨|mo, 临|lin, 沂|yi, 潍|wei, 烟|yan,
  威|wei, 日|ri, 照|zhao, 济|ji, 泉|quan, 荣|rong, 成|cheng, 鑫|xin, 源|yuan
`);
export const SURNAMES = words(`
  王|Wang, 李|Li, 张|Zhang, 刘|Liu, 陈|Chen, 杨|Yang, 赵|Zhao, 黄|Huang, 周|Zhou, 吴|Wu, 徐|Xu, 孙|Sun, 马|Ma,
  朱|Zhu, 胡|Hu, 郭|Guo, 何|He, 高|Gao, 林|Lin, 罗|Luo, 郑|Zheng, 梁|Liang, 谢|Xie, 宋|Song, 韩|Han, 唐|Tang,
  冯|Feng, 于|Yu
`);
export const GIVEN = words(`
  伟|wei, 芳|fang, 娜|na, 敏|min, 静|jing, 丽|li, 强|qiang, 磊|lei, 军|jun, 洋|yang, 勇|yong, 艳|yan, 杰|jie,
  涛|tao, 明|ming, 超|chao, 秀|xiu, 华|hua, 平|ping, 刚|gang, 慧|hui, 宇|yu, 晨|chen, 博|bo, 欣|xin, 雪|xue,
  鹏|peng, 琳|lin
`);
export interface Industry {
  zh: string;
  en: string;
  short: Word; // for company names: 海洋科技 → Marine Technology
}
export const INDUSTRIES: Industry[] = [
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

export interface Suffix {
  zh: string;
  en: string;
  aliasZh?: string;
  aliasEn?: string;
  kind: string;
}
/** How a name of each label ends (district, zone kind, organisation…), with the kind it implies. */
export const SUFFIXES: Record<string, Suffix[]> = {
  Region: [
    { zh: '区', en: 'District', kind: 'district' },
    { zh: '县', en: 'County', kind: 'county' },
    { zh: '市', en: 'City', kind: 'city' },
    { zh: '镇', en: 'Town', kind: 'town' },
    { zh: '街道', en: 'Subdistrict', kind: 'subdistrict' },
  ],
  Zone: [
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
  ],
  Organisation: [
    { zh: '管理委员会', en: 'Administrative Committee', aliasZh: '管委会', kind: 'administrative-committee' },
    { zh: '商务局', en: 'Commerce Bureau', kind: 'commerce-bureau' },
    { zh: '海关', en: 'Customs', kind: 'customs' },
    {
      zh: '发展和改革局',
      en: 'Development and Reform Bureau',
      aliasZh: '发改局',
      kind: 'development-reform-bureau',
    },
    {
      zh: '产业研究院',
      en: 'Industrial Research Institute',
      aliasZh: '研究院',
      kind: 'research-institution',
    },
    {
      zh: '投资促进中心',
      en: 'Investment Promotion Centre',
      aliasZh: '投促中心',
      kind: 'investment-promotion',
    },
  ],
  Platform: [
    { zh: '公共服务平台', en: 'public service platform', kind: 'industry-platform' },
    { zh: '交易中心', en: 'trading centre', kind: 'commodity-trading-platform' },
    { zh: '创新中心', en: 'innovation centre', kind: 'innovation-centre' },
    { zh: '金融服务平台', en: 'financial service platform', kind: 'financial-service-platform' },
  ],
  Event: [
    { zh: '博览会', en: 'Expo', kind: 'expo' },
    { zh: '推介会', en: 'Promotion Conference', kind: 'roadshow' },
    { zh: '对接会', en: 'Matchmaking Meeting', kind: 'meeting' },
    { zh: '培训班', en: 'Training Course', kind: 'training' },
    { zh: '高峰论坛', en: 'Summit Forum', kind: 'forum' },
  ],
  InnovationOutcome: [
    { zh: '监管模式', en: 'regulatory model', kind: 'regulatory-model' },
    { zh: '审批服务模式', en: 'approval service model', kind: 'approval-service-model' },
    { zh: '首单业务', en: 'first transaction', kind: 'first-transaction' },
    { zh: '融资新模式', en: 'new financing model', kind: 'business-model' },
  ],
  Equipment: [
    { zh: '液化天然气运输船', en: 'LNG carrier', kind: 'vessel' },
    { zh: '浮式生产储卸油装置', en: 'FPSO', kind: 'fpso' },
    { zh: '船用低速发动机', en: 'low-speed marine engine', kind: 'marine-engine' },
    { zh: '智能养殖工船', en: 'smart aquaculture vessel', kind: 'vessel' },
  ],
  Product: [
    { zh: '注射液', en: 'injection', kind: 'drug' },
    { zh: '电子玻璃', en: 'electronic glass', kind: 'electronic-glass' },
    { zh: '动力电池', en: 'power battery', kind: 'battery' },
    { zh: '芯片', en: 'chip', kind: 'chip' },
    { zh: '海藻肥', en: 'seaweed fertiliser', kind: 'fertiliser' },
  ],
  Award: [
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
  ],
};
export const POLICIES: {
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
export const SECTIONS = words(`
  东区|East Section, 西区|West Section, 一期|Phase I, 二期|Phase II, 孵化区|Incubation Section
`);
export const PROJECT_STATUS = ['planned', 'under-construction', 'in-operation'];

// What an article says about an entity, by type; `{}` is the entity's name.
export const NODE_PHRASES: Record<string, string[]> = {
  Company: ['近年来持续加大研发投入', '入选专精特新企业名单', '加快推进数字化转型', '新建生产线投产运营'],
  Zone: ['持续优化营商环境', '加快建设现代产业体系', '深入推进制度创新'],
  Park: ['基础设施建设全面完成', '招商引资成效显著', '已有一批项目签约落地'],
  Region: ['经济运行稳中向好', '着力扩大高水平对外开放'],
  Person: ['在接受采访时介绍了有关情况', '表示将继续抓好各项工作落实'],
  Policy: ['正式印发实施', '从多个方面提出具体支持举措'],
  Project: ['进展顺利', '预计明年建成投产', '完成主体工程建设'],
  Event: ['顺利举行', '吸引了众多企业参加'],
};
export const GENERIC_PHRASES = ['受到各方广泛关注', '近年来发展势头良好', '取得积极成效'];

// How an article states a relationship; a and b are the two names.
export const REL_SENTENCES: Record<string, (a: string, b: string) => string> = {
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

export interface FigureKind {
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
export const FIGURES: FigureKind[] = [
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
export const PERIODS = [
  { start: '2023-01-01', end: '2023-09-30', label: '2023年前三季度', labelEn: 'Q1–Q3 2023' },
  { start: '2023-01-01', end: '2023-10-31', label: '2023年1—10月', labelEn: 'Jan–Oct 2023' },
  { start: '2022-01-01', end: '2022-12-31', label: '2022年', labelEn: '2022' },
];
