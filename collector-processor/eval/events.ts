import type { FaultlineEvent } from '../src/schema/index.ts';

/** A minimal valid event around a log message, as the pipeline would produce for a log record. */
export function messageEvent(message: string, type?: string): FaultlineEvent {
  return {
    '@timestamp': '2026-01-01T00:00:00.000Z',
    message,
    event: { id: 'e' },
    log: { level: 'ERROR' },
    ...(type !== undefined && { error: { type, message } }),
    faultline: { log_type: 'ERROR', severity: 'ERROR', status: 'open' },
  } as FaultlineEvent;
}
