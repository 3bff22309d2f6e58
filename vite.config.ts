// Vite builds the client (client/ → dist/); Vitest runs the three test projects.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { precompress } from './scripts/precompress.js';

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const API_PORT = Number(process.env.PORT ?? 3000);

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
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-app.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
