import { describe, expect, it } from 'vitest';
import type { FaultlineEvent, StackFrame } from '../schema/index.ts';
import { fingerprint } from './fingerprint.ts';

function event(message: string, frames?: StackFrame[], type = 'TypeError'): FaultlineEvent {
  return {
    '@timestamp': '2026-11-26T10:00:00Z',
    message,
    event: { id: message },
    log: { level: 'ERROR' },
    faultline: { log_type: 'EXCEPTION', severity: 'ERROR', status: 'open' },
    error: { type, message, frames },
  };
}

const key = (e: FaultlineEvent) => fingerprint(e).error!.grouping_key;
const frame = (fn: string, line: number, in_app = true): StackFrame => ({
  function: fn,
  module: 'orders',
  line,
  in_app,
});

describe('fingerprint (the simple seam until src/grouping/ replaces it)', () => {
  it('is deterministic and 32 hex digits', () => {
    expect(key(event('x'))).toMatch(/^[0-9a-f]{32}$/);
    expect(key(event('x'))).toBe(key(event('x')));
  });

  it('with in-app frames: same functions group, line numbers and other messages do not matter', () => {
    const a = event('order 7 missing', [frame('load', 10), frame('vendor', 1, false)]);
    const b = event('order 8 missing: other words', [
      frame('load', 99),
      frame('vendorX', 5, false),
    ]);
    expect(key(a)).toBe(key(b));
    expect(key(event('m', [frame('save', 10)]))).not.toBe(key(a));
  });

  it('without frames: the message with digits masked, and the type', () => {
    expect(key(event('order 7 missing'))).toBe(key(event('order 12345 missing')));
    expect(key(event('order 7 missing'))).not.toBe(key(event('order 7 gone')));
    expect(key(event('x', undefined, 'RangeError'))).not.toBe(key(event('x')));
  });
});
