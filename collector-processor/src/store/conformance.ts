import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultlineEvent } from '../schema/index.ts';
import { InvalidCursorError, type Store } from './store.ts';

/**
 * The one suite every Store backend passes. A backend's test calls
 * `describeStoreConformance(name, factory)`; the factory returns a fresh,
 * empty store and a cleanup for whatever it created.
 */

export interface StoreUnderTest {
  readonly store: Store;
  readonly cleanup?: () => Promise<void>;
}

export type StoreFactory = () => Promise<StoreUnderTest>;

/** A minimal schema-valid event; `at` is its @timestamp. */
export function sampleEvent(id: string, at: string, extra: Partial<FaultlineEvent> = {}) {
  const event: FaultlineEvent = {
    '@timestamp': at,
    message: `event ${id}`,
    event: { id },
    log: { level: 'ERROR' },
    faultline: { log_type: 'EXCEPTION', severity: 'ERROR', status: 'open' },
    ...extra,
  };
  return event;
}

async function allPages(store: Store, limit: number) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.searchEvents({ limit, cursor });
    pages.push(page.items.map((e) => e.event.id));
    cursor = page.next ?? undefined;
  } while (cursor !== undefined && pages.length < 100);
  return pages;
}

export function describeStoreConformance(name: string, factory: StoreFactory): void {
  describe(`Store conformance: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: Store;

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
    });
    afterEach(async () => {
      await store.close();
      await subject.cleanup?.();
    });

    it('an empty store answers an empty page and no event', async () => {
      expect(await store.searchEvents({ limit: 10 })).toEqual({
        items: [],
        next: null,
        total: { value: 0, relation: 'eq' },
      });
      expect(await store.getEvent('nope')).toBeUndefined();
    });

    it('getEvent returns the document as written', async () => {
      const event = sampleEvent('a', '2026-01-01T00:00:00.123456789Z', {
        timestamp_nanos: '1767225600123456789',
        error: { type: 'TypeError', stack_trace: 'TypeError: x\n  at f (a.js:1:2)' },
        attributes: { 'k8s.pod': 'p', n: 1.5, ok: true },
      });
      expect(await store.writeEvents([event])).toEqual({ inserted: 1 });
      expect(await store.getEvent('a')).toEqual(event);
    });

    it('writeEvents is idempotent by event.id: a replay never duplicates', async () => {
      const batch = [
        sampleEvent('a', '2026-01-01T00:00:01Z'),
        sampleEvent('b', '2026-01-01T00:00:02Z'),
      ];
      expect(await store.writeEvents(batch)).toEqual({ inserted: 2 });
      expect(await store.writeEvents(batch)).toEqual({ inserted: 0 });
      expect(await store.writeEvents([batch[0]!, batch[0]!])).toEqual({ inserted: 0 });
      const page = await store.searchEvents({ limit: 10 });
      expect(page.items.map((e) => e.event.id)).toEqual(['b', 'a']);
      expect(page.total).toEqual({ value: 2, relation: 'eq' });
    });

    it('the first write of an id wins', async () => {
      await store.writeEvents([sampleEvent('a', '2026-01-01T00:00:01Z', { message: 'first' })]);
      await store.writeEvents([sampleEvent('a', '2026-01-01T00:00:01Z', { message: 'second' })]);
      expect((await store.getEvent('a'))?.message).toBe('first');
    });

    it('duplicates inside one batch are stored once', async () => {
      const e = sampleEvent('a', '2026-01-01T00:00:01Z');
      expect(await store.writeEvents([e, e])).toEqual({ inserted: 1 });
    });

    it('lists newest first by @timestamp, whatever the fraction precision', async () => {
      await store.writeEvents([
        sampleEvent('mid', '2026-01-01T00:00:00.5Z'),
        sampleEvent('old', '2026-01-01T00:00:00.123456789Z'),
        sampleEvent('new', '2026-01-01T00:00:01Z'),
        sampleEvent('oldest', '2025-12-31T23:59:59.999999999Z'),
      ]);
      const page = await store.searchEvents({ limit: 10 });
      expect(page.items.map((e) => e.event.id)).toEqual(['new', 'mid', 'old', 'oldest']);
    });

    it('breaks timestamp ties by id, descending', async () => {
      const at = '2026-01-01T00:00:00Z';
      await store.writeEvents([sampleEvent('b', at), sampleEvent('c', at), sampleEvent('a', at)]);
      const page = await store.searchEvents({ limit: 10 });
      expect(page.items.map((e) => e.event.id)).toEqual(['c', 'b', 'a']);
    });

    it('pages with a cursor until next is null, covering every event once', async () => {
      await store.writeEvents(
        ['1', '2', '3', '4', '5'].map((id) => sampleEvent(id, `2026-01-01T00:00:0${id}Z`)),
      );
      const first = await store.searchEvents({ limit: 2 });
      expect(first.total).toEqual({ value: 5, relation: 'eq' });
      expect(await allPages(store, 2)).toEqual([['5', '4'], ['3', '2'], ['1']]);
      expect(await allPages(store, 5)).toEqual([['5', '4', '3', '2', '1']]);
    });

    it('a cursor stays valid when newer events arrive', async () => {
      await store.writeEvents(
        ['1', '2', '3'].map((id) => sampleEvent(id, `2026-01-01T00:00:0${id}Z`)),
      );
      const first = await store.searchEvents({ limit: 1 });
      await store.writeEvents([sampleEvent('9', '2026-01-01T00:00:09Z')]);
      const second = await store.searchEvents({ limit: 5, cursor: first.next! });
      expect(second.items.map((e) => e.event.id)).toEqual(['2', '1']);
      expect(second.next).toBeNull();
    });

    it('rejects a cursor it did not issue', async () => {
      await expect(store.searchEvents({ limit: 1, cursor: 'bogus!' })).rejects.toThrow(
        InvalidCursorError,
      );
      const foreign = Buffer.from('["x"]').toString('base64url');
      await expect(store.searchEvents({ limit: 1, cursor: foreign })).rejects.toThrow(
        InvalidCursorError,
      );
    });

    it('rejects calls after close, and close may repeat', async () => {
      await store.close();
      await store.close();
      await expect(store.getEvent('a')).rejects.toThrow(/closed/);
      await expect(store.writeEvents([sampleEvent('a', '2026-01-01T00:00:00Z')])).rejects.toThrow(
        /closed/,
      );
    });
  });
}
