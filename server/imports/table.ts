// Owns a table import's pure part: reading a CSV or XLSX into rows of text, the source document the
// rows become (one paragraph per row, so every fact can quote its row verbatim), and the plan of a
// mapping over the rows: the entities and relationships it writes and every bad row, by row number
// and column. No I/O with the database: server/imports/service.ts reads the context and writes.
import { parse as parseCsv } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import { LABEL_PATTERN, RESERVED_PROPERTY } from '../../graph-seed/format';
import type {
  EntityMapping,
  ImportProblem,
  RelationshipMapping,
  TableFile,
  TableMapping,
} from '../../contract/types';
import { AppError } from '../errors';
import { labelRefusal, newId, relTypeRefusal, VERSION_KEY, withSource } from '../facts/checks';
import type { EntityState, RelationshipState } from '../queries/facts';
import type { NamedEntity } from '../queries/imports';

export interface TableRow {
  /** The row number a spreadsheet shows (the header is row 1). */
  row: number;
  cells: string[];
}
export interface Table {
  columns: string[];
  rows: TableRow[];
  sheets: string[];
}

const unreadable = (file: TableFile, reason: string) =>
  new AppError(
    400,
    'UNREADABLE_FILE',
    `file: ${file.name} cannot be read as ${file.format.toUpperCase()}: ${reason}`,
    {
      field: 'file',
    },
  );

/** A cell as one line of text: line breaks inside a cell would split its row in the document. */
const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value)
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim();
};

/** Header and rows; rows with no text at all are left out (they keep their numbers). */
function tableOf(file: TableFile, records: unknown[][], sheets: string[]): Table {
  const [header, ...body] = records;
  if (!header || header.every((c) => cellText(c) === '')) throw unreadable(file, 'it has no header row');
  const columns = header.map((c, i) => cellText(c) || `column ${i + 1}`);
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) throw unreadable(file, `the column "${column}" appears twice in the header`);
    seen.add(column);
  }
  const rows = body
    .map((cells, i) => ({ row: i + 2, cells: columns.map((_, c) => cellText(cells[c])) }))
    .filter((r) => r.cells.some(Boolean));
  return { columns, rows, sheets };
}

/** Parses the uploaded file. Throws AppError 400 UNREADABLE_FILE naming the reason. */
export async function readTable(file: TableFile): Promise<Table> {
  if (file.format === 'csv') {
    let records: string[][];
    try {
      records = parseCsv(file.content, { bom: true, relax_column_count: true, skip_empty_lines: false });
    } catch (error) {
      throw unreadable(file, (error as Error).message);
    }
    return tableOf(file, records, []);
  }
  const bytes = Buffer.from(file.content, 'base64');
  let sheets: { sheet: string; data: unknown[][] }[];
  try {
    sheets = (await readXlsxFile(bytes)) as { sheet: string; data: unknown[][] }[];
  } catch (error) {
    throw unreadable(file, (error as Error).message);
  }
  const chosen = file.sheet === undefined ? sheets[0] : sheets.find((s) => s.sheet === file.sheet);
  if (!chosen) {
    throw file.sheet === undefined
      ? unreadable(file, 'it has no sheet')
      : new AppError(400, 'UNREADABLE_FILE', `file.sheet: no sheet "${file.sheet}" in ${file.name}`, {
          field: 'file.sheet',
        });
  }
  return tableOf(
    file,
    chosen.data,
    sheets.map((s) => s.sheet),
  );
}

// ---- the source document ----

/** Quotes are at most this long (graph-seed/format.ts), so the dataset export loads again. */
const QUOTE_MAX = 500;

/** `row 5 | 名称: 海尔 | 园区: 中德生态园`: the paragraph of a row, which its facts quote. */
export function rowText(columns: string[], row: TableRow): string {
  const cells = columns.map((c, i) => (row.cells[i] ? `${c}: ${row.cells[i]}` : '')).filter(Boolean);
  return [`row ${row.row}`, ...cells].join(' | ');
}

/** The quote of a row: its paragraph, cut to the longest a quote may be. */
export function rowQuote(columns: string[], row: TableRow): string {
  const chars = Array.from(rowText(columns, row));
  return chars.length <= QUOTE_MAX ? chars.join('') : chars.slice(0, QUOTE_MAX).join('').trimEnd();
}

