import type { OtlpValue } from '../otlp/model.ts';

/**
 * Conversions from OTLP values to the scalars an event document holds. Never
 * lossy in silence: a 64-bit integer beyond 2^53 becomes a decimal string, a
 * non-finite double becomes its name.
 */

export type Scalar = string | number | boolean;

const isMap = (v: OtlpValue): v is ReadonlyMap<string, OtlpValue> => v instanceof Map;

export function toScalar(v: OtlpValue): Scalar | undefined {
  if (v === null) return undefined;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v)
      : v.toString();
  }
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return JSON.stringify(toJson(v));
}

/** A JSON-safe rendering of any value (for arrays, kvlists and non-string log bodies). */
export function toJson(v: OtlpValue): unknown {
  if (Array.isArray(v)) return v.map(toJson);
  if (isMap(v)) return Object.fromEntries([...v].map(([k, x]) => [k, toJson(x)]));
  return toScalar(v) ?? null;
}

/** Text for fields such as service.name: strings as they are, other scalars spelled out. */
export function toText(v: OtlpValue | undefined): string | undefined {
  if (v === undefined || v === null || Array.isArray(v) || isMap(v) || v instanceof Uint8Array) {
    return undefined;
  }
  return String(v);
}

/** Integer fields (status code, line number): integers and integer strings, nothing else. */
export function toInteger(v: OtlpValue | undefined): number | undefined {
  if (typeof v === 'bigint') return toInteger(toScalar(v) as OtlpValue);
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/**
 * Flattens nested kvlists into dotted keys ("a" → {b: 1} becomes "a.b": 1);
 * arrays become JSON text so the stored mapping never grows per element.
 */
export function flattenInto(
  target: Record<string, Scalar>,
  key: string,
  value: OtlpValue,
  depth = 0,
): void {
  if (isMap(value) && depth < 8) {
    for (const [k, v] of value) {
      if (k !== '') flattenInto(target, `${key}.${k}`, v, depth + 1);
    }
    return;
  }
  const scalar = toScalar(value);
  if (scalar !== undefined) target[key] = scalar;
}

/** Non-negative numbers (durations, memory): numbers, bigints and numeric strings. */
export function toNumber(v: OtlpValue | undefined): number | undefined {
  if (typeof v === 'bigint') return v >= 0n ? Number(v) : undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** A list of strings: an OTLP array of scalars, or one comma-separated string. */
export function toStringList(v: OtlpValue | undefined): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const items = Array.isArray(v)
    ? (v as readonly OtlpValue[]).map(toText)
    : (toText(v)?.split(',') ?? []);
  const out = items.map((s) => s?.trim() ?? '').filter((s) => s !== '');
  return out.length > 0 ? out : undefined;
}
