import { hash } from 'node:crypto';
import { eventId } from '../../src/pipeline/event-id.ts';
import type { EventFilter } from '../../src/store/filter.ts';
import { realisticEvent, SERVICES } from '../../src/store/fixture.ts';
import type { PatternIncrement } from '../../src/store/patterns.ts';
import type { Store } from '../../src/store/store.ts';
import type { FaultlineEvent } from '../../src/schema/index.ts';
import type { ExportRun } from './export-child.ts';
import { fmt, percentile, timed } from './measure.ts';

/**
 * The measurements on one store: write N realistic events (the
 * fixture's severity, type and module mix, spread over 35 days, with event
 * ids made as the pipeline makes them and random trace ids), then filtered
 * search p50/p95, a 30-day chart aggregation, the pattern list, a bulk status change of `updateCount`
 * events and a streamed export of all (in a separate process, so its peak
 * RSS is the export's own).
 */

export interface ScenarioOptions {
  readonly events: number;
  readonly updateCount: number;
  readonly batch: number;
  readonly searches: number;
  readonly log: (line: string) => void;
  /** Streams every event in a process of its own (export-child.ts), so its RSS is the export's. */
  readonly exportAll: () => Promise<ExportRun>;
}

export interface Figures {
  writePerSecond: number;
  searchP50Ms: number;
  searchP95Ms: number;
  chartMs: number;
  patternListMs: number;
  bulkUpdate: { events: number; ms: number };
  export: { rows: number; perSecond: number; peakRssMiB: number };
}

const DAY = 86_400_000;

function incrementsOf(events: readonly FaultlineEvent[]): PatternIncrement[] {
  const byId = new Map<string, PatternIncrement>();
  for (const e of events) {
    const id = e.error?.grouping_key;
    if (!id) continue;
    const seen = byId.get(id);
    byId.set(id, {
      id,
      title: `${e.error?.type ?? 'Error'}: ${e.error?.message ?? e.message}`,
      type: e.faultline.log_type,
      first_seen: seen?.first_seen ?? e['@timestamp'],
      last_seen: e['@timestamp'],
      count: (seen?.count ?? 0) + 1,
      severity: e.faultline.severity,
      users: e.user?.id ? [e.user.id] : [],
      services: e.service?.name ? [e.service.name] : [],
    });
  }
  return [...byId.values()];
}

/**
 * One event in RARE carries a value of each filter field found nowhere else (0.01 % of
 * the events): searching for them shows whether those filters find their few events
 * through an index or read the whole table.
 */
const RARE = 10_000;
const RARE_VALUES = {
  module: 'ledger',
  user: 'auditor',
  status: 'escalated',
  service: 'audit',
  function: 'reconcile',
  pattern: 'ledger-drift',
  session: 'audit-run',
} as const;

/** 32 hex digits as random as a hash, as trace ids are: each batch's land all over their index. */
const randomHex = (seed: string) => hash('sha256', seed, 'hex').slice(0, 32);

export function benchEvent(i: number, start: number, step: number): FaultlineEvent {
  const event = realisticEvent(i, start, step);
  // Made as the pipeline makes them (normalize.ts): the event's time, then a content hash.
  // The id's order, not its form, decides where a batch lands in the store's id index.
  const nanos = BigInt(Date.parse(event['@timestamp'])) * 1_000_000n;
  event.event.id = eventId(['bench', i], nanos.toString());
  event.trace = { ...event.trace, id: traceOf(i) };
  if (i % RARE === RARE - 1) {
    const rare = RARE_VALUES;
    event.faultline = {
      ...event.faultline,
      module: rare.module,
      status: rare.status,
      session: { id: rare.session },
    };
    event.user = { id: rare.user };
    event.service = { ...event.service, name: rare.service };
    event.code = { function: { name: rare.function } };
    event.error = { ...event.error, grouping_key: rare.pattern };
  }
  return event;
}

const traceOf = (i: number) => randomHex(`trace ${i}`);

/**
 * The searches, in turn. For each field the SQLite store finds through its word index, a
 * value most events carry, one a few per cent carry, and the rare one; then combinations.
 */
