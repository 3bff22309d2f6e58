// Builds the Java launcher for the embedded Neo4j with Maven, once, and only when its sources change.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAUNCHER_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'neo4j-embedded',
);
const TARGET = path.join(LAUNCHER_DIR, 'target');
const STAMP = path.join(TARGET, 'build-stamp');

export const launcherClasspath = (): string =>
  [path.join(TARGET, 'classes'), path.join(TARGET, 'lib', '*')].join(path.delimiter);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.java') ? [full] : [];
  });
}

/** A hash of everything that determines the build output. */
function sourceHash(): string {
  const hash = crypto.createHash('sha256');
  const files = [path.join(LAUNCHER_DIR, 'pom.xml'), ...sourceFiles(path.join(LAUNCHER_DIR, 'src'))].sort();
  // Paths relative to the launcher: a clone elsewhere (another checkout, a CI copy) is the same build.
  for (const file of files) hash.update(path.relative(LAUNCHER_DIR, file)).update(fs.readFileSync(file));
  return hash.digest('hex');
}

export function launcherIsBuilt(): boolean {
  try {
    return fs.readFileSync(STAMP, 'utf8') === sourceHash();
  } catch {
    return false;
  }
}

export class LauncherBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LauncherBuildError';
  }
}

/**
 * Runs `mvn package` (which also copies the Neo4j jars to target/lib) unless the stamp says the
 * build is current. Maven's own output is condensed to a progress line every few artifacts.
 */
export async function ensureLauncherBuilt(log: (line: string) => void = console.log): Promise<void> {
  if (launcherIsBuilt()) return;
  log('[neo4j] building the embedded Neo4j launcher with Maven (first run downloads ~150 MB of jars)…');
  const started = Date.now();
  let downloaded = 0;
  const tail: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const mvn = spawn(
      'mvn',
      ['-B', '-q', '-f', path.join(LAUNCHER_DIR, 'pom.xml'), '-DskipTests', 'package'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
        if (line.includes('Downloaded from')) {
          downloaded += 1;
          if (downloaded % 25 === 0) log(`[neo4j]   ${downloaded} artifacts downloaded…`);
        }
      }
    };
    mvn.stdout.on('data', onLine);
    mvn.stderr.on('data', onLine);
    mvn.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new LauncherBuildError(
          error.code === 'ENOENT'
            ? 'Maven (mvn) is not on PATH. Install Apache Maven (apt-get install maven) or set NEO4J_URI to use an existing Neo4j.'
            : `Could not run Maven: ${error.message}`,
        ),
      ),
    );
    mvn.on('exit', (code) => {
      if (code === 0) return resolve();
      reject(
        new LauncherBuildError(
          `Maven failed to build ${LAUNCHER_DIR} (exit ${code}). Last lines:\n${tail.join('\n')}`,
        ),
      );
    });
  });
  fs.writeFileSync(STAMP, sourceHash());
  log(`[neo4j] launcher built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
