import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSqlite } from '../store/sqlite/load.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { PatternCounting, type CountingStore } from './counting.ts';
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

/** The store as a search engine sees counting: no writeEventsCounted, so two steps. */
const twoStep = (store: SqliteStore): CountingStore => ({
  writeEvents: (batch) => store.writeEvents(batch),
  patterns: store.patterns,
});

/** Makes every pattern write on the store's file fail (a real SQLite error) until dropped. */
function failPatternWrites(file: string): () => void {
  const db = new (loadSqlite().DatabaseSync)(file);
  db.exec(
    "CREATE TRIGGER fail_pattern_writes BEFORE INSERT ON patterns BEGIN SELECT RAISE(ABORT, 'disk full'); END",
  );
  return () => {
    db.exec('DROP TRIGGER fail_pattern_writes');
    db.close();
  };
}

describe('PatternCounting', () => {
  it('counts what a write newly stored, once, however often the events come again', async () => {
    const store = new SqliteStore({ dataDir: dir });
    const counting = new PatternCounting(store, () => undefined);
    await counting.write(events.slice(0, 4));
    await counting.write(events); // ev0–ev3 again: only ev4 and ev5 are new
    expect((await store.patterns.get('gamma'))?.count).toBe(6);
    await store.close();
  });

  it('counts the same in one step (SQLite) as in two', async () => {
    const once = new SqliteStore({ dataDir: path.join(dir, 'one') });
    const twice = new SqliteStore({ dataDir: path.join(dir, 'two') });
    for (const [store, counting] of [
      [once, () => new PatternCounting(once, () => undefined)],
      [twice, () => new PatternCounting(twoStep(twice), () => undefined)],
    ] as const) {
      await counting().write([...events.slice(0, 2), patternEvent('d0', at(0), 'delta')]);
      await store.patterns.merge('delta', ['gamma']);
      // A new counter: the two-step one remembers merges for a while (merge-redirect.ts).
      await counting().write(events); // ev2–ev5 are new: they count in gamma and in delta
    }
    for (const id of ['gamma', 'delta']) {
      const [one, two] = [await once.patterns.get(id), await twice.patterns.get(id)];
      expect({ count: one?.count, merged: one?.merged_count }).toEqual({
        count: two?.count,
        merged: two?.merged_count,
      });
    }
    expect((await once.patterns.get('delta'))?.count).toBe(7);
    expect((await once.patterns.get('gamma'))?.merged_count).toBe(6);
    await once.close();
    await twice.close();
  });

  it('stores the events and their increments together on SQLite: a failed pattern write stores neither', async () => {
    const store = new SqliteStore({ dataDir: dir });
    const counting = new PatternCounting(store, () => undefined);
    const restore = failPatternWrites(store.file);
    await expect(counting.write(events.slice(0, 3))).rejects.toThrow('disk full');
    // Rolled back: nothing stored, so the retry finds the events new and counts them.
    expect((await store.searchEvents({ limit: 10 })).total.value).toBe(0);
    restore();
    expect((await counting.write(events.slice(0, 3))).inserted).toBe(3);
    await counting.write(events); // a replay next to three new ones
    expect((await store.patterns.get('gamma'))?.count).toBe(6);
    expect(counting.unsaved).toBe(0);
    await store.close();
  });

  it('keeps the increments of a failed upsert (the events stay stored) and upserts them before the next write, on a store without one-step counting', async () => {
    const store = new SqliteStore({ dataDir: dir });
    const counting = new PatternCounting(twoStep(store), () => undefined);
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
