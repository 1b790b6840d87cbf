import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log.ts';
import { exceptionSpanProtobuf } from '../otlp/testing.ts';
import type { FaultlineEvent } from '../schema/index.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { WriteResult } from '../store/store.ts';
import { batchOfList, eventsOf, parseJson, type EventBatch } from '../workers/event-batch.ts';
import { pooledOutcome, processBody } from '../workers/process-body.ts';
import { DeadLetterFile } from './dead-letter.ts';
import { Spool } from './spool.ts';
import { SpoolWriter } from './writer.ts';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'faultline-writer-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A SQLite store that refuses events of one error type: by throwing, or in its WriteResult. */
class PickyStore extends SqliteStore {
  refuse = '';
  how: 'throw' | 'report' = 'throw';
  override async writeEvents(events: readonly FaultlineEvent[]): Promise<WriteResult> {
    return this.#picky(events, (kept) => super.writeEvents(kept));
  }
  override async writeEventsCounted(
    events: readonly FaultlineEvent[],
    countNew: Parameters<SqliteStore['writeEventsCounted']>[1],
  ): Promise<WriteResult> {
    return this.#picky(events, (kept) => super.writeEventsCounted(kept, countNew));
  }
  async #picky(
    events: readonly FaultlineEvent[],
    write: (kept: readonly FaultlineEvent[]) => Promise<WriteResult>,
  ): Promise<WriteResult> {
    const bad = events.filter((e) => e.error?.type === this.refuse);
    if (bad.length === 0) return write(events);
    if (this.how === 'throw') throw new Error('mapping conflict on error.type');
    const result = await write(events.filter((e) => !bad.includes(e)));
    return {
      ...result,
      failed: bad.map((e) => ({ id: e.event.id, reason: 'mapping conflict on error.type' })),
    };
  }
}

async function run(how: 'throw' | 'report') {
  const store = new PickyStore({ dataDir: dir });
  store.refuse = 'Poison';
  store.how = how;
  const spool = await Spool.open({
    dir: path.join(dir, 'spool'),
    maxBytes: 1 << 20,
    fsync: 'off',
    logger: silentLogger,
  });
  const deadLetters = new DeadLetterFile(path.join(dir, 'spool'));
  const writer = new SpoolWriter({
    spool,
    store,
    deadLetters,
    process: async (task) => pooledOutcome(processBody(task), false),
    logger: silentLogger,
    backoff: { initialMs: 1, maxMs: 5 },
  });
  writer.start();
  for (const [spanId, type] of [
    ['00000000000000a1', 'Fine'],
    ['00000000000000a2', 'Poison'],
  ] as const) {
    const body = exceptionSpanProtobuf({ spanId, exceptionType: type });
    const outcome = processBody({ signal: 'traces', encoding: 'protobuf', body });
    if (!outcome.ok) throw new Error(outcome.message);
    const id = await spool.append({ signal: 'traces', encoding: 'protobuf', receivedAt: 0, body });
    writer.submit(id, 'traces', batchOfList(outcome.result.events));
  }
  while (spool.pending > 0) await new Promise((r) => setTimeout(r, 5));
  await writer.stop(1000);
  await spool.close();
  const stored = (await store.searchEvents({ limit: 10 })).items.map((e) => e.error?.type);
  await store.close();
  const letters = (await fs.readFile(deadLetters.file, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { reason: string; signal: string; event: FaultlineEvent });
  return { stored, letters };
}

describe('SpoolWriter', () => {
  it.each(['throw', 'report'] as const)(
    'an event the store refuses for good (%s) goes to the dead-letter file; the rest is stored',
    async (how) => {
      const { stored, letters } = await run(how);
      expect(stored).toEqual(['Fine']);
      expect(letters).toHaveLength(1);
      expect(letters[0]!.reason).toBe('store_rejected: mapping conflict on error.type');
      expect(letters[0]!.signal).toBe('traces');
      expect(letters[0]!.event.error?.type).toBe('Poison');
    },
  );
});

describe('SpoolWriter with a StoreWrites', () => {
  it('hands the batch’s events over as one JSON array joined from the entries’ texts, unparsed', async () => {
    const store = new SqliteStore({ dataDir: dir });
    const spool = await Spool.open({
      dir: path.join(dir, 'spool'),
      maxBytes: 1 << 20,
      fsync: 'off',
      logger: silentLogger,
    });
    const written: EventBatch[] = [];
    const writer = new SpoolWriter({
      spool,
      store,
      writes: {
        writeEvents: async (events) => {
          written.push(events);
          return store.writeEvents(eventsOf(events));
        },
        close: async () => {},
      },
      deadLetters: new DeadLetterFile(path.join(dir, 'spool')),
      process: async (task) => pooledOutcome(processBody(task), true),
      logger: silentLogger,
    });
    const all: FaultlineEvent[] = [];
    for (const spanId of ['00000000000000b1', '00000000000000b2']) {
      const body = exceptionSpanProtobuf({ spanId });
      const outcome = pooledOutcome(
        processBody({ signal: 'traces', encoding: 'protobuf', body }),
        true,
      );
      if (!outcome.ok) throw new Error(outcome.message);
      const id = await spool.append({
        signal: 'traces',
        encoding: 'protobuf',
        receivedAt: 0,
        body,
      });
      writer.submit(id, 'traces', outcome.result.events);
      all.push(...eventsOf(outcome.result.events));
    }
    writer.start();
    while (spool.pending > 0) await new Promise((r) => setTimeout(r, 5));
    await writer.stop(1000);
    await spool.close();
    await store.close();
    expect(written).toHaveLength(1);
    expect(written[0]!.list).toBeUndefined();
    expect(written[0]!.count).toBe(2);
    expect(parseJson(written[0]!.json)).toEqual(all);
  });
});
