import { performance } from 'node:perf_hooks';
import type { FaultlineEvent } from '../src/schema/index.ts';
import { fingerprint } from '../src/grouping/index.ts';
import { rng } from './corpus/sample.ts';
import { messageEvent } from './events.ts';

/**
 * Throughput of the fingerprint on one core (one JavaScript thread): varied
 * message-only events, and exceptions with 30-frame V8 stacks that the
 * fingerprint parses itself (the slower case: no frames from the pipeline).
 */

const random = rng(7);
const int = (n: number) => Math.floor(random() * n);
const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');

const MESSAGES = [
  () =>
    `user ${int(1e6)} logged in from 10.${int(255)}.${int(255)}.${int(255)} after ${int(900)}ms`,
  () => `order ${crypto.randomUUID()} failed: payment declined (code=${int(99)}, retry=${int(5)})`,
  () =>
    `GET https://api.example.com/v1/items/${int(1e5)}?page=${int(9)} returned 503 in 1.${int(9)}s`,
  () => `could not open /var/data/${hex(6)}/part-${int(999)}.parquet: permission denied`,
  () => `cache miss for key "session:${hex(16)}" on redis-${int(9)}.internal:6379`,
  () =>
    `job ${hex(24)} exceeded its deadline of ${int(60)} seconds at 2026-11-26T10:${int(59)}:00Z`,
];

function stackEvent(): FaultlineEvent {
  const frames: string[] = [];
  for (let i = 0; i < 30; i++) {
    const lib = i % 3 === 2;
    const file = lib
      ? `/srv/app/node_modules/lib${i % 5}/dist/index.js`
      : `/srv/app/dist/services/module${i % 7}.js`;
    frames.push(
      `    at fn${i % 11}${lib ? '' : 'Handler'} (${file}:${int(900) + 1}:${int(80) + 1})`,
    );
  }
  const message = `Cannot read properties of undefined (reading '${hex(4)}')`;
  return {
    ...messageEvent(message, 'TypeError'),
    error: {
      type: 'TypeError',
      message,
      stack_trace: `TypeError: ${message}\n${frames.join('\n')}`,
    },
  };
}

/**
 * Events per second of CPU time used by this process, so other work on the
 * machine does not lower the figure (wall time is printed beside it).
 */
export interface Rate {
  cpu: number;
  wall: number;
}

function rate(events: readonly FaultlineEvent[], minMs = 1000): { cpu: number; wall: number } {
  for (let i = 0; i < Math.min(events.length, 2000); i++) fingerprint(events[i]!); // warm up
  let n = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const e of events) fingerprint(e);
    n += events.length;
    elapsed = performance.now() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { cpu: (n / cpuMs) * 1000, wall: (n / elapsed) * 1000 };
}

export function measureSpeed(): { messageOnly: Rate; stack30: Rate } {
  const messages = Array.from({ length: 5000 }, (_, i) =>
    messageEvent(MESSAGES[i % MESSAGES.length]!()),
  );
  const stacks = Array.from({ length: 2000 }, stackEvent);
  return { messageOnly: rate(messages), stack30: rate(stacks) };
}
