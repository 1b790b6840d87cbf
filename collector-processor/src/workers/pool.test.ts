import { describe, expect, it } from 'vitest';
import { silentLogger } from '../log.ts';
import { buildMix } from '../../bench/mix.ts';
import { PipelinePool } from './pool.ts';
import type { BodyTask } from './process-body.ts';
import { eventsOf } from './event-batch.ts';

const tasks = (): BodyTask[] =>
  buildMix(12, 100).map((b) => ({
    signal: b.path === '/v1/traces' ? 'traces' : 'logs',
    encoding: 'protobuf',
    // Own buffers, so they are moved to the threads.
    body: Uint8Array.from(b.bytes),
  }));

describe('PipelinePool', () => {
  it('answers many tasks at once (several go out in one message) as the inline pool does', async () => {
    const threads = new PipelinePool(2, silentLogger);
    const inline = new PipelinePool(0, silentLogger);
    try {
      const list = tasks();
      const expected = await Promise.all(tasks().map((t) => inline.run(t)));
      const outcomes = await Promise.all(list.map((t) => threads.run(t)));
      expect(threads.depth).toBe(0);
      outcomes.forEach((outcome, i) => {
        const want = expected[i]!;
        if (!outcome.ok || !want.ok) throw new Error('expected both to succeed');
        expect(eventsOf(outcome.result.events)).toEqual(eventsOf(want.result.events));
        expect(outcome.result.items).toBe(want.result.items);
      });
      // The bodies were moved to the threads, not copied.
      expect(list.every((t) => t.body.byteLength === 0)).toBe(true);
    } finally {
      await threads.close();
      await inline.close();
    }
  });

  it('fails a task whose body cannot be sent (already moved away), and keeps serving', async () => {
    const pool = new PipelinePool(1, silentLogger);
    try {
      const [task, other] = tasks();
      const first = pool.run(task!);
      // Sent along with the first, or after it: the body is gone either way.
      const again = await pool.run(task!);
      expect(again.ok).toBe(false);
      expect((await first).ok).toBe(true);
      expect((await pool.run(other!)).ok).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
