import { MAX_VALUE_DEPTH, OtlpDecodeError } from './errors.ts';
import type { Attributes, OtlpValue } from './model.ts';

/**
 * Typed readers for OTLP/JSON fields, as the OTLP specification defines the
 * encoding: lowerCamelCase names, hex ids, 64-bit integers as strings or
 * numbers, enums as integers, unknown fields ignored. Each reader takes the
 * field's path so an error says exactly where the body went wrong. A missing
 * or null field reads as its protobuf default.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

function fail(path: string, expected: string, value: unknown): never {
  const shown = typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
  const text = shown === undefined ? String(value) : shown;
  throw new OtlpDecodeError(
    `${path}: expected ${expected}, got ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`,
  );
}

const absent = (v: unknown): v is null | undefined => v === undefined || v === null;

export function readObject(v: unknown, path: string): JsonObject {
  if (absent(v)) return {};
  if (typeof v !== 'object' || Array.isArray(v)) fail(path, 'an object', v);
  return v as JsonObject;
}

export function readArray(v: unknown, path: string): readonly unknown[] {
  if (absent(v)) return [];
  if (!Array.isArray(v)) fail(path, 'an array', v);
  return v;
}

export function readString(v: unknown, path: string): string {
  if (absent(v)) return '';
  if (typeof v !== 'string') fail(path, 'a string', v);
  return v;
}

/** An int32 or enum: an integer (the spec's form for enums) or a decimal string. */
export function readInt32(v: unknown, path: string): number {
  if (absent(v)) return 0;
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) {
    fail(path, 'a 32-bit integer', v);
  }
  return n;
}

function readBigInt(v: unknown, path: string, min: bigint, max: bigint, what: string): bigint {
  let n: bigint | undefined;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
  else if (typeof v === 'string' && /^-?\d+$/.test(v)) n = BigInt(v);
  if (n === undefined || n < min || n > max) fail(path, what, v);
  return n;
}

/** A fixed64 nanosecond timestamp, returned as an exact decimal string ('0' when absent). */
export function readNanos(v: unknown, path: string): string {
  if (absent(v)) return '0';
  return readBigInt(v, path, 0n, UINT64_MAX, 'an unsigned 64-bit integer').toString();
}

export function readInt64(v: unknown, path: string): bigint {
  if (absent(v)) return 0n;
  return readBigInt(v, path, INT64_MIN, INT64_MAX, 'a 64-bit integer');
}

/** Trace and span ids are hex in OTLP/JSON (not base64 as plain proto3 JSON would have). */
export function readHexId(v: unknown, path: string): string {
  if (absent(v)) return '';
  if (typeof v !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(v)) {
    fail(path, 'a hex-encoded id', v);
  }
  return v.toLowerCase();
}

function readDouble(v: unknown, path: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  // proto3 JSON spells the non-finite doubles as strings and allows numeric strings.
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  fail(path, 'a number', v);
}

function readBytes(v: unknown, path: string): Uint8Array {
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(v)) fail(path, 'base64 bytes', v);
  return new Uint8Array(Buffer.from(v, 'base64'));
}

export function readAnyValue(v: unknown, path: string, depth = 0): OtlpValue {
  if (depth > MAX_VALUE_DEPTH) {
    throw new OtlpDecodeError(`${path}: values nest deeper than ${MAX_VALUE_DEPTH} levels`);
  }
  const o = readObject(v, path);
  if (!absent(o.stringValue)) return readString(o.stringValue, `${path}.stringValue`);
  if (!absent(o.boolValue)) {
    if (typeof o.boolValue !== 'boolean') fail(`${path}.boolValue`, 'a boolean', o.boolValue);
    return o.boolValue;
  }
  if (!absent(o.intValue)) return readInt64(o.intValue, `${path}.intValue`);
  if (!absent(o.doubleValue)) return readDouble(o.doubleValue, `${path}.doubleValue`);
  if (!absent(o.bytesValue)) return readBytes(o.bytesValue, `${path}.bytesValue`);
  if (!absent(o.arrayValue)) {
    const p = `${path}.arrayValue.values`;
    const values = readArray(readObject(o.arrayValue, `${path}.arrayValue`).values, p);
    return values.map((item, i) => readAnyValue(item, `${p}[${i}]`, depth + 1));
  }
  if (!absent(o.kvlistValue)) {
    const p = `${path}.kvlistValue`;
    return readKeyValues(readObject(o.kvlistValue, p).values, `${p}.values`, depth + 1);
  }
  return null;
}

export function readKeyValues(v: unknown, path: string, depth = 0): Attributes {
  const result = new Map<string, OtlpValue>();
  readArray(v, path).forEach((item, i) => {
    const kv = readObject(item, `${path}[${i}]`);
    const key = readString(kv.key, `${path}[${i}].key`);
    const value = readAnyValue(kv.value, `${path}[${i}].value`, depth);
    if (!result.has(key)) result.set(key, value);
  });
  return result;
}

type Reviver = (
  this: unknown,
  key: string,
  value: unknown,
  context?: { source?: string },
) => unknown;

/**
 * JSON.parse that keeps integers beyond 2^53 exact (as bigints), using the
 * reviver's access to the source text: a sender may write a nanosecond
 * timestamp as a bare JSON number, which a plain JSON.parse would round.
 */
export function parseJsonExact(text: string): unknown {
  const reviver: Reviver = (_key, value, context) => {
    if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source) {
      if (/^-?\d+$/.test(context.source)) return BigInt(context.source);
    }
    return value;
  };
  return JSON.parse(text, reviver as Parameters<typeof JSON.parse>[1]);
}
