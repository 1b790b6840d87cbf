import type { LogRecord, OtlpValue, Span, SpanEvent } from './model.ts';
import { MAX_SKIM_DEPTH, Unsure, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, WireReader } from './wire.ts';

/**
 * The spans and log records the skim keeps (skim.ts), decoded straight from
 * the wire into the internal shape, without the generated code's message
 * objects and 64-bit Longs: the same result as protobuf.ts gives for the
 * ordinary encodings the skim has already walked and checked (UTF-8, lengths,
 * wire types, nesting). What it does not model — a message field or an
 * AnyValue member given twice, which the generated code merges — throws
 * `Unsure`, and the record is decoded the generated way.
 */

const TWO_32 = 0x1_0000_0000;

class WireDecoder {
  readonly reader: WireReader;
  readonly #text: Buffer;

  constructor(body: Uint8Array, start: number) {
    this.reader = new WireReader(body);
    this.reader.pos = start;
    this.#text = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }

  string(end: number): string {
    const stop = this.reader.len(end);
    const start = this.reader.pos;
    this.reader.pos = stop;
    return this.#text.toString('utf8', start, stop);
  }

  hex(end: number): string {
    const stop = this.reader.len(end);
    const start = this.reader.pos;
    this.reader.pos = stop;
    return this.#text.toString('hex', start, stop);
  }

  /** A fixed64 as exact decimal nanoseconds. */
  nanos(end: number): string {
    const low = this.reader.fixed32(end);
    const high = this.reader.fixed32(end);
    if (high < 0x20_0000) return String(high * TWO_32 + low); // below 2^53: exact as a number
    return ((BigInt(high) << 32n) | BigInt(low)).toString();
  }

  /** A signed 64-bit varint (int64). */
  int64(end: number): bigint {
    const r = this.reader;
    const buf = r.buf;
    let value = 0;
    // Up to 7 bytes (49 bits) stay exact as a number.
    for (let shift = 0; shift < 49; shift += 7) {
      if (r.pos >= end) throw new Unsure();
      const b = buf[r.pos++]!;
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return BigInt(value);
    }
    let big = BigInt(value);
    for (let shift = 49n; shift < 70n; shift += 7n) {
      if (r.pos >= end) throw new Unsure();
      const b = buf[r.pos++]!;
      // A tenth byte carries one bit; what more it says, the generated code reads its own way.
      if (shift === 63n && b > 1) throw new Unsure();
      big |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asIntN(64, big);
    }
    throw new Unsure();
  }

  double(end: number): number {
    if (end - this.reader.pos < 8) throw new Unsure();
    const value = this.#text.readDoubleLE(this.reader.pos);
    this.reader.pos += 8;
    return value;
  }

  keyValues(into: Map<string, OtlpValue>, end: number, depth: number): void {
    let key = '';
    let value: OtlpValue = null;
    let hasValue = false;
    const r = this.reader;
    while (r.pos < end) {
      const tag = r.tag(end);
      const wire = tag & 7;
      const field = tag >>> 3;
      if (field === 1 && wire === WIRE_LEN) key = this.string(end);
      else if (field === 2 && wire === WIRE_LEN) {
        if (hasValue) throw new Unsure(); // merged by the generated code
        hasValue = true;
        value = this.anyValue(r.len(end), depth);
      } else r.skip(wire, end);
    }
    // The first occurrence of a key is kept (protobuf.ts).
    if (!into.has(key)) into.set(key, value);
  }

  anyValue(end: number, depth: number): OtlpValue {
    if (depth > MAX_SKIM_DEPTH) throw new Unsure();
    const r = this.reader;
    let value: OtlpValue = null;
    let members = 0;
    while (r.pos < end) {
      const tag = r.tag(end);
      const wire = tag & 7;
      const field = tag >>> 3;
      if (field >= 1 && field <= 8 && ++members > 1) throw new Unsure();
      if (field === 1 && wire === WIRE_LEN) value = this.string(end);
      else if (field === 2 && wire === WIRE_VARINT) value = r.varint32(end) !== 0;
      else if (field === 3 && wire === WIRE_VARINT) value = this.int64(end);
      else if (field === 4 && wire === WIRE_FIXED64) value = this.double(end);
      else if (field === 5 && wire === WIRE_LEN) value = this.array(r.len(end), depth + 1);
      else if (field === 6 && wire === WIRE_LEN) {
        const map = new Map<string, OtlpValue>();
        this.repeated(r.len(end), (e) => this.keyValues(map, e, depth + 1));
        value = map;
      } else if (field === 7 && wire === WIRE_LEN) {
        const stop = r.len(end);
        value = new Uint8Array(r.buf.subarray(r.pos, stop)); // a copy, as protobuf.ts makes
        r.pos = stop;
      } else if (field === 8 && wire === WIRE_VARINT) {
        r.varint32(end); // a string-table index: protobuf.ts reads no value from it
        value = null;
      } else if (field >= 1 && field <= 8) throw new Unsure();
      else r.skip(wire, end);
    }
    return value;
  }

  array(end: number, depth: number): OtlpValue[] {
    const values: OtlpValue[] = [];
    this.repeated(end, (e) => values.push(this.anyValue(e, depth)));
    return values;
  }

  /** A message whose only field is `repeated <message> = 1`. */
  repeated(end: number, item: (end: number) => void): void {
    const r = this.reader;
    while (r.pos < end) {
      const tag = r.tag(end);
      if (tag >>> 3 === 1 && (tag & 7) === WIRE_LEN) item(r.len(end));
      else r.skip(tag & 7, end);
    }
  }

  event(end: number): SpanEvent {
    const r = this.reader;
    let timeUnixNano = '0';
    let name = '';
    const attributes = new Map<string, OtlpValue>();
    while (r.pos < end) {
      const tag = r.tag(end);
      const wire = tag & 7;
      const field = tag >>> 3;
      if (field === 1 && wire === WIRE_FIXED64) timeUnixNano = this.nanos(end);
      else if (field === 2 && wire === WIRE_LEN) name = this.string(end);
      else if (field === 3 && wire === WIRE_LEN) this.keyValues(attributes, r.len(end), 0);
      else r.skip(wire, end);
    }
    return { timeUnixNano, name, attributes };
  }

  status(end: number): { code: number; message: string } {
    const r = this.reader;
    let code = 0;
    let message = '';
    while (r.pos < end) {
      const tag = r.tag(end);
      const wire = tag & 7;
      const field = tag >>> 3;
      if (field === 2 && wire === WIRE_LEN) message = this.string(end);
      else if (field === 3 && wire === WIRE_VARINT) code = r.varint32(end) | 0;
      else r.skip(wire, end);
    }
    return { code, message };
  }
}

/** Decodes a Span the skim walked (bytes `start`–`end` of `body`). */
export function decodeSpanWire(body: Uint8Array, start: number, end: number): Span {
  const d = new WireDecoder(body, start);
  const r = d.reader;
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let name = '';
  let kind = 0;
  let startTimeUnixNano = '0';
  let endTimeUnixNano = '0';
  const attributes = new Map<string, OtlpValue>();
  const events: SpanEvent[] = [];
  let status = { code: 0, message: '' };
  let hasStatus = false;
  while (r.pos < end) {
    const tag = r.tag(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN);
        traceId = d.hex(end);
        break;
      case 2:
        r.expect(wire, WIRE_LEN);
        spanId = d.hex(end);
        break;
      case 4:
        r.expect(wire, WIRE_LEN);
        parentSpanId = d.hex(end);
        break;
      case 5:
        r.expect(wire, WIRE_LEN);
        name = d.string(end);
        break;
      case 6:
        r.expect(wire, WIRE_VARINT);
        kind = r.varint32(end) | 0;
        break;
      case 7:
        r.expect(wire, WIRE_FIXED64);
        startTimeUnixNano = d.nanos(end);
        break;
      case 8:
        r.expect(wire, WIRE_FIXED64);
        endTimeUnixNano = d.nanos(end);
        break;
      case 9:
        r.expect(wire, WIRE_LEN);
        d.keyValues(attributes, r.len(end), 0);
        break;
      case 11:
        r.expect(wire, WIRE_LEN);
        events.push(d.event(r.len(end)));
        break;
      case 15:
        r.expect(wire, WIRE_LEN);
        if (hasStatus) throw new Unsure();
        hasStatus = true;
        status = d.status(r.len(end));
        break;
      default:
        r.skip(wire, end);
    }
  }
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind,
    startTimeUnixNano,
    endTimeUnixNano,
    attributes,
    events,
    status,
  };
}

