import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEVERITIES, type FaultlineEvent } from '../schema/index.ts';
import type { EventFilter } from './filter.ts';
import { realisticEvents } from './fixture.ts';
import type { PatternIncrement } from './patterns.ts';
import type { AlertRule, DebugSession } from './records.ts';
import { InvalidCursorError, type EventPage, type Store } from './store.ts';

/**
 * The one suite every Store backend passes. A backend's test calls
 * `describeStoreConformance(name, factory)`; the factory returns a fresh,
 * empty store and a cleanup for whatever it created. Engines that are slow to
 * set up may share one process-wide resource (a node) across factories.
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

const START = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;
/** 60 events, one an hour from 2026-03-01T00:00Z. */
const DATA = realisticEvents(60, START, HOUR);
const idsOf = (events: readonly FaultlineEvent[]) => events.map((e) => e.event.id);
const newestFirst = (events: readonly FaultlineEvent[]) => idsOf(events).reverse();
const PATTERN = DATA.find((e) => e.error)!.error!.grouping_key!;
const rank = (e: FaultlineEvent) => SEVERITIES.indexOf(e.faultline.severity);

async function write(store: Store, events: readonly FaultlineEvent[]) {
  const result = await store.writeEvents(events);
  await store.refresh();
  return result;
}

async function allIds(store: Store, filter: EventFilter, limit = 500, sort?: 'newest' | 'oldest') {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page: EventPage = await store.searchEvents({ limit, cursor, filter, sort });
    ids.push(...idsOf(page.items));
    cursor = page.next ?? undefined;
    pages += 1;
  } while (cursor !== undefined && pages < 100);
  return ids;
}

/** Each filter with the events it must select, computed from the same data. */
const FILTER_CASES: [string, EventFilter, (e: FaultlineEvent) => boolean][] = [
  [
    'time range (from inclusive, to exclusive)',
    { from: '2026-03-01T10:00:00Z', to: '2026-03-02T00:00:00.000Z' },
    (e) => e['@timestamp'] >= '2026-03-01T10:00:00.000Z' && e['@timestamp'] < '2026-03-02T00',
  ],
  [
    'log types',
    { logTypes: ['EXCEPTION', 'SECURITY'] },
    (e) => ['EXCEPTION', 'SECURITY'].includes(e.faultline.log_type),
  ],
  [
    'severity set',
    { severities: ['DEBUG', 'WARNING'] },
    (e) => ['DEBUG', 'WARNING'].includes(e.faultline.severity),
  ],
  ['minimum severity', { minSeverity: 'ERROR' }, (e) => rank(e) >= 3],
  [
    'severity set and minimum together',
    { severities: ['INFO', 'CRITICAL', 'FATAL'], minSeverity: 'ERROR' },
    (e) => rank(e) >= 4,
  ],
  ['status', { statuses: ['resolved'] }, (e) => e.faultline.status === 'resolved'],
  ['service', { services: ['payments'] }, (e) => e.service?.name === 'payments'],
  [
    'environment',
    { environments: ['staging'] },
    (e) => e.deployment?.environment?.name === 'staging',
  ],
  [
    'module',
    { modules: ['card', 'stock'] },
    (e) => ['card', 'stock'].includes(e.faultline.module!),
  ],
  ['function', { functions: ['login'] }, (e) => e.code?.function?.name === 'login'],
  ['execution time threshold', { minDurationMs: 1500 }, (e) => (e.event.duration ?? 0) >= 1.5e9],
  [
    'memory threshold',
    { minMemoryBytes: 400 * 1024 * 1024 },
    (e) => (e.faultline.perf?.memory_bytes ?? 0) >= 400 * 1024 * 1024,
  ],
  [
    'security level',
    { securityLevels: ['high', 'critical'] },
    (e) => ['high', 'critical'].includes(e.faultline.security?.level ?? ''),
  ],
  [
    'security category',
    { securityCategories: ['injection'] },
    (e) => e.faultline.security?.category === 'injection',
  ],
  [
    'security impact',
    { securityImpacts: ['data'] },
    (e) => e.faultline.security?.impact === 'data',
  ],
  ['tags, any of', { tagsAny: ['vip', 'nope'] }, (e) => (e.tags ?? []).includes('vip')],
  [
    'tags, all of',
    { tagsAll: ['beta', 'vip'] },
    (e) => ['beta', 'vip'].every((t) => (e.tags ?? []).includes(t)),
  ],
  ['user', { users: ['u7', 'u12', 'u30'] }, (e) => ['u7', 'u12', 'u30'].includes(e.user?.id ?? '')],
  ['debug session', { sessions: ['s1'] }, (e) => e.faultline.session?.id === 's1'],
  ['pattern', { patterns: [PATTERN] }, (e) => e.error?.grouping_key === PATTERN],
  ['trace id', { traceIds: [DATA[17]!.trace!.id] }, (e) => e.event.id === DATA[17]!.event.id],
  [
    'ids',
    { ids: [DATA[3]!.event.id, DATA[40]!.event.id, 'missing'] },
    (e) => e === DATA[3] || e === DATA[40],
  ],
  ['free text over the message', { text: 'Timeout' }, (e) => /timeout/i.test(e.message)],
  [
    'free text: every word, message and stack together',
    { text: 'payments at' },
    (e) => e.message.includes('payments') && e.error?.stack_trace !== undefined,
  ],
  [
    'free text over the stack only',
    { text: 'src' },
    (e) => (e.error?.stack_trace ?? '').includes('src/'),
  ],
  [
    'several filters together',
    { minSeverity: 'WARNING', services: ['checkout', 'search'], environments: ['production'] },
    (e) =>
      rank(e) >= 2 &&
      ['checkout', 'search'].includes(e.service!.name!) &&
      e.deployment?.environment?.name === 'production',
  ],
];

