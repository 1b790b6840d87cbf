import { hash } from 'node:crypto';

/**
 * event.id: a hash of where the record came from and what it says, so the
 * same record sent twice (an exporter's retry, a replayed spool) gets the
 * same id and the store keeps one copy. 128 bits of SHA-256, in hex.
 */
export function eventId(identity: readonly unknown[]): string {
  // One-shot hashing: no Hash object per event.
  return hash('sha256', stableText(identity), 'hex').slice(0, 32);
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
