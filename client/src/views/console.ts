// The Cypher console: the editor (CodeMirror, loaded when the console first opens: it is most of
// the bundle, see console-editor.ts), completion of labels after `(n:`, relationship types after
// `[r:` and property keys after `n.` from the live schema; results as graph and as table (figures
// read as figures, relationships with their direction); errors shown plainly.
import type { CypherResult, Figure, SchemaInfo } from '../../../contract/types';
import { byId, h } from '../dom';
import { formatFigure } from '../figure-format';
import { pick, t, type Lang } from '../i18n';
import type { Store } from '../store';
import type { Editor } from './console-editor';

export const EXAMPLES: { zh: string; en: string; query: string }[] = [
  {
    zh: '青岛自贸片区的联动创新区',
    en: 'Linked innovation zones of the Qingdao FTZ area',
    query: "MATCH (ftz:Entity {id: 'zone-qingdao-ftz-area'})-[r:LINKED_WITH]-(z:Zone)\nRETURN ftz, r, z",
  },
  {
    zh: '谁复制推广了谁的创新成果',
    en: 'Who replicated whose innovations',
    query:
      'MATCH (adopter:Entity)-[r:REPLICATED]->(outcome:Entity)\nOPTIONAL MATCH (outcome)-[o:ORIGINATED_IN]->(origin:Entity)\nRETURN adopter, r, outcome, o, origin',
  },
  {
    zh: '带有前后对比数据的成果',
    en: 'Outcomes with before → after figures',
    query:
      'MATCH (n:Entity)-[:HAS_FIGURE]->(f:Figure)\nWHERE f.beforeValue IS NOT NULL\nRETURN n.name AS entity, f.measure AS measure, f.beforeValue AS before, f.value AS after, f.valueMax AS afterMax, f.unit AS unit',
  },
  {
    zh: '西海岸新区的所有数据指标',
    en: 'Every figure about the West Coast New Area',
    query:
      "MATCH (:Entity {id: 'zone-west-coast-new-area'})-[:HAS_FIGURE]->(f:Figure)\nRETURN f.measureZh AS measureZh, f.measure AS measure, f.value AS value, f.unitZh AS unit, f.periodLabel AS period\nORDER BY f.periodStart",
  },
  {
    zh: '连接最多的实体',
    en: 'Best-connected entities',
    query:
      'MATCH (n:Entity)\nRETURN n.name AS name, n.nameEn AS nameEn, n.type AS type, COUNT { (n)--(:Entity) } AS degree\nORDER BY degree DESC LIMIT 15',
  },
  {
    zh: '青岛市新型显示产业园的组成与政策',
    en: 'The New Display Industrial Park: sections and policies',
    query:
      "MATCH (p:Park) WHERE p.name CONTAINS '新型显示'\nOPTIONAL MATCH (p)-[r]-(x:Entity)\nRETURN p, r, x",
  },
  {
    zh: '图谱结构',
    en: 'Schema overview',
    query: 'CALL db.labels() YIELD label RETURN label ORDER BY label',
  },
];

const KEYWORDS = [
  'MATCH',
  'OPTIONAL MATCH',
  'WHERE',
  'RETURN',
  'WITH',
  'ORDER BY',
  'LIMIT',
  'SKIP',
  'UNWIND',
  'DISTINCT',
  'COUNT',
  'CALL',
  'YIELD',
  'AS',
  'AND',
  'OR',
  'NOT',
  'IN',
  'CONTAINS',
  'STARTS WITH',
  'IS NOT NULL',
  'collect',
  'size',
  'shortestPath',
  'allShortestPaths',
];

export interface ConsoleView {
  setQuery(query: string): void;
  getQuery(): string;
}

export interface Completion {
  /** How many characters before the cursor the completion replaces. */
  replace: number;
  options: { label: string; type: string; detail?: string }[];
}

/**
 * What to offer at the cursor, from the text before it: labels inside a node pattern after a colon
 * (`(n:Zo`), relationship types inside a relationship pattern (`[r:LIN`), property keys after a
 * variable and a dot (`n.na`), keywords otherwise (only when a word is begun or asked for).
 */
export function completionFor(
  before: string,
  schema: SchemaInfo | undefined,
  explicit = false,
): Completion | null {
  const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? '';
  const head = before.slice(0, before.length - word.length);
  if (schema && /:\s*$/.test(head)) {
    // The innermost open bracket says which pattern the colon is in.
    let depth = 0;
    let opener = '';
    for (let i = head.length - 1; i >= 0 && !opener; i--) {
      const ch = head[i]!;
      if (ch === ')' || ch === ']' || ch === '}') depth++;
      else if (ch === '(' || ch === '[' || ch === '{') {
        if (depth === 0) opener = ch;
        else depth--;
      }
    }
    if (opener === '(')
      return {
        replace: word.length,
        options: [
          ...schema.labels.map((l) => ({
            label: l.label,
            type: 'class',
            detail: `${l.nameZh ?? ''} ${l.count}`,
          })),
          { label: 'Entity', type: 'class' },
          { label: 'Figure', type: 'class' },
        ],
      };
    if (opener === '[')
      return {
        replace: word.length,
        options: schema.relationshipTypes.map((r) => ({
          label: r.type,
          type: 'type',
          detail: `${r.nameZh ?? ''} ${r.count}`,
        })),
      };
  }
  if (schema && /[A-Za-z_][A-Za-z0-9_]*\.$/.test(head)) {
    const keys = new Set(Object.values(schema.propertyKeys).flat());
    return { replace: word.length, options: [...keys].map((k) => ({ label: k, type: 'property' })) };
  }
  if (!word && !explicit) return null;
  return { replace: word.length, options: KEYWORDS.map((k) => ({ label: k, type: 'keyword' })) };
}

