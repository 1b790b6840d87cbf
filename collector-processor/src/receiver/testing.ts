import path from 'node:path';
import { createIngest } from '../ingest.ts';
import { silentLogger } from '../log.ts';
import { DeadLetterFile } from '../spool/dead-letter.ts';
import { Spool } from '../spool/spool.ts';
import { SpoolWriter } from '../spool/writer.ts';
import type { Store } from '../store/store.ts';
import { PipelinePool } from '../workers/pool.ts';
import type { OtlpIngest } from './signals.ts';

/** The real ingest chain (pool, spool, writer) over a store, for receiver tests. */
export interface TestIngest {
  readonly ingest: OtlpIngest;
  readonly spool: Spool;
  readonly writer: SpoolWriter;
  readonly deadLetters: DeadLetterFile;
  /** Resolves once everything acknowledged so far is stored. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function createTestIngest(
  dir: string,
  store: Store,
  options: { workers?: number; maxBytes?: number; maxQueuedRequests?: number } = {},
): Promise<TestIngest> {
  const spool = await Spool.open({
    dir: path.join(dir, 'spool'),
    maxBytes: options.maxBytes ?? 64 * 1024 * 1024,
    fsync: 'off',
    logger: silentLogger,
  });
  const pool = new PipelinePool(options.workers ?? 0, silentLogger);
  const deadLetters = new DeadLetterFile(path.join(dir, 'spool'));
  const writer = new SpoolWriter({
    spool,
    store,
    deadLetters,
    process: (task) => pool.run(task),
    logger: silentLogger,
    backoff: { initialMs: 10, maxMs: 50 },
  });
  writer.replay(spool.recovered());
  writer.start();
  return {
    ingest: createIngest({
      pool,
      spool,
      writer,
      logger: silentLogger,
      maxQueuedRequests: options.maxQueuedRequests,
    }),
    spool,
    writer,
    deadLetters,
    async settled() {
      while (spool.pending > 0) await new Promise((r) => setTimeout(r, 5));
    },
    async close() {
      await writer.stop(1000);
      await pool.close();
      await spool.close();
    },
  };
}
