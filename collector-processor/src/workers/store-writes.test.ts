import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exceptionSpanProtobuf } from '../otlp/testing.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { patternIncrements } from '../patterns/increments.ts';
import { processBody } from './process-body.ts';
import { StoreWritesThread } from './store-writes.ts';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'faultline-store-writes-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function eventsOf(body: Uint8Array) {
  const outcome = processBody({ signal: 'traces', encoding: 'protobuf', body });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.result.events;
}

describe('StoreWritesThread', () => {
  it('writes events and pattern counts on its own connection; the main one reads them', async () => {
    const store = new SqliteStore({ dataDir: dir });
    const thread = new StoreWritesThread(dir);
    try {
      const events = eventsOf(exceptionSpanProtobuf());
      const first = await thread.writeEvents(events);
      expect(first.insertedIds).toEqual(events.map((e) => e.event.id));
      // A replay: the same ids, nothing new.
      expect((await thread.writeEvents(events)).inserted).toBe(0);
      await thread.upsertPatterns(patternIncrements(events));

      const page = await store.searchEvents({ limit: 10 });
      expect(page.items.map((e) => e.event.id)).toEqual(events.map((e) => e.event.id));
      const pattern = await store.patterns.get(events[0]!.error!.grouping_key!);
      expect(pattern?.count).toBe(1);
    } finally {
      await thread.close();
      await store.close();
    }
  });

  it('hands back what the store refuses (its WriteResult) and keeps serving', async () => {
    const thread = new StoreWritesThread(dir);
    try {
      const broken = [{ event: { id: 'x' } }] as unknown as Parameters<
        typeof thread.writeEvents
      >[0];
      const result = await thread.writeEvents(broken);
      expect(result).toMatchObject({ failed: [{ id: 'x' }] });
      const events = eventsOf(exceptionSpanProtobuf());
      expect((await thread.writeEvents(events)).inserted).toBe(1);
    } finally {
      await thread.close();
    }
  });

  it('after its thread died, the next call starts a new one', async () => {
    const thread = new StoreWritesThread(dir);
    try {
      const worker = await thread.start();
      const events = eventsOf(exceptionSpanProtobuf());
      const inFlight = thread.writeEvents(events);
      await worker.terminate();
      // Done or rejected, depending on the race with terminate().
      await inFlight.catch(() => undefined);
      expect((await thread.writeEvents(events)).failed).toEqual([]);
    } finally {
      await thread.close();
    }
  });
});
