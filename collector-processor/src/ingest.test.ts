import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OtlpDecodeError } from './otlp/errors.ts';
import { exceptionSpanProtobuf, jsonBytes, SPAN_ID, TRACE_ID } from './otlp/testing.ts';
import { createTestIngest, type TestIngest } from './receiver/testing.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';

/** The ingest chain with real parts: a pipeline thread, the spool, the writer, SQLite. */
let dir: string;
let store: SqliteStore;
let chain: TestIngest;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-ingest-'));
  store = new SqliteStore({ dataDir: dir });
  chain = await createTestIngest(dir, store, { workers: 1 });
});
afterEach(async () => {
  await chain.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** A span that becomes no event (status OK, fast). */
const ordinarySpan = () =>
  jsonBytes({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              {
                traceId: TRACE_ID,
                spanId: SPAN_ID,
                name: 'GET /',
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000000010000000',
              },
            ],
          },
        ],
      },
    ],
  });

describe('ingest (spool and pipeline before the answer)', () => {
  it('keeps a request with events in the spool until its events are stored', async () => {
    const outcome = await chain.ingest.accept('traces', 'protobuf', exceptionSpanProtobuf());
    expect(outcome.rejected).toBe(0);
    expect(chain.spool.bytes).toBeGreaterThan(0);
    await chain.settled();
    expect((await store.searchEvents({ limit: 10 })).items).toHaveLength(1);
  });

  it('leaves nothing pending for a request without events (its entry is done at once)', async () => {
    const outcome = await chain.ingest.accept('traces', 'json', ordinarySpan());
    expect(outcome.rejected).toBe(0);
    expect(chain.spool.pending).toBe(0);
    expect(chain.writer.depth).toBe(0);
  });

  it('answers a failed fsync with the error (while the pipeline still runs) and leaves nothing pending', async () => {
    const spool = chain.spool;
    const write = spool.write.bind(spool);
    // The fsync fails at once, long before the pipeline thread answers.
    spool.write = (record) => ({ ...write(record), durable: Promise.reject(new Error('EIO')) });
    await expect(
      chain.ingest.accept('traces', 'protobuf', exceptionSpanProtobuf()),
    ).rejects.toThrow('EIO');
    expect(spool.pending).toBe(0);
    expect(chain.writer.depth).toBe(0);
  });

  it('refuses an undecodable body and leaves nothing pending', async () => {
    await expect(
      chain.ingest.accept('traces', 'protobuf', Uint8Array.of(0x0a, 0xff)),
    ).rejects.toBeInstanceOf(OtlpDecodeError);
    expect(chain.spool.pending).toBe(0);
    // The spool still takes and stores the next request.
    await chain.ingest.accept('traces', 'protobuf', exceptionSpanProtobuf());
    await chain.settled();
    expect((await store.searchEvents({ limit: 10 })).items).toHaveLength(1);
  });
});
