import Long from 'long';
import { decodeLogsJson, decodeTraceJson } from '../otlp/json.ts';
import type { LogsBatch, TraceBatch } from '../otlp/model.ts';
import {
  decodeLogsProtobuf,
  decodeTraceProtobuf,
  ExportLogsServiceResponse,
  ExportTraceServiceResponse,
} from '../otlp/protobuf.ts';
import type { OtlpEncoding } from './media.ts';

/** What the receiver hands decoded batches to (the processor: pipeline, then store). */
export interface OtlpIngest {
  traces(batch: TraceBatch): Promise<IngestOutcome>;
  logs(batch: LogsBatch): Promise<IngestOutcome>;
}

/** Items (spans, log records) refused, and why: the OTLP partial success. */
export interface IngestOutcome {
  readonly rejected: number;
  readonly message: string;
}

/** Everything that differs between the signals, so the HTTP handler is written once. */
export interface Signal {
  readonly name: 'traces' | 'logs' | 'metrics';
  handle(ingest: OtlpIngest, encoding: OtlpEncoding, body: Uint8Array): Promise<IngestOutcome>;
  response(encoding: OtlpEncoding, outcome: IngestOutcome): Uint8Array;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const accepted = (o: IngestOutcome) => o.rejected === 0 && o.message === '';

const traces: Signal = {
  name: 'traces',
  handle: (ingest, encoding, body) =>
    ingest.traces(encoding === 'json' ? decodeTraceJson(body) : decodeTraceProtobuf(body)),
  response(encoding, o) {
    if (encoding === 'protobuf') {
      const partialSuccess = accepted(o)
        ? undefined
        : { rejectedSpans: Long.fromNumber(o.rejected), errorMessage: o.message };
      return ExportTraceServiceResponse.encode({ partialSuccess }).finish();
    }
    // 64-bit integers are decimal strings in OTLP/JSON.
    return json(
      accepted(o)
        ? {}
        : { partialSuccess: { rejectedSpans: String(o.rejected), errorMessage: o.message } },
    );
  },
};

const logs: Signal = {
  name: 'logs',
  handle: (ingest, encoding, body) =>
    ingest.logs(encoding === 'json' ? decodeLogsJson(body) : decodeLogsProtobuf(body)),
  response(encoding, o) {
    if (encoding === 'protobuf') {
      const partialSuccess = accepted(o)
        ? undefined
        : { rejectedLogRecords: Long.fromNumber(o.rejected), errorMessage: o.message };
      return ExportLogsServiceResponse.encode({ partialSuccess }).finish();
    }
    return json(
      accepted(o)
        ? {}
        : { partialSuccess: { rejectedLogRecords: String(o.rejected), errorMessage: o.message } },
    );
  },
};

/** Metrics are not processed yet: accepted and dropped, so SDKs exporting them see no errors. */
const metrics: Signal = {
  name: 'metrics',
  handle: async () => ({ rejected: 0, message: '' }),
  // An empty ExportMetricsServiceResponse encodes to zero bytes.
  response: (encoding) => (encoding === 'protobuf' ? new Uint8Array() : json({})),
};

export const SIGNALS: Readonly<Record<string, Signal>> = {
  '/v1/traces': traces,
  '/v1/logs': logs,
  '/v1/metrics': metrics,
};
