import { OtlpDecodeError } from '../otlp/errors.ts';
import { decodeLogsJson, decodeTraceJson } from '../otlp/json.ts';
import { allLogRecords, allSpans, type LogSelection, type SpanSelection } from '../otlp/model.ts';
import { decodeLogsProtobuf, decodeTraceProtobuf } from '../otlp/protobuf.ts';
import { skimLogsProtobuf, skimTraceProtobuf } from '../otlp/skim.ts';
import { byDefault, type Pipeline, type PipelineResult } from '../pipeline/index.ts';
import { batchOfJson, batchOfList, type EventBatch } from './event-batch.ts';

/** One OTLP request body to decode and run through the pipeline. */
export interface BodyTask {
  readonly signal: 'traces' | 'logs';
  readonly encoding: 'json' | 'protobuf';
  readonly body: Uint8Array;
}

/** What came out: the pipeline's events and rejections, and how many items the request held. */
export interface BodyResult extends PipelineResult {
  readonly items: number;
}

type Failure = {
  readonly ok: false;
  readonly kind: 'decode' | 'failed';
  readonly message: string;
};

/** The outcome as plain data, so it crosses a worker boundary unchanged. */
export type BodyOutcome = Failure | { readonly ok: true; readonly result: BodyResult };

/**
 * The outcome as the pool hands it back: the events as an EventBatch (one
 * JSON array text in UTF-8 when they come from a thread: the bytes are moved
 * across, where event objects would be cloned field by field on both sides,
 * and they go on as they are to the store-writes thread).
 */
export type PooledOutcome =
  | Failure
  | {
      readonly ok: true;
      readonly result: Omit<BodyResult, 'events'> & { readonly events: EventBatch };
    };

/**
 * Protobuf bodies are skimmed (otlp/skim.ts): only records that may become
 * events are decoded. A body the skim does not vouch for is decoded in full,
 * as JSON bodies always are; the events come out the same either way.
 */
function spansOf(task: BodyTask, pipeline: Pipeline): SpanSelection {
  if (task.encoding === 'json') return allSpans(decodeTraceJson(task.body));
  return (
    skimTraceProtobuf(task.body, pipeline.mayGiveEvent.span) ??
    allSpans(decodeTraceProtobuf(task.body))
  );
}

function logRecordsOf(task: BodyTask, pipeline: Pipeline): LogSelection {
  if (task.encoding === 'json') return allLogRecords(decodeLogsJson(task.body));
  return (
    skimLogsProtobuf(task.body, pipeline.mayGiveEvent.logRecord) ??
    allLogRecords(decodeLogsProtobuf(task.body))
  );
}

/** Decode + pipeline, the CPU-heavy part of ingest; never throws. */
export function processBody(task: BodyTask, pipeline: Pipeline = byDefault()): BodyOutcome {
  try {
    if (task.signal === 'traces') {
      const spans = spansOf(task, pipeline);
      return { ok: true, result: { ...pipeline.processSpans(spans), items: spans.total } };
    }
    const records = logRecordsOf(task, pipeline);
    return { ok: true, result: { ...pipeline.processLogRecords(records), items: records.total } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, kind: error instanceof OtlpDecodeError ? 'decode' : 'failed', message };
  }
}

/** For the pool: the events as they are (`json` false) or as one JSON text in UTF-8. Never throws. */
export function pooledOutcome(outcome: BodyOutcome, json: boolean): PooledOutcome {
  if (!outcome.ok) return outcome;
  const { events, ...rest } = outcome.result;
  try {
    const batch = json ? batchOfJson(events) : batchOfList(events);
    return { ok: true, result: { ...rest, events: batch } };
  } catch (error) {
    // Schema-valid events are plain JSON; anything else is a defect, answered as `failed`.
    return { ok: false, kind: 'failed', message: (error as Error).message };
  }
}