export function describeStoreConformance(name: string, factory: StoreFactory): void {
  describe(`Store conformance: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: Store;

    const fresh = async () => {
      subject = await factory();
      store = subject.store;
    };
    const release = async () => {
      await store.close();
      await subject.cleanup?.();
    };

    describe('events: writing, reading, paging', () => {
      beforeEach(async () => {
        await fresh();
        return release;
      });

      it('an empty store answers an empty page, no event, zero figures and no patterns', async () => {
        expect(await store.searchEvents({ limit: 10 })).toEqual({
          items: [],
          next: null,
          total: { value: 0, relation: 'eq' },
        });
        expect(await store.getEvent('nope')).toBeUndefined();
        const figures = await store.aggregateEvents({});
        expect(figures.total).toBe(0);
        expect(figures.byLogType).toEqual([]);
        expect(figures.executionTime).toEqual({ count: 0, meanMs: null, p95Ms: null });
        expect(await store.patterns.list({ limit: 10 })).toEqual([]);
        expect(await store.sessions.list()).toEqual([]);
        expect(await store.audit.list({ limit: 10 })).toEqual([]);
      });

      it('getEvent returns the document as written', async () => {
        const event = sampleEvent('a', '2026-01-01T00:00:00.123456789Z', {
          timestamp_nanos: '1767225600123456789',
          error: { type: 'TypeError', stack_trace: 'TypeError: x\n  at f (a.js:1:2)' },
          attributes: { 'k8s.pod': 'p', n: 1.5, ok: true },
        });
        expect(await write(store, [event])).toEqual({
          inserted: 1,
          insertedIds: ['a'],
          failed: [],
        });
        expect(await store.getEvent('a')).toEqual(event);
        expect(await store.getEvent(DATA[0]!.event.id)).toBeUndefined();
      });

      it('stores an event whose fields and attributes are longer than an index keeps whole, and reads it back', async () => {
        // Over 32,766 bytes of UTF-8: more than a search index's term or SQLite's word holds.
        const long = `m${'é'.repeat(20_000)}`;
        const event = sampleEvent('long', '2026-01-01T00:00:00Z', {
          faultline: { log_type: 'INFO', severity: 'INFO', status: 'open', module: long },
          code: { function: { name: long } },
          attributes: { 'request.body': long, 'http.route': '/orders', attempt: 2 },
        });
        expect(await write(store, [event])).toEqual({
          inserted: 1,
          insertedIds: ['long'],
          failed: [],
        });
        expect(await store.getEvent('long')).toEqual(event);
        const page = await store.searchEvents({ limit: 10, filter: { severities: ['INFO'] } });
        expect(page.items).toEqual([event]);
      });

      it('writeEvents is idempotent by event.id: a replay never duplicates', async () => {
        const batch = [
          sampleEvent('a', '2026-01-01T00:00:01Z'),
          sampleEvent('b', '2026-01-01T00:00:02Z'),
        ];
        expect(await write(store, batch)).toEqual({
          inserted: 2,
          insertedIds: ['a', 'b'],
          failed: [],
        });
        expect(await write(store, batch)).toEqual({ inserted: 0, insertedIds: [], failed: [] });
        expect(await write(store, [batch[0]!, batch[0]!])).toEqual({
          inserted: 0,
          insertedIds: [],
          failed: [],
        });
        const page = await store.searchEvents({ limit: 10 });
        expect(idsOf(page.items)).toEqual(['b', 'a']);
        expect(page.total).toEqual({ value: 2, relation: 'eq' });
      });

      it('the first write of an id wins', async () => {
        await write(store, [sampleEvent('a', '2026-01-01T00:00:01Z', { message: 'first' })]);
        await write(store, [sampleEvent('a', '2026-01-01T00:00:01Z', { message: 'second' })]);
        expect((await store.getEvent('a'))?.message).toBe('first');
      });

      it('duplicates inside one batch are stored once', async () => {
        const e = sampleEvent('a', '2026-01-01T00:00:01Z');
        expect(await write(store, [e, e])).toEqual({ inserted: 1, insertedIds: ['a'], failed: [] });
      });

      it('an item the store cannot keep is reported with a reason; the rest are stored', async () => {
        const bad = { ...sampleEvent('bad', '2026-01-01T00:00:00Z'), '@timestamp': 'yesterday' };
        const result = await write(store, [sampleEvent('good', '2026-01-01T00:00:00Z'), bad]);
        expect(result.inserted).toBe(1);
        expect(result.failed).toHaveLength(1);
        expect(result.failed[0]!.id).toBe('bad');
        expect(result.failed[0]!.reason).toMatch(/timestamp/i);
        expect(await store.getEvent('good')).toBeDefined();
        expect(await store.getEvent('bad')).toBeUndefined();
      });

      it('lists newest first by @timestamp, whatever the fraction precision', async () => {
        await write(store, [
          sampleEvent('mid', '2026-01-01T00:00:00.5Z'),
          sampleEvent('old', '2026-01-01T00:00:00.123456789Z'),
          sampleEvent('new', '2026-01-01T00:00:01Z'),
          sampleEvent('oldest', '2025-12-31T23:59:59.999999999Z'),
        ]);
        const page = await store.searchEvents({ limit: 10 });
        expect(idsOf(page.items)).toEqual(['new', 'mid', 'old', 'oldest']);
        const oldest = await store.searchEvents({ limit: 10, sort: 'oldest' });
        expect(idsOf(oldest.items)).toEqual(['oldest', 'old', 'mid', 'new']);
      });

      it('breaks timestamp ties by id, in the sort direction', async () => {
        const at = '2026-01-01T00:00:00Z';
        await write(store, [sampleEvent('b', at), sampleEvent('c', at), sampleEvent('a', at)]);
        expect(idsOf((await store.searchEvents({ limit: 10 })).items)).toEqual(['c', 'b', 'a']);
        expect(await allIds(store, {}, 1, 'oldest')).toEqual(['a', 'b', 'c']);
      });

      it('pages with a cursor until next is null, covering every event once', async () => {
        await write(
          store,
          ['1', '2', '3', '4', '5'].map((id) => sampleEvent(id, `2026-01-01T00:00:0${id}Z`)),
        );
        const first = await store.searchEvents({ limit: 2 });
        expect(first.total).toEqual({ value: 5, relation: 'eq' });
        expect(await allIds(store, {}, 2)).toEqual(['5', '4', '3', '2', '1']);
        expect(await allIds(store, {}, 2, 'oldest')).toEqual(['1', '2', '3', '4', '5']);
      });

      it('a cursor stays valid when newer events arrive', async () => {
        await write(
          store,
          ['1', '2', '3'].map((id) => sampleEvent(id, `2026-01-01T00:00:0${id}Z`)),
        );
        const first = await store.searchEvents({ limit: 1 });
        await write(store, [sampleEvent('9', '2026-01-01T00:00:09Z')]);
        const second = await store.searchEvents({ limit: 5, cursor: first.next! });
        expect(idsOf(second.items)).toEqual(['2', '1']);
        expect(second.next).toBeNull();
      });

      it('rejects a cursor it did not issue, or issued for the other sort', async () => {
        await write(store, [
          sampleEvent('1', '2026-01-01T00:00:01Z'),
          sampleEvent('2', '2026-01-01T00:00:02Z'),
        ]);
        await expect(store.searchEvents({ limit: 1, cursor: 'bogus!' })).rejects.toThrow(
          InvalidCursorError,
        );
        const foreign = Buffer.from('["x"]').toString('base64url');
        await expect(store.searchEvents({ limit: 1, cursor: foreign })).rejects.toThrow(
          InvalidCursorError,
        );
        const { next } = await store.searchEvents({ limit: 1 });
        await expect(
          store.searchEvents({ limit: 1, cursor: next!, sort: 'oldest' }),
        ).rejects.toThrow(InvalidCursorError);
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

    describe('events: search filters over realistic data', () => {
      beforeAll(async () => {
        await fresh();
        expect((await write(store, DATA)).inserted).toBe(DATA.length);
      });
      afterAll(() => release());

      it.each(FILTER_CASES)('%s', async (_name, filter, expected) => {
        const want = newestFirst(DATA.filter(expected));
        expect(want.length).toBeGreaterThan(0); // the data must exercise the filter
        expect(want.length).toBeLessThan(DATA.length);
        expect(await allIds(store, filter, 7)).toEqual(want);
        const page = await store.searchEvents({ limit: 1, filter });
        expect(page.total).toEqual({ value: want.length, relation: 'eq' });
      });

      it('a filter nothing matches answers an empty page', async () => {
        expect(await store.searchEvents({ limit: 5, filter: { services: ['nowhere'] } })).toEqual({
          items: [],
          next: null,
          total: { value: 0, relation: 'eq' },
        });
        expect(
          (
            await store.searchEvents({
              limit: 5,
              filter: { severities: ['DEBUG'], minSeverity: 'ERROR' },
            })
          ).total.value,
        ).toBe(0);
      });

      it('counts exactly up to the bound, then answers gte', async () => {
        expect((await store.searchEvents({ limit: 1, trackTotalUpTo: 10 })).total).toEqual({
          value: 10,
          relation: 'gte',
        });
        expect((await store.searchEvents({ limit: 1, trackTotalUpTo: 60 })).total).toEqual({
          value: 60,
          relation: 'eq',
        });
      });

      it('aggregates the dashboard figures', async () => {
        const figures = await store.aggregateEvents({}, { interval: 'day', top: 3 });
        expect(figures.total).toBe(60);
        const tally = (key: (e: FaultlineEvent) => string | undefined, events = DATA) => {
          const m = new Map<string, number>();
          for (const e of events) {
            const k = key(e);
            if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
          }
          return [...m]
            .map(([k, count]) => ({ key: k, count }))
            .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
        };
        expect(figures.byLogType).toEqual(tally((e) => e.faultline.log_type));
        expect(figures.activityPerDay).toEqual([
          { key: '2026-03-01', count: 24 },
          { key: '2026-03-02', count: 24 },
          { key: '2026-03-03', count: 12 },
        ]);
        expect(figures.severityOverTime.map((b) => b.at)).toEqual([
          '2026-03-01T00:00:00.000Z',
          '2026-03-02T00:00:00.000Z',
          '2026-03-03T00:00:00.000Z',
        ]);
        const day1 = tally((e) => e.faultline.severity, DATA.slice(0, 24));
        expect(figures.severityOverTime[0]!.counts).toEqual(
          Object.fromEntries(day1.map((c) => [c.key, c.count])),
        );
        expect(figures.topModules).toEqual(tally((e) => e.faultline.module).slice(0, 3));
        expect(figures.topFunctions).toEqual(tally((e) => e.code?.function?.name).slice(0, 3));
        const critical = DATA.filter((e) => rank(e) >= 4);
        expect(figures.criticalIssues.map(({ key, count }) => ({ key, count }))).toEqual(
          tally((e) => e.error?.grouping_key, critical).slice(0, 3),
        );
        const lastCritical = critical
          .filter((e) => e.error?.grouping_key === figures.criticalIssues[0]!.key)
          .at(-1)!;
        expect(figures.criticalIssues[0]!.lastSeen).toBe(lastCritical['@timestamp']);
        expect(figures.errorsPerService).toEqual(
          tally(
            (e) => e.service?.name,
            DATA.filter((e) => rank(e) >= 3),
          ).slice(0, 3),
        );
        expect(figures.affectedUsers).toBe(
          new Set(DATA.map((e) => e.user?.id).filter(Boolean)).size,
        );
        const durations = DATA.map((e) => e.event.duration! / 1e6).sort((a, b) => a - b);
        const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
        expect(figures.executionTime.count).toBe(60);
        expect(figures.executionTime.meanMs).toBeCloseTo(mean, 3);
        // Exact nearest-rank in SQLite; engines estimate (t-digest): within 5 % of the range.
        const p95 = durations[Math.ceil(0.95 * durations.length) - 1]!;
        expect(Math.abs(figures.executionTime.p95Ms! - p95)).toBeLessThan(0.05 * durations.at(-1)!);
      });

      it('aggregates over a filter, by hour', async () => {
        const figures = await store.aggregateEvents(
          { services: ['payments'], to: '2026-03-01T06:00:00Z' },
          { interval: 'hour' },
        );
        const want = DATA.slice(0, 6).filter((e) => e.service?.name === 'payments');
        expect(want.length).toBeGreaterThan(0);
        expect(figures.total).toBe(want.length);
        expect(figures.severityOverTime.map((b) => b.at)).toEqual(want.map((e) => e['@timestamp']));
      });

      it('streams every matching event in order, in bounded batches', async () => {
        const seen: string[] = [];
        for await (const e of store.streamEvents({}, { batchSize: 7 })) seen.push(e.event.id);
        expect(seen).toEqual(newestFirst(DATA));
        const errors: string[] = [];
        for await (const e of store.streamEvents(
          { minSeverity: 'ERROR' },
          { sort: 'oldest', batchSize: 4 },
        )) {
          errors.push(e.event.id);
        }
        expect(errors).toEqual(idsOf(DATA.filter((e) => rank(e) >= 3)));
      });

      it('a stream may be left early', async () => {
        const seen: string[] = [];
        for await (const e of store.streamEvents({}, { batchSize: 5 })) {
          seen.push(e.event.id);
          if (seen.length === 8) break;
        }
        expect(seen).toEqual(newestFirst(DATA).slice(0, 8));
        expect((await store.searchEvents({ limit: 1 })).total.value).toBe(60); // still usable
      });
    });

    describe('events: bulk changes and deletes', () => {
      beforeEach(async () => {
        await fresh();
        await write(store, DATA);
        return release;
      });

      it('updates status, assignee and tags by ids', async () => {
        const [a, b] = [DATA[5]!.event.id, DATA[6]!.event.id];
        const { updated } = await store.updateEvents(
          { ids: [a, b, 'missing'] },
          {
            status: 'escalated',
            assignee: 'ada',
            addTags: ['triaged', 'beta'],
            removeTags: ['vip'],
          },
        );
        expect(updated).toBe(2);
        await store.refresh();
        const got = (await store.getEvent(a))!;
        expect(got.faultline.status).toBe('escalated');
        expect(got.faultline.assignee).toBe('ada');
        expect(got.tags).toEqual([
          ...new Set([...(DATA[5]!.tags ?? []).filter((t) => t !== 'vip'), 'triaged', 'beta']),
        ]);
        expect(await allIds(store, { statuses: ['escalated'] })).toEqual([b, a]);
        expect(await allIds(store, { tagsAll: ['triaged'], assignees: ['ada'] })).toEqual([b, a]);
        await store.updateEvents({ ids: [a] }, { assignee: null, removeTags: ['triaged', 'beta'] });
        await store.refresh();
        const cleared = (await store.getEvent(a))!;
        expect(cleared.faultline.assignee).toBeUndefined();
        expect(cleared.tags ?? []).not.toContain('triaged');
        expect(cleared.message).toBe(DATA[5]!.message); // the rest is untouched
      });

      it('updates by filter and reports how many matched', async () => {
        const want = DATA.filter((e) => e.service?.name === 'payments' && rank(e) >= 3);
        const { updated } = await store.updateEvents(
          { filter: { services: ['payments'], minSeverity: 'ERROR' } },
          { status: 'ignored' },
        );
        expect(updated).toBe(want.length);
        await store.refresh();
        expect(await allIds(store, { statuses: ['ignored'] })).toEqual(newestFirst(want));
        expect((await store.updateEvents({ ids: [] }, { status: 'open' })).updated).toBe(0);
      });

      it('deletes by filter (retention) and leaves the rest, free text included', async () => {
        const cutoff = '2026-03-02T00:00:00Z';
        const { deleted } = await store.deleteEvents({ to: cutoff });
        expect(deleted).toBe(24);
        await store.refresh();
        expect(await allIds(store, {})).toEqual(newestFirst(DATA.slice(24)));
        expect(await store.getEvent(DATA[0]!.event.id)).toBeUndefined();
        const words = await allIds(store, { text: 'timeout' });
        expect(words).toEqual(newestFirst(DATA.slice(24).filter((e) => /timeout/.test(e.message))));
        expect((await store.deleteEvents({ services: ['nowhere'] })).deleted).toBe(0);
      });
    });

    describe('patterns, records and the audit log', () => {
      beforeEach(async () => {
        await fresh();
        return release;
      });

      const inc = (
        id: string,
        at: string,
        extra: Partial<PatternIncrement> = {},
      ): PatternIncrement => ({
        id,
        title: `TypeError in ${id}`,
        type: 'EXCEPTION',
        culprit: 'cart.ts in addItem',
        first_seen: at,
        last_seen: at,
        count: 1,
        severity: 'ERROR',
        users: ['u1'],
        services: ['checkout'],
        ...extra,
      });

      it('upserts counters atomically, even when increments race', async () => {
        await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            store.patterns.upsert([inc('p1', `2026-03-01T0${i}:00:00Z`, { users: [`u${i % 3}`] })]),
          ),
        );
        const p = (await store.patterns.get('p1'))!;
        expect(p.count).toBe(8);
        expect(p.first_seen).toBe('2026-03-01T00:00:00Z');
        expect(p.last_seen).toBe('2026-03-01T07:00:00Z');
        expect([...p.users].sort()).toEqual(['u0', 'u1', 'u2']);
        expect(p.user_count).toBe(3);
        expect(p.status).toBe('open');
        expect(await store.patterns.get('nope')).toBeUndefined();
      });

      it('adds counts per hour and day, severities and durations atomically, even when increments race', async () => {
        const hour = (i: number) => `2026-03-0${1 + (i % 2)}T0${i % 3}`;
        await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            store.patterns.upsert([
              inc('perf', `${hour(i)}:00:00Z`, {
                type: 'PERFORMANCE',
                severity: i === 5 ? 'CRITICAL' : 'WARNING',
                counts_per_hour: { [hour(i)]: 1 },
                counts_per_day: { [hour(i).slice(0, 10)]: 1 },
                severity_per_day: { [hour(i).slice(0, 10)]: i === 5 ? 'CRITICAL' : 'WARNING' },
                // The histogram bucket of 100 (i + 1) ms (stats.ts: γ = 2^(1/8)).
                duration: {
                  count: 1,
                  sum_ms: 100 * (i + 1),
                  buckets: { [Math.ceil(8 * Math.log2(100 * (i + 1)))]: 1 },
                },
              }),
            ]),
          ),
        );
        const p = (await store.patterns.get('perf'))!;
        expect(p.counts_per_hour).toEqual({
          '2026-03-01T00': 2,
          '2026-03-01T01': 1,
          '2026-03-01T02': 1,
          '2026-03-02T00': 1,
          '2026-03-02T01': 2,
          '2026-03-02T02': 1,
        });
        expect(p.counts_per_day).toEqual({ '2026-03-01': 4, '2026-03-02': 4 });
        expect(p.severity_trend).toBe('rising');
        expect(p.duration?.count).toBe(8);
        expect(p.duration_mean_ms).toBe(450);
        expect(Math.abs(p.duration_p95_ms! - 800)).toBeLessThan(40);
      });

      it('keeps the worst severity, unions services, and a resolved pattern that recurs regresses', async () => {
        await store.patterns.upsert([inc('p1', '2026-03-01T00:00:00Z')]);
        await store.patterns.update('p1', { status: 'resolved', resolved_in_version: '1.4.3' });
        await store.patterns.upsert([
          inc('p1', '2026-03-02T00:00:00Z', {
            severity: 'CRITICAL',
            services: ['payments'],
            count: 4,
          }),
        ]);
        const p = (await store.patterns.get('p1'))!;
        expect(p).toMatchObject({ count: 5, severity: 'CRITICAL', status: 'regressed' });
        expect(p.services).toEqual(['checkout', 'payments']);
      });

      it('lists by last seen or count, filtered by status and service', async () => {
        await store.patterns.upsert([
          inc('a', '2026-03-01T00:00:00Z', { count: 10 }),
          inc('b', '2026-03-03T00:00:00Z', { count: 2, services: ['payments'] }),
          inc('c', '2026-03-02T00:00:00Z', { count: 5 }),
        ]);
        await store.refresh();
        const ids = (ps: { id: string }[]) => ps.map((p) => p.id);
        expect(ids(await store.patterns.list({ limit: 10 }))).toEqual(['b', 'c', 'a']);
        expect(ids(await store.patterns.list({ limit: 2, sort: 'count' }))).toEqual(['a', 'c']);
        await store.patterns.update('c', { status: 'ignored', assignee: 'ada', notes: 'known' });
        expect(ids(await store.patterns.list({ limit: 10, statuses: ['ignored'] }))).toEqual(['c']);
        expect(ids(await store.patterns.list({ limit: 10, services: ['payments'] }))).toEqual([
          'b',
        ]);
        expect(await store.patterns.get('c')).toMatchObject({ assignee: 'ada', notes: 'known' });
        const unassigned = await store.patterns.update('c', { assignee: null });
        expect(unassigned?.assignee).toBeUndefined();
        expect(await store.patterns.update('nope', { status: 'open' })).toBeUndefined();
      });

      it('merges patterns: counters fold into the target, sources point at it', async () => {
        await store.patterns.upsert([
          inc('t', '2026-03-02T00:00:00Z', { count: 3, users: ['u1'] }),
          inc('s1', '2026-03-01T00:00:00Z', { count: 2, users: ['u2'], services: ['payments'] }),
          inc('s2', '2026-03-03T00:00:00Z', { count: 1, severity: 'FATAL' }),
        ]);
        const merged = await store.patterns.merge('t', ['s1', 's2']);
        expect(merged).toMatchObject({
          id: 't',
          count: 6,
          first_seen: '2026-03-01T00:00:00Z',
          last_seen: '2026-03-03T00:00:00Z',
          severity: 'FATAL',
          user_count: 2,
        });
        expect(await store.patterns.get('t')).toEqual(merged);
        expect((await store.patterns.get('s1'))?.merged_into).toBe('t');
        expect((await store.patterns.list({ limit: 10 })).map((p) => p.id)).toEqual(['t']);
        expect((await store.patterns.list({ limit: 10, includeMerged: true })).length).toBe(3);
        await expect(store.patterns.merge('t', ['ghost'])).rejects.toThrow(RangeError);
        await expect(store.patterns.merge('ghost', ['t'])).rejects.toThrow(RangeError);
      });

      it('records a merge decision in the source history, and never folds a merged source twice', async () => {
        await store.patterns.upsert([
          inc('t', '2026-03-02T00:00:00Z', { count: 3 }),
          inc('s', '2026-03-01T00:00:00Z', { count: 2 }),
        ]);
        const decision = { at: '2026-03-05T00:00:00Z', by: 'system' };
        await store.patterns.merge('t', ['s'], decision);
        // A second replica making the same merge, and a merge of it elsewhere, change nothing.
        await store.patterns.merge('t', ['s'], decision);
        expect((await store.patterns.get('t'))?.count).toBe(5);
        expect(await store.patterns.get('s')).toMatchObject({
          merged_into: 't',
          merged_count: 2,
          status_history: [{ status: 'open', ...decision, merged_into: 't' }],
        });
        const apart = await store.patterns.update('s', {
          merged_into: null,
          keep_apart_from: 't',
          history: { status: 'open', at: decision.at, by: 'ada', unmerged_from: 't' },
        });
        expect(apart?.kept_apart).toEqual(['t']);
        expect(apart?.merged_into).toBeUndefined();
        expect(apart?.status_history?.at(-1)).toMatchObject({ by: 'ada', unmerged_from: 't' });
      });

      it('scans every pattern in id order, merged ones included, page by page', async () => {
        const ids = ['p3', 'p1', 'p5', 'p2', 'p4'];
        await store.patterns.upsert(ids.map((id) => inc(id, '2026-03-01T00:00:00Z')));
        const template = { template: 'lock <*> timed out', template_scope: 'message LockError' };
        await store.patterns.upsert([inc('p4', '2026-03-01T00:00:00Z', template)]);
        await store.patterns.merge('p1', ['p2']);
        await store.refresh();
        await store.patterns.update('p3', { keep_apart_from: 'p1' });
        await store.refresh();
        const first = await store.patterns.scan({ limit: 2 });
        expect(first).toEqual([{ id: 'p1' }, { id: 'p2', merged_into: 'p1' }]);
        const rest = await store.patterns.scan({ after: 'p2', limit: 10 });
        expect(rest.map((p) => p.id)).toEqual(['p3', 'p4', 'p5']);
        expect(rest[0]).toEqual({ id: 'p3', kept_apart: ['p1'] });
        expect(rest[1]).toEqual({ id: 'p4', ...template });
        expect(await store.patterns.scan({ after: 'p5', limit: 10 })).toEqual([]);
      });

      it('keeps sessions, policies, jobs and alert rules as whole documents', async () => {
        const session: DebugSession = {
          id: 'dbg-1',
          name: 'checkout timeouts',
          kind: 'debugging',
          owner: 'ada',
          tags: ['checkout'],
          started_at: '2026-03-01T00:00:00Z',
        };
        await store.sessions.put(session);
        await store.sessions.put({ ...session, id: 'dbg-0', name: 'earlier' });
        expect(await store.sessions.get('dbg-1')).toEqual(session);
        await store.sessions.put({ ...session, ended_at: '2026-03-01T02:00:00Z', event_count: 12 });
        expect((await store.sessions.get('dbg-1'))?.event_count).toBe(12);
        expect((await store.sessions.list()).map((s) => s.id)).toEqual(['dbg-0', 'dbg-1']);
        expect(await store.sessions.delete('dbg-0')).toBe(true);
        expect(await store.sessions.delete('dbg-0')).toBe(false);
        expect(await store.sessions.get('dbg-0')).toBeUndefined();

        const rule: AlertRule = {
          id: 'r1',
          name: 'payment errors',
          filter: { services: ['payments'], minSeverity: 'ERROR' },
          threshold: 10,
          window_minutes: 5,
          enabled: true,
        };
        await store.alertRules.put(rule);
        await store.retentionPolicies.put({
          id: 'debug',
          name: 'debug',
          filter: { severities: ['DEBUG'] },
          days: 7,
          enabled: true,
        });
        await store.exportJobs.put({
          id: 'x1',
          filter: {},
          format: 'ndjson',
          state: 'queued',
          requested_by: 'ada',
          created_at: '2026-03-01T00:00:00Z',
        });
        await store.bulkJobs.put({
          id: 'b1',
          target: { ids: ['e1'] },
          changes: { status: 'resolved' },
          state: 'done',
          requested_by: 'ada',
          created_at: '2026-03-01T00:00:00Z',
          updated: 1,
        });
        expect(await store.alertRules.get('r1')).toEqual(rule);
        expect((await store.retentionPolicies.list()).map((p) => p.days)).toEqual([7]);
        expect((await store.exportJobs.get('x1'))?.state).toBe('queued');
        expect((await store.bulkJobs.get('b1'))?.updated).toBe(1);
        // Kinds do not share ids.
        expect(await store.alertRules.get('dbg-1')).toBeUndefined();
      });

      it('appends to the audit log and lists it newest first', async () => {
        await store.audit.append({
          at: '2026-03-01T00:00:00Z',
          actor: 'ada',
          action: 'event.update',
          target: 'e1',
          details: { status: 'resolved' },
        });
        await store.audit.append({
          at: '2026-03-02T00:00:00Z',
          actor: 'bob',
          action: 'pattern.merge',
          target: 't',
        });
        await store.audit.append({
          at: '2026-03-03T00:00:00Z',
          actor: 'ada',
          action: 'export.create',
        });
        const all = await store.audit.list({ limit: 10 });
        expect(all.map((r) => r.action)).toEqual([
          'export.create',
          'pattern.merge',
          'event.update',
        ]);
        expect(all[2]).toEqual({
          at: '2026-03-01T00:00:00Z',
          actor: 'ada',
          action: 'event.update',
          target: 'e1',
          details: { status: 'resolved' },
        });
        expect((await store.audit.list({ limit: 10, since: '2026-03-02T00:00:00Z' })).length).toBe(
          2,
        );
        expect((await store.audit.list({ limit: 1 })).map((r) => r.actor)).toEqual(['ada']);
        expect(Object.keys(store.audit).filter((k) => /update|delete/i.test(k))).toEqual([]);
      });
    });
  });
}
