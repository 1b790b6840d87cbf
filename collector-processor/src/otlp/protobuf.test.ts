import { describe, expect, it } from 'vitest';
import { OtlpDecodeError } from './errors.ts';
import {
  decodeLogsProtobuf,
  decodeTraceProtobuf,
  ExportTraceServiceRequest,
  ExportTraceServiceResponse,
} from './protobuf.ts';
import {
  BIG_NANOS,
  errorLogProtobuf,
  exceptionSpanProtobuf,
  SPAN_ID,
  TRACE_ID,
  i64,
  u64,
} from './testing.ts';

describe('decodeTraceProtobuf', () => {
  it('decodes a request built with the generated encoder', () => {
    const batch = decodeTraceProtobuf(exceptionSpanProtobuf());
    const rs = batch.resourceSpans[0]!;
    expect(rs.resource.attributes.get('service.name')).toBe('billing');
    expect(rs.scopeSpans[0]!.scope.name).toBe('test');
    const span = rs.scopeSpans[0]!.spans[0]!;
    expect(span).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      parentSpanId: '',
      name: 'GET /invoices/:id',
      kind: 2,
      startTimeUnixNano: '1764151200000000000',
      endTimeUnixNano: '1764151201000000000',
      status: { code: 2, message: 'failed' },
    });
    expect(span.attributes.get('http.method')).toBe('GET');
    expect(span.attributes.get('http.status_code')).toBe(503n);
    expect(span.events[0]!.attributes.get('exception.type')).toBe('DatabaseError');
  });

  it('keeps a 64-bit timestamp beyond 2^53 exact', () => {
    const span =
      decodeTraceProtobuf(exceptionSpanProtobuf()).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(span.events[0]!.timeUnixNano).toBe(BIG_NANOS);
  });

  it('keeps the largest fixed64 and int64 values exact', () => {
    const body = ExportTraceServiceRequest.encode({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  startTimeUnixNano: u64('18446744073709551615'),
                  attributes: [{ key: 'max', value: { intValue: i64('9223372036854775807') } }],
                },
              ],
            },
          ],
        },
      ],
    }).finish();
    const span = decodeTraceProtobuf(body).resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(span.startTimeUnixNano).toBe('18446744073709551615');
    expect(span.attributes.get('max')).toBe(9223372036854775807n);
  });

  it('decodes every AnyValue kind', () => {
    const body = ExportTraceServiceRequest.encode({
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 's', value: { stringValue: '' } },
              { key: 'b', value: { boolValue: true } },
              { key: 'd', value: { doubleValue: 2.5 } },
              { key: 'bytes', value: { bytesValue: new Uint8Array([9]) } },
              { key: 'arr', value: { arrayValue: { values: [{ intValue: i64(1) }] } } },
              {
                key: 'kv',
                value: { kvlistValue: { values: [{ key: 'x', value: { stringValue: 'y' } }] } },
              },
              { key: 'none', value: {} },
            ],
          },
        },
      ],
    }).finish();
    const a = decodeTraceProtobuf(body).resourceSpans[0]!.resource.attributes;
    expect(a.get('s')).toBe('');
    expect(a.get('b')).toBe(true);
    expect(a.get('d')).toBe(2.5);
    expect(a.get('bytes')).toEqual(new Uint8Array([9]));
    expect(a.get('arr')).toEqual([1n]);
    expect(a.get('kv')).toEqual(new Map([['x', 'y']]));
    expect(a.get('none')).toBeNull();
  });

  it('decodes an empty body as an empty request', () => {
    expect(decodeTraceProtobuf(new Uint8Array())).toEqual({ resourceSpans: [] });
  });

  it('refuses bytes that are not a protobuf message, naming the message type', () => {
    const garbage = new TextEncoder().encode('{"resourceSpans": []}');
    expect(() => decodeTraceProtobuf(garbage)).toThrow(OtlpDecodeError);
    expect(() => decodeTraceProtobuf(garbage)).toThrow(/not a valid ExportTraceServiceRequest/);
  });

  it('refuses a truncated message', () => {
    const body = exceptionSpanProtobuf();
    expect(() => decodeTraceProtobuf(body.subarray(0, body.length - 5))).toThrow(OtlpDecodeError);
  });

  it('the generated response type round-trips a partial success', () => {
    const bytes = ExportTraceServiceResponse.encode({
      partialSuccess: { rejectedSpans: i64(2), errorMessage: 'why' },
    }).finish();
    const decoded = ExportTraceServiceResponse.decode(bytes);
    expect(decoded.partialSuccess?.rejectedSpans?.toString()).toBe('2');
    expect(decoded.partialSuccess?.errorMessage).toBe('why');
  });
});

describe('decodeLogsProtobuf', () => {
  it('decodes a log record', () => {
    const record =
      decodeLogsProtobuf(errorLogProtobuf()).resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
    expect(record).toMatchObject({
      timeUnixNano: '1764151200000000001',
      observedTimeUnixNano: '1764151200000000002',
      severityNumber: 17,
      severityText: 'ERROR',
      body: 'payment provider timed out',
      traceId: '',
      spanId: '',
    });
    expect(record.attributes.get('attempt')).toBe(3n);
  });
});
