// The graph the load and soak runs measure: DATA_DIR when it is set, otherwise a store of the seed
// plus synthetic-<nodes>-<seed> under the system's temporary directory, built once by the
// project's own `npm run seed` and `npm run seed:synthetic` (so it holds exactly what an analyst's
// store would) and kept for the next run, since loading 100k entities takes minutes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnTsx } from './processes';

export interface GraphChoice {
  dataDir: string;
  /** How the store came to be, for the report. */
  origin: string;
}

/** Marks a store whose two loads both finished: a killed preparation is redone, not reused. */
const COMPLETE = 'reliability-graph-complete.json';

async function runScript(script: string, args: string[], dataDir: string, log: (line: string) => void) {
  const child = spawnTsx(script, args, { DATA_DIR: dataDir, NEO4J_BOLT_PORT: '0', LOG_LEVEL: 'error' });
  const { code, signal } = await child.exited;
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited ${code ?? signal}:\n${child.output()}`);
  log(`[graph] ${script} ${args.join(' ')}: done`);
}

export async function chooseGraph(
  options: { nodes: number; seed: number },
  log: (line: string) => void = console.log,
): Promise<GraphChoice> {
  if (process.env.DATA_DIR || process.env.NEO4J_URI)
    return { dataDir: process.env.DATA_DIR ?? '.data', origin: 'DATA_DIR / NEO4J_URI from the environment' };
  const dataDir = path.join(os.tmpdir(), `kg-reliability-${options.nodes}-${options.seed}`);
  const marker = path.join(dataDir, COMPLETE);
  if (fs.existsSync(marker))
    return { dataDir, origin: `kept from an earlier run (${dataDir}; delete it to rebuild)` };
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  log(`[graph] building ${dataDir}: the seed, then synthetic-${options.nodes}-${options.seed} (minutes)…`);
  const started = Date.now();
  await runScript('scripts/seed.ts', [], dataDir, log);
  await runScript(
    'scripts/seed-synthetic.ts',
    ['--nodes', String(options.nodes), '--seed', String(options.seed)],
    dataDir,
    log,
  );
  fs.writeFileSync(marker, JSON.stringify({ ...options, builtAt: new Date().toISOString() }));
  return {
    dataDir,
    origin: `built for this run in ${Math.round((Date.now() - started) / 1000)} s (${dataDir})`,
  };
}
