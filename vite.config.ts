// Vite builds the client (client/ → dist/); Vitest runs the three test projects.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { precompress } from './scripts/precompress.js';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const API_PORT = Number(process.env.PORT ?? 3000);

// Integration files that start stores of their own (the importer's first loads; the lifecycle's
// starts, stops and kills) run in the browser project, beside the browser files: the two lanes of
// scripts/run-tests.ts then take about as long as each other, and the scratch Neo4j they need is the
// one the browser setup starts anyway (an integration setup in that lane started two more JVMs and
// loaded the seed for them alone).
const BESIDE_THE_BROWSER = ['tests/integration/bulk-import.test.ts', 'tests/integration/lifecycle.test.ts'];

export default defineConfig({
  root: path.join(ROOT, 'client'),
  // Brotli and gzip copies of every text asset, served by server/static-files.ts.
  plugins: [precompress()],
  build: { outDir: path.join(ROOT, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    port: 5173,
    // In development the API runs in its own process (tsx watch); Vite forwards /api to it.
    proxy: { '/api': `http://127.0.0.1:${API_PORT}` },
  },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          root: ROOT,
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          root: ROOT,
          include: ['tests/integration/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...BESIDE_THE_BROWSER],
          globalSetup: ['tests/helpers/global-neo4j.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // Two cores: one file at a time keeps JVM start-ups from starving each other.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          root: ROOT,
          include: ['tests/browser/**/*.test.ts', ...BESIDE_THE_BROWSER],
          globalSetup: ['tests/helpers/global-app.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
