/**
 * Nanosecond timestamps stay decimal strings; arithmetic, where needed, is bigint.
 * A JS number holds only 2^53, i.e. microsecond precision for today's dates.
 */

const NANOS_PER_MILLI = 1_000_000n;

/** '1764151200123456789' → '2025-11-26T10:00:00.123456789Z' (UTC, all nine digits kept). */
export function nanosToIso(nanos: string): string {
  // Plain digits (as the decoders write them) are cut as text: bigint arithmetic
  // cost more than the rest of the conversion.
  if (!DIGITS.test(nanos)) return nanosToIsoExact(nanos);
  const digits = nanos.padStart(10, '0');
  const iso = new Date(Number(digits.slice(0, -6))).toISOString(); // exact: < 2^53 ms
  return `${iso.slice(0, 19)}.${digits.slice(-9)}Z`;
}

/** At most 20 digits: a fixed64 and a little more, so the milliseconds stay below 2^53. */
const DIGITS = /^\d{1,20}$/;

/** The same with bigint arithmetic, for any other form BigInt() reads. */
export function nanosToIsoExact(nanos: string): string {
  const n = BigInt(nanos);
  const millis = n / NANOS_PER_MILLI;
  const iso = new Date(Number(millis)).toISOString(); // exact: millis < 2^53 for any uint64 nanos
  const fraction = (n % 1_000_000_000n).toString().padStart(9, '0');
  return `${iso.slice(0, 19)}.${fraction}Z`;
}

export function isZeroNanos(nanos: string): boolean {
  return /^0*$/.test(nanos);
}
