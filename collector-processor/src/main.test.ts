import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = new URL('../bin/faultline-processor.js', import.meta.url).pathname;
let dir = '';

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // One reader for the whole run: every line is kept, so a wait that starts late still sees it.
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(line);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  /** Resolves with the first stdout line matching, or rejects if the process exits first. */
  const lineMatching = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      for (const line of lines) {
        const match = pattern.exec(line);
        if (match) return resolve(match);
      }
      waiters.push({ pattern, resolve });
      void exited.then(() =>
        reject(new Error(`exited before ${pattern}: ${lines.join('\n')}${stderr}`)),
      );
    });
  return { child, exited, lineMatching, stderr: () => stderr, lines };
}

describe('faultline-processor (the bin)', () => {
  it('exits 1 with the config error message for a bad variable', async () => {
    const p = run({ FAULTLINE_API_PORT: 'abc' });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toContain('FAULTLINE_API_PORT must be an integer 0–65535, got "abc"');
  }, 30_000);

  it('logs one line per listener, prints a generated token once, and stops on SIGTERM', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-bin-'));
    const p = run({
      FAULTLINE_DATA_DIR: dir,
      FAULTLINE_HOST: '127.0.0.1',
      FAULTLINE_OTLP_HTTP_PORT: '0',
      FAULTLINE_OTLP_GRPC_PORT: '0',
      FAULTLINE_API_PORT: '0',
    });
    const [, otlpUrl] = await p.lineMatching(/OTLP\/HTTP receiver on (http:\S+)/);
    const [, apiUrl] = await p.lineMatching(/REST API on (http:\S+)\/api\/v1/);
    const [, token] = await p.lineMatching(/generated an admin token .*: (\S+)$/);
    expect((await fetch(`${apiUrl}/healthz`)).status).toBe(200);
    const events = await fetch(`${apiUrl}/api/v1/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(events.status).toBe(200);
    const metrics = await fetch(`${otlpUrl}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(metrics.status).toBe(200);

    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.lines).toContain('faultline-processor: stopped');
    expect(p.stderr()).toBe('');
  }, 30_000);
});