/** The document's text: the file and its columns, then one paragraph per row. */
export function tableDocumentText(fileName: string, table: Table): string {
  return [
    `${fileName} | ${table.columns.join(' | ')}`,
    ...table.rows.map((r) => rowText(table.columns, r)),
  ].join('\n\n');
}

// ---- the plan ----

export interface PlanContext {
  dataset: string;
  /** The source document the rows become. */
  article: string;
  entities: NamedEntity[];
  nodeTypes: Set<string>;
  relationshipTypes: Set<string>;
  /** Entity ids a table's id column names that are taken in any dataset. */
  takenIds: Set<string>;
  declareTypes: boolean;
  random: () => string;
}

export interface TablePlan {
  problems: ImportProblem[];
  /** Rows with at least one problem. */
  badRows: number[];
  entities: EntityState[];
  relationships: RelationshipState[];
  declaredNodeTypes: string[];
  declaredRelationshipTypes: string[];
}

const ALIAS_SEPARATORS = /[;；、|]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Text as the analyst typed it, or a number when it reads as one (investment 12.5, staff 300). */
const propertyValue = (text: string): string | number => (NUMBER.test(text) ? Number(text) : text);

type Props = Record<string, unknown>;

class Planner {
  readonly problems: ImportProblem[] = [];
  readonly declaredNodeTypes = new Set<string>();
  readonly declaredRelationshipTypes = new Set<string>();

  constructor(
    readonly table: Table,
    readonly context: PlanContext,
  ) {}

  problem(row: number | undefined, field: string, message: string) {
    this.problems.push(
      row === undefined
        ? { record: 'mapping', field, message }
        : { record: `row ${row}`, row, field, message },
    );
  }

  /** The index of each column the mapping names; a mapping problem for each one the table lacks. */
  columnsOf(mapping: TableMapping): Map<string, number> {
    const index = new Map<string, number>();
    const named: [string, string | undefined][] = [
      ['type', mapping.type],
      ...mapping.properties.map((p, i): [string, string] => [`properties[${i}].column`, p.column]),
    ];
    if (mapping.kind === 'entities') {
      named.push(
        ['name', mapping.name],
        ['nameEn', mapping.nameEn],
        ['id', mapping.id],
        ['aliases', mapping.aliases],
      );
      mapping.links.forEach((l, i) => named.push([`links[${i}].column`, l.column]));
    } else {
      named.push(['from', mapping.from], ['to', mapping.to]);
    }
    for (const [field, column] of named) {
      if (column === undefined) continue;
      const at = this.table.columns.indexOf(column);
      if (at === -1) this.problem(undefined, field, `no column "${column}" in the table`);
      else index.set(column, at);
    }
    mapping.properties.forEach((p, i) => {
      if (RESERVED_PROPERTY.test(p.key))
        this.problem(undefined, `properties[${i}].key`, `"${p.key}" is reserved; choose another name`);
    });
    return index;
  }

  /** A node type the dataset has, or declares now; a problem (and undefined) otherwise. */
  nodeType(row: number, column: string, label: string): string | undefined {
    if (this.context.nodeTypes.has(label) || this.declaredNodeTypes.has(label)) return label;
    const refusal = labelRefusal(label);
    if (refusal || !LABEL_PATTERN.test(label)) {
      this.problem(row, column, `"${label}" cannot be a type: ${refusal ?? 'must be PascalCase'}`);
      return undefined;
    }
    if (!this.context.declareTypes) {
      const known = [...this.context.nodeTypes].join(', ') || 'none yet';
      this.problem(
        row,
        column,
        `"${label}" is not a type of dataset "${this.context.dataset}" (it has: ${known}); declare new types or pick one of them`,
      );
      return undefined;
    }
    this.declaredNodeTypes.add(label);
    return label;
  }

  relationshipType(row: number, column: string, type: string): string | undefined {
    if (this.context.relationshipTypes.has(type) || this.declaredRelationshipTypes.has(type)) return type;
    const refusal = relTypeRefusal(type);
    if (refusal) {
      this.problem(row, column, `"${type}" cannot be a relationship type: ${refusal}`);
      return undefined;
    }
    if (!this.context.declareTypes) {
      this.problem(
        row,
        column,
        `"${type}" is not a relationship type of dataset "${this.context.dataset}"; declare new types or pick one it has`,
      );
      return undefined;
    }
    this.declaredRelationshipTypes.add(type);
    return type;
  }

