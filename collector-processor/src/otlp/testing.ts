import { readFileSync } from 'node:fs';
import Long from 'long';
import { ExportLogsServiceRequest, ExportTraceServiceRequest } from './protobuf.ts';

/**
 * Request builders shared by the tests of the decoders, the receiver and the
 * pipeline. Not imported by production code.
 */

export const TRACE_ID = '5b8efff798038103d269b633813fc60c';
export const SPAN_ID = 'eee19b7ec3c1b174';
/** Beyond 2^53: a JS number would round it. */
export const BIG_NANOS = '9007199254740993123';

/** The README's example request (examples/trace-with-exception.json), parsed. */
export function exampleTraceJson(): { resourceSpans: unknown[] } {
  const file = new URL('../../examples/trace-with-exception.json', import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as { resourceSpans: unknown[] };
}

/** fixed64 fields (timestamps) take unsigned Longs; int64 attribute values signed ones. */
export const u64 = (decimal: string) => Long.fromString(decimal, true);
export const i64 = (value: string | number) => Long.fromValue(value);

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

export interface ExceptionSpanOptions {
  traceId?: string;
  spanId?: string;
  eventTime?: string;
  exceptionType?: string;
  exceptionMessage?: string;
  serviceName?: string;
}

/** A protobuf ExportTraceServiceRequest with one span holding one exception event. */
export function exceptionSpanProtobuf(options: ExceptionSpanOptions = {}): Uint8Array {
  const bytes = (hex: string) => Buffer.from(hex, 'hex');
  return ExportTraceServiceRequest.encode({
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', options.serviceName ?? 'billing')] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: [
              {
                traceId: bytes(options.traceId ?? TRACE_ID),
                spanId: bytes(options.spanId ?? SPAN_ID),
                name: 'GET /invoices/:id',
                kind: 2,
                startTimeUnixNano: u64('1764151200000000000'),
                endTimeUnixNano: u64('1764151201000000000'),
                attributes: [
                  str('http.method', 'GET'),
                  str('http.target', '/invoices/7'),
                  { key: 'http.status_code', value: { intValue: i64(503) } },
                  { key: 'retry.count', value: { intValue: i64('9223372036854775807') } },
                ],
                events: [
                  {
                    name: 'exception',
                    timeUnixNano: u64(options.eventTime ?? BIG_NANOS),
                    attributes: [
                      str('exception.type', options.exceptionType ?? 'DatabaseError'),
                      str('exception.message', options.exceptionMessage ?? 'connection refused'),
                      str(
                        'exception.stacktrace',
                        'DatabaseError: connection refused\n    at q (db.js:1:1)',
                      ),
                    ],
                  },
                ],
                status: { code: 2, message: 'failed' },
              },
            ],
          },
        ],
      },
    ],
  }).finish();
}

/** A protobuf ExportLogsServiceRequest with one ERROR log record without exception attributes. */
export function errorLogProtobuf(): Uint8Array {
  return ExportLogsServiceRequest.encode({
    resourceLogs: [
      {
        resource: { attributes: [str('service.name', 'billing')] },
        scopeLogs: [
          {
            scope: { name: 'logger' },
            logRecords: [
              {
                timeUnixNano: u64('1764151200000000001'),
                observedTimeUnixNano: u64('1764151200000000002'),
                severityNumber: 17,
                severityText: 'ERROR',
                body: { stringValue: 'payment provider timed out' },
                attributes: [{ key: 'attempt', value: { intValue: i64(3) } }],
              },
            ],
          },
        ],
      },
    ],
  }).finish();
}

export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
}
