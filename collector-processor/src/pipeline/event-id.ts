import { hash } from 'node:crypto';

/**
 * event.id: 32 lowercase hex digits. The last 20 are the first 80 bits of a
 * SHA-256 hash of where the record came from and what it says, so the same
 * record sent twice (an exporter's retry, a replayed spool) gets the same id
 * and the store keeps one copy. The first 12 are the event's time, in
 * milliseconds since the epoch, so ids sort by time (as UUIDv7 or
 * Elasticsearch's own ids do): events arrive roughly in time order, so a
 * store's id index takes each batch near its end instead of all over it.
 * Ids made before this (128 bits of the hash) stay valid; they only do not sort.
 */
export function eventId(identity: readonly unknown[], timeUnixNano: string): string {
  // One-shot hashing: no Hash object per event.
  return millisHex(timeUnixNano) + hash('sha256', stableText(identity), 'hex').slice(0, 20);
}

/** Plain digits (as the OTLP decoders write times), read without bigint arithmetic. */
const DIGITS = /^\d{1,20}$/;
const MAX_MILLIS = 2n ** 48n - 1n;

/** A time in nanoseconds as 12 hex digits of milliseconds (48 bits hold any uint64 time). */
function millisHex(nanos: string): string {
  let millis: number;
  if (DIGITS.test(nanos)) {
    millis = Number(nanos.slice(0, -6) || '0'); // below 10^14 < 2^48
  } else {
    const exact = BigInt(nanos) / 1_000_000n;
    millis = Number(exact < 0n ? 0n : exact > MAX_MILLIS ? MAX_MILLIS : exact);
  }
  return millis.toString(16).padStart(12, '0');
}

/** A canonical text for plain data (maps sorted by key; bigints and bytes spelled out). */
export function stableText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `"${value}"`;
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (value instanceof Uint8Array) return `b"${Buffer.from(value).toString('base64')}"`;
  if (Array.isArray(value)) return `[${value.map(stableText).join(',')}]`;
  const entries = value instanceof Map ? [...value] : Object.entries(value as object);
  const sorted = entries
    .map(([k, v]) => [String(k), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${sorted.map(([k, v]) => `${JSON.stringify(k)}:${stableText(v)}`).join(',')}}`;
}
