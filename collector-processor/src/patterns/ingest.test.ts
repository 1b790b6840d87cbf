import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log.ts';
import type { FaultlineEvent } from '../schema/index.ts';
import { DeadLetterFile } from '../spool/dead-letter.ts';
import { Spool } from '../spool/spool.ts';
import { SpoolWriter } from '../spool/writer.ts';
import { batchOfList } from '../workers/event-batch.ts';
import type { Pattern } from '../store/patterns.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { patternEvent } from './test-events.ts';

/**
 * Patterns as the ingest path builds them: the real spool writer over a real
 * SQLite store. Increments come from WriteResult.insertedIds, so an event
 * counts once however often it is written.
 */
let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'faultline-patterns-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function writerOver(store: SqliteStore, name: string) {
  const spool = await Spool.open({
    dir: path.join(dir, name),
    maxBytes: 1 << 20,
    fsync: 'off',
    logger: silentLogger,
  });
  const writer = new SpoolWriter({
    spool,
    store,
    deadLetters: new DeadLetterFile(path.join(dir, name)),
    process: async () => {
      throw new Error('entries in this test are always submitted with their events');
    },
    logger: silentLogger,
    backoff: { initialMs: 1, maxMs: 5 },
  });
  writer.start();
  return {
    async write(batches: readonly (readonly FaultlineEvent[])[]) {
      for (const events of batches) {
        const id = await spool.append({
          signal: 'logs',
          encoding: 'json',
          receivedAt: 0,
          body: Buffer.from('{}'),
        });
        writer.submit(id, 'logs', batchOfList(events));
      }
      while (spool.pending > 0) await new Promise((r) => setTimeout(r, 5));
    },
    async close() {
      await writer.stop(1000);
      await spool.close();
    },
  };
}

const at = (s: number) => `2026-03-01T00:00:${String(s).padStart(2, '0')}Z`;
const EVENTS = Array.from({ length: 40 }, (_, i) =>
  patternEvent(`ev${i}`, at(i), i % 3 === 0 ? 'alpha' : 'beta', {
    user: `u${i % 5}`,
    version: `1.${i % 4}.0`,
    severity: i === 7 ? 'CRITICAL' : 'ERROR',
  }),
);

const comparable = (p: Pattern | undefined) => p && { ...p, status_history: undefined };

describe('patterns from the ingest path', () => {
  it('counts each event once when its batch is replayed or retried', async () => {
    const store = new SqliteStore({ dataDir: dir });
    const w = await writerOver(store, 'spool');
    await w.write([EVENTS.slice(0, 20), EVENTS.slice(10, 30), EVENTS, EVENTS.slice(0, 5)]);
    await w.close();
    const alpha = await store.patterns.get('alpha');
    const beta = await store.patterns.get('beta');
    expect(alpha?.count).toBe(14);
    expect(beta?.count).toBe(26);
    expect(alpha).toMatchObject({
      first_seen: at(0),
      last_seen: at(39),
      user_count: 5,
      services: ['checkout'],
      environments: ['prod'],
      versions: ['1.0.0', '1.1.0', '1.2.0', '1.3.0'],
      sample_event_id: 'ev0',
      status: 'open',
    });
    expect(beta?.severity).toBe('CRITICAL');
    await store.close();
  });

  it('two store+writer pairs over one SQLite file, writing the same events in different orders, agree with one', async () => {
    const a = new SqliteStore({ dataDir: dir });
    const b = new SqliteStore({ dataDir: dir });
    const wa = await writerOver(a, 'spool-a');
    const wb = await writerOver(b, 'spool-b');
    const reversed = [...EVENTS].reverse();
    const chunks = (events: readonly FaultlineEvent[]) =>
      Array.from({ length: 8 }, (_, i) => events.slice(i * 5, i * 5 + 5));
    await Promise.all([wa.write(chunks(EVENTS)), wb.write(chunks(reversed))]);
    await Promise.all([wa.close(), wb.close()]);

    const single = path.join(dir, 'single');
    await fs.mkdir(single);
    const reference = new SqliteStore({ dataDir: single });
    const wr = await writerOver(reference, 'spool-r');
    await wr.write([EVENTS]);
    await wr.close();

    for (const id of ['alpha', 'beta']) {
      const fromA = await a.patterns.get(id);
      expect(comparable(fromA)).toEqual(comparable(await b.patterns.get(id)));
      expect(comparable(fromA)).toEqual(comparable(await reference.patterns.get(id)));
    }
    expect((await a.patterns.get('alpha'))?.count).toBe(14);
    await Promise.all([a.close(), b.close(), reference.close()]);
  });

  it('after a merge, new events count in the target too, and unmerge takes back exactly those', async () => {
    const store = new SqliteStore({ dataDir: dir });
    const first = await writerOver(store, 'spool-1');
    await first.write([EVENTS]);
    await first.close();
    await store.patterns.merge('beta', ['alpha']);
    expect((await store.patterns.get('beta'))?.count).toBe(40);

    const later = Array.from({ length: 5 }, (_, i) =>
      patternEvent(`late${i}`, at(50 + i), 'alpha'),
    );
    const second = await writerOver(store, 'spool-2');
    await second.write([later, later]);
    await second.close();
    expect(await store.patterns.get('alpha')).toMatchObject({ count: 19, merged_count: 19 });
    expect((await store.patterns.get('beta'))?.count).toBe(45);

    // What POST /patterns/:id/unmerge does.
    const alpha = (await store.patterns.get('alpha'))!;
    await store.patterns.update('alpha', { merged_into: null });
    await store.patterns.update('beta', { subtract_count: alpha.merged_count! });
    expect((await store.patterns.get('beta'))?.count).toBe(26);
    expect(await store.patterns.get('alpha')).toMatchObject({ count: 19 });
    expect((await store.patterns.get('alpha'))?.merged_into).toBeUndefined();
    await store.close();
  });
});
