// Runs the whole vitest suite and ends with one plain line, "N passed, N failed, N skipped",
// so any CI can read the outcome; exits non-zero when any test failed.
//
// Why two vitest processes: vitest runs every project one file at a time as soon as one project
// limits its files (the integration and browser projects must: each file starts JVMs, or drives one
// Chromium against one shared app). Their costs differ in kind (the integration files wait on JVM
// starts, restarts and kills; the browser files on Chromium's software renderer), so two lanes side
// by side keep both cores busy where one lane left one idle. Each lane has its own global setup
// (its own Neo4j), so nothing is shared between them. With arguments (a file, a project, `-t …`)
// one vitest process runs them as given.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

interface Lane {
  name: string;
  args: string[];
}

interface Outcome {
  code: number;
  counts?: { passed: number; failed: number; skipped: number };
}

// The browser project holds two integration files that start stores of their own (vite.config.ts:
// BESIDE_THE_BROWSER), so the lanes take about as long as each other; each lane runs the global
// setups of its own projects only.
const LANES: Lane[] = [
  { name: 'server', args: ['--project', 'unit', '--project', 'integration'] },
  { name: 'browser', args: ['--project', 'browser'] },
];

const outputDir = path.resolve('test-output');
fs.mkdirSync(outputDir, { recursive: true });

function readCounts(report: string): Outcome['counts'] {
  try {
    const json = JSON.parse(fs.readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    return {
      passed: json.numPassedTests,
      failed: json.numFailedTests,
      skipped: json.numPendingTests + json.numTodoTests,
    };
  } catch {
    return undefined;
  }
}

/** One vitest process; its lines are prefixed with the lane's name when lanes run side by side. */
function runVitest(args: string[], report: string, prefix: string): Promise<Outcome> {
  fs.rmSync(report, { force: true });
  const child = spawn(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
    { stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit' },
  );
  if (prefix) {
    for (const stream of [child.stdout, child.stderr]) {
      const target = stream === child.stderr ? process.stderr : process.stdout;
      readline.createInterface({ input: stream! }).on('line', (line) => target.write(`${prefix}${line}\n`));
    }
  }
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code: code ?? (signal ? 1 : 0), counts: readCounts(report) });
    });
  });
}

const given = process.argv.slice(2);
const outcomes = given.length
  ? [await runVitest(given, path.join(outputDir, 'vitest.json'), '')]
  : await Promise.all(
      LANES.map((lane) =>
        runVitest(lane.args, path.join(outputDir, `vitest-${lane.name}.json`), `[${lane.name}] `),
      ),
    );

const missing = outcomes.some((outcome) => !outcome.counts);
const total = outcomes.reduce(
  (sum, { counts }) => ({
    passed: sum.passed + (counts?.passed ?? 0),
    failed: sum.failed + (counts?.failed ?? 0),
    skipped: sum.skipped + (counts?.skipped ?? 0),
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
const summary = `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`;
console.log(`\n${missing ? `${summary} (a vitest process wrote no report)` : summary}`);
process.exit(outcomes.some((outcome) => outcome.code !== 0) || missing ? 1 : 0);
