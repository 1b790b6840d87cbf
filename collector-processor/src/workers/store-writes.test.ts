import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exceptionSpanProtobuf } from '../otlp/testing.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { groupingConfigVersion, type GroupingConfig } from '../grouping/index.ts';
import { createPipeline, PIPELINE_DEFAULTS } from '../pipeline/index.ts';
import { batchOfList } from './event-batch.ts';
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
  return batchOfList(outcome.result.events);
}

describe('StoreWritesThread', () => {
  it('writes events and pattern counts on its own connection; the main one reads them', async () => {
    const store = new SqliteStore({ dataDir: dir });
    const thread = new StoreWritesThread(dir);
    try {
      const events = eventsOf(exceptionSpanProtobuf());
      const ids = events.list!.map((e) => e.event.id);
      const first = await thread.writeEvents(events);
      expect(first.insertedIds).toEqual(ids);
      // A replay: the same ids, nothing new, and nothing counted twice.
      expect((await thread.writeEvents(events)).inserted).toBe(0);

      const page = await store.searchEvents({ limit: 10 });
      expect(page.items.map((e) => e.event.id)).toEqual(ids);
      const pattern = await store.patterns.get(events.list![0]!.error!.grouping_key!);
      expect(pattern?.count).toBe(1);
    } finally {
      await thread.close();
      await store.close();
    }
  });

  it('hands back what the store refuses (its WriteResult) and keeps serving', async () => {
    const thread = new StoreWritesThread(dir);
    try {
      const broken = { count: 1, json: Buffer.from(JSON.stringify([{ event: { id: 'x' } }])) };
      const result = await thread.writeEvents(broken);
      expect(result).toMatchObject({ failed: [{ id: 'x' }] });
      const events = eventsOf(exceptionSpanProtobuf());
      expect((await thread.writeEvents(events)).inserted).toBe(1);
    } finally {
      await thread.close();
    }
  });

  it('counts new patterns with the grouping configuration it was last told of', async () => {
    const store = new SqliteStore({ dataDir: dir });
    const oneFrame: GroupingConfig = { maxFrames: 1, rules: [] };
    // A rule that gives every event one key of its own: a new pattern.
    const ruled: GroupingConfig = {
      maxFrames: 1,
      rules: [{ id: 'all', match: {}, fingerprint: ['everything'] }],
    };
    const thread = new StoreWritesThread(dir, oneFrame);
    const eventsWith = (grouping: GroupingConfig, spanId: string) => {
      const pipeline = createPipeline({ ...PIPELINE_DEFAULTS, grouping });
      const outcome = processBody(
        { signal: 'traces', encoding: 'protobuf', body: exceptionSpanProtobuf({ spanId }) },
        pipeline,
      );
      if (!outcome.ok) throw new Error(outcome.message);
      return batchOfList(outcome.result.events);
    };
    try {
      const before = eventsWith(oneFrame, '00000000000000d1');
      await thread.writeEvents(before);
      thread.reconfigure(ruled);
      const after = eventsWith(ruled, '00000000000000d2');
      await thread.writeEvents(after);
      const versionOf = async (batch: typeof before) =>
        (await store.patterns.get(batch.list![0]!.error!.grouping_key!))?.grouping_version;
      expect(await versionOf(before)).toBe(groupingConfigVersion(oneFrame));
      expect(await versionOf(after)).toBe(groupingConfigVersion(ruled));
    } finally {
      await thread.close();
      await store.close();
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
