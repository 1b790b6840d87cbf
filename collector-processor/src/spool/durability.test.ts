import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { exceptionSpanProtobuf } from '../otlp/testing.ts';
import type { FaultlineEvent } from '../schema/index.ts';

/**
 * Durability, end to end through the bin: a processor killed with SIGKILL in
 * the middle of a load, then started again on the same data dir, ends up
 * with every acknowledged request's event stored exactly once.
 */

const BIN = new URL('../../bin/faultline-processor.js', import.meta.url).pathname;
const children: ReturnType<typeof spawn>[] = [];
let dir = '';

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Starts the bin; resolves with its OTLP/HTTP and API URLs once it listens. */
async function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const urls: { otlp?: string; api?: string } = {};
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      urls.otlp ??= /OTLP\/HTTP receiver on (\S+)/.exec(line)?.[1];
      urls.api ??= /REST API on (\S+)\/api\/v1/.exec(line)?.[1];
      if (urls.otlp && urls.api) resolve();
    });
    child.on('exit', () => reject(new Error(`exited before listening: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, otlp: urls.otlp!, api: urls.api!, exited };
}

async function storedEvents(api: string): Promise<FaultlineEvent[]> {
  const all: FaultlineEvent[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await fetch(`${api}/api/v1/events?${query}`, {
      headers: { authorization: 'Bearer t' },
    });
    const page = (await res.json()) as { items: FaultlineEvent[]; next: string | null };
    all.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return all;
}

describe('durability', () => {
  it('SIGKILL mid-load, then restart: every acknowledged record is stored exactly once', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-durability-'));
    const env = {
      FAULTLINE_DATA_DIR: dir,
      FAULTLINE_HOST: '127.0.0.1',
      FAULTLINE_OTLP_HTTP_PORT: '0',
      FAULTLINE_OTLP_GRPC_PORT: '0',
      FAULTLINE_API_PORT: '0',
      FAULTLINE_ADMIN_TOKEN: 't',
      FAULTLINE_WORKERS: '1',
    };
    const first = await start(env);
    const acknowledged = new Set<string>();
    let sent = 0;
    let killed = false;

    // Four senders, each request one span with a distinct exception type.
    const sender = async () => {
      while (!killed) {
        const type = `Killed${sent++}`;
        const spanId = (sent + 0x1000).toString(16).padStart(16, '0');
        try {
          const res = await fetch(`${first.otlp}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-protobuf' },
            body: Buffer.from(exceptionSpanProtobuf({ spanId, exceptionType: type })),
          });
          if (res.status === 200) acknowledged.add(type);
        } catch {
          // The connection died with the process: not acknowledged.
        }
      }
    };
    const senders = Promise.all([sender(), sender(), sender(), sender()]);
    while (acknowledged.size < 150) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    killed = true;
    await first.exited;
    await senders;

    const second = await start(env);
    const deadline = Date.now() + 30_000;
    let events: FaultlineEvent[];
    for (;;) {
      events = await storedEvents(second.api);
      const types = new Set(events.map((e) => e.error?.type));
      if ([...acknowledged].every((t) => types.has(t)) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const counts = new Map<string, number>();
    for (const e of events) counts.set(e.error!.type!, (counts.get(e.error!.type!) ?? 0) + 1);
    const missing = [...acknowledged].filter((t) => !counts.has(t));
    expect(missing).toEqual([]);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(events.map((e) => e.event.id)).size).toBe(events.length);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 90_000);
});