export function setupConsole(store: Store, run: (query: string) => void): ConsoleView {
  // The editor comes when the console first opens (or a link brings a query): until then the
  // query waits here.
  let pending = EXAMPLES[0]!.query;
  let editor: Editor | undefined;
  let loading: Promise<void> | undefined;
  const current = () => (editor ? editor.getQuery() : pending);
  const load = () =>
    (loading ??= import('./console-editor').then(({ createEditor }) => {
      editor = createEditor(byId('editor'), pending, {
        run: () => run(current()),
        complete: (before, explicit) => completionFor(before, store.get().schema, explicit),
      });
      document.body.dataset.consoleEditor = 'ready';
    }));
  if (store.get().consoleOpen) void load();
  store.subscribe((s, prev) => {
    if (s.consoleOpen && !prev.consoleOpen) void load();
  });

  const select = byId<HTMLSelectElement>('example-select');
  const renderExamples = (lang: Lang) => {
    select.replaceChildren(
      h('option', { value: '' }, t('examples', lang)),
      ...EXAMPLES.map((e, i) =>
        h('option', { value: String(i) }, lang === 'en' ? e.en : lang === 'zh' ? e.zh : `${e.zh} · ${e.en}`),
      ),
    );
  };
  renderExamples(store.get().lang);
  store.subscribe((s, prev) => s.lang !== prev.lang && renderExamples(s.lang));
  select.addEventListener('change', () => {
    const example = EXAMPLES[Number(select.value)];
    if (!example) return;
    view.setQuery(example.query);
    run(example.query);
  });
  byId('btn-run').addEventListener('click', () => run(current()));

  const view: ConsoleView = {
    setQuery(query) {
      pending = query;
      if (editor) editor.setQuery(query);
      else void load();
    },
    getQuery: current,
  };
  return view;
}

type Plain = Record<string, unknown>;

/** A figure node's flat properties (as stored) read back as a figure. */
const figureOf = (p: Plain): Figure => ({
  id: String(p.id ?? ''),
  measure: String(p.measure ?? ''),
  measureZh: p.measureZh as string | undefined,
  value: Number(p.value),
  valueMax: (p.valueMax as number | undefined) ?? null,
  qualifier: (p.qualifier as string | undefined) ?? null,
  unit: String(p.unit ?? ''),
  unitZh: (p.unitZh as string | undefined) ?? null,
  multiplier: (p.multiplier as number | undefined) ?? null,
  currency: (p.currency as string | undefined) ?? null,
  before:
    p.beforeValue != null
      ? {
          value: Number(p.beforeValue),
          valueMax: (p.beforeValueMax as number | undefined) ?? null,
          qualifier: (p.beforeQualifier as string | undefined) ?? null,
        }
      : null,
  sources: [],
});

/** A table cell: nodes by name, figures as they read, relationships with their direction. */
function cell(value: unknown, result: CypherResult, lang: Lang): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  const v = value as Plain;
  const nameOf = (id: string) => {
    const node = result.elements.nodes.find((n) => n.data.id === id);
    return node ? pick(node.data.name, node.data.nameEn, lang) : id;
  };
  if ('~node' in v) {
    const props = (v.properties as Plain | undefined) ?? {};
    if ((v.labels as string[] | undefined)?.includes('Figure')) {
      const f = figureOf(props);
      return `${pick(f.measureZh, f.measure, lang)}: ${formatFigure(f, lang)}`;
    }
    return `(${String(props.name ?? v['~node'])})`;
  }
  if ('~relationship' in v) {
    const edge = result.elements.edges.find((e) => e.data.id === v['~relationship']);
    if (!edge) return `-[:${String(v.type)}]->`;
    return `(${nameOf(edge.data.source)})-[:${String(v.type)}]->(${nameOf(edge.data.target)})`;
  }
  if (Array.isArray(value)) return value.map((item) => cell(item, result, lang)).join(', ');
  return JSON.stringify(value);
}

export function renderConsoleResult(
  result: CypherResult | { error: string } | { pending: string } | undefined,
  lang: Lang,
): void {
  const out = byId('console-result');
  if (!result) return out.replaceChildren();
  if ('pending' in result) {
    out.replaceChildren(h('p', { class: 'notice', role: 'status' }, result.pending));
    return;
  }
  if ('error' in result) {
    out.replaceChildren(h('p', { class: 'error', role: 'alert' }, result.error));
    return;
  }
  const summary = h(
    'p',
    { class: 'muted' },
    `${result.rows.length} ${t('rows', lang)} · ${t('nodes', lang)} ${result.elements.nodes.length} · ${t('edges', lang)} ${result.elements.edges.length}` +
      (result.summary.resultAvailableAfter != null ? ` · ${result.summary.resultAvailableAfter} ms` : '') +
      (result.truncated ? ` · ${t('truncated', lang)}` : ''),
  );
  const table = h(
    'table',
    { class: 'result-table' },
    h('thead', {}, h('tr', {}, ...result.columns.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...result.rows
        .slice(0, 500)
        .map((row) => h('tr', {}, ...row.map((v) => h('td', {}, cell(v, result, lang))))),
    ),
  );
  out.replaceChildren(summary, h('div', { class: 'table-scroll' }, table));
}
