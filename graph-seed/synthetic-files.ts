// A generated dataset as a dataset file: generation from the seed's ontology, the loader's input
// shape, writing it to disk and running the format's whole-file checks on it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDataset, validateDataset, type ValidDataset } from './format';
import { DEFAULT_DATASET } from './seed-file';
import { generateSynthetic, templateFrom, type SyntheticDataset, type SyntheticOptions } from './synthetic';

/** Generates with the seed file's ontology. */
export function generateFromSeed(options: SyntheticOptions, seedFile = DEFAULT_DATASET): SyntheticDataset {
  return generateSynthetic(templateFrom(readDataset(seedFile)), options);
}

/** The generated dataset in the shape the loader's row builder (toWrite) takes. */
export const asValidDataset = (synth: SyntheticDataset, file = '(generated)'): ValidDataset => ({
  ...synth.dataset,
  file,
  articleTexts: synth.articleTexts,
});

/** Writes the dataset JSON and its articles (`articles/<id>.txt` next to it); returns the JSON path. */
export function writeSyntheticFiles(synth: SyntheticDataset, file: string): string {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(path.join(dir, 'articles'), { recursive: true });
  for (const article of synth.dataset.articles) {
    fs.writeFileSync(path.join(dir, article.file!), synth.articleTexts[article.id] ?? '');
  }
  fs.writeFileSync(path.resolve(file), JSON.stringify(synth.dataset));
  return path.resolve(file);
}

/** Runs the format's whole-file checks (provenance included) on a generated dataset. Throws DatasetError. */
export function validateSynthetic(synth: SyntheticDataset): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-synthetic-'));
  try {
    fs.mkdirSync(path.join(dir, 'articles'));
    for (const article of synth.dataset.articles) {
      fs.writeFileSync(path.join(dir, article.file!), synth.articleTexts[article.id] ?? '');
    }
    validateDataset(synth.dataset, path.join(dir, `${synth.dataset.id}.json`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
