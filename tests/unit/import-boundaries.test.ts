// The package boundaries in eslint.config.js: the lint run itself refuses a forbidden import and
// accepts an allowed one, for each folder that has a rule.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

/** The boundary errors for `code` linted as if it were the file at `file` (relative to the root). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// Loading the TypeScript parser and the config takes a while on a busy machine; the answer does not.
const LINT_TIMEOUT_MS = 60_000;

describe('import boundaries', () => {
  const cases: { file: string; forbidden: string; allowed: string }[] = [
    {
      file: 'client/src/views/boundary-probe.ts',
      forbidden: "import { createApp } from '../../../server/app';\nexport const probe = createApp;\n",
      allowed: "import type { EntityRef } from '../../../contract/types';\nexport type Probe = EntityRef;\n",
    },
    {
      file: 'server/routes/boundary-probe.ts',
      forbidden:
        "import { startTestApp } from '../../tests/helpers/neo4j';\nexport const probe = startTestApp;\n",
      allowed: "import { readDataset } from '../../graph-seed/format';\nexport const probe = readDataset;\n",
    },
    {
      file: 'graph-seed/boundary-probe.ts',
      forbidden: "import type { Db } from '../server/db/driver';\nexport type Probe = Db;\n",
      allowed: "import { Random } from './random';\nexport const probe = Random;\n",
    },
  ];

  for (const { file, forbidden, allowed } of cases) {
    const room = file.split('/')[0]!;
    it(
      `refuses a forbidden import in ${room}/ and accepts an allowed one`,
      async () => {
        const errors = await boundaryErrors(file, forbidden);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toContain(`${room}/ may not import`);
        expect(await boundaryErrors(file, allowed)).toEqual([]);
      },
      LINT_TIMEOUT_MS,
    );
  }

  it(
    'leaves a local file that shares a folder name alone',
    async () => {
      const code = "import { start } from './server';\nexport const probe = start;\n";
      expect(await boundaryErrors('scripts/reliability/boundary-probe.ts', code)).toEqual([]);
    },
    LINT_TIMEOUT_MS,
  );
});
