import type { FaultlineEvent } from '@faultline/collector-processor/schema';
import { validateEvent } from '@faultline/collector-processor/schema';
import type { EventsPage } from '../services/api.ts';

/** A schema-valid event; tests override what they look at. Invalid fixtures fail loudly. */
export function makeEvent(overrides: Partial<FaultlineEvent> = {}): FaultlineEvent {
  const event: FaultlineEvent = {
    '@timestamp': '2026-03-01T12:00:00.000Z',
    message: 'Cannot read properties of undefined (reading "id")',
    event: { id: 'evt-1' },
    log: { level: 'ERROR' },
    faultline: { log_type: 'EXCEPTION', severity: 'ERROR', status: 'open' },
    error: { type: 'TypeError', message: 'Cannot read properties of undefined (reading "id")' },
    service: { name: 'checkout' },
    http: { route: '/orders/:id', request: { method: 'GET' } },
    ...overrides,
  };
  const result = validateEvent(event);
  if (!result.ok) throw new Error(`fixture is not a valid event: ${result.errors.join('; ')}`);
  return event;
}

export function makePage(items: FaultlineEvent[], next: string | null = null): EventsPage {
  return { items, next, total: { value: items.length, relation: 'eq' } };
}
