import { describe, expect, it } from 'vitest';
import { eventId, stableText } from './event-id.ts';

describe('stableText', () => {
  it('sorts map and object keys so insertion order does not matter', () => {
    const a = new Map<string, unknown>([
      ['x', 1],
      ['y', 2],
    ]);
    const b = new Map<string, unknown>([
      ['y', 2],
      ['x', 1],
    ]);
    expect(stableText(a)).toBe(stableText(b));
    expect(stableText({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('tells apart values that JSON would confuse', () => {
    expect(stableText(1n)).not.toBe(stableText(1));
    expect(stableText('1')).not.toBe(stableText(1));
    expect(stableText(new Uint8Array([1]))).not.toBe(stableText([1]));
  });
});

describe('eventId', () => {
  const at = '1764151200123456789'; // 2025-11-26T10:00:00.123456789Z

  it('is 32 lowercase hex digits and stable', () => {
    const id = eventId(['span_event', 't', 's', '1', 0], at);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(eventId(['span_event', 't', 's', '1', 0], at)).toBe(id);
  });

  it('changes with any part of the identity', () => {
    expect(eventId(['span_event', 't', 's', '1', 1], at)).not.toBe(
      eventId(['span_event', 't', 's', '1', 0], at),
    );
  });

  it('starts with the time in milliseconds, so ids sort by time', () => {
    expect(eventId(['x'], at).slice(0, 12)).toBe((1764151200123).toString(16).padStart(12, '0'));
    const times = ['999999', '1764151200123456789', '1764151200124000000', '18446744073709551615'];
    const ids = times.map((t, i) => eventId([`record ${times.length - i}`], t));
    expect([...ids].sort()).toEqual(ids);
    expect(eventId(['x'], '999999').slice(0, 12)).toBe('000000000000');
  });

  it('reads any form of time that BigInt does, clamped to 48 bits of milliseconds', () => {
    expect(eventId(['x'], '0x1000000').slice(0, 12)).toBe('000000000010');
    expect(eventId(['x'], '-5').slice(0, 12)).toBe('000000000000');
    expect(eventId(['x'], (2n ** 80n).toString()).slice(0, 12)).toBe('ffffffffffff');
  });
});
