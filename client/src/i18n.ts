// UI strings in Chinese and English, and the language setting. The interface speaks one language at a
// time; 'both' is a setting for the data (entity and type names show Chinese then English, `pick`)
// under a Chinese interface, so no button reads "撤销 · Undo".
export type Lang = 'zh' | 'en' | 'both';

/** The language the interface itself is in: 'both' names data in both under Chinese chrome. */
export const interfaceLang = (lang: Lang): 'zh' | 'en' => (lang === 'en' ? 'en' : 'zh');

const STRINGS = {
  appTitle: ['青岛经济知识图谱', 'Qingdao Economy Knowledge Graph'],
  searchLabel: ['搜索实体', 'Search entities'],
  searchPlaceholder: ['搜索：自贸片区、阳谷、free trade…', 'Search: 自贸片区, Yanggu, free trade…'],
  layout: ['布局', 'Layout'],
  fit: ['适应', 'Fit'],
  toolbarLabel: ['图谱工具', 'Graph tools'],
  groupView: ['视图', 'View'],
  groupHistory: ['历史', 'History'],
  groupQuery: ['查询', 'Query'],
  groupPresent: ['演示', 'Present'],
  resetHint: ['回到全图', 'Back to the overview'],
  exportHint: ['导出…', 'Export…'],
  exportTitle: ['导出当前图谱', 'Export the graph on show'],
  exportFormat: ['格式', 'Format'],
  exportGo: ['导出', 'Export'],
  bothHint: ['中文界面，名称显示中英两种语言', 'Chinese interface, names in both languages'],
  sidebarLabel: ['图例与分析', 'Legend and analysis'],
  tabTypes: ['图例', 'Legend'],
  tabPaths: ['路径', 'Paths'],
  tabAnalysis: ['分析', 'Analysis'],
  hoverDegree: ['连接', 'links'],
  hoverSource: ['来源', 'Source'],
  hoverNoSource: ['尚无来源记录', 'No source recorded'],
  fitHint: ['缩放以显示全部 (F)', 'Zoom to show everything (F)'],
  lock: ['锁定位置', 'Lock positions'],
  undo: ['撤销', 'Undo'],
  undoHint: ['撤销 (Ctrl+Z)', 'Undo (Ctrl+Z)'],
  redo: ['重做', 'Redo'],
  redoHint: ['重做 (Ctrl+Shift+Z)', 'Redo (Ctrl+Shift+Z)'],
  reset: ['全图', 'Overview'],
  tableView: ['表格', 'Table'],
  console: ['Cypher 查询', 'Cypher console'],
  both: ['中英', 'Both'],
  entityTypes: ['实体类型', 'Entity types'],
  relationshipTypes: ['关系类型', 'Relationship types'],
  hideIsolated: ['隐藏孤立节点', 'Hide isolated nodes'],
  showHidden: ['显示已隐藏', 'Show hidden'],
  findPath: ['路径查找', 'Find paths'],
  from: ['起点', 'From'],
  to: ['终点', 'To'],
  allPaths: ['所有简单路径', 'All simple paths'],
  findPathGo: ['查找路径', 'Find path'],
  details: ['详情', 'Details'],
  canvasLabel: [
    '图谱画布：方向键切换节点，Enter 展开，Delete 移除',
    'Graph canvas: arrow keys move between nodes, Enter expands, Delete removes',
  ],
  examples: ['示例查询', 'Example queries'],
  run: ['运行', 'Run'],
  linkedQuery: [
    '此查询来自链接，尚未运行。请先阅读，再按“运行”（Ctrl+Enter）。',
    'This query came with the link and has not run. Read it, then press Run (Ctrl+Enter).',
  ],
  runHint: ['运行 (Ctrl+Enter)', 'Run (Ctrl+Enter)'],
  addToGraph: ['添加到图中', 'Add to graph'],
  nothingSelected: [
    '点击节点或关系查看详情。双击节点展开其邻居。',
    'Click a node or relationship to see its details. Double-click a node to expand its neighbours.',
  ],
  type: ['类型', 'Type'],
  name: ['名称', 'Name'],
  aliases: ['别名', 'Also known as'],
  properties: ['属性', 'Properties'],
  figures: ['数据', 'Figures'],
  measure: ['指标', 'Measure'],
  value: ['数值', 'Value'],
  period: ['时期', 'Period'],
  sources: ['来源', 'Sources'],
  expand: ['展开邻居', 'Expand neighbours'],
  hide: ['隐藏', 'Hide'],
  remove: ['移除', 'Remove'],
  removed: ['已移除', 'Removed'],
  toastLabel: ['通知', 'Notifications'],
  consoleResult: ['查询结果', 'Query result'],
  skipLinks: ['跳转', 'Skip links'],
  skipToSearch: ['跳到搜索', 'Skip to search'],
  skipToGraph: ['跳到图谱', 'Skip to graph'],
  skipToDetails: ['跳到详情', 'Skip to details'],
  graphRegion: ['图谱', 'Graph'],
  presentationRegion: ['演示', 'Presentation'],
  collapse: ['收起叶子', 'Collapse leaves'],
  pathFrom: ['设为起点', 'Path from here'],
  pathTo: ['设为终点', 'Path to here'],
  degree: ['连接数', 'Connections'],
  neighbours: ['关联实体', 'Connected entities'],
  serverBusy: ['服务器繁忙，{s} 秒后重试', 'Server busy, retrying in {s} s'],
  noNeighbours: ['没有关联实体。', 'No connected entities.'],
  loading: ['加载中…', 'Loading…'],
  empty: ['没有可显示的内容。', 'Nothing to show.'],
  noResults: ['无结果', 'No results'],
  searchEntities: ['实体', 'Entities'],
  searchFigures: ['数据', 'Figures'],
  searchSentences: ['原文句子', 'Sentences'],
  searchBringAll: ['全部放到画布上', 'Put all on the canvas'],
  searchQuotedBy: ['引用此句的元素', 'Elements quoting this sentence'],
  neo4jDown: ['无法连接 Neo4j 数据库，正在重试…', 'Neo4j cannot be reached; retrying…'],
  nodes: ['节点', 'Nodes'],
  edges: ['关系', 'Relationships'],
  source: ['起点', 'Source'],
  target: ['终点', 'Target'],
  noPath: ['在此长度内没有路径。', 'No path within this length.'],
  pathsFound: ['条路径', 'path(s) found'],
  pathOf: ['路径', 'Path'],
  pathOfTotal: ['/', 'of'],
  previousPath: ['上一条路径', 'Previous path'],
  nextPath: ['下一条路径', 'Next path'],
  hops: ['步', 'hops'],
  truncated: ['结果已截断', 'results truncated'],
  rows: ['行', 'rows'],
  moreNeighbours: [
    '还有更多邻居未显示，再次展开可加载更多。',
    'More neighbours exist; expand again to load more.',
  ],
  layingOut: ['正在布局', 'Laying out'],
  offCanvas: [
    '条关系尚未显示；再次展开（E）加载下一页',
    'relationships not on the canvas yet; expand again (E) for the next page',
  ],
  layoutNodes: ['个节点', 'nodes'],
  article: ['文章', 'Article'],
  before: ['之前', 'before'],
  missingElements: ['以下元素已不在图谱中', 'No longer in the graph'],
  stories: ['故事', 'Stories'],
  saveView: ['保存视图', 'Save view'],
  savedViews: ['已保存视图', 'Saved views'],
  newStory: ['新建故事', 'New story'],
  storyTitle: ['故事标题', 'Story title'],
  addStep: ['添加当前视图为步骤', 'Add current view as a step'],
  present: ['演示', 'Present'],
  exportHtml: ['导出 HTML 故事', 'Export HTML story'],
  duplicate: ['复制', 'Duplicate'],
  delete: ['删除', 'Delete'],
  show: ['显示', 'Show'],
  moveUp: ['上移', 'Move up'],
  moveDown: ['下移', 'Move down'],
  updateStep: ['用当前视图更新', 'Update from current view'],
  caption: ['标题', 'Caption'],
  narration: ['解说（Markdown）', 'Narration (Markdown)'],
  insertNotes: ['插入所选实体的笔记', 'Insert notes of selected entities'],
  step: ['步骤', 'Step'],
  tokenTitle: ['需要访问令牌', 'Token needed'],
  tokenHelp: [
    '此服务器要求写入时提供令牌（启动时设置的 EXPLORER_TOKEN）。令牌只保存在本标签页中。',
    'This server needs its token for saving (the EXPLORER_TOKEN it was started with). It is kept in this tab only.',
  ],
  tokenLabel: ['令牌', 'Token'],
  tokenSave: ['保存', 'Save'],
  tokenRefused: [
    '这个令牌不对，什么都没有保存。请再试一次。',
    'That token was not accepted; nothing was saved. Try again.',
  ],
  cancel: ['取消', 'Cancel'],
  saved: ['已保存', 'Saved'],
  saving: ['正在保存…', 'Saving…'],
  unsavedChanges: ['有未保存的更改', 'Unsaved changes'],
  saveFailed: ['保存失败，更改仍保留在此：', 'Could not save; your changes are kept here:'],
  retrySave: ['重试保存', 'Retry saving'],
  conflictTitle: [
    '这个故事在别处（另一标签页或另一人）被修改了。两个版本都保留着，请选择：',
    'This story was changed elsewhere (another tab or person). Both versions are kept; choose one:',
  ],
  conflictMine: ['保留我的版本', 'Keep my version'],
  conflictTheirs: ['采用对方版本', 'Use their version'],
  yourVersion: ['我的版本', 'Your version'],
  theirVersion: ['对方版本', 'Their version'],
  notes: ['笔记', 'Notes'],
  addNote: ['添加笔记', 'Add note'],
  export: ['导出', 'Export'],
  exportScale: ['PNG 倍数', 'PNG scale'],
  importJson: ['导入 JSON', 'Import JSON'],
  previous: ['上一步', 'Previous'],
  next: ['下一步', 'Next'],
  exit: ['退出演示 (Esc)', 'Exit (Esc)'],
  viewName: ['视图名称', 'View name'],
  saveViewTitle: ['保存当前视图', 'Save the current view'],
  layoutUnlocked: ['已解除位置锁定以应用此布局', 'Positions unlocked to apply this layout'],
  noStories: ['还没有故事。', 'No stories yet.'],
  showMore: ['显示更多邻居', 'Show more neighbours'],
  insight: ['洞察', 'Insight'],
  insightMeasures: ['中心性与社区', 'Centrality and communities'],
  sizeBy: ['节点大小依据', 'Size nodes by'],
  sizeDefault: ['默认（画布上的连接数）', 'Default (links on the canvas)'],
  measureDegree: ['连接数（全图）', 'Degree (whole graph)'],
  measureBetweenness: ['中介中心性', 'Betweenness'],
  measurePagerank: ['PageRank', 'PageRank'],
  colourByCommunity: ['按社区着色', 'Colour by community'],
  measuresExplained: ['这些指标是什么意思？', 'What do these measures mean?'],
  hubs: ['核心枢纽（PageRank）', 'Key hubs (PageRank)'],
  brokers: ['关键桥梁（中介中心性）', 'Brokers (betweenness)'],
  communities: ['社区', 'Communities'],
  whyConnected: ['为何相连？', 'Why are these connected?'],
  whyHint: [
    '解释路径查找的起点与终点；未设置时，解释最近选中的两个节点。',
    'Explains the path finder’s ends; without them, the two nodes you selected last.',
  ],
  whyGo: ['解释关联', 'Explain the connection'],
  noConnection: ['4 步之内没有关联。', 'No connection within 4 steps.'],
  timeline: ['时间', 'Time'],
  timeExplain: [
    '选择一个时期：数据全部在该时期之外的实体变淡，下方列出该时期的数据。没有日期的实体保持不变，因为关系本身不带日期。详情面板仍显示全部数据。',
    'Pick a period: entities whose dated facts all lie outside it fade, and its figures are listed below. Entities without dates stay, since relationships carry no dates. The details panel still shows every figure.',
  ],
  timeAll: ['全部时期', 'All periods'],
  timeStrict: ['没有日期的实体也变淡', 'Fade undated entities too'],
  play: ['播放', 'Play'],
  pause: ['暂停', 'Pause'],
  figuresInPeriod: ['该时期的数据', 'Figures in this period'],
  fadedCount: ['变淡的实体', 'Faded entities'],
  compare: ['对比', 'Compare'],
  compareHint: [
    '选中一个节点后点“加入对比”，可对比 2–6 个实体。',
    'Select a node and press “Add to compare”; compare 2–6 entities.',
  ],
  compareAdd: ['加入对比', 'Add to compare'],
  compareGo: ['对比', 'Compare'],
  compareClear: ['清空', 'Clear'],
  compareTitle: ['实体对比', 'Comparison'],
  compareTray: ['待对比的实体', 'Entities to compare'],
  alignedHint: [
    '同一指标、单位和时期，多个实体都有数据',
    'Same measure, unit and period for several entities',
  ],
  noFigures: ['这些实体没有数据。', 'These entities have no figures.'],
  directLinks: ['直接关系', 'Direct links'],
  sharedNeighbours: ['共同邻居', 'Shared neighbours'],
  none: ['无', 'None'],
  close: ['关闭', 'Close'],
} as const;

