import { describe, expect, it } from 'vitest';
import { sampleEvent } from '../conformance.ts';
import { eventDocument, eventOf } from './event-document.ts';

describe('event documents', () => {
  it('adds the sort key and leaves attributes short enough to index in place', () => {
    const event = sampleEvent('a', '2026-01-01T00:00:00Z', {
      attributes: { ok: 'x'.repeat(8191) },
    });
    const document = eventDocument(event, 'key');
    expect(document).toEqual({ ...event, ts_key: 'key' });
    const { ts_key: _, ...source } = document;
    expect(eventOf(source)).toEqual(event);
  });

  it('sets longer attribute values aside and returns them on read', () => {
    const long = 'é'.repeat(8192);
    const event = sampleEvent('a', '2026-01-01T00:00:00Z', {
      attributes: { body: long, route: '/orders', n: 1 },
    });
    const { ts_key: _, ...source } = eventDocument(event, 'key');
    expect(source.attributes).toEqual({ route: '/orders', n: 1 });
    expect(source.attributes_unindexed).toEqual({ body: long });
    expect(eventOf(source)).toEqual(event);
  });
});
