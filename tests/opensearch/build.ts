import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withDirLock } from './dir-lock.ts';

/** tests/opensearch: the Maven project that holds the launcher. */
export const PROJECT_DIR = dirname(fileURLToPath(import.meta.url));
const TARGET = join(PROJECT_DIR, 'target');
const CLASSES = join(TARGET, 'classes');
const CLASSPATH_FILE = join(TARGET, 'classpath.txt');
// Written by us after a successful build. Maven leaves classpath.txt untouched when it has not
// changed, so that file's time cannot tell whether the sources were compiled since.
const STAMP = join(TARGET, '.built');
const LAUNCHER_CLASS = join(CLASSES, 'dev', 'faultline', 'testing', 'OpenSearchLauncher.class');

const BUILD_TIMEOUT_MS = 15 * 60_000;

/**
 * Compiles the launcher and resolves its jars once, then returns the java classpath. Later calls
 * cost a few file stats and need no network: the jars stay in the local Maven repository.
 */
export async function ensureBuilt(log: (line: string) => void): Promise<string> {
  if (!(await isBuildCurrent())) {
    await mkdir(TARGET, { recursive: true });
    // Test files run in parallel processes; only one of them may run Maven in target/.
    await withDirLock(
      join(TARGET, '.build-lock'),
      { staleAfterMs: BUILD_TIMEOUT_MS, waitMs: BUILD_TIMEOUT_MS },
      async () => {
        if (await isBuildCurrent()) return;
        log('building the test node with Maven (the first run downloads about 75 MB into ~/.m2)');
        const started = Date.now();
        await runMaven();
        await writeFile(STAMP, new Date().toISOString());
        log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      },
    );
  }
  const jars = (await readFile(CLASSPATH_FILE, 'utf8')).trim();
  return [CLASSES, jars].join(delimiter);
}

async function isBuildCurrent(): Promise<boolean> {
  if (!existsSync(STAMP) || !existsSync(LAUNCHER_CLASS) || !existsSync(CLASSPATH_FILE)) {
    return false;
  }
  const builtAt = (await stat(STAMP)).mtimeMs;
  const inputs = [join(PROJECT_DIR, 'pom.xml'), ...(await filesUnder(join(PROJECT_DIR, 'src')))];
  for (const input of inputs) {
    if ((await stat(input)).mtimeMs > builtAt) return false;
  }
  // A cleaned ~/.m2 leaves a classpath naming jars that are gone.
  const jars = (await readFile(CLASSPATH_FILE, 'utf8')).trim().split(delimiter);
  return jars.every((jar) => existsSync(jar));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function runMaven(): Promise<void> {
  const args = [
    '-B',
    '-q',
    '-f',
    join(PROJECT_DIR, 'pom.xml'),
    'compile',
    'dependency:build-classpath',
    `-Dmdep.outputFile=${CLASSPATH_FILE}`,
  ];
  return new Promise((resolve, reject) => {
    const mvn = spawn('mvn', args, { cwd: PROJECT_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => (output += chunk.toString());
    mvn.stdout.on('data', collect);
    mvn.stderr.on('data', collect);
    const timer = setTimeout(() => mvn.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    mvn.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run Maven (mvn) to build the test node: ${error.message}`));
    });
    mvn.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`mvn failed (${signal ?? `exit ${code}`}):\n${output.trim()}`));
    });
  });
}
