// One linter for server, client, seed and tests; prettier owns formatting. It also holds the package
// boundaries (which top-level folder may import which), so a forbidden import fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Forbids relative imports that climb into any of `folders` at the repository root. Matched on the
 * import text (`../../server/db/driver`), which is how every cross-folder import here is written;
 * type-only imports count too, since the API's types belong in contract/.
 */
const mayNotImport = (room, folders, allowed) => ({
  files: [`${room}/**/*.{ts,tsx,js,mjs}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`,
            message: `${room}/ may not import ${folders.map((f) => `${f}/`).join(', ')}; it may import ${allowed}.`,
          },
        ],
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      '.data',
      'test-output',
      'server/neo4j-embedded/target',
      'bench/.scratch',
      '.scratch',
      'bench/results',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // The package boundaries (server/README.md, graph-seed/README.md say why).
  mayNotImport('client', ['server', 'graph-seed', 'tests', 'bench', 'scripts'], 'contract/'),
  mayNotImport('server', ['client', 'tests', 'bench', 'scripts'], 'contract/ and graph-seed/'),
  mayNotImport('graph-seed', ['server', 'client', 'tests', 'bench', 'scripts'], 'nothing outside itself'),
  mayNotImport('contract', ['server', 'client', 'graph-seed', 'tests', 'bench', 'scripts'], 'zod only'),
  mayNotImport('scripts', ['client', 'tests', 'bench'], 'server/, graph-seed/ and contract/'),
);
