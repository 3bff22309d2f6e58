// Handlers of the imports: a dataset file and a table (server/imports/service.ts does the checking
// and the one transaction). The writer's name comes from the write-access rule (security.ts writerOf).
import type { Config } from '../config';
import type { Db } from '../db/driver';
import { FactService } from '../facts/service';
import { ImportService } from '../imports/service';
import type { HandlersOf } from '../routing';
import { writerOf } from '../security';

type ImportOperation = 'importDataset' | 'previewTable' | 'importTable';

/**
 * IMPORT_HOLD_MID_TRANSACTION (the reliability test's setting): the import stops after its writes,
 * before its commit, and says so, so that the test can kill the process at exactly that point.
 */
const holdUntilKilled = async (): Promise<void> => {
  console.log('[import] holding inside its transaction (IMPORT_HOLD_MID_TRANSACTION)');
  await new Promise<never>(() => undefined);
};

export function importHandlers(db: Db, config: Config): HandlersOf<ImportOperation> {
  const imports = new ImportService(
    db,
    new FactService(db),
    config.importHoldMidTransaction ? holdUntilKilled : undefined,
  );
  return {
    importDataset: ({ body }, { res }) => imports.importDataset(writerOf(res), body),
    previewTable: ({ body }) => imports.previewTable(body.file),
    importTable: ({ body }, { res }) => imports.importTable(writerOf(res), body),
  };
}
