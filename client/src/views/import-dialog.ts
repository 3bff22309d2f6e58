// Owns the Import dialog of the Sources panel: a table (CSV or XLSX) whose columns the analyst maps
// to a name, type, properties and links (or, for a table of relationships, to its two ends), or a
// whole dataset file. Each is checked first (the server's dry run, every bad row or record listed by
// row, column and reason); the import itself is one transaction on the server. The dialog's state
// (the file, its preview, the mapping, the last check) lives here and the dialog re-renders from it;
// what the import writes reaches the rest of the app through the `imported` callback.
import type {
  DatasetImportAnswer,
  ImportProblem,
  TableFile,
  TableImportAnswer,
  TableImportBody,
  TableMapping,
  TablePreview,
} from '../../../contract/types';
import { call } from '../api';
import { h } from '../dom';
import { errorMessage } from '../errors';
import { interfaceLang, type Lang } from '../i18n';

const TEXTS = {
  title: ['导入', 'Import'],
  table: ['表格 (CSV / XLSX)', 'Table (CSV / XLSX)'],
  datasetFile: ['数据集文件 (JSON)', 'Dataset file (JSON)'],
  chooseFile: ['选择文件', 'Choose a file'],
  dataset: ['加入数据集', 'Into dataset'],
  rowsAre: ['每行是', 'Each row is'],
  entities: ['一个实体', 'an entity'],
  relationships: ['一条关系', 'a relationship'],
  column: ['列', 'Column'],
  sample: ['示例', 'Sample'],
  useAs: ['用作', 'Use as'],
  detail: ['属性名 / 关系类型', 'Property name / relationship type'],
  ignore: ['忽略', 'ignore'],
  name: ['名称（中文）', 'name (Chinese)'],
  nameEn: ['名称（英文）', 'name (English)'],
  type: ['类型', 'type'],
  aliases: ['别名', 'aliases'],
  id: ['编号', 'id'],
  property: ['属性', 'property'],
  link: ['关系的另一端', 'link to an entity'],
  from: ['起点实体', 'from entity'],
  to: ['终点实体', 'to entity'],
  fixedType: ['所有行的类型（无类型列时）', 'Type of every row (without a type column)'],
  declareTypes: ['声明数据集尚无的类型', 'Declare types the dataset does not have yet'],
  skipBadRows: ['跳过有问题的行，导入其余各行', 'Skip bad rows and import the others'],
  replace: ['替换同名数据集', 'Replace the dataset with the same id'],
  check: ['检查（不写入）', 'Check (writes nothing)'],
  import: ['导入', 'Import'],
  close: ['关闭', 'Close'],
  rows: ['行', 'rows'],
  checked: ['检查结果', 'Check'],
  willWrite: ['将写入', 'would write'],
  wrote: ['已写入', 'wrote'],
  noProblems: ['没有问题', 'No problems'],
  problems: ['个问题', 'problems'],
  row: ['行', 'Row'],
  record: ['记录', 'Record'],
  field: ['字段', 'Field'],
  what: ['问题', 'What is wrong'],
  skipped: ['已跳过的行', 'Rows skipped'],
  counts: ['文章 / 实体 / 关系 / 数字', 'articles / entities / relationships / figures'],
  exists: ['此数据集已存在', 'This dataset exists'],
  notJson: ['文件不是有效的 JSON', 'The file is not valid JSON'],
} as const;
type TextKey = keyof typeof TEXTS;
const tx = (key: TextKey, lang: Lang) => TEXTS[key][interfaceLang(lang) === 'zh' ? 0 : 1];

type Role = 'ignore' | 'name' | 'nameEn' | 'type' | 'aliases' | 'id' | 'property' | 'link' | 'from' | 'to';
const ENTITY_ROLES: Role[] = ['ignore', 'name', 'nameEn', 'type', 'aliases', 'id', 'property', 'link'];
const RELATIONSHIP_ROLES: Role[] = ['ignore', 'from', 'to', 'type', 'property'];
/** Roles at most one column may have. */
const SINGLE: Role[] = ['name', 'nameEn', 'type', 'aliases', 'id', 'from', 'to'];

/** A first guess from the header: the usual names of these columns in Chinese and English. */
const GUESSES: [RegExp, Role][] = [
  [/^(name|名称|名字|企业名称|公司)$/i, 'name'],
  [/^(name ?en|english( name)?|英文名(称)?)$/i, 'nameEn'],
  [/^(type|类型|类别)$/i, 'type'],
  [/^(aliases|alias|别名|简称)$/i, 'aliases'],
  [/^(id|编号)$/i, 'id'],
  [/^(from|source|起点)$/i, 'from'],
  [/^(to|target|终点)$/i, 'to'],
];

