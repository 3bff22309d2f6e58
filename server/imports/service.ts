// Owns the imports from the UI. A dataset file is checked by the loader's own validation
// (graph-seed/format.ts) and loaded by the loader's own writer (replaceDataset) in one transaction;
// a table becomes a source document whose paragraphs are its rows, and its facts are committed as
// one action of the change history (undo removes them). Both go through FactService.commit, so
// each import is one transaction with its history record.
import crypto from 'node:crypto';
import {
  DatasetError,
  validateDataset,
  type DatasetProblem,
  type ValidDataset,
} from '../../graph-seed/format';
import type {
  DatasetImportAnswer,
  DatasetImportBody,
  ImportProblem,
  TableImportAnswer,
  TableImportBody,
  TablePreview,
  TableFile,
} from '../../contract/types';
import type { Db } from '../db/driver';
import { AppError } from '../errors';
import { slug } from '../facts/checks';
import type { FactService } from '../facts/service';
import { ensureSchema, relationshipTypesOf, replaceDataset } from '../queries/dataset';
import { createArticle, createDataset, readOntology, writeOntology } from '../queries/facts';
import { datasetEntityNames, datasetExists, entityIdsTaken, idsOfOtherDatasets } from '../queries/imports';
import type { ManagedTransaction } from 'neo4j-driver';
import { toWrite } from '../seed/rows';
import { planTable, readTable, tableDocumentText, type Table, type TablePlan } from './table';

const random = () => crypto.randomBytes(5).toString('hex');
const PREVIEW_ROWS = 20;

const invalid = (what: string, problems: ImportProblem[]) =>
  new AppError(
    400,
    'INVALID_IMPORT',
    `${what}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was written. ` +
      problems
        .slice(0, 5)
        .map((p) => `${p.record}${p.field ? ` · ${p.field}` : ''}: ${p.message}`)
        .join('; '),
    { problems },
  );

export class ImportService {
  constructor(
    private readonly db: Db,
    private readonly facts: FactService,
    /** Awaited inside an import's transaction after its writes (the reliability test's hold). */
    private readonly hold?: () => Promise<void>,
  ) {}

  // ---- a dataset file ----

  async importDataset(who: string, body: DatasetImportBody): Promise<DatasetImportAnswer> {
    const raw = body.file as { id?: unknown } | null;
    const dataset = raw && typeof raw === 'object' && typeof raw.id === 'string' ? raw.id : null;
    let data: ValidDataset | undefined;
    let problems: DatasetProblem[] = [];
    try {
      data = validateDataset(body.file, body.fileName, { inlineTextsOnly: true });
    } catch (error) {
      if (!(error instanceof DatasetError)) throw error;
      problems = error.issues;
    }
    const counts = countsOf(body.file, data);
    let exists = false;
    if (data) {
      const valid = data;
      const checked = await this.db.read((tx) => checkAgainstStore(tx, valid));
      exists = checked.exists;
      problems = checked.problems;
    }
    const answer = (change: string | null): DatasetImportAnswer => ({
      dryRun: body.dryRun,
      dataset,
      exists,
      counts,
      problems,
      change,
    });
    if (body.dryRun) return answer(null);
    if (problems.length || !data) throw invalid(body.fileName, problems);
    if (exists && !body.replace) throw datasetTaken(data.id);

    const valid = data;
    const write = toWrite(valid);
    // Constraints and indexes first: Neo4j runs schema statements in transactions of their own.
    await ensureSchema(this.db, relationshipTypesOf(write));
    const { change } = await this.facts.commit(who, async (tx) => {
      // Checked again inside the transaction: another write may have come between.
      const now = await checkAgainstStore(tx, valid);
      if (now.problems.length) throw invalid(body.fileName, now.problems);
      if (now.exists && !body.replace) throw datasetTaken(valid.id);
      await replaceDataset(tx, write);
      return {
        action: 'import-dataset',
        summary:
          `${now.exists ? 'replaced' : 'imported'} dataset “${valid.title}” from ${body.fileName}: ` +
          `${counts.entities} entities, ${counts.relationships} relationships, ${counts.figures} figures, ` +
          `${counts.articles} articles`,
        dataset: valid.id,
        entries: [],
        articles: valid.articles.map((a) => a.id),
        result: undefined,
        afterWrites: this.hold,
      };
    });
    exists = true;
    return answer(change);
  }

  // ---- a table ----

  async previewTable(file: TableFile): Promise<TablePreview> {
    const table = await readTable(file);
    return {
      columns: table.columns,
      rows: table.rows.slice(0, PREVIEW_ROWS).map((r) => r.cells),
      rowCount: table.rows.length,
      sheets: table.sheets,
    };
  }