export type StringKey = keyof typeof STRINGS;

export function t(key: StringKey, lang: Lang): string {
  const [zh, en]: readonly [string, string] = STRINGS[key];
  return interfaceLang(lang) === 'zh' ? zh : en;
}

/** A bilingual pair (entity names, type names) in the chosen language. */
export function pick(zh: string | undefined, en: string | undefined, lang: Lang, separator = ' · '): string {
  const a = zh || en || '';
  const b = en || zh || '';
  if (lang === 'zh') return a;
  if (lang === 'en') return b;
  return a === b ? a : `${a}${separator}${b}`;
}

/** Applies strings to every element marked with data-i18n, -title, -label, -placeholder, -aria-label. */
export function applyStatic(root: ParentNode, lang: Lang): void {
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n as StringKey, lang);
  });
  root.querySelectorAll<HTMLElement>('[data-i18n-title]').forEach((el) => {
    el.title = t(el.dataset.i18nTitle as StringKey, lang);
  });
  root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]').forEach((el) => {
    el.placeholder = t(el.dataset.i18nPlaceholder as StringKey, lang);
  });
  // Icon buttons: the string is both their accessible name and their tooltip.
  root.querySelectorAll<HTMLElement>('[data-i18n-label]').forEach((el) => {
    const text = t(el.dataset.i18nLabel as StringKey, lang);
    el.setAttribute('aria-label', text);
    el.title = text;
  });
  root.querySelectorAll<HTMLElement>('[data-i18n-aria-label]').forEach((el) => {
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel as StringKey, lang));
  });
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-Hans';
}
