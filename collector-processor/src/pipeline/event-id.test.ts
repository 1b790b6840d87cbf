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
  it('is 32 hex characters and stable', () => {
    const id = eventId(['span_event', 't', 's', '1', 0]);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(eventId(['span_event', 't', 's', '1', 0])).toBe(id);
  });

  it('changes with any part', () => {
    expect(eventId(['span_event', 't', 's', '1', 1])).not.toBe(
      eventId(['span_event', 't', 's', '1', 0]),
    );
  });
});
