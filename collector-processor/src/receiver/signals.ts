import Long from 'long';
import { ExportLogsServiceResponse, ExportTraceServiceResponse } from '../otlp/protobuf.ts';
import type { OtlpEncoding } from './media.ts';

/**
 * What the receivers (HTTP and gRPC) hand request bodies to: it decodes,
 * runs the pipeline and spools the request, and resolves once the request
 * may be acknowledged. Throws OtlpDecodeError for undecodable input and
 * BackpressureError when the sender should retry later.
 */
export interface OtlpIngest {
  accept(
    signal: 'traces' | 'logs',
    encoding: OtlpEncoding,
    body: Uint8Array,
  ): Promise<IngestOutcome>;
}

/** The processor cannot take the request now; retryable (HTTP 429/503, gRPC RESOURCE_EXHAUSTED/UNAVAILABLE). */
export class BackpressureError extends Error {
  /** `full`: the spool is at its byte limit; `busy`: too many requests are being processed. */
  readonly kind: 'full' | 'busy';
  readonly retryAfterSeconds: number;
  constructor(kind: 'full' | 'busy', message: string, retryAfterSeconds: number) {
    super(message);
    this.name = 'BackpressureError';
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
  }
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
  handle: (ingest, encoding, body) => ingest.accept('traces', encoding, body),
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
  handle: (ingest, encoding, body) => ingest.accept('logs', encoding, body),
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
