// Owns the CSV files Neo4j's offline importer reads for a first load (server/neo4j-embedded's
// BulkImport runs it): a dataset's rows as nodes-*.csv and relationships-*.csv with typed headers,
// so that the imported graph holds exactly what the Cypher loader's `SET n = row.props` would.
//
// Values the CSV format cannot carry faithfully are left out of the files and returned as
// `residual`, for Cypher to set after the import (server/seed/bulk-import.ts): empty lists (an empty
// cell is no property), strings with line breaks (the importer reads them only in its slow
// multi-line mode), array elements that are empty or hold the array delimiter, and -0.
import fs from 'node:fs';
import path from 'node:path';
import type { DatasetWrite } from '../queries/dataset';
import { isPropertyKeyName } from '../queries/identifiers';

/** Splits array cells; matches BulkImport.ARRAY_DELIMITER. Quotes may hold ';', the importer's default. */
export const ARRAY_DELIMITER = '\u001f';

type CsvType = 'string' | 'double' | 'boolean' | 'string[]' | 'double[]' | 'boolean[]';

/** Properties of one node or relationship that go through Cypher after the import. */
export interface ResidualProps {
  /**
   * Keys that every entity (or figure) of the files holds, typed in the CSV or as an empty list:
   * after the import, those without the key get `[]` by one scan of the label instead of a
   * lookup by id each (every synthetic entity without aliases: 53k of 100k). The importer only
   * loads a store that was never loaded, so the label holds these nodes and no others.
   */
  emptyLists: { Entity: string[]; Figure: string[] };
  entities: { id: string; props: Record<string, unknown> }[];
  figures: { id: string; props: Record<string, unknown> }[];
  relationships: {
    type: string;
    id: string;
    source: string;
    target: string;
    props: Record<string, unknown>;
  }[];
}

export interface ImportFiles {
  dir: string;
  files: string[];
  nodes: number;
  relationships: number;
  residual: ResidualProps;
}

// eslint-disable-next-line no-control-regex -- the importer reads these characters as structure
const UNSAFE_IN_STRING = /[\r\n\u0000]/;

const representableString = (s: string) => !UNSAFE_IN_STRING.test(s);
const representableNumber = (n: number) => Number.isFinite(n) && !Object.is(n, -0);

/** The CSV type a value is written with, or undefined when it must go through Cypher. */
export function csvType(value: unknown): CsvType | undefined {
  if (typeof value === 'string') return representableString(value) ? 'string' : undefined;
  if (typeof value === 'number') return representableNumber(value) ? 'double' : undefined;
  if (typeof value === 'boolean') return 'boolean';
  if (!Array.isArray(value) || value.length === 0) return undefined;
  if (
    value.every(
      (v) => typeof v === 'string' && v !== '' && representableString(v) && !v.includes(ARRAY_DELIMITER),
    )
  )
    return 'string[]';
  if (value.every((v) => typeof v === 'number' && representableNumber(v))) return 'double[]';
  if (value.every((v) => typeof v === 'boolean')) return 'boolean[]';
  return undefined;
}

const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** One cell; every string is quoted, so that an empty string stays one (an empty cell is no property). */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return quoted(value.map(String).join(ARRAY_DELIMITER));
  return typeof value === 'string' ? quoted(value) : String(value);
}

/** Splits a row's properties into the typed ones for the file and the residual ones for Cypher. */
function splitProps(props: Record<string, unknown>, skip: string) {
  const typed = new Map<string, { type: CsvType; value: unknown }>();
  const residual: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    // Nulls and undefined are no property, as with SET n = row.props.
    if (key === skip || value === undefined || value === null) continue;
    const type = isPropertyKeyName(key) ? csvType(value) : undefined;
    if (type) typed.set(key, { type, value });
    else residual[key] = value;
  }
  return { typed, residual };
}

const isEmptyList = (value: unknown) => Array.isArray(value) && value.length === 0;

/**
 * Counts, per key, the rows of one kind that carry it typed and those whose only value for it is an
 * empty list. A key every row has one way or the other can be completed by a scan after the import.
 */
class KeyCensus {
  private rows = 0;
  private readonly typed = new Map<string, number>();
  private readonly empty = new Map<string, number>();

  count(split: ReturnType<typeof splitProps>): void {
    this.rows++;
    for (const key of split.typed.keys()) this.typed.set(key, (this.typed.get(key) ?? 0) + 1);
    for (const [key, value] of Object.entries(split.residual))
      if (isEmptyList(value)) this.empty.set(key, (this.empty.get(key) ?? 0) + 1);
  }

  emptyListKeys(): string[] {
    return [...this.empty]
      .filter(([key, n]) => isPropertyKeyName(key) && n + (this.typed.get(key) ?? 0) === this.rows)
      .map(([key]) => key);
  }
}

/** Residual rows without `keys` (set by a scan instead); rows left with nothing are dropped. */
function withoutKeys<R extends { props: Record<string, unknown> }>(rows: R[], keys: string[]): R[] {
  if (!keys.length) return rows;
  return rows.flatMap((row) => {
    const props = Object.fromEntries(Object.entries(row.props).filter(([key]) => !keys.includes(key)));
    return Object.keys(props).length ? [{ ...row, props }] : [];
  });
}