/** Decodes a LogRecord the skim walked (bytes `start`–`end` of `body`). */
export function decodeLogRecordWire(body: Uint8Array, start: number, end: number): LogRecord {
  const d = new WireDecoder(body, start);
  const r = d.reader;
  let timeUnixNano = '0';
  let observedTimeUnixNano = '0';
  let severityNumber = 0;
  let severityText = '';
  let value: OtlpValue = null;
  let hasBody = false;
  const attributes = new Map<string, OtlpValue>();
  let traceId = '';
  let spanId = '';
  let eventName = '';
  while (r.pos < end) {
    const tag = r.tag(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_FIXED64);
        timeUnixNano = d.nanos(end);
        break;
      case 11:
        r.expect(wire, WIRE_FIXED64);
        observedTimeUnixNano = d.nanos(end);
        break;
      case 2:
        r.expect(wire, WIRE_VARINT);
        severityNumber = r.varint32(end) | 0;
        break;
      case 3:
        r.expect(wire, WIRE_LEN);
        severityText = d.string(end);
        break;
      case 5:
        r.expect(wire, WIRE_LEN);
        if (hasBody) throw new Unsure();
        hasBody = true;
        value = d.anyValue(r.len(end), 0);
        break;
      case 6:
        r.expect(wire, WIRE_LEN);
        d.keyValues(attributes, r.len(end), 0);
        break;
      case 9:
        r.expect(wire, WIRE_LEN);
        traceId = d.hex(end);
        break;
      case 10:
        r.expect(wire, WIRE_LEN);
        spanId = d.hex(end);
        break;
      case 12:
        r.expect(wire, WIRE_LEN);
        eventName = d.string(end);
        break;
      default:
        r.skip(wire, end);
    }
  }
  return {
    timeUnixNano,
    observedTimeUnixNano,
    severityNumber,
    severityText,
    body: value,
    attributes,
    traceId,
    spanId,
    eventName,
  };
}

/** `decode` on the record's bytes; the generated code (`fallback`) when it meets what it does not model. */
export function wireOr<T>(
  decode: (body: Uint8Array, start: number, end: number) => T,
  fallback: (bytes: Uint8Array) => T,
  body: Uint8Array,
  start: number,
  end: number,
): T {
  try {
    return decode(body, start, end);
  } catch (error) {
    if (error instanceof Unsure) return fallback(body.subarray(start, end));
    throw error;
  }
}
