import { OtlpDecodeError } from '../otlp/errors.ts';
import { decodeLogsJson, decodeTraceJson } from '../otlp/json.ts';
import type { LogsBatch, TraceBatch } from '../otlp/model.ts';
import { decodeLogsProtobuf, decodeTraceProtobuf } from '../otlp/protobuf.ts';
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
}

/** The outcome as plain data, so it crosses a worker boundary unchanged. */
export type BodyOutcome = (
  | { readonly ok: true; readonly result: BodyResult }
  | { readonly ok: false; readonly kind: 'decode' | 'failed'; readonly message: string }
) & {
  /** The task's body, handed back when it was moved to a worker thread (the original is then empty). */
  readonly body?: Uint8Array;
};

function countSpans(batch: TraceBatch): number {
  let n = 0;
  for (const r of batch.resourceSpans) for (const s of r.scopeSpans) n += s.spans.length;
  return n;
}

function countLogs(batch: LogsBatch): number {
  let n = 0;
  for (const r of batch.resourceLogs) for (const s of r.scopeLogs) n += s.logRecords.length;
  return n;
}

/** Decode + pipeline, the CPU-heavy part of ingest; never throws. */
export function processBody(task: BodyTask, pipeline: Pipeline = byDefault()): BodyOutcome {
  try {
    if (task.signal === 'traces') {
      const batch =
        task.encoding === 'json' ? decodeTraceJson(task.body) : decodeTraceProtobuf(task.body);
      return { ok: true, result: { ...pipeline.processTraces(batch), items: countSpans(batch) } };
    }
    const batch =
      task.encoding === 'json' ? decodeLogsJson(task.body) : decodeLogsProtobuf(task.body);
    return { ok: true, result: { ...pipeline.processLogs(batch), items: countLogs(batch) } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, kind: error instanceof OtlpDecodeError ? 'decode' : 'failed', message };
  }
}