/** A property name from a header: itself when it is an identifier, else `column1`, `column2`… */
const keyOf = (column: string, index: number) =>
  /^[A-Za-z][A-Za-z0-9_]{0,59}$/.test(column) ? column : `column${index + 1}`;

type Status = 'idle' | 'reading' | 'checking' | 'importing' | 'done';

interface State {
  mode: 'table' | 'dataset';
  status: Status;
  error?: string;
  table?: { file: TableFile; preview: TablePreview };
  kind: TableMapping['kind'];
  roles: Role[];
  /** Per column: the property name, or the relationship type of a link. */
  details: string[];
  fixedType: string;
  dataset: string;
  declareTypes: boolean;
  skipBadRows: boolean;
  dataFile?: { name: string; json: unknown };
  replace: boolean;
  tableAnswer?: TableImportAnswer;
  datasetAnswer?: DatasetImportAnswer;
}

export interface ImportDialogOptions {
  lang: Lang;
  /** Datasets to offer; the first is the default. */
  datasets: string[];
  /** After a real import: what it wrote is in the database. */
  imported: () => void;
}

/** Base64 of a file's bytes, in chunks (String.fromCharCode takes a bounded number of arguments). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function openImportDialog(options: ImportDialogOptions): HTMLDialogElement {
  const { lang } = options;
  const t = (key: TextKey) => tx(key, lang);
  const state: State = {
    mode: 'table',
    status: 'idle',
    kind: 'entities',
    roles: [],
    details: [],
    fixedType: '',
    dataset: options.datasets[0] ?? '',
    declareTypes: false,
    skipBadRows: false,
    replace: false,
  };
  const dialog = h('dialog', {
    id: 'import-dialog',
    class: 'import-dialog',
    'aria-labelledby': 'import-title',
  });
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());

  /** Applies a change to the state and renders again; the one way the dialog changes. */
  const update = (change: Partial<State>) => {
    Object.assign(state, change);
    render();
  };
  /** A change of the mapping makes the last check stale. */
  const remap = (change: Partial<State>) => update({ ...change, tableAnswer: undefined, error: undefined });

  async function chooseTable(file: File): Promise<void> {
    update({ status: 'reading', error: undefined, tableAnswer: undefined });
    const xlsx = /\.xlsx$/i.test(file.name);
    const tableFile: TableFile = {
      name: file.name,
      format: xlsx ? 'xlsx' : 'csv',
      content: xlsx ? await base64Of(file) : await file.text(),
    };
    try {
      const preview = await call('previewTable', { body: { file: tableFile } });
      const roles = preview.columns.map((c) => GUESSES.find(([re]) => re.test(c.trim()))?.[1] ?? 'property');
      update({
        status: 'idle',
        table: { file: tableFile, preview },
        roles,
        details: preview.columns.map(keyOf),
      });
    } catch (error) {
      update({ status: 'idle', table: undefined, error: errorMessage(error, lang) });
    }
  }

  async function chooseDatasetFile(file: File): Promise<void> {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      update({ error: t('notJson'), dataFile: undefined, datasetAnswer: undefined });
      return;
    }
    update({ dataFile: { name: file.name, json }, datasetAnswer: undefined, error: undefined });
    await runDataset(true);
  }

  function mapping(): TableMapping {
    const columns = state.table?.preview.columns ?? [];
    const first = (role: Role) => columns.find((_, i) => state.roles[i] === role);
    const properties = columns
      .map((column, i) => ({ column, key: state.details[i] ?? '' }))
      .filter((_, i) => state.roles[i] === 'property');
    const type = first('type');
    const typing = type ? { type } : { fixedType: state.fixedType.trim() };
    if (state.kind === 'relationships') {
      return {
        kind: 'relationships',
        from: first('from') ?? '',
        to: first('to') ?? '',
        ...typing,
        properties,
      };
    }
    const optional = (role: Role) => {
      const column = first(role);
      return column === undefined ? {} : { [role]: column };
    };
    return {
      kind: 'entities',
      name: first('name') ?? '',
      ...optional('nameEn'),
      ...optional('aliases'),
      ...optional('id'),
      ...typing,
      properties,
      links: columns
        .map((column, i) => ({ column, type: (state.details[i] ?? '').trim(), direction: 'out' as const }))
        .filter((_, i) => state.roles[i] === 'link'),
    };
  }

  async function runTable(dryRun: boolean): Promise<void> {
    if (!state.table) return;
    update({ status: dryRun ? 'checking' : 'importing', error: undefined });
    const body: TableImportBody = {
      dataset: state.dataset.trim(),
      file: state.table.file,
      mapping: mapping(),
      declareTypes: state.declareTypes,
      skipBadRows: state.skipBadRows,
      dryRun,
    };
    try {
      const answer = await call('importTable', { body });
      update({ status: dryRun ? 'idle' : 'done', tableAnswer: answer });
      if (!dryRun) options.imported();
    } catch (error) {
      update({ status: 'idle', error: errorMessage(error, lang) });
    }
  }

  async function runDataset(dryRun: boolean): Promise<void> {
    if (!state.dataFile) return;
    update({ status: dryRun ? 'checking' : 'importing', error: undefined });
    try {
      const answer = await call('importDataset', {
        body: { fileName: state.dataFile.name, file: state.dataFile.json, dryRun, replace: state.replace },
      });
      update({ status: dryRun ? 'idle' : 'done', datasetAnswer: answer });
      if (!dryRun) options.imported();
    } catch (error) {
      update({ status: 'idle', error: errorMessage(error, lang) });
    }
  }

  const checkbox = (id: string, label: string, checked: boolean, change: (on: boolean) => void) => {
    const input = h('input', { type: 'checkbox', id, checked });
    input.addEventListener('change', () => change(input.checked));
    return h('label', { class: 'import-check' }, input, ` ${label}`);
  };
  const busy = () =>
    state.status === 'reading' || state.status === 'checking' || state.status === 'importing';
  const button = (id: string, label: string, run: () => void, disabled = false) => {
    const b = h('button', { type: 'button', id, disabled: disabled || busy() }, label);
    b.addEventListener('click', run);
    return b;
  };

  function problemsTable(problems: ImportProblem[], byRow: boolean): HTMLElement {
    if (!problems.length) return h('p', { class: 'import-ok' }, t('noProblems'));
    return h(
      'table',
      { class: 'import-problems' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, byRow ? t('row') : t('record')),
          h('th', {}, t('field')),
          h('th', {}, t('what')),
        ),
      ),
      h(
        'tbody',
        {},
        ...problems.map((p) =>
          h(
            'tr',
            { 'data-row': p.row === undefined ? undefined : String(p.row) },
            h('td', {}, p.row === undefined ? p.record : String(p.row)),
            h('td', {}, p.field),
            h('td', {}, p.message),
          ),
        ),
      ),
    );
  }

  function tableSection(): HTMLElement[] {
    const file = h('input', { type: 'file', id: 'import-table-file', accept: '.csv,.xlsx,text/csv' });
    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      if (chosen) void chooseTable(chosen);
    });
    const parts: HTMLElement[] = [h('label', {}, `${t('chooseFile')} `, file)];
    const table = state.table;
    if (state.status === 'reading') parts.push(h('p', { class: 'muted' }, '…'));
    if (!table) return parts;

    const dataset = h('input', { id: 'import-dataset', list: 'import-datasets', value: state.dataset });
    dataset.addEventListener('change', () => remap({ dataset: dataset.value }));
    const kind = h(
      'select',
      { id: 'import-kind' },
      h('option', { value: 'entities', selected: state.kind === 'entities' }, t('entities')),
      h('option', { value: 'relationships', selected: state.kind === 'relationships' }, t('relationships')),
    );
    kind.addEventListener('change', () => {
      const next = kind.value as State['kind'];
      const allowed = next === 'entities' ? ENTITY_ROLES : RELATIONSHIP_ROLES;
      remap({ kind: next, roles: state.roles.map((r) => (allowed.includes(r) ? r : 'property')) });
    });
    const roles = state.kind === 'entities' ? ENTITY_ROLES : RELATIONSHIP_ROLES;
    const { preview } = table;
    const rows = preview.columns.map((column, i) => {
      const select = h(
        'select',
        { 'data-column': column, class: 'import-role' },
        ...roles.map((r) => h('option', { value: r, selected: state.roles[i] === r }, t(r))),
      );
      select.addEventListener('change', () => {
        const role = select.value as Role;
        // A role one column may have moves to this column.
        const next = state.roles.map((r, j) =>
          j !== i && SINGLE.includes(role) && r === role ? 'ignore' : r,
        );
        next[i] = role;
        const details = [...state.details];
        if (role === 'link' && !/^[A-Z][A-Z0-9_]*$/.test(details[i] ?? '')) details[i] = '';
        if (role === 'property' && !details[i]) details[i] = keyOf(column, i);
        remap({ roles: next, details });
      });
      const role = state.roles[i];
      const detail = h('input', {
        'data-column': column,
        class: 'import-detail',
        value: state.details[i] ?? '',
        placeholder: role === 'link' ? 'LOCATED_IN' : '',
        hidden: role !== 'property' && role !== 'link',
      });
      detail.addEventListener('change', () => {
        const details = [...state.details];
        details[i] = detail.value.trim();
        remap({ details });
      });
      return h(
        'tr',
        {},
        h('td', {}, column),
        h('td', { class: 'muted' }, preview.rows[0]?.[i] ?? ''),
        h('td', {}, select),
        h('td', {}, detail),
      );
    });
    const fixedType = h('input', { id: 'import-fixed-type', value: state.fixedType, placeholder: 'Company' });
    fixedType.addEventListener('change', () => remap({ fixedType: fixedType.value }));
    parts.push(
      h('p', { class: 'muted' }, `${table.file.name}: ${preview.rowCount} ${t('rows')}`),
      h('label', {}, `${t('dataset')} `, dataset),
      h('datalist', { id: 'import-datasets' }, ...options.datasets.map((d) => h('option', { value: d }))),
      h('label', {}, `${t('rowsAre')} `, kind),
      h(
        'table',
        { class: 'import-mapping' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, t('column')),
            h('th', {}, t('sample')),
            h('th', {}, t('useAs')),
            h('th', {}, t('detail')),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
      h('label', {}, `${t('fixedType')} `, fixedType),
      checkbox('import-declare', t('declareTypes'), state.declareTypes, (on) => remap({ declareTypes: on })),
      checkbox('import-skip', t('skipBadRows'), state.skipBadRows, (on) => update({ skipBadRows: on })),
    );
    const answer = state.tableAnswer;
    if (answer) {
      const what = `${answer.entities} ${t('entities')} · ${answer.relationships} ${t('relationships')}`;
      parts.push(
        h(
          'div',
          { id: 'import-result', 'data-status': answer.dryRun ? 'checked' : 'imported' },
          h(
            'p',
            {},
            `${answer.dryRun ? t('checked') : t('wrote')}: ${answer.rows} ${t('rows')}; ` +
              `${answer.dryRun ? t('willWrite') : t('wrote')} ${what}` +
              (answer.problems.length ? `; ${answer.problems.length} ${t('problems')}` : ''),
          ),
          answer.skipped.length ? h('p', {}, `${t('skipped')}: ${answer.skipped.join(', ')}`) : null,
          answer.dryRun ? problemsTable(answer.problems, true) : null,
        ),
      );
    }
    parts.push(
      h(
        'div',
        { class: 'actions' },
        button('import-check', t('check'), () => void runTable(true)),
        button('import-go', t('import'), () => void runTable(false), state.status === 'done'),
      ),
    );
    return parts;
  }

  function datasetSection(): HTMLElement[] {
    const file = h('input', { type: 'file', id: 'import-dataset-file', accept: '.json,application/json' });
    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      if (chosen) void chooseDatasetFile(chosen);
    });
    const parts: HTMLElement[] = [h('label', {}, `${t('chooseFile')} `, file)];
    const answer = state.datasetAnswer;
    if (state.dataFile) {
      parts.push(checkbox('import-replace', t('replace'), state.replace, (on) => update({ replace: on })));
    }
    if (answer) {
      const c = answer.counts;
      parts.push(
        h(
          'div',
          { id: 'import-result', 'data-status': answer.dryRun ? 'checked' : 'imported' },
          h(
            'p',
            {},
            `${answer.dataset ?? '?'} · ${t('counts')}: ${c.articles} / ${c.entities} / ${c.relationships} / ${c.figures}` +
              (answer.exists && answer.dryRun ? ` · ${t('exists')}` : ''),
          ),
          answer.dryRun ? problemsTable(answer.problems, false) : h('p', {}, t('wrote')),
        ),
      );
    }
    if (state.dataFile) {
      parts.push(
        h(
          'div',
          { class: 'actions' },
          button('import-check', t('check'), () => void runDataset(true)),
          button('import-go', t('import'), () => void runDataset(false), state.status === 'done'),
        ),
      );
    }
    return parts;
  }

  function render(): void {
    const tab = (mode: State['mode'], label: string) => {
      const b = h(
        'button',
        { type: 'button', 'data-mode': mode, 'aria-pressed': String(state.mode === mode) },
        label,
      );
      b.addEventListener('click', () => update({ mode, error: undefined }));
      return b;
    };
    const close = h('button', { type: 'button', id: 'import-close' }, t('close'));
    close.addEventListener('click', () => dialog.close());
    dialog.replaceChildren(
      h('h2', { id: 'import-title' }, t('title')),
      h('div', { class: 'import-tabs' }, tab('table', t('table')), tab('dataset', t('datasetFile'))),
      ...(state.mode === 'table' ? tableSection() : datasetSection()),
      ...(state.error
        ? [h('p', { class: 'field-error', role: 'alert', id: 'import-error' }, state.error)]
        : []),
      h('div', { class: 'actions' }, close),
    );
  }

  render();
  dialog.showModal();
  return dialog;
}
