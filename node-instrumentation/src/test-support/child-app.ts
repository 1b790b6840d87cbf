// Runs a fixture app in a child process with the project's Node and waits
// until it prints `LISTENING <port>`.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const fixturesDir = join(import.meta.dirname, '..', '__fixtures__');

export interface ChildApp {
  readonly baseUrl: string;
  /** Everything the child wrote to stderr so far (warnings, crashes). */
  stderr(): string;
  /** Resolves with the exit code once the child has exited on its own or been stopped. */
  exited(): Promise<number | null>;
  stop(): Promise<void>;
}

export interface ChildAppOptions {
  /** File under src/__fixtures__/ */
  fixture: string;
  /** Node options placed before the file, e.g. ['--import', '@faultline/node/register'] */
  nodeArgs?: string[];
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export async function startChildApp(options: ChildAppOptions): Promise<ChildApp> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), join(fixturesDir, options.fixture)],
    {
      cwd: fixturesDir,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await waitForPort(child, options.startTimeoutMs ?? 20_000, () => stderr);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    exited: () => exit,
    stop: () => stopChild(child),
  };
}

function waitForPort(
  child: ChildProcess,
  timeoutMs: number,
  stderr: () => string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`fixture did not start within ${timeoutMs} ms; stderr:\n${stderr()}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /LISTENING (\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fixture exited with code ${code} before listening; stderr:\n${stderr()}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
