// Where the seed dataset lives: the file the server seeds an empty database from and the synthetic
// generator takes its ontology from.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_DATASET = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'datasets',
  'qingdao-2023-11-20.json',
);