  /** The one entity a cell names, by id, then by name, English name or alias. */
  resolve(known: NamedEntity[], row: number, column: string, text: string): NamedEntity | undefined {
    const byId = known.find((e) => e.id === text);
    if (byId) return byId;
    const lower = text.toLowerCase();
    const named = known.filter(
      (e) => e.name === text || e.nameEn.toLowerCase() === lower || e.aliases.includes(text),
    );
    if (named.length === 1) return named[0];
    this.problem(
      row,
      column,
      named.length
        ? `"${text}" names ${named.length} entities (${named.map((e) => e.id).join(', ')}); write the id instead`
        : `no entity "${text}" in dataset "${this.context.dataset}" (matched by id, name or alias)`,
    );
    return undefined;
  }

  properties(mapping: TableMapping, columns: Map<string, number>, row: TableRow): Props {
    const props: Props = {};
    for (const p of mapping.properties) {
      const text = row.cells[columns.get(p.column) ?? -1];
      if (text) props[p.key] = propertyValue(text);
    }
    return props;
  }

  source(row: TableRow) {
    return { article: this.context.article, quote: rowQuote(this.table.columns, row) };
  }

  relationship(row: TableRow, type: string, from: string, to: string, props: Props): RelationshipState {
    const id = newId(type.toLowerCase().replaceAll('_', '-'), '', this.context.random);
    return {
      kind: 'relationship',
      id,
      type,
      from,
      to,
      props: withSource({ ...props, id, dataset: this.context.dataset, [VERSION_KEY]: 1 }, this.source(row)),
    };
  }
}

function planEntities(planner: Planner, mapping: EntityMapping, columns: Map<string, number>): TablePlan {
  const { table, context } = planner;
  const cell = (row: TableRow, column: string | undefined) =>
    column === undefined ? '' : (row.cells[columns.get(column) ?? -1] ?? '');
  const made: { row: TableRow; state: EntityState }[] = [];
  const byName = new Map<string, number>();
  const ids = new Set<string>();
  for (const row of table.rows) {
    const before = planner.problems.length;
    const name = cell(row, mapping.name);
    if (!name) planner.problem(row.row, mapping.name, 'is empty; every entity needs a name');
    const typeText = mapping.fixedType ?? cell(row, mapping.type);
    let type: string | undefined;
    if (!typeText) planner.problem(row.row, mapping.type ?? 'type', 'is empty; every entity needs a type');
    else type = planner.nodeType(row.row, mapping.type ?? 'type', typeText);
    const nameEn = cell(row, mapping.nameEn) || name;
    let id = cell(row, mapping.id);
    if (id) {
      if (!/^[a-z0-9][a-z0-9-]{1,79}$/.test(id))
        planner.problem(
          row.row,
          mapping.id!,
          `"${id}" is not an id (lower-case kebab-case, 2–80 characters)`,
        );
      else if (context.takenIds.has(id) || ids.has(id))
        planner.problem(row.row, mapping.id!, `an entity with id "${id}" exists`);
    }
    if (name && type) {
      const existing = context.entities.find((e) => e.name === name && e.type === type);
      const earlier = byName.get(`${type}\u0000${name}`);
      if (existing)
        planner.problem(
          row.row,
          mapping.name,
          `"${name}" is already ${type} "${existing.id}" in this dataset`,
        );
      else if (earlier !== undefined)
        planner.problem(row.row, mapping.name, `"${name}" is the same ${type} as row ${earlier}`);
    }
    if (planner.problems.length > before || !type) continue;
    id ||= newId(type.toLowerCase(), nameEn, context.random);
    ids.add(id);
    byName.set(`${type}\u0000${name}`, row.row);
    const aliases = cell(row, mapping.aliases)
      .split(ALIAS_SEPARATORS)
      .map((a) => a.trim())
      .filter((a) => a && a !== name);
    made.push({
      row,
      state: {
        kind: 'entity',
        id,
        label: type,
        props: withSource(
          {
            ...planner.properties(mapping, columns, row),
            id,
            type,
            dataset: context.dataset,
            name,
            nameEn,
            aliases: [...new Set(aliases)],
            [VERSION_KEY]: 1,
          },
          planner.source(row),
        ),
      },
    });
  }

  // Links resolve against the dataset's entities and this table's good rows.
  const known: NamedEntity[] = [
    ...context.entities,
    ...made.map(({ state: s }) => ({
      id: s.id,
      type: s.label,
      name: s.props.name as string,
      nameEn: s.props.nameEn as string,
      aliases: s.props.aliases as string[],
    })),
  ];
  const relationships: RelationshipState[] = [];
  const goodEntities: EntityState[] = [];
  for (const { row, state } of made) {
    const before = planner.problems.length;
    const links: RelationshipState[] = [];
    for (const link of mapping.links) {
      const text = cell(row, link.column);
      if (!text) continue;
      const type = planner.relationshipType(row.row, link.column, link.type);
      const other = planner.resolve(known, row.row, link.column, text);
      if (!type || !other) continue;
      if (other.id === state.id) {
        planner.problem(row.row, link.column, 'names the row’s own entity');
        continue;
      }
      const [from, to] = link.direction === 'out' ? [state.id, other.id] : [other.id, state.id];
      links.push(planner.relationship(row, type, from, to, {}));
    }
    if (planner.problems.length > before) continue;
    goodEntities.push(state);
    relationships.push(...links);
  }
  return finish(planner, goodEntities, relationships);
}

