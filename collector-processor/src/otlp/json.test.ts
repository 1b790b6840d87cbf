import { describe, expect, it } from 'vitest';
import { OtlpDecodeError } from './errors.ts';
import { decodeLogsJson, decodeTraceJson } from './json.ts';
import { exampleTraceJson, jsonBytes } from './testing.ts';

const spanWith = (span: Record<string, unknown>) =>
  jsonBytes({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });

const firstSpan = (body: Uint8Array) => {
  const span = decodeTraceJson(body).resourceSpans[0]?.scopeSpans[0]?.spans[0];
  if (!span) throw new Error('no span decoded');
  return span;
};

describe('decodeTraceJson', () => {
  it('decodes the example request: resource, ids, times, events, status', () => {
    const batch = decodeTraceJson(jsonBytes(exampleTraceJson()));
    const rs = batch.resourceSpans[0]!;
    expect(rs.resource.attributes.get('service.name')).toBe('checkout');
    const span = rs.scopeSpans[0]!.spans[0]!;
    expect(span.traceId).toBe('5b8efff798038103d269b633813fc60c');
    expect(span.spanId).toBe('eee19b7ec3c1b174');
    expect(span.kind).toBe(2);
    expect(span.attributes.get('http.response.status_code')).toBe(500n);
    expect(span.events[0]).toMatchObject({
      name: 'exception',
      timeUnixNano: '1764151200123456789',
    });
    expect(span.events[0]!.attributes.get('exception.type')).toBe('TypeError');
    expect(span.status).toEqual({ code: 2, message: 'TypeError' });
  });

  it('keeps a timestamp beyond 2^53 exact whether sent as a string or a bare number', () => {
    const asString = firstSpan(spanWith({ startTimeUnixNano: '9007199254740993123' }));
    expect(asString.startTimeUnixNano).toBe('9007199254740993123');
    const asNumber = firstSpan(
      jsonBytes(
        '{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":9007199254740993123}]}]}]}',
      ),
    );
    expect(asNumber.startTimeUnixNano).toBe('9007199254740993123');
  });

  it('accepts 64-bit integers as numbers or strings and keeps them exact as bigints', () => {
    const span = firstSpan(
      spanWith({
        attributes: [
          { key: 'a', value: { intValue: 42 } },
          { key: 'b', value: { intValue: '-9223372036854775808' } },
        ],
      }),
    );
    expect(span.attributes.get('a')).toBe(42n);
    expect(span.attributes.get('b')).toBe(-9223372036854775808n);
  });

  it('decodes every AnyValue kind', () => {
    const span = firstSpan(
      spanWith({
        attributes: [
          { key: 's', value: { stringValue: 'x' } },
          { key: 'b', value: { boolValue: false } },
          { key: 'd', value: { doubleValue: 1.5 } },
          { key: 'nan', value: { doubleValue: 'NaN' } },
          { key: 'bytes', value: { bytesValue: 'AQID' } },
          {
            key: 'arr',
            value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 1 }] } },
          },
          {
            key: 'kv',
            value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } },
          },
          { key: 'empty', value: {} },
        ],
      }),
    );
    const a = span.attributes;
    expect(a.get('s')).toBe('x');
    expect(a.get('b')).toBe(false);
    expect(a.get('d')).toBe(1.5);
    expect(a.get('nan')).toBeNaN();
    expect(a.get('bytes')).toEqual(new Uint8Array([1, 2, 3]));
    expect(a.get('arr')).toEqual(['a', 1n]);
    expect(a.get('kv')).toEqual(new Map([['k', true]]));
    expect(a.get('empty')).toBeNull();
  });

  it('lowercases hex ids and ignores unknown fields', () => {
    const span = firstSpan(spanWith({ traceId: 'ABCDEF0123456789ABCDEF0123456789', flavour: 'x' }));
    expect(span.traceId).toBe('abcdef0123456789abcdef0123456789');
  });

  it('keeps the first of repeated attribute keys', () => {
    const span = firstSpan(
      spanWith({
        attributes: [
          { key: 'k', value: { stringValue: '1' } },
          { key: 'k', value: { stringValue: '2' } },
        ],
      }),
    );
    expect(span.attributes.get('k')).toBe('1');
  });

  it('reads missing fields as protobuf defaults', () => {
    const span = firstSpan(spanWith({}));
    expect(span).toMatchObject({
      traceId: '',
      startTimeUnixNano: '0',
      name: '',
      kind: 0,
      events: [],
    });
  });

  it('accepts an empty request', () => {
    expect(decodeTraceJson(jsonBytes({}))).toEqual({ resourceSpans: [] });
  });

  it.each([
    ['not JSON', '{"resourceSpans": [', /body is not valid JSON/],
    ['not an object', '[1]', /request: expected an object/],
    [
      'a base64 trace id',
      { traceId: 'W47/95gDgQPSabYzgT/GDA==' },
      /spans\[0\]\.traceId: expected a hex-encoded id/,
    ],
    [
      'a negative timestamp',
      { startTimeUnixNano: '-1' },
      /startTimeUnixNano: expected an unsigned 64-bit integer/,
    ],
    ['a fractional timestamp', { startTimeUnixNano: 1.5 }, /startTimeUnixNano/],
    ['a string enum', { kind: 'SPAN_KIND_SERVER' }, /spans\[0\]\.kind: expected a 32-bit integer/],
    [
      'an overflowing int64',
      { attributes: [{ key: 'k', value: { intValue: '9223372036854775808' } }] },
      /intValue: expected a 64-bit integer/,
    ],
  ])('refuses %s with a message naming the field', (_name, input, message) => {
    const body = typeof input === 'string' ? jsonBytes(input) : spanWith(input);
    expect(() => decodeTraceJson(body)).toThrow(OtlpDecodeError);
    expect(() => decodeTraceJson(body)).toThrow(message);
  });

  it('refuses invalid UTF-8', () => {
    expect(() => decodeTraceJson(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(/not valid UTF-8/);
  });

  it('refuses values nested too deeply', () => {
    let value: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 40; i++) value = { arrayValue: { values: [value] } };
    expect(() => decodeTraceJson(spanWith({ attributes: [{ key: 'deep', value }] }))).toThrow(
      /nest deeper than/,
    );
  });
});

describe('decodeLogsJson', () => {
  it('decodes a log record with severity, body, ids and times', () => {
    const batch = decodeLogsJson(
      jsonBytes({
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
            scopeLogs: [
              {
                scope: { name: 'app', version: '2' },
                logRecords: [
                  {
                    timeUnixNano: '1764151200000000001',
                    observedTimeUnixNano: 1764151200000000002n.toString(),
                    severityNumber: 17,
                    severityText: 'ERROR',
                    body: { stringValue: 'boom' },
                    traceId: '5b8efff798038103d269b633813fc60c',
                    spanId: 'eee19b7ec3c1b174',
                    eventName: 'app.failure',
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    const scopeLogs = batch.resourceLogs[0]!.scopeLogs[0]!;
    expect(scopeLogs.scope).toMatchObject({ name: 'app', version: '2' });
    expect(scopeLogs.logRecords[0]).toMatchObject({
      timeUnixNano: '1764151200000000001',
      observedTimeUnixNano: '1764151200000000002',
      severityNumber: 17,
      severityText: 'ERROR',
      body: 'boom',
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      eventName: 'app.failure',
    });
  });

  it('reads an absent body as null', () => {
    const batch = decodeLogsJson(
      jsonBytes({ resourceLogs: [{ scopeLogs: [{ logRecords: [{}] }] }] }),
    );
    expect(batch.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.body).toBeNull();
  });
});
