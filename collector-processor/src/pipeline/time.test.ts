import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isZeroNanos, nanosToIso, nanosToIsoExact } from './time.ts';

describe('nanosToIso', () => {
  it('keeps all nine fractional digits', () => {
    expect(nanosToIso('1764151200123456789')).toBe('2025-11-26T10:00:00.123456789Z');
  });

  it('pads small fractions', () => {
    expect(nanosToIso('1000000000000000001')).toBe('2001-09-09T01:46:40.000000001Z');
  });

  it('handles the largest fixed64', () => {
    expect(nanosToIso('18446744073709551615')).toBe('2554-07-21T23:34:33.709551615Z');
  });

  it('cuts digit strings as the bigint arithmetic does (leading zeros and short ones too)', () => {
    const digits = fc.oneof(
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
      fc.stringMatching(/^[0-9]{1,20}$/),
    );
    fc.assert(
      fc.property(digits, (n) => {
        expect(nanosToIso(n)).toBe(nanosToIsoExact(n));
      }),
    );
  });
});

describe('isZeroNanos', () => {
  it.each([
    ['0', true],
    ['', true],
    ['000', true],
    ['1', false],
  ])('%j → %s', (n, zero) => expect(isZeroNanos(n)).toBe(zero));
});
