import type { FaultlineEvent, Severity } from '../schema/index.ts';
import { sampleEvent } from '../store/conformance.ts';

/** An error event of pattern `key`, optionally from a service version, user and severity. */
export function patternEvent(
  id: string,
  at: string,
  key: string,
  options: { version?: string; user?: string; severity?: Severity; service?: string } = {},
): FaultlineEvent {
  return sampleEvent(id, at, {
    message: `pool ${id.length} exhausted`,
    error: { type: 'PoolError', message: `pool ${id.length} exhausted`, grouping_key: key },
    faultline: { log_type: 'EXCEPTION', severity: options.severity ?? 'ERROR', status: 'open' },
    service: {
      name: options.service ?? 'checkout',
      ...(options.version ? { version: options.version } : {}),
    },
    deployment: { environment: { name: 'prod' } },
    ...(options.user ? { user: { id: options.user } } : {}),
  });
}