interface Row {
  /** The cells before the properties (ids, labels, type). */
  lead: string[];
  typed: Map<string, { type: CsvType; value: unknown }>;
}

/**
 * Rows of one kind with compatible properties share a file whose header is the union of their
 * keys: a key has one type per file, and a row that gives a key another type opens another file.
 */
class Shapes {
  private readonly shapes: { columns: Map<string, CsvType>; rows: Row[] }[] = [];

  constructor(private readonly leadHeader: string[]) {}

  add(row: Row): void {
    const fits = (columns: Map<string, CsvType>) =>
      [...row.typed].every(([key, { type }]) => (columns.get(key) ?? type) === type);
    let shape = this.shapes.find((s) => fits(s.columns));
    if (!shape) {
      shape = { columns: new Map(), rows: [] };
      this.shapes.push(shape);
    }
    for (const [key, { type }] of row.typed) shape.columns.set(key, type);
    shape.rows.push(row);
  }

  /** Writes one file per shape; returns their paths. */
  write(dir: string, prefix: string, first: number): string[] {
    return this.shapes.map((shape, i) => {
      const file = path.join(dir, `${prefix}-${String(first + i).padStart(4, '0')}.csv`);
      const keys = [...shape.columns.keys()];
      const header = [...this.leadHeader, ...keys.map((k) => `${k}:${shape.columns.get(k)}`)].join(',');
      const fd = fs.openSync(file, 'w');
      try {
        let chunk = `${header}\n`;
        for (const row of shape.rows) {
          chunk += `${[...row.lead, ...keys.map((k) => csvCell(row.typed.get(k)?.value))].join(',')}\n`;
          if (chunk.length > 1 << 20) {
            fs.writeSync(fd, chunk);
            chunk = '';
          }
        }
        fs.writeSync(fd, chunk);
      } finally {
        fs.closeSync(fd);
      }
      return file;
    });
  }
}

/**
 * Writes the entities (labels Entity and their type), figures, HAS_FIGURE links and relationships
 * of `write` to `dir`. The Dataset node and the source documents are not in the files: they are
 * written through Cypher after the import, with the schema.
 */
export function writeImportFiles(write: DatasetWrite, dir: string): ImportFiles {
  fs.mkdirSync(dir, { recursive: true });
  const residual: ResidualProps = {
    emptyLists: { Entity: [], Figure: [] },
    entities: [],
    figures: [],
    relationships: [],
  };
  const entityKeys = new KeyCensus();
  const figureKeys = new KeyCensus();
  const entities = new Shapes(['id:ID(Entity)', ':LABEL']);
  const figures = new Shapes(['id:ID(Figure)', ':LABEL']);
  const hasFigure = new Shapes([':START_ID(Entity)', ':END_ID(Figure)', ':TYPE']);
  const relationships = new Shapes([':START_ID(Entity)', ':END_ID(Entity)', ':TYPE']);
  let nodes = 0;
  let rels = 0;

  for (const [label, rows] of write.entitiesByLabel) {
    for (const row of rows) {
      const split = splitProps(row.props, 'id');
      entityKeys.count(split);
      entities.add({ lead: [quoted(row.id), `Entity${ARRAY_DELIMITER}${label}`], typed: split.typed });
      if (Object.keys(split.residual).length) residual.entities.push({ id: row.id, props: split.residual });
      nodes++;
    }
  }
  for (const row of write.figures) {
    const id = String(row.props.id);
    const split = splitProps(row.props, 'id');
    figureKeys.count(split);
    figures.add({ lead: [quoted(id), 'Figure'], typed: split.typed });
    hasFigure.add({ lead: [quoted(row.entityId), quoted(id), 'HAS_FIGURE'], typed: new Map() });
    if (Object.keys(split.residual).length) residual.figures.push({ id, props: split.residual });
    nodes++;
    rels++;
  }
  for (const [type, rows] of write.relationshipsByType) {
    for (const row of rows) {
      // The relationship's id is an ordinary property: ID columns belong to nodes.
      const split = splitProps(row.props, '');
      relationships.add({ lead: [quoted(row.source), quoted(row.target), type], typed: split.typed });
      if (Object.keys(split.residual).length)
        residual.relationships.push({
          type,
          id: row.id,
          source: row.source,
          target: row.target,
          props: split.residual,
        });
      rels++;
    }
  }

  residual.emptyLists.Entity = entityKeys.emptyListKeys();
  residual.entities = withoutKeys(residual.entities, residual.emptyLists.Entity);
  residual.emptyLists.Figure = figureKeys.emptyListKeys();
  residual.figures = withoutKeys(residual.figures, residual.emptyLists.Figure);

  const nodeFiles = [...entities.write(dir, 'nodes', 0)];
  nodeFiles.push(...figures.write(dir, 'nodes', nodeFiles.length));
  const relFiles = [...hasFigure.write(dir, 'relationships', 0)];
  relFiles.push(...relationships.write(dir, 'relationships', relFiles.length));
  return { dir, files: [...nodeFiles, ...relFiles], nodes, relationships: rels, residual };
}
