import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const READY = /^OPENSEARCH_READY (http:\/\/\S+)$/;
const LAUNCHER = 'dev.faultline.testing.OpenSearchLauncher';
/** How much of the node's stderr to quote when it fails to start. */
const TAIL_LINES = 40;

export interface NodeProcessOptions {
  classpath: string;
  /** Java heap size, e.g. '512m'. */
  heap: string;
  startTimeoutMs: number;
  log: (line: string) => void;
}

export interface NodeProcess {
  url: string;
  pid: number;
  home: string;
  /** Ends the JVM (politely, then by force) and removes its home folder. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Spawns the launcher in its own JVM and resolves once it reports its HTTP address. Its stdin
 * stays open as a lifeline: when this process dies the pipe closes and the node shuts down.
 */
export async function startNodeProcess(options: NodeProcessOptions): Promise<NodeProcess> {
  const home = await mkdtemp(join(tmpdir(), 'faultline-opensearch-'));
  const child = spawn(javaBinary(), jvmArgs(options, home), { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Writing to a JVM that already died raises EPIPE here; its exit is handled elsewhere.
  child.stdin.on('error', () => {});
  const stderrTail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    options.log(line);
    stderrTail.push(line);
    if (stderrTail.length > TAIL_LINES) stderrTail.shift();
  });

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= endProcess(child, exited).then(() => removeHome(home)));

  try {
    const url = await waitForReady(child, options.startTimeoutMs);
    // A caller that forgets stop() must not keep this process alive; when it exits, the pipe
    // closes and the node follows.
    for (const handle of [child, child.stdin, child.stdout, child.stderr]) unref(handle);
    return { url, pid: child.pid!, home, stop };
  } catch (error) {
    await stop();
    const detail = stderrTail.length ? `\nlast node output:\n${stderrTail.join('\n')}` : '';
    throw new Error(`${(error as Error).message}${detail}`, { cause: error });
  }
}

function unref(handle: object) {
  (handle as { unref?: () => void }).unref?.();
}

function javaBinary(): string {
  // The same rule Maven follows, so the node runs on the JDK that compiled it.
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

function jvmArgs(options: NodeProcessOptions, home: string): string[] {
  return [
    `-Xms${options.heap}`,
    `-Xmx${options.heap}`,
    // Netty must not set the JVM-wide processor count; OpenSearch's own jvm.options says so too.
    '-Dopensearch.set.netty.runtime.available.processors=false',
    // Native libraries unpack into the node's home, removed with it.
    `-Djava.io.tmpdir=${join(home, 'tmp')}`,
    // No hsperfdata files left in the system temp folder.
    '-XX:-UsePerfData',
    '-Djava.awt.headless=true',
    '-Dfile.encoding=UTF-8',
    '-cp',
    options.classpath,
    LAUNCHER,
    '--home',
    home,
    '--delete-home',
  ];
}

function waitForReady(child: ChildProcessWithoutNullStreams, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      settle(new Error(`OpenSearch did not report ready within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout });
    const onExit = (code: number | null, signal: string | null) =>
      settle(new Error(`OpenSearch exited before ready (${signal ?? `exit ${code}`})`));
    const onError = (error: Error) => settle(new Error(`could not start java: ${error.message}`));
    function settle(result: string | Error) {
      clearTimeout(timer);
      lines.off('line', onLine);
      child.off('exit', onExit);
      child.off('error', onError);
      if (typeof result === 'string') resolve(result);
      else reject(result);
    }
    function onLine(line: string) {
      const match = READY.exec(line);
      if (match?.[1]) settle(match[1]);
    }
    lines.on('line', onLine);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function endProcess(child: ChildProcessWithoutNullStreams, exited: Promise<void>) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  // Undo the unref from start: this process must now stay up until the JVM is gone.
  child.ref();
  // Closing stdin is the launcher's signal to close the node cleanly.
  child.stdin.end();
  if (await finishes(exited, 30_000)) return;
  child.kill('SIGTERM');
  if (await finishes(exited, 10_000)) return;
  child.kill('SIGKILL');
  await exited;
}

async function finishes(exited: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([exited.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function removeHome(home: string) {
  // The launcher deletes it too (--delete-home); this covers a JVM that was killed.
  await rm(home, { recursive: true, force: true, maxRetries: 3 });
}
