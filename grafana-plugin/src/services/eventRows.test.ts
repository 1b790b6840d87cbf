import { describe, expect, it } from 'vitest';
import { makeEvent } from '../test/fixtures.ts';
import { toEventRow } from './eventRows.ts';

describe('toEventRow', () => {
  it('takes the table columns from the event', () => {
    expect(toEventRow(makeEvent())).toEqual({
      id: 'evt-1',
      time: '2026-03-01T12:00:00.000Z',
      severity: 'ERROR',
      logType: 'EXCEPTION',
      message: 'Cannot read properties of undefined (reading "id")',
      errorType: 'TypeError',
      service: 'checkout',
      route: '/orders/:id',
    });
  });

  it('uses the URL path when the event has no route template', () => {
    const event = makeEvent({ http: undefined, url: { path: '/orders/42' } });
    expect(toEventRow(event).route).toBe('/orders/42');
  });

  it('leaves error type, service and route empty for a plain log event', () => {
    const event = makeEvent({ error: undefined, service: undefined, http: undefined });
    expect(toEventRow(event)).toMatchObject({
      errorType: undefined,
      service: undefined,
      route: undefined,
    });
  });
});
