/**
 * Event times in the SQLite layout: nanoseconds since the epoch as an
 * INTEGER. Index keys of eight bytes compare much faster than the
 * 30-character sortable text and keep its exact nanosecond order.
 * JavaScript numbers cannot hold them exactly, so they cross to and from
 * SQLite as BigInt. int64 covers 1677-09-21 to 2262-04-11; events outside are
 * refused with a clear error, filter bounds outside are clamped.
 */

const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;
const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

const unclamped = (sortable: string) =>
  BigInt(Date.parse(`${sortable.slice(0, 19)}Z`)) * NS_PER_MS + BigInt(sortable.slice(20, 29));

/** A sortable timestamp (timestamp.ts: nine fractional digits, 'Z') as nanoseconds. */
export function nanosOf(sortable: string): bigint {
  const ns = unclamped(sortable);
  if (ns < MIN || ns > MAX) {
    throw new RangeError(`timestamp outside 1677-09-21 to 2262-04-11: ${sortable}`);
  }
  return ns;
}

/** A filter bound as nanoseconds, clamped to what an event time can be. */
export function boundOf(sortable: string): bigint {
  const ns = unclamped(sortable);
  return ns < MIN ? MIN : ns > MAX ? MAX : ns;
}

/** Nanoseconds back to the sortable form. */
export function sortableOf(ns: bigint): string {
  const seconds = floorDiv(ns, NS_PER_S);
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}.${String(ns - seconds * NS_PER_S).padStart(9, '0')}Z`;
}

export type Period = 'hour' | 'day';

export const PERIOD_MS: Record<Period, number> = { hour: 3_600_000, day: 86_400_000 };
const PERIOD_NS: Record<Period, bigint> = { hour: 3_600_000_000_000n, day: 86_400_000_000_000n };

/** a / b rounded down (BigInt division rounds toward zero); b > 0. */
const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : (a + 1n) / b - 1n);

/** The number of the hour or day (since the epoch) holding an event time. */
export const bucketOf = (ns: bigint, period: Period): number =>
  Number(floorDiv(ns, PERIOD_NS[period]));

/** The same in SQL, over an expression holding nanoseconds (floored, as bucketOf). */
export function bucketSql(ns: string, period: Period): string {
  const unit = PERIOD_NS[period];
  return `(${ns} / ${unit} - (${ns} % ${unit} < 0))`;
}

/** Milliseconds since the epoch in SQL (for times shown with millisecond precision). */
export const millisSql = (ns: string) => `(${ns} / ${NS_PER_MS} - (${ns} % ${NS_PER_MS} < 0))`;
