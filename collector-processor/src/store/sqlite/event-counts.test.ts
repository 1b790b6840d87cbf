import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_STATUSES } from '../../schema/index.ts';
import type { EventFilter } from '../filter.ts';
import { realisticEvents } from '../fixture.ts';
import { sortableTimestamp } from '../timestamp.ts';
import { cutRange } from './event-counts.ts';
import { SqliteStore } from './sqlite-store.ts';

const HOUR = 3_600_000;
const START = Date.parse('2026-03-01T00:00:00Z');
const at = (ms: number) => new Date(START + ms).toISOString();
const key = (iso: string) => sortableTimestamp(iso);

describe('cutRange', () => {
  it('reads whole days, then whole hours, then the events at the ragged ends', () => {
    const from = key('2026-03-01T10:30:00Z');
    const to = key('2026-03-04T02:15:00Z');
    expect(cutRange(from, to, ['day', 'hour'])).toEqual([
      { source: 'events', from, to: key('2026-03-01T11:00:00Z') },
      { source: 'hour', from: key('2026-03-01T11:00:00Z'), to: key('2026-03-02T00:00:00Z') },
      { source: 'day', from: key('2026-03-02T00:00:00Z'), to: key('2026-03-04T00:00:00Z') },
      { source: 'hour', from: key('2026-03-04T00:00:00Z'), to: key('2026-03-04T02:00:00Z') },
      { source: 'events', from: key('2026-03-04T02:00:00Z'), to },
    ]);
  });

  it('uses a period boundary as it is, and open ends as open', () => {
    expect(cutRange(key('2026-03-02T00:00:00Z'), undefined, ['day', 'hour'])).toEqual([
      { source: 'day', from: key('2026-03-02T00:00:00Z'), to: undefined },
    ]);
    expect(cutRange(undefined, undefined, ['hour'])).toEqual([
      { source: 'hour', from: undefined, to: undefined },
    ]);
  });

  it('falls back to finer pieces when no whole period fits, and to nothing for an empty range', () => {
    const from = key('2026-03-01T10:30:00.000000001Z');
    const to = key('2026-03-01T10:59:00Z');
    expect(cutRange(from, to, ['day', 'hour'])).toEqual([{ source: 'events', from, to }]);
    expect(cutRange(to, from, ['day', 'hour'])).toEqual([]);
  });
});

describe('SQLite figures and totals from the event counts', () => {
  // 3000 events, one every 150 s: a little over five days.
  const events = realisticEvents(3000, START, 150_000);
  let store: SqliteStore;
  beforeAll(async () => {
    store = new SqliteStore({ file: ':memory:' });
    await store.writeEvents(events);
  });
  afterAll(() => store.close());

  // A status filter that matches every event: the figures are then grouped from the
  // events themselves, which is what the counts must agree with.
  const fromEvents = (filter: EventFilter): EventFilter => ({
    ...filter,
    statuses: [...EVENT_STATUSES],
  });

  const RANGES: [string, EventFilter][] = [
    ['everything', {}],
    ['ragged ends over days', { from: at(10.5 * HOUR + 7), to: at(75.25 * HOUR) }],
    ['whole days', { from: at(24 * HOUR), to: at(72 * HOUR) }],
    ['inside one hour', { from: at(5.1 * HOUR), to: at(5.9 * HOUR) }],
    ['open end', { from: at(30.5 * HOUR) }],
    ['open start', { to: at(50.75 * HOUR) }],
    [
      'with counted filters',
      { from: at(3.3 * HOUR), services: ['payments'], minSeverity: 'ERROR' },
    ],
    ['excluding log types', { excludeLogTypes: ['DEBUG', 'INFO'], modules: ['card', 'cart'] }],
  ];

  it.each(RANGES)('agree with the events: %s', async (_name, filter) => {
    for (const interval of ['day', 'hour'] as const) {
      const counted = await store.aggregateEvents(filter, { interval, top: 50 });
      expect(counted.total).toBeGreaterThan(0);
      const grouped = await store.aggregateEvents(fromEvents(filter), { interval, top: 50 });
      expect({ ...counted, executionTime: undefined }).toEqual({
        ...grouped,
        executionTime: undefined,
      });
      expect(counted.executionTime.count).toBe(grouped.executionTime.count);
      expect(counted.executionTime.p95Ms).toBe(grouped.executionTime.p95Ms);
      expect(counted.executionTime.meanMs).toBeCloseTo(grouped.executionTime.meanMs!, 6);
    }
    const total = async (f: EventFilter) =>
      (await store.searchEvents({ limit: 1, filter: f, trackTotalUpTo: 1e6 })).total;
    expect(await total(filter)).toEqual(await total(fromEvents(filter)));
  });

  it('subtract deleted events and ignore replays', async () => {
    await store.writeEvents(events.slice(0, 500)); // already stored: nothing counted twice
    const cut = at(40.5 * HOUR);
    expect((await store.deleteEvents({ to: cut })).deleted).toBe(
      events.filter((e) => e['@timestamp'] < cut).length,
    );
    const counted = await store.aggregateEvents({}, { interval: 'hour' });
    expect(counted.total).toBe(events.filter((e) => e['@timestamp'] >= cut).length);
    expect(counted).toEqual(await store.aggregateEvents(fromEvents({}), { interval: 'hour' }));
  });
});
