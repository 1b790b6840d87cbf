import fc from 'fast-check';
import Long from 'long';
import { describe, expect, it } from 'vitest';
import type { opentelemetry } from './generated/otlp.js';
import { decodeLogRecordProtobuf, decodeSpanProtobuf } from './protobuf.ts';
import { opentelemetry as pb } from './generated/otlp.js';
import { decodeLogRecordWire, decodeSpanWire, wireOr } from './wire-decode.ts';

/**
 * The direct decode must give exactly what the generated code gives (through
 * protobuf.ts) for every span and log record, or step aside (`wireOr`).
 */

type PbAnyValue = opentelemetry.proto.common.v1.AnyValue.$Properties;
const Span = pb.proto.trace.v1.Span;
const LogRecord = pb.proto.logs.v1.LogRecord;

const int64 = fc
  .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
  .map((n) => Long.fromString(String(n)));
const uint64 = fc
  .oneof(
    fc.constant(0n),
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    fc.bigInt({ min: 0n, max: 2n ** 53n }),
  )
  .map((n) => Long.fromString(String(n), true));
const value: fc.Arbitrary<PbAnyValue> = fc.letrec<{ value: PbAnyValue }>((tie) => ({
  value: fc.oneof<fc.Arbitrary<PbAnyValue>[]>(
    { depthSize: 'small' },
    fc.record({ stringValue: fc.string({ unit: 'binary' }) }),
    fc.record({ intValue: int64 }),
    fc.record({ boolValue: fc.boolean() }),
    fc.record({ doubleValue: fc.double() }),
    fc.record({ bytesValue: fc.uint8Array({ maxLength: 4 }) }),
    fc.record({ stringValueStrindex: fc.nat() }),
    fc.constant({}),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie('value'), { maxLength: 3 }) }) }),
    fc.record({
      kvlistValue: fc.record({
        values: fc.array(fc.record({ key: fc.string({ maxLength: 3 }), value: tie('value') }), {
          maxLength: 3,
        }),
      }),
    }),
  ),
})).value;
const attributes = fc.array(
  fc.record(
    { key: fc.constantFrom('', 'a', 'b', 'exception.type'), value },
    { requiredKeys: ['key'] },
  ),
  { maxLength: 4 },
);
const bytes = fc.oneof(
  fc.constant(new Uint8Array()),
  fc.uint8Array({ minLength: 1, maxLength: 16 }),
);
const span = fc.record(
  {
    traceId: bytes,
    spanId: bytes,
    parentSpanId: bytes,
    traceState: fc.string(),
    name: fc.string({ unit: 'binary' }),
    kind: fc.integer({ min: 0, max: 5 }),
    startTimeUnixNano: uint64,
    endTimeUnixNano: uint64,
    attributes,
    droppedAttributesCount: fc.nat(),
    events: fc.array(
      fc.record({ timeUnixNano: uint64, name: fc.string(), attributes }, { requiredKeys: [] }),
      { maxLength: 2 },
    ),
    links: fc.array(fc.record({ traceId: bytes, spanId: bytes, attributes }), { maxLength: 1 }),
    status: fc.record(
      { code: fc.integer({ min: 0, max: 2 }), message: fc.string() },
      { requiredKeys: [] },
    ),
    flags: fc.nat(),
  },
  { requiredKeys: [] },
);
const logRecord = fc.record(
  {
    timeUnixNano: uint64,
    observedTimeUnixNano: uint64,
    severityNumber: fc.integer({ min: 0, max: 24 }),
    severityText: fc.string(),
    body: value,
    attributes,
    droppedAttributesCount: fc.nat(),
    flags: fc.nat(),
    traceId: bytes,
    spanId: bytes,
    eventName: fc.string(),
  },
  { requiredKeys: [] },
);

/** The record placed after some other bytes, as it sits inside a request. */
function within(record: Uint8Array): { body: Uint8Array; start: number; end: number } {
  const body = new Uint8Array(record.length + 3);
  body.set([0xaa, 0xbb, 0xcc]);
  body.set(record, 3);
  return { body, start: 3, end: body.length };
}

describe('decodeSpanWire', () => {
  it('gives what the generated code gives, for any span', () => {
    fc.assert(
      fc.property(span, (s) => {
        const encoded = Span.encode(s).finish();
        const { body, start, end } = within(encoded);
        expect(wireOr(decodeSpanWire, decodeSpanProtobuf, body, start, end)).toStrictEqual(
          decodeSpanProtobuf(encoded),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('steps aside for an AnyValue with two members (the generated code keeps the last)', () => {
    // attributes: KeyValue{key "a", value AnyValue{string_value "x", int_value 1}}
    const twice = Uint8Array.of(
      0x4a,
      0x0a,
      0x0a,
      0x01,
      0x61,
      0x12,
      0x05,
      0x0a,
      0x01,
      0x78,
      0x18,
      0x01,
    );
    expect(() => decodeSpanWire(twice, 0, twice.length)).toThrow();
    const { body, start, end } = within(twice);
    expect(wireOr(decodeSpanWire, decodeSpanProtobuf, body, start, end)).toStrictEqual(
      decodeSpanProtobuf(twice),
    );
  });
});

describe('decodeLogRecordWire', () => {
  it('gives what the generated code gives, for any log record', () => {
    fc.assert(
      fc.property(logRecord, (r) => {
        const encoded = LogRecord.encode(r).finish();
        const { body, start, end } = within(encoded);
        expect(
          wireOr(decodeLogRecordWire, decodeLogRecordProtobuf, body, start, end),
        ).toStrictEqual(decodeLogRecordProtobuf(encoded));
      }),
      { numRuns: 500 },
    );
  });
});