export const SEARCHES: ((now: number, events: number) => EventFilter)[] = [
  () => ({ services: ['payments'], minSeverity: 'ERROR' }),
  (now) => ({ from: new Date(now - 7 * DAY).toISOString(), logTypes: ['EXCEPTION'] }),
  () => ({ text: 'timeout' }),
  () => ({ modules: ['card'], statuses: ['open'], environments: ['production'] }),
  () => ({ tagsAny: ['vip'], minSeverity: 'WARNING' }),
  (now) => ({ from: new Date(now - DAY).toISOString(), severities: ['CRITICAL', 'FATAL'] }),
  () => ({ minDurationMs: 1900, services: [SERVICES[2]] }),
  () => ({ users: ['u7'] }),
  () => ({ modules: [RARE_VALUES.module] }),
  () => ({ users: [RARE_VALUES.user] }),
  () => ({ statuses: ['resolved'] }),
  () => ({ statuses: [RARE_VALUES.status] }),
  () => ({ services: [RARE_VALUES.service] }),
  () => ({ functions: [RARE_VALUES.function] }),
  () => ({ patterns: ['p1-1'] }),
  (now) => ({ from: new Date(now - 7 * DAY).toISOString(), patterns: ['p1-1'] }),
  () => ({ patterns: [RARE_VALUES.pattern] }),
  () => ({ sessions: ['s1'], users: ['u7'] }),
  () => ({ sessions: [RARE_VALUES.session] }),
  (now) => ({ from: new Date(now - DAY).toISOString(), logTypes: ['SECURITY'] }),
  () => ({ securityLevels: ['critical'], statuses: ['open'] }),
  (_, events) => ({ traceIds: [traceOf(Math.floor(events / 2))] }),
];

export async function runScenario(store: Store, o: ScenarioOptions): Promise<Figures> {
  const now = Date.now();
  const start = now - 35 * DAY;
  const step = (35 * DAY) / o.events;

  // Write, with pattern counters upserted per batch as the pipeline would. Only the
  // store's calls are timed: making up the events is the benchmark's own work.
  let writeMs = 0;
  for (let i = 0; i < o.events; i += o.batch) {
    const batch: FaultlineEvent[] = [];
    for (let j = i; j < Math.min(o.events, i + o.batch); j += 1) {
      batch.push(benchEvent(j, start, step));
    }
    const increments = incrementsOf(batch);
    const { ms, value: result } = await timed(async () => {
      const written = await store.writeEvents(batch);
      await store.patterns.upsert(increments);
      return written;
    });
    writeMs += ms;
    if (result.failed.length) throw new Error(`write failed: ${result.failed[0]!.reason}`);
    if ((i / o.batch) % 20 === 0) o.log(`  written ${fmt(i + batch.length, 0)}`);
  }
  writeMs += (await timed(() => store.refresh())).ms;
  const writePerSecond = o.events / (writeMs / 1000);
  o.log(`  write: ${fmt(writePerSecond, 0)} events/s (${fmt(writeMs / 1000)} s in the store)`);

  const searchMs: number[] = [];
  for (let i = 0; i < o.searches; i += 1) {
    const filter = SEARCHES[i % SEARCHES.length]!(now, o.events);
    searchMs.push((await timed(() => store.searchEvents({ limit: 50, filter }))).ms);
  }
  const searchP50Ms = percentile(searchMs, 50);
  const searchP95Ms = percentile(searchMs, 95);
  o.log(
    `  filtered search (${o.searches}, limit 50): p50 ${fmt(searchP50Ms)} ms, p95 ${fmt(searchP95Ms)} ms`,
  );
  // Each filter's median, in SEARCHES order: a slow one stands out here.
  const medians = SEARCHES.map((_, k) =>
    percentile(
      searchMs.filter((_, i) => i % SEARCHES.length === k),
      50,
    ),
  );
  o.log(`    median by filter: ${medians.map((ms) => fmt(ms)).join(' / ')} ms`);

  const chart = await timed(() =>
    store.aggregateEvents({ from: new Date(now - 30 * DAY).toISOString() }, { interval: 'day' }),
  );
  o.log(`  30-day chart aggregation: ${fmt(chart.ms)} ms (${fmt(chart.value.total, 0)} events)`);

  const patterns = await timed(() => store.patterns.list({ limit: 50 }));
  o.log(`  pattern list (50 of all): ${fmt(patterns.ms)} ms (${patterns.value.length} patterns)`);

  // The oldest `updateCount` events, by time range: the shape of a bulk action on a selection.
  const cutoff = new Date(start + o.updateCount * step).toISOString();
  const update = await timed(() =>
    store.updateEvents({ filter: { to: cutoff } }, { status: 'resolved', addTags: ['bulk'] }),
  );
  o.log(
    `  bulk status change: ${fmt(update.value.updated, 0)} events in ${fmt(update.ms / 1000, 2)} s`,
  );

  const exported = await o.exportAll();
  const perSecond = exported.rows / (exported.ms / 1000);
  o.log(
    `  streamed export (own process): ${fmt(exported.rows, 0)} rows, ${fmt(perSecond, 0)} rows/s, peak RSS ${fmt(exported.peakRssMiB, 0)} MiB (${fmt(exported.idleRssMiB, 0)} MiB before streaming)`,
  );

  return {
    writePerSecond,
    searchP50Ms,
    searchP95Ms,
    chartMs: chart.ms,
    patternListMs: patterns.ms,
    bulkUpdate: { events: update.value.updated, ms: update.ms },
    export: { rows: exported.rows, perSecond, peakRssMiB: exported.peakRssMiB },
  };
}
