import { isUtf8 } from 'node:buffer';

/**
 * A protobuf wire reader for the skim (skim.ts): it walks OTLP messages
 * without building objects, checking on the way everything the full decode
 * would refuse. It models only well-formed, ordinary encodings; anything else
 * (a known field with an unexpected wire type, groups, over-long varints,
 * values nested deeper than `MAX_SKIM_DEPTH`, bytes that are not UTF-8 where
 * a string belongs) throws `Unsure`, and the caller decodes the request the
 * full way, which then accepts or refuses it exactly as it always did.
 */

/** The skim cannot vouch for this body; decode it fully. */
export class Unsure extends Error {}
const UNSURE = new Unsure('the skim does not model this encoding');

/** AnyValue nesting the skim follows; deeper values go the full way (its limits and errors). */
export const MAX_SKIM_DEPTH = 20;

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

const EXCEPTION = Buffer.from('exception');

export class WireReader {
  readonly buf: Uint8Array;
  pos = 0;

  constructor(buf: Uint8Array) {
    this.buf = buf;
  }

  /** A varint of at most 5 bytes (tags, 32-bit fields), as protobufjs reads them. */
  varint32(end: number): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.pos >= end) throw UNSURE;
      const b = this.buf[this.pos++]!;
      value |= (b & 0x7f) << shift;
      if (b < 0x80) return value;
    }
    throw UNSURE;
  }

  /** Skips a 64-bit varint (at most 10 bytes). */
  skipVarint64(end: number): void {
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw UNSURE;
      if (this.buf[this.pos++]! < 0x80) return;
    }
    throw UNSURE;
  }

  /** A field tag: [field number, wire type]; field 0 and groups are not modelled. */
  tag(end: number): number {
    const tag = this.varint32(end) >>> 0;
    const wire = tag & 7;
    if (tag >>> 3 === 0 || (wire !== 0 && wire !== 1 && wire !== 2 && wire !== 5)) throw UNSURE;
    return tag;
  }

  /** The end of a length-delimited field starting here (its bytes start at `pos`). */
  len(end: number): number {
    const n = this.varint32(end) >>> 0;
    if (n > end - this.pos) throw UNSURE;
    return this.pos + n;
  }

  fixed32(end: number): number {
    if (end - this.pos < 4) throw UNSURE;
    const b = this.buf;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** A fixed64 as a number (exact below 2^53; the skim only needs magnitudes). */
  fixed64(end: number): number {
    const low = this.fixed32(end);
    return this.fixed32(end) * 0x1_0000_0000 + low;
  }

  /** A string field, checked to be UTF-8 as the full decode checks it; returns where its bytes start. */
  string(end: number): number {
    const stop = this.len(end);
    const start = this.pos;
    const b = this.buf;
    for (let i = start; i < stop; i++) {
      if (b[i]! >= 0x80) {
        if (!isUtf8(b.subarray(start, stop))) throw UNSURE;
        break;
      }
    }
    this.pos = stop;
    return start;
  }

  /** A string field read as text (after the same check). */
  text(end: number): string {
    const start = this.string(end);
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + start, this.pos - start).toString();
  }

  /** Whether a string field holds exactly "exception" (and skips it). */
  isException(end: number): boolean {
    const start = this.string(end);
    if (this.pos - start !== EXCEPTION.length) return false;
    for (let i = 0; i < EXCEPTION.length; i++)
      if (this.buf[start + i] !== EXCEPTION[i]) return false;
    return true;
  }

  /** Skips a field whose number the message does not know (protobufjs discards those). */
  skip(wire: number, end: number): void {
    if (wire === WIRE_VARINT) this.skipVarint64(end);
    else if (wire === WIRE_FIXED64) this.fixed64(end);
    else if (wire === WIRE_FIXED32) this.fixed32(end);
    else this.pos = this.len(end);
  }

  /** A known field arrived with another wire type: protobufjs would skip it; the skim does not guess. */
  expect(wire: number, wanted: number): void {
    if (wire !== wanted) throw UNSURE;
  }

  /** Checks a KeyValue; `keys` collects the key when given. */
  keyValue(end: number, depth: number, keys?: string[]): void {
    while (this.pos < end) {
      const tag = this.tag(end);
      const wire = tag & 7;
      switch (tag >>> 3) {
        case 1:
          this.expect(wire, WIRE_LEN);
          if (keys) keys.push(this.text(end));
          else this.string(end);
          break;
        case 2:
          this.expect(wire, WIRE_LEN);
          this.anyValue(this.len(end), depth);
          break;
        case 3: // key_strindex
          this.expect(wire, WIRE_VARINT);
          this.varint32(end);
          break;
        default:
          this.skip(wire, end);
      }
    }
  }

  /** Checks an AnyValue nested `depth` levels deep (as protobuf.ts counts them). */
  anyValue(end: number, depth: number): void {
    if (depth > MAX_SKIM_DEPTH) throw UNSURE;
    while (this.pos < end) {
      const tag = this.tag(end);
      const wire = tag & 7;
      switch (tag >>> 3) {
        case 1: // string_value
          this.expect(wire, WIRE_LEN);
          this.string(end);
          break;
        case 2: // bool_value
          this.expect(wire, WIRE_VARINT);
          this.varint32(end);
          break;
        case 3: // int_value
          this.expect(wire, WIRE_VARINT);
          this.skipVarint64(end);
          break;
        case 4: // double_value
          this.expect(wire, WIRE_FIXED64);
          this.fixed64(end);
          break;
        case 5: // array_value: ArrayValue { repeated AnyValue values = 1 }
          this.expect(wire, WIRE_LEN);
          this.repeated(this.len(end), (e) => this.anyValue(e, depth + 1));
          break;
        case 6: // kvlist_value: KeyValueList { repeated KeyValue values = 1 }
          this.expect(wire, WIRE_LEN);
          this.repeated(this.len(end), (e) => this.keyValue(e, depth + 1));
          break;
        case 7: // bytes_value
          this.expect(wire, WIRE_LEN);
          this.pos = this.len(end);
          break;
        case 8: // string_value_strindex
          this.expect(wire, WIRE_VARINT);
          this.varint32(end);
          break;
        default:
          this.skip(wire, end);
      }
    }
  }

  /** A message whose only known field is `repeated <message> = 1`. */
  repeated(end: number, item: (end: number) => void): void {
    while (this.pos < end) {
      const tag = this.tag(end);
      const wire = tag & 7;
      if (tag >>> 3 === 1) {
        this.expect(wire, WIRE_LEN);
        item(this.len(end));
      } else this.skip(wire, end);
    }
  }

  /** Checks a Resource (attributes = 1, dropped_attributes_count = 2, entity_refs = 3). */
  resource(end: number): void {
    while (this.pos < end) {
      const tag = this.tag(end);
      const wire = tag & 7;
      const field = tag >>> 3;
      if (field === 1) this.attributes(wire, end);
      else if (field === 2) {
        this.expect(wire, WIRE_VARINT);
        this.varint32(end);
      } else if (field === 3) {
        this.expect(wire, WIRE_LEN);
        this.entityRef(this.len(end));
      } else this.skip(wire, end);
    }
  }

  /** Checks an EntityRef: fields 1–4 are all strings. */
  entityRef(end: number): void {
    while (this.pos < end) {
      const tag = this.tag(end);
      const wire = tag & 7;
      const field = tag >>> 3;
      if (field >= 1 && field <= 4) {
        this.expect(wire, WIRE_LEN);
        this.string(end);
      } else this.skip(wire, end);
    }
  }

  /** Checks an InstrumentationScope (name = 1, version = 2, attributes = 3, dropped = 4). */
  scope(end: number): void {
    while (this.pos < end) {
      const tag = this.tag(end);
      const wire = tag & 7;
      const field = tag >>> 3;
      if (field === 1 || field === 2) {
        this.expect(wire, WIRE_LEN);
        this.string(end);
      } else if (field === 3) this.attributes(wire, end);
      else if (field === 4) {
        this.expect(wire, WIRE_VARINT);
        this.varint32(end);
      } else this.skip(wire, end);
    }
  }

  /** Checks a repeated-KeyValue field's entry (the caller read the tag). */
  attributes(wire: number, end: number, keys?: string[]): void {
    this.expect(wire, WIRE_LEN);
    this.keyValue(this.len(end), 0, keys);
  }
}
