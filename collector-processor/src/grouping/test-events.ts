import type { FaultlineEvent } from '../schema/index.ts';

/** A minimal valid event for grouping tests; `error` and the rest override the defaults. */
export function testEvent(over: Partial<FaultlineEvent> = {}): FaultlineEvent {
  return {
    '@timestamp': '2026-01-01T00:00:00.000Z',
    message: over.error?.message ?? 'something failed',
    event: { id: 'e1' },
    log: { level: 'ERROR' },
    faultline: { log_type: 'EXCEPTION', severity: 'ERROR', status: 'open' },
    ...over,
  };
}