  async importTable(who: string, body: TableImportBody): Promise<TableImportAnswer> {
    const table = await readTable(body.file);
    const base = slug(body.file.name.replace(/\.[A-Za-z0-9]+$/, ''))
      .slice(0, 50)
      .replace(/-+$/, '');
    const article = `table-${base || 'rows'}-${random()}`;
    const answer = (plan: TablePlan, change: string | null): TableImportAnswer => {
      const skipped = change ? plan.badRows : [];
      return {
        dryRun: body.dryRun,
        rows: table.rows.length,
        entities: plan.entities.length,
        relationships: plan.relationships.length,
        declaredTypes: [...plan.declaredNodeTypes, ...plan.declaredRelationshipTypes],
        problems: plan.problems,
        skipped,
        article: change ? article : null,
        change,
      };
    };
    if (body.dryRun) {
      const plan = await this.db.read((tx) => this.plan(tx, body, table, article));
      return answer(plan, null);
    }
    const { change, result } = await this.facts.commit(who, async (tx) => {
      const plan = await this.plan(tx, body, table, article);
      const mappingProblems = plan.problems.some((p) => p.row === undefined);
      if (plan.problems.length && (!body.skipBadRows || mappingProblems))
        throw invalid(body.file.name, plan.problems);
      if (!plan.entities.length && !plan.relationships.length) {
        throw new AppError(
          400,
          'INVALID_IMPORT',
          `${body.file.name}: no row to import; nothing was written.`,
          {
            problems: plan.problems,
          },
        );
      }
      await this.writeHead(tx, who, body, table, article, plan);
      const states = [...plan.entities, ...plan.relationships];
      return {
        action: 'import-table',
        summary:
          `imported ${body.file.name}: ${plan.entities.length} entities, ${plan.relationships.length} ` +
          `relationships` +
          (plan.badRows.length ? `, ${plan.badRows.length} bad rows skipped` : ''),
        dataset: body.dataset,
        entries: states.map((after) => ({ before: null, after })),
        articles: [article],
        result: plan,
        afterWrites: this.hold,
      };
    });
    return answer(result, change);
  }

  /** The rows against the dataset as it is now (inside the caller's transaction). */
  private async plan(
    tx: ManagedTransaction,
    body: TableImportBody,
    table: Table,
    article: string,
  ): Promise<TablePlan> {
    const ontology = await readOntology(tx, body.dataset);
    const idColumn =
      body.mapping.kind === 'entities' && body.mapping.id ? table.columns.indexOf(body.mapping.id) : -1;
    const ids = idColumn === -1 ? [] : table.rows.map((r) => r.cells[idColumn]!).filter(Boolean);
    return planTable(table, body.mapping, {
      dataset: body.dataset,
      article,
      entities: ontology ? await datasetEntityNames(tx, body.dataset) : [],
      nodeTypes: new Set((ontology?.nodeTypes ?? []).map((t) => t.label)),
      relationshipTypes: new Set((ontology?.relationshipTypes ?? []).map((t) => t.type)),
      takenIds: ids.length ? await entityIdsTaken(tx, ids) : new Set(),
      declareTypes: body.declareTypes,
      random,
    });
  }

  /** The dataset (when new), the document the rows became, and the types the rows declare. */
  private async writeHead(
    tx: ManagedTransaction,
    who: string,
    body: TableImportBody,
    table: Table,
    article: string,
    plan: TablePlan,
  ): Promise<void> {
    const at = new Date().toISOString();
    let ontology = await readOntology(tx, body.dataset);
    if (!ontology) {
      await createDataset(tx, body.dataset, body.datasetTitle ?? body.dataset, at);
      ontology = (await readOntology(tx, body.dataset))!;
    }
    await createArticle(tx, {
      id: article,
      dataset: body.dataset,
      title: body.file.name,
      date: body.date ?? at.slice(0, 10),
      authors: [],
      language: 'other',
      format: body.file.format,
      addedBy: who,
      addedAt: at,
      text: tableDocumentText(body.file.name, table),
    });
    if (plan.declaredNodeTypes.length || plan.declaredRelationshipTypes.length) {
      ontology.nodeTypes.push(...plan.declaredNodeTypes.map((label) => ({ label })));
      ontology.relationshipTypes.push(...plan.declaredRelationshipTypes.map((type) => ({ type })));
      await writeOntology(tx, ontology);
    }
  }
}

const datasetTaken = (id: string) =>
  new AppError(
    409,
    'CONFLICT',
    `replace: a dataset with id "${id}" exists; import with "replace" to replace it (its entities, ` +
      'relationships, figures and articles), or give the file another id',
    { field: 'replace' },
  );

/** What a file holds, from the validated data or, for an invalid file, from its arrays as they are. */
function countsOf(raw: unknown, data: ValidDataset | undefined): DatasetImportAnswer['counts'] {
  const file = (data ?? raw ?? {}) as {
    articles?: unknown;
    nodes?: unknown;
    edges?: unknown;
  };
  const list = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : []);
  const nodes = list(file.nodes) as { figures?: unknown }[];
  return {
    articles: list(file.articles).length,
    entities: nodes.length,
    relationships: list(file.edges).length,
    figures: nodes.reduce(
      (n, node) => n + list(node && typeof node === 'object' ? node.figures : []).length,
      0,
    ),
  };
}

/** Whether the dataset exists, and every id of the file that belongs to another dataset, by record. */
async function checkAgainstStore(
  tx: ManagedTransaction,
  data: ValidDataset,
): Promise<{ exists: boolean; problems: ImportProblem[] }> {
  const figures = data.nodes.flatMap((n, i) =>
    n.figures.map((f, j) => ({ f, at: `nodes[${i}] (${n.id}).figures[${j}] (${f.id})` })),
  );
  const foreign = await idsOfOtherDatasets(tx, data.id, {
    entities: data.nodes.map((n) => n.id),
    figures: figures.map(({ f }) => f.id),
    articles: data.articles.map((a) => a.id),
  });
  const problems: ImportProblem[] = [];
  const taken = (record: string, id: string, other: string | undefined) => {
    if (other)
      problems.push({
        record,
        field: 'id',
        message: `"${id}" belongs to dataset "${other}"; give it another id`,
      });
  };
  data.articles.forEach((a, i) => taken(`articles[${i}] (${a.id})`, a.id, foreign.articles.get(a.id)));
  data.nodes.forEach((n, i) => taken(`nodes[${i}] (${n.id})`, n.id, foreign.entities.get(n.id)));
  for (const { f, at } of figures) taken(at, f.id, foreign.figures.get(f.id));
  return { exists: await datasetExists(tx, data.id), problems };
}
