import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { PatternCounting } from './counting.ts';
import { patternEvent } from './test-events.ts';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'faultline-counting-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const at = (i: number) => `2026-11-26T10:00:${String(i).padStart(2, '0')}.000Z`;
const events = Array.from({ length: 6 }, (_, i) => patternEvent(`ev${i}`, at(i), 'gamma'));

describe('PatternCounting', () => {
  it('counts what a write newly stored, once, however often the events come again', async () => {
    const store = new SqliteStore({ dataDir: dir });
    const counting = new PatternCounting(store, () => undefined);
    await counting.write(events.slice(0, 4));
    await counting.write(events); // ev0–ev3 again: only ev4 and ev5 are new
    expect((await store.patterns.get('gamma'))?.count).toBe(6);
    await store.close();
  });

  it('keeps the increments of a failed upsert (the events stay stored) and upserts them before the next write', async () => {
    const store = new SqliteStore({ dataDir: dir });
    const counting = new PatternCounting(store, () => undefined);
    const upsert = store.patterns.upsert.bind(store.patterns);
    let failures = 2;
    store.patterns.upsert = async (increments) => {
      if (failures-- > 0) throw new Error('disk full');
      return upsert(increments);
    };
    // Stored, its upsert failed: the write still answers what it stored.
    expect((await counting.write(events.slice(0, 3))).inserted).toBe(3);
    expect(counting.unsaved).toBe(1);
    // The kept increments go first; their upsert fails again, so this write fails before writing.
    await expect(counting.write(events.slice(3))).rejects.toThrow('disk full');
    expect((await store.searchEvents({ limit: 10 })).items).toHaveLength(3);
    // Retried: the kept increments, then this batch.
    await counting.write(events.slice(3));
    expect(counting.unsaved).toBe(0);
    expect((await store.patterns.get('gamma'))?.count).toBe(6);
    await store.close();
  });
});
