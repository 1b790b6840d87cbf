import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../grouping/index.ts';
import { sampleEvent } from '../store/conformance.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { autoMerge, planAutoMerges } from './auto-merge.ts';
import { patternIncrements } from './increments.ts';

let dir: string;
let store: SqliteStore;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'faultline-auto-merge-'));
  store = new SqliteStore({ dataDir: dir });
});
afterEach(async () => {
  await store.close();
  await fs.rm(dir, { recursive: true, force: true });
});

/** A log event as the pipeline leaves it: fingerprinted. */
function logged(i: number, message: string, type = 'AuthError') {
  const event = sampleEvent(`e${i}`, `2026-03-01T00:00:${String(i).padStart(2, '0')}Z`, {
    message,
    error: { type, message },
    faultline: { log_type: 'ERROR', severity: 'ERROR', status: 'open' },
  });
  return { ...event, error: { ...event.error, grouping_key: fingerprint(event).key } };
}

const USERS = ['alice', 'bob', 'carol', 'dave'];
const failed = (i: number, user: string, type?: string) =>
  logged(i, `Failed password for ${user} from 10.0.0.${i} port 22`, type);

async function ingest(events: ReturnType<typeof logged>[]) {
  await store.patterns.upsert(patternIncrements(events));
  await store.refresh();
}

const keyOf = (e: ReturnType<typeof logged>) => e.error.grouping_key;

describe('automatic merges', () => {
  it('merges the patterns of one template into the smallest key, as stored decisions by system', async () => {
    const events = USERS.map((u, i) => failed(i, u));
    await ingest([...events, logged(9, 'Service started on port 80')]);
    const keys = events.map(keyOf).sort();
    const plan = await autoMerge(store, 3, () => new Date('2026-03-02T00:00:00Z'));
    expect(plan).toEqual([{ into: keys[0], sources: keys.slice(1) }]);
    const target = await store.patterns.get(keys[0]!);
    expect(target?.count).toBe(4);
    for (const key of keys.slice(1)) {
      expect(await store.patterns.get(key)).toMatchObject({
        merged_into: keys[0],
        status_history: [
          { status: 'open', at: '2026-03-02T00:00:00.000Z', by: 'system', merged_into: keys[0] },
        ],
      });
    }
    const audit = await store.audit.list({ limit: 10 });
    expect(audit.map((r) => [r.actor, r.action])).toEqual(
      keys.slice(1).map(() => ['system', 'pattern.merge']),
    );
    // A second run (or another replica) finds nothing left to do.
    expect(await autoMerge(store, 3)).toEqual([]);
    expect((await store.patterns.get(keys[0]!))?.count).toBe(4);
  });

  it('never merges patterns of different error types, nor below the threshold', async () => {
    await ingest(USERS.map((u, i) => failed(i, u, i % 2 ? 'AuthError' : 'LoginError')));
    expect(await autoMerge(store, 3)).toEqual([]);
    await ingest(USERS.map((u, i) => failed(10 + i, u)).slice(1));
    expect(await autoMerge(store, 4)).toEqual([]);
    expect(await autoMerge(store, 0)).toEqual([]);
  });

  it('does not merge again a pair a person unmerged', async () => {
    const events = USERS.map((u, i) => failed(i, u));
    await ingest(events);
    const keys = events.map(keyOf).sort();
    await autoMerge(store, 3);
    // What POST /patterns/:id/unmerge stores.
    await store.patterns.update(keys[1]!, { merged_into: null, keep_apart_from: keys[0]! });
    await store.refresh();
    expect(await autoMerge(store, 3)).toEqual([]);
    expect((await store.patterns.get(keys[1]!))?.merged_into).toBeUndefined();
  });

  it('plans the same merges whatever order the patterns are read in', () => {
    const patterns = patternIncrements(USERS.map((u, i) => failed(i, u))).map((p) => ({
      id: p.id,
      template: p.template,
      template_scope: p.template_scope,
    }));
    const plan = planAutoMerges(patterns, 3);
    expect(plan).toHaveLength(1);
    expect(planAutoMerges([...patterns].reverse(), 3)).toEqual(plan);
  });
});
