// Owns the words of the Sources panel and the reader (中文 / English pairs), kept apart from i18n.ts
// so the panel does not touch the shared string table.
import { interfaceLang, type Lang } from '../i18n';

const TEXTS = {
  sources: ['来源', 'Sources'],
  sourcesHint: ['文章列表、添加文章、逐句阅读', 'Articles, add an article, read sentence by sentence'],
  close: ['关闭', 'Close'],
  articles: ['文章', 'Articles'],
  noArticles: ['还没有文章', 'No articles yet'],
  addArticle: ['添加文章', 'Add article'],
  content: ['正文（粘贴）', 'Text (paste)'],
  file: ['或选择文件 (.txt .md .html)', 'or choose a file (.txt .md .html)'],
  title: ['标题', 'Title'],
  publisher: ['发布者', 'Publisher'],
  date: ['日期', 'Date'],
  url: ['网址', 'URL'],
  authors: ['作者（逗号分隔）', 'Authors (comma-separated)'],
  language: ['语言', 'Language'],
  dataset: ['数据集', 'Dataset'],
  save: ['保存', 'Save'],
  saved: ['已保存', 'Saved'],
  back: ['返回列表', 'Back to the list'],
  backs: ['本文支持的事实', 'What this article backs'],
  nothingBacked: ['还没有句子支持事实', 'No sentence backs a fact yet'],
  selectHint: ['在句子中选取文字以新建实体', 'Select words in a sentence to make an entity from it'],
  newEntity: ['从此句新建实体', 'New entity from this sentence'],
  type: ['类型', 'Type'],
  name: ['名称', 'Name'],
  nameEn: ['英文名称', 'English name'],
  create: ['创建', 'Create'],
  cancel: ['取消', 'Cancel'],
  onCanvas: ['放到画布上', 'Bring onto the canvas'],
  created: ['已创建', 'Created'],
  candidates: ['数字候选', 'Figure candidates'],
  newFigure: ['从此句新建数字', 'New figure from this sentence'],
  entity: ['实体', 'Entity'],
  measure: ['指标（英文）', 'Measure (English)'],
  measureZh: ['指标', 'Measure (Chinese)'],
  value: ['数值', 'Value'],
  unit: ['单位（英文）', 'Unit (English)'],
  unitZh: ['单位', 'Unit (Chinese)'],
  multiplier: ['倍数', 'Multiplier'],
} as const satisfies Record<string, readonly [string, string]>;

export type SourcesTextKey = keyof typeof TEXTS;

/** In the interface language: one at a time (中英 shows data in both, the interface in Chinese). */
export function st(key: SourcesTextKey, lang: Lang): string {
  const [zh, en] = TEXTS[key];
  return interfaceLang(lang) === 'zh' ? zh : en;
}
