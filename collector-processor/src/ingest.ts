import type { Logger } from './log.ts';
import {
  processLogs,
  processTraces,
  summarizeRejections,
  type PipelineResult,
} from './pipeline/index.ts';
import type { IngestOutcome, OtlpIngest } from './receiver/signals.ts';
import type { Store } from './store/store.ts';

/**
 * Receiver → pipeline → store. An OTLP request is acknowledged only after its
 * events are in the store (a spool will take the store's place here); records
 * the pipeline rejected come back as the partial success.
 */
export function createIngest(store: Store, logger: Logger): OtlpIngest {
  async function commit(signal: string, result: PipelineResult): Promise<IngestOutcome> {
    if (result.events.length > 0) await store.writeEvents(result.events);
    const summary = summarizeRejections(result.rejections);
    if (summary.rejectedItems > 0) logger.warn(`OTLP ${signal}: ${summary.message}`);
    return { rejected: summary.rejectedItems, message: summary.message };
  }
  return {
    traces: (batch) => commit('traces', processTraces(batch)),
    logs: (batch) => commit('logs', processLogs(batch)),
  };
}
