// The Cypher console: CodeMirror with Cypher highlighting and completion of labels, types and
// property keys from the live schema; results as graph and as table; errors shown plainly.
import { autocompletion, type CompletionContext } from '@codemirror/autocomplete';
import { StreamLanguage } from '@codemirror/language';
import { cypher } from '@codemirror/legacy-modes/mode/cypher';
import { keymap } from '@codemirror/view';
import { EditorView, basicSetup } from 'codemirror';
import type { CypherResult } from '../../../contract/types';
import { byId, h } from '../dom';
import { t, type Lang } from '../i18n';
import type { Store } from '../store';

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

export function setupConsole(store: Store, run: (query: string) => void): ConsoleView {
  const completions = (context: CompletionContext) => {
    const { schema } = store.get();
    const label = context.matchBefore(/:\s*[A-Za-z_]*$/);
    if (label && schema) {
      const word = context.matchBefore(/[A-Za-z_]*$/)!;
      return {
        from: word.from,
        options: [
          ...schema.labels.map((l) => ({
            label: l.label,
            type: 'class',
            detail: `${l.nameZh ?? ''} ${l.count}`,
          })),
          ...schema.relationshipTypes.map((r) => ({
            label: r.type,
            type: 'type',
            detail: `${r.nameZh ?? ''} ${r.count}`,
          })),
          { label: 'Entity', type: 'class' },
          { label: 'Figure', type: 'class' },
        ],
      };
    }
    const property = context.matchBefore(/\.\s*[A-Za-z_]*$/);
    if (property && schema) {
      const word = context.matchBefore(/[A-Za-z_]*$/)!;
      const keys = new Set(Object.values(schema.propertyKeys).flat());
      return { from: word.from, options: [...keys].map((k) => ({ label: k, type: 'property' })) };
    }
    const word = context.matchBefore(/[A-Za-z_]+$/);
    if (!word && !context.explicit) return null;
    return { from: word?.from ?? context.pos, options: KEYWORDS.map((k) => ({ label: k, type: 'keyword' })) };
  };

  const editor: EditorView = new EditorView({
    parent: byId('editor'),
    doc: EXAMPLES[0]!.query,
    extensions: [
      keymap.of([{ key: 'Mod-Enter', run: (): boolean => (run(editor.state.doc.toString()), true) }]),
      basicSetup,
      StreamLanguage.define(cypher),
      autocompletion({ override: [completions] }),
      EditorView.contentAttributes.of({ 'aria-label': 'Cypher query' }),
    ],
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
  byId('btn-run').addEventListener('click', () => run(editor.state.doc.toString()));

  const view: ConsoleView = {
    setQuery(query) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: query } });
    },
    getQuery: () => editor.state.doc.toString(),
  };
  return view;
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('~node' in v) return `(${String((v.properties as Record<string, unknown>)?.name ?? v['~node'])})`;
    if ('~relationship' in v) return `[:${String(v.type)}]`;
    return JSON.stringify(value);
  }
  return String(value);
};

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
      ...result.rows.slice(0, 500).map((row) => h('tr', {}, ...row.map((v) => h('td', {}, cell(v))))),
    ),
  );
  out.replaceChildren(summary, h('div', { class: 'table-scroll' }, table));
}
