// Child process of the API benchmark: the same query functions the routes call, through a bare
// driver, with N concurrent loops for a fixed time. Long-lived, so its connection pool is as warm
// as the app's. Reads one JSON command a line on stdin, answers one JSON line on stdout.
//
// usage: tsx bench/bare-driver.ts <bolt uri> <workload.json>
import fs from 'node:fs';
import readline from 'node:readline';
import { parseConfig } from '../server/config';
import { createDb } from '../server/db/driver';
import { distribution } from './lib/stats';
import { driverCall, type CaseName, type Workload } from './workload';

export interface BareCommand {
  case: CaseName;
  connections: number;
  durationMs: number;
}

export interface BareResult {
  case: CaseName;
  connections: number;
  durationMs: number;
  requests: number;
  errors: number;
  firstError?: string;
  requestsPerSecond: number;
  latencyMs: ReturnType<typeof distribution>;
  /** Every call's time (ms, 0.01 precision), so turns of a case can be merged into one distribution. */
  latenciesMs: number[];
  rssMiB: number;
}

const [uri, workloadFile] = process.argv.slice(2);
if (!uri || !workloadFile) throw new Error('usage: tsx bench/bare-driver.ts <bolt uri> <workload.json>');
const workload = JSON.parse(fs.readFileSync(workloadFile, 'utf8')) as Workload;
// The same driver settings the app uses (server/db/driver.ts via its config).
const config = parseConfig({
  NEO4J_URI: uri,
  NEO4J_PASSWORD: process.env.NEO4J_PASSWORD,
  PORT: '0',
  LOG_LEVEL: 'error',
});
const db = createDb({
  uri,
  user: config.neo4j.user,
  password: config.neo4j.password,
  database: config.neo4j.database,
  queryTimeoutMs: config.queryTimeoutMs,
});
await db.verifyConnectivity();
const settings = { queryTimeoutMs: config.queryTimeoutMs, consoleRowLimit: config.consoleRowLimit };

async function run(command: BareCommand): Promise<BareResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  const deadline = started + command.durationMs;
  const loop = async () => {
    while (performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        await driverCall(command.case, db, workload, i, settings);
      } catch (error) {
        errors++;
        firstError ??= (error as { code?: string }).code ?? String(error);
      }
      // Failures count too, as autocannon counts error responses: both sides time the same calls.
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: command.connections }, loop));
  const elapsed = performance.now() - started;
  return {
    ...command,
    requests: latencies.length,
    errors,
    ...(firstError ? { firstError } : {}),
    requestsPerSecond: latencies.length / (elapsed / 1000),
    latencyMs: distribution(latencies),
    latenciesMs: latencies.map((ms) => Math.round(ms * 100) / 100),
    rssMiB: process.memoryUsage().rss / 2 ** 20,
  };
}

console.log('READY');
const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const result = await run(JSON.parse(line) as BareCommand);
  console.log(`RESULT ${JSON.stringify(result)}`);
}
await db.close();
process.exit(0);
