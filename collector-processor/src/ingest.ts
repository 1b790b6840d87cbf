import type { Logger } from './log.ts';
import type { IngestMetrics } from './metrics/metrics.ts';
import { OtlpDecodeError } from './otlp/errors.ts';
import { summarizeRejections, type Rejection } from './pipeline/index.ts';
import { BackpressureError, type IngestOutcome, type OtlpIngest } from './receiver/signals.ts';
import type { SpoolRecord } from './spool/record.ts';
import { SpoolFullError, type Spool } from './spool/spool.ts';
import type { SpoolWriter } from './spool/writer.ts';
import type { PipelinePool } from './workers/pool.ts';

/**
 * Receiver → spool and (worker pool: decode + pipeline) → acknowledgement;
 * the spool writer stores the events afterwards.
 *
 * The pipeline runs before the acknowledgement, so an undecodable body is
 * still a 400 and the partial success counts exactly the records the
 * pipeline rejected. What happens after the acknowledgement is storing only:
 * the request is on disk (as the fsync policy says), and the events computed
 * for the answer go to the writer in memory; after a crash the writer
 * recomputes them from the spooled body (same ids, so no duplicates).
 *
 * The body is written to the spool as it arrives, before the pipeline runs,
 * so the fsync (the longest wait of a request) runs while the pipeline works
 * instead of after it. A request that yields no events (or is refused) needs
 * nothing stored: its entry is marked done at once and its answer does not
 * wait for the fsync.
 */

export interface IngestParts {
  readonly pool: PipelinePool;
  readonly spool: Spool;
  readonly writer: SpoolWriter;
  readonly logger: Logger;
  readonly metrics?: IngestMetrics;
  /** Requests in the pool past which new ones get 429 (default: 64 per pool thread). */
  readonly maxQueuedRequests?: number;
}

const RETRY_FULL_SECONDS = 5;
const RETRY_BUSY_SECONDS = 1;

function countByReason(rejections: readonly Rejection[]): Map<string, number> {
  const items = new Map<string, Set<string>>();
  for (const r of rejections) {
    const set = items.get(r.reason) ?? new Set<string>();
    set.add(r.itemKey);
    items.set(r.reason, set);
  }
  return new Map([...items].map(([reason, keys]) => [reason, keys.size]));
}

/**
 * Spool.write with a full spool answered as backpressure. A failed fsync may
 * come while the pipeline still runs, before anything awaits it: it is marked
 * handled at once (an unhandled rejection would stop the process), and
 * awaiting it later still throws.
 */
function writeToSpool(spool: Spool, record: SpoolRecord): ReturnType<Spool['write']> {
  try {
    const entry = spool.write(record);
    entry.durable.catch(() => {});
    return entry;
  } catch (error) {
    if (error instanceof SpoolFullError) {
      throw new BackpressureError('full', error.message, RETRY_FULL_SECONDS);
    }
    throw error;
  }
}

export function createIngest(parts: IngestParts): OtlpIngest {
  const { pool, spool, writer, logger, metrics } = parts;
  const maxQueued = parts.maxQueuedRequests ?? 64 * Math.max(1, pool.size);
  return {
    async accept(signal, encoding, body): Promise<IngestOutcome> {
      // Cheap refusals first, before any decoding work.
      if (!spool.hasRoom(body.byteLength)) {
        throw new BackpressureError(
          'full',
          new SpoolFullError(spool.maxBytes).message,
          RETRY_FULL_SECONDS,
        );
      }
      if (pool.depth >= maxQueued) {
        throw new BackpressureError(
          'busy',
          `the processor is busy (${pool.depth} requests being processed); retry later`,
          RETRY_BUSY_SECONDS,
        );
      }
      // Written before the body moves to a pipeline thread (the fsync goes on meanwhile).
      const entry = writeToSpool(spool, { signal, encoding, receivedAt: Date.now(), body });
      const outcome = await pool.run({ signal, encoding, body });
      const events = outcome.ok ? outcome.result.events : undefined;
      if (events && events.count > 0) {
        try {
          spool.flush(); // the answer waits for it now: no reason to gather more
          await entry.durable;
        } catch (error) {
          spool.complete(entry.id); // not acknowledged: the sender sends it again
          throw error;
        }
        writer.submit(entry.id, signal, events);
      } else {
        spool.complete(entry.id); // nothing to store: no answer waits for the fsync
      }
      if (!outcome.ok) {
        if (outcome.kind === 'decode') {
          metrics?.rejected('undecodable', 1);
          throw new OtlpDecodeError(outcome.message);
        }
        throw new Error(`processing failed: ${outcome.message}`);
      }
      const { rejections, items } = outcome.result;
      const summary = summarizeRejections(rejections);
      if (summary.rejectedItems > 0) logger.warn(`OTLP ${signal}: ${summary.message}`);
      metrics?.received(signal, items);
      metrics?.accepted(signal, events?.count ?? 0);
      for (const [reason, count] of countByReason(rejections)) metrics?.rejected(reason, count);
      return { rejected: summary.rejectedItems, message: summary.message };
    },
  };
}
