import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { LoghubSystem } from './loghub.ts';

/**
 * Runs the `drain3` package (PyPI) on the same lines, installing it with pip
 * into the user's Python when it is missing. Returns per-system cluster ids,
 * or why it could not run.
 */
export function runDrain3(
  systems: readonly LoghubSystem[],
): { ids: Record<string, number[]> } | { error: string } {
  const probe = spawnSync('python3', ['-c', 'import drain3'], { encoding: 'utf8' });
  if (probe.error) return { error: `python3 not found (${probe.error.message})` };
  if (probe.status !== 0) {
    console.log('drain3 is not installed: python3 -m pip install --quiet drain3');
    const pip = spawnSync('python3', ['-m', 'pip', 'install', '--quiet', 'drain3'], {
      encoding: 'utf8',
    });
    if (pip.status !== 0) {
      return {
        error: `pip install drain3 failed: ${(pip.stderr || pip.stdout).trim().split('\n').at(-1)}`,
      };
    }
  }
  const input = JSON.stringify({
    systems: Object.fromEntries(systems.map((s) => [s.name, s.lines])),
  });
  try {
    const out = execFileSync('python3', [join(import.meta.dirname, 'drain3_runner.py')], {
      input,
      maxBuffer: 256e6,
      encoding: 'utf8',
    });
    return { ids: JSON.parse(out) as Record<string, number[]> };
  } catch (e) {
    return { error: `drain3 run failed: ${(e as Error).message.split('\n')[0]}` };
  }
}
