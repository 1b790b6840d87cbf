import type { LogsBatch, TraceBatch } from '../otlp/model.ts';
import type { FaultlineEvent } from '../schema/index.ts';
import { extractFromLogs, extractFromTraces } from './extract.ts';
import { normalize } from './normalize.ts';
import type { Candidate, PipelineResult, Rejection } from './types.ts';
import { validate } from './validate.ts';

/**
 * The pipeline, in order: extract → normalize → validate. (Enrich, scrub and
 * fingerprint join here as they are built.) One bad record is rejected with
 * its reason; it never fails the batch.
 */

function run(candidates: readonly Candidate[]): PipelineResult {
  const events: FaultlineEvent[] = [];
  const rejections: Rejection[] = [];
  for (const candidate of candidates) {
    try {
      const normalized = normalize(candidate);
      const checked = normalized.ok ? validate(normalized.value, candidate.itemKey) : normalized;
      if (checked.ok) events.push(checked.value);
      else rejections.push(checked.rejection);
    } catch (error) {
      // A defect here must cost one record, not the request (and never a 5xx for the sender).
      const detail = error instanceof Error ? error.message : String(error);
      rejections.push({ reason: 'processing_failed', detail, itemKey: candidate.itemKey });
    }
  }
  return { events, rejections };
}

export function processTraces(batch: TraceBatch): PipelineResult {
  return run(extractFromTraces(batch));
}

export function processLogs(batch: LogsBatch): PipelineResult {
  return run(extractFromLogs(batch));
}

export { summarizeRejections } from './rejections.ts';
export type { PipelineResult, Rejection, RejectReason } from './types.ts';
