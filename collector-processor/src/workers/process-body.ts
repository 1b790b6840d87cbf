import { OtlpDecodeError } from '../otlp/errors.ts';
import { decodeLogsJson, decodeTraceJson } from '../otlp/json.ts';
import { allLogRecords, allSpans, type LogSelection, type SpanSelection } from '../otlp/model.ts';
import { decodeLogsProtobuf, decodeTraceProtobuf } from '../otlp/protobuf.ts';
import { skimLogsProtobuf, skimTraceProtobuf } from '../otlp/skim.ts';
import { byDefault, type Pipeline, type PipelineResult } from '../pipeline/index.ts';

/** One OTLP request body to decode and run through the pipeline. */
export interface BodyTask {
  readonly signal: 'traces' | 'logs';
  readonly encoding: 'json' | 'protobuf';
  readonly body: Uint8Array;
}

/** What came out: the pipeline's events and rejections, and how many items the request held. */
export interface BodyResult extends PipelineResult {
  readonly items: number;
  /** The events as one JSON array, when they came from another thread in that form. */
  readonly eventsJson?: string;
}

/** The outcome as plain data, so it crosses a worker boundary unchanged. */
export type BodyOutcome = (
  | { readonly ok: true; readonly result: BodyResult }
  | { readonly ok: false; readonly kind: 'decode' | 'failed'; readonly message: string }
) & {
  /** The task's body, handed back when it was moved to a worker thread (the original is then empty). */
  readonly body?: Uint8Array;
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

/**
 * An outcome as it travels between threads: the events as one JSON array
 * text. A string crosses at the cost of a copy, where event objects would be
 * cloned field by field on both sides; and the text goes on as it is to the
 * store-writes thread (store-writes.ts).
 */
export type PackedOutcome =
  | Exclude<BodyOutcome, { ok: true }>
  | {
      readonly ok: true;
      readonly result: Omit<BodyResult, 'events' | 'eventsJson'> & { readonly eventsJson: string };
    };

/** Never throws (schema-valid events are plain JSON; anything else is a defect, answered as `failed`). */
export function packOutcome(outcome: BodyOutcome): PackedOutcome {
  if (!outcome.ok) return outcome;
  const { events, eventsJson, ...rest } = outcome.result;
  try {
    return { ok: true, result: { ...rest, eventsJson: eventsJson ?? JSON.stringify(events) } };
  } catch (error) {
    return { ok: false, kind: 'failed', message: (error as Error).message };
  }
}

export function unpackOutcome(packed: PackedOutcome): BodyOutcome {
  if (!packed.ok) return packed;
  const events = JSON.parse(packed.result.eventsJson) as BodyResult['events'];
  return { ok: true, result: { ...packed.result, events } };
}