function planRelationships(
  planner: Planner,
  mapping: RelationshipMapping,
  columns: Map<string, number>,
): TablePlan {
  const { table, context } = planner;
  const cell = (row: TableRow, column: string) => row.cells[columns.get(column) ?? -1] ?? '';
  const relationships: RelationshipState[] = [];
  for (const row of table.rows) {
    const before = planner.problems.length;
    const ends = (['from', 'to'] as const).map((end) => {
      const column = mapping[end];
      const text = cell(row, column);
      if (!text) {
        planner.problem(row.row, column, `is empty; every relationship needs its "${end}" end`);
        return undefined;
      }
      return planner.resolve(context.entities, row.row, column, text);
    });
    const typeText = mapping.fixedType ?? cell(row, mapping.type!);
    let type: string | undefined;
    if (!typeText)
      planner.problem(row.row, mapping.type ?? 'type', 'is empty; every relationship needs a type');
    else type = planner.relationshipType(row.row, mapping.type ?? 'type', typeText);
    const [from, to] = ends;
    if (from && to && from.id === to.id)
      planner.problem(row.row, mapping.to, `is the same entity as "${mapping.from}" (${from.id})`);
    if (planner.problems.length > before || !from || !to || !type) continue;
    relationships.push(
      planner.relationship(row, type, from.id, to.id, planner.properties(mapping, columns, row)),
    );
  }
  return finish(planner, [], relationships);
}

function finish(planner: Planner, entities: EntityState[], relationships: RelationshipState[]): TablePlan {
  const badRows = [...new Set(planner.problems.flatMap((p) => (p.row === undefined ? [] : [p.row])))];
  // Types only the bad rows use are not declared.
  const usedLabels = new Set(entities.map((e) => e.label));
  const usedTypes = new Set(relationships.map((r) => r.type));
  // Mapping problems first, then row by row, as the analyst reads the table.
  const problems = planner.problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.row ?? 0) - (b.p.row ?? 0) || a.i - b.i)
    .map(({ p }) => p);
  return {
    problems,
    badRows: badRows.sort((a, b) => a - b),
    entities,
    relationships,
    declaredNodeTypes: [...planner.declaredNodeTypes].filter((l) => usedLabels.has(l)),
    declaredRelationshipTypes: [...planner.declaredRelationshipTypes].filter((t) => usedTypes.has(t)),
  };
}

/** Every row checked against the mapping and the dataset: what it writes and what is wrong, by row. */
export function planTable(table: Table, mapping: TableMapping, context: PlanContext): TablePlan {
  const planner = new Planner(table, context);
  const columns = planner.columnsOf(mapping);
  if (planner.problems.length) return finish(planner, [], []);
  return mapping.kind === 'entities'
    ? planEntities(planner, mapping, columns)
    : planRelationships(planner, mapping, columns);
}
