import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_DIR } from './build.ts';

// Each case runs the harness in a separate Node process, as a test runner would: that is the
// only way to see what happens when that process ends, normally or by being killed.

interface Started {
  pid: number;
  home: string;
  url: string;
}

const moduleUrl = (file: string) => JSON.stringify(pathToFileURL(join(PROJECT_DIR, file)).href);

/** Starts a Node process that starts a node, prints it as JSON, then runs `then`. */
function harnessProcess(then: string) {
  const script = `
    import { ensureBuilt } from ${moduleUrl('build.ts')};
    import { startNodeProcess } from ${moduleUrl('jvm-process.ts')};
    const classpath = await ensureBuilt(() => {});
    const node = await startNodeProcess({ classpath, heap: '512m', startTimeoutMs: 180000, log: () => {} });
    console.log(JSON.stringify({ pid: node.pid, home: node.home, url: node.url }));
    ${then}
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const started = new Promise<Started>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`harness process exited early (${code})`)));
  });
  return { child, exited, started };
}

function isRunning(pid: number): boolean {
  try {
    // An exited child of a killed parent may linger as a zombie if nothing reaps it.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    // No /proc entry: gone on Linux; elsewhere fall back to a signal-0 probe.
  }
  try {
    process.kill(pid, 0);
    return !existsSync('/proc/self');
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(200);
  }
  return condition();
}

describe('node process lifecycle', () => {
  it(
    'stop() ends the JVM, removes its home and lets the calling process exit',
    async () => {
      // Nothing but stop() keeps this process alive: it must still wait for the JVM to be gone.
      const harness = harnessProcess(`await node.stop(); console.error('stopped');`);
      const node = await harness.started;
      expect(await harness.exited).toBe(0);

      expect(isRunning(node.pid), `JVM ${node.pid} still running after stop()`).toBe(false);
      expect(existsSync(node.home)).toBe(false);
      await expect(fetch(node.url)).rejects.toThrow();
    },
    15 * 60_000,
  );

  it(
    'shuts the node down by itself when the process that started it is killed',
    async () => {
      const harness = harnessProcess(`setInterval(() => {}, 60000);`);
      const node = await harness.started;
      expect(isRunning(node.pid)).toBe(true);

      harness.child.kill('SIGKILL');
      await harness.exited;

      // The JVM sees its stdin close and exits, leaving no orphan and no home folder.
      const jvmGone = await waitUntil(() => !isRunning(node.pid), 60_000);
      if (!jvmGone) process.kill(node.pid, 'SIGKILL');
      expect(jvmGone, `JVM ${node.pid} outlived its parent`).toBe(true);
      expect(existsSync(node.home)).toBe(false);
    },
    15 * 60_000,
  );
});
