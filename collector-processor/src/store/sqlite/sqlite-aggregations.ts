import type { DatabaseSync } from 'node:sqlite';
import type { LogType, Severity } from '../../schema/index.ts';
import {
  DEFAULT_TOP,
  NS_PER_MS,
  byCount,
  type AggregationOptions,
  type Count,
  type EventAggregations,
} from '../aggregations.ts';
import type { ResolvedFilter } from '../filter.ts';
import { COUNT_TABLES, countable, countsWhere, cutRange, type Piece } from './event-counts.ts';
import { PERIOD_MS, bucketSql, millisSql, type Period } from './event-time.ts';
import { SLOWNESS } from './slowness.ts';
import { sqlWhere, sqlWhereForAll } from './sql-filter.ts';

/** A bucket (the start of its hour or day, ms since the epoch) and the counted fields the figures use. */
type Fields = [
  bucketStart: number,
  severity: Severity,
  logType: LogType,
  module: string | null,
  fn: string | null,
  service: string | null,
];

/** One group of events with the same bucket and fields: a count row, or events grouped on the fly. */
type Group = [...Fields, events: number, timed: number, durationSum: number];

const iso = (ms: number) => new Date(ms).toISOString();
/** The start of the period holding `ms`. */
const floorTo = (ms: number, periodMs: number) => Math.floor(ms / periodMs) * periodMs;
const FAILING = new Set<Severity>(['ERROR', 'CRITICAL', 'FATAL']);

class Tally {
  readonly #counts = new Map<string, number>();
  add(key: string | null, n: number) {
    if (key !== null) this.#counts.set(key, (this.#counts.get(key) ?? 0) + n);
  }
  top<K extends string>(limit: number): Count<K>[] {
    return byCount([...this.#counts].map(([key, count]) => ({ key: key as K, count }))).slice(
      0,
      limit,
    );
  }
}

/** The figures that add up: from count rows, from events grouped on the fly, or event by event. */
class Sums {
  total = 0;
  timed = 0;
  durationSum = 0;
  readonly types = new Tally();
  readonly modules = new Tally();
  readonly functions = new Tally();
  readonly errors = new Tally();
  /** By the start of the interval, ms since the epoch. */
  readonly series = new Map<number, Partial<Record<Severity, number>>>();
  readonly interval: Period;
  readonly #intervalMs: number;

  constructor(interval: Period) {
    this.interval = interval;
    this.#intervalMs = PERIOD_MS[interval];
  }

  /** `n` events of one bucket (an hour or day, no longer than the interval) and fields. */
  add(group: Group): void {
    const [bucket, severity, logType, module, fn, service, n, timed, durationSum] = group;
    this.total += n;
    this.timed += timed;
    this.durationSum += durationSum;
    this.types.add(logType, n);
    this.modules.add(module, n);
    this.functions.add(fn, n);
    if (FAILING.has(severity)) this.errors.add(service, n);
    const start = floorTo(bucket, this.#intervalMs);
    let counts = this.series.get(start);
    if (!counts) this.series.set(start, (counts = {}));
    counts[severity] = (counts[severity] ?? 0) + n;
  }

  figures(
    top: number,
    rest: Pick<EventAggregations, 'criticalIssues' | 'affectedUsers'> & { p95: number | null },
  ): EventAggregations {
    const days = new Map<number, number>();
    for (const [start, counts] of this.series) {
      const day = floorTo(start, PERIOD_MS.day);
      let n = days.get(day) ?? 0;
      for (const c of Object.values(counts)) n += c;
      days.set(day, n);
    }
    const { timed } = this;
    return {
      total: this.total,
      byLogType: this.types.top<LogType>(Infinity),
      severityOverTime: [...this.series]
        .sort(([a], [b]) => a - b)
        .map(([start, counts]) => ({ at: iso(start), counts })),
      activityPerDay: [...days]
        .sort(([a], [b]) => a - b)
        .map(([day, count]) => ({ key: iso(day).slice(0, 10), count })),
      topModules: this.modules.top(top),
      topFunctions: this.functions.top(top),
      criticalIssues: rest.criticalIssues,
      executionTime: {
        count: timed,
        meanMs: timed ? this.durationSum / timed / NS_PER_MS : null,
        p95Ms: rest.p95 === null ? null : rest.p95 / NS_PER_MS,
      },
      errorsPerService: this.errors.top(top),
      affectedUsers: rest.affectedUsers,
    };
  }
}

/**
 * The dashboard figures, in one snapshot. When the filter names only counted
 * fields and time, the sums come from the count tables (event-counts.ts),
 * the partial hours at the ends of the range grouped from the events, and
 * critical issues, affected users and the exact p95 each from a query a
 * covering index serves. Other filters are answered in one pass over the
 * matching events, whose filter (free text, say) is then evaluated once.
 */
export function sqliteAggregations(
  db: DatabaseSync,
  filter: ResolvedFilter,
  options: AggregationOptions,
): EventAggregations {
  const sums = new Sums(options.interval ?? 'day');
  const top = options.top ?? DEFAULT_TOP;
  db.exec('BEGIN');
  try {
    // How the word index finds the matching events, decided once.
    const where = sqlWhereForAll(db, filter);
    return countable(filter)
      ? fromCounts(db, filter, where, sums, top)
      : fromEvents(db, where, sums, top);
  } finally {
    db.exec('COMMIT');
  }
}

function fromCounts(
  db: DatabaseSync,
  filter: ResolvedFilter,
  where: Where,
  sums: Sums,
  top: number,
): EventAggregations {
  const { fromKey, toKey, ...fields } = filter;
  const levels: Period[] = sums.interval === 'day' ? ['day', 'hour'] : ['hour'];
  for (const piece of cutRange(fromKey, toKey, levels)) {
    const query =
      piece.source === 'events'
        ? groupEvents({ ...filter, fromKey: piece.from, toKey: piece.to })
        : readCounts(piece.source, piece, fields);
    const statement = db.prepare(query.sql);
    statement.setReturnArrays(true);
    for (const group of statement.iterate(...query.params) as unknown as Iterable<Group>) {
      sums.add(group);
    }
  }
  return sums.figures(top, {
    criticalIssues: criticalIssues(db, where, top),
    affectedUsers: (
      db
        .prepare(
          `SELECT count(DISTINCT user_id) AS n FROM events WHERE (${where.sql}) AND user_id IS NOT NULL`,
        )
        .get(...where.params) as { n: number }
    ).n,
    p95: sums.timed ? nearestRankP95(db, where, sums.timed) : null,
  });
}

/** One matching event, as an array (no object per row): see the SELECT below. */
type EventRow = [
  ...Fields,
  groupingKey: string | null,
  duration: number | null,
  userId: string | null,
  criticalMs: number | null,
];

function fromEvents(db: DatabaseSync, where: Where, sums: Sums, top: number): EventAggregations {
  const critical = new Tally();
  const criticalLast = new Map<string, number>();
  const users = new Set<string>();
  let durations = new Float64Array(1024);
  const statement = db.prepare(
    `SELECT ${bucketSql('ts', sums.interval)} * ${PERIOD_MS[sums.interval]}, severity, log_type,
       module, function, service, grouping_key, duration, user_id,
       CASE WHEN severity IN ('CRITICAL', 'FATAL') AND grouping_key IS NOT NULL
         THEN ${millisSql('ts')} END
     FROM events WHERE ${where.sql}`,
  );
  statement.setReturnArrays(true);
  const group: Group = [0, 'DEBUG', 'DEBUG', null, null, null, 1, 0, 0];
  for (const row of statement.iterate(...where.params) as unknown as Iterable<EventRow>) {
    const [
      bucket,
      severity,
      logType,
      module,
      fn,
      service,
      groupingKey,
      duration,
      userId,
      criticalMs,
    ] = row;
    const timed = duration === null ? 0 : 1;
    if (duration !== null) {
      if (sums.timed === durations.length) {
        const grown = new Float64Array(durations.length * 2);
        grown.set(durations);
        durations = grown;
      }
      durations[sums.timed] = duration;
    }
    group[0] = bucket;
    group[1] = severity;
    group[2] = logType;
    group[3] = module;
    group[4] = fn;
    group[5] = service;
    group[7] = timed;
    group[8] = duration ?? 0;
    sums.add(group);
    if (criticalMs !== null && groupingKey !== null) {
      critical.add(groupingKey, 1);
      const last = criticalLast.get(groupingKey);
      if (last === undefined || criticalMs > last) criticalLast.set(groupingKey, criticalMs);
    }
    if (userId !== null) users.add(userId);
  }
  // Nearest rank: the value at rank ceil(0.95 n) of the sorted durations.
  const n = sums.timed;
  const sorted = durations.subarray(0, n).sort();
  return sums.figures(top, {
    criticalIssues: critical
      .top(top)
      .map((c) => ({ ...c, lastSeen: iso(criticalLast.get(c.key)!) })),
    affectedUsers: users.size,
    p95: n ? sorted[Math.ceil(0.95 * n) - 1]! : null,
  });
}

type Where = ReturnType<typeof sqlWhere>;

/** Matching events grouped as count rows are (the whole filter, or the partial hours at the ends). */
function groupEvents(filter: ResolvedFilter): Where {
  const where = sqlWhere(filter);
  return {
    sql: `SELECT ${bucketSql('ts', 'hour')} * ${PERIOD_MS.hour}, severity, log_type, module,
            function, service,
            count(*), count(duration), total(duration)
          FROM events WHERE ${where.sql} GROUP BY 1, 2, 3, 4, 5, 6`,
    params: where.params,
  };
}

function readCounts(period: Period, range: Piece, fields: ResolvedFilter): Where {
  const where = countsWhere(period, range, fields);
  return {
    sql: `SELECT bucket * ${PERIOD_MS[period]}, severity, log_type, module, function, service,
            events, timed, duration_sum
          FROM ${COUNT_TABLES[period]} JOIN event_kinds ON event_kinds.id = kind WHERE ${where.sql}`,
    params: where.params,
  };
}

/**
 * Nearest rank: the value at rank ceil(0.95 n) of the sorted durations, counted
 * from the top. The slowness index is walked down class by class, counting the
 * matches of each, until the class holding that rank; only that class's
 * durations are then sorted.
 */
function nearestRankP95(db: DatabaseSync, where: Where, n: number): number | null {
  const matches = `FROM events INDEXED BY events_by_slowness
    WHERE (${where.sql}) AND duration IS NOT NULL`;
  const below = db.prepare(
    `SELECT ${SLOWNESS} AS c ${matches} AND ${SLOWNESS} < ? ORDER BY ${SLOWNESS} DESC LIMIT 1`,
  );
  const count = db.prepare(`SELECT count(*) AS n ${matches} AND ${SLOWNESS} = ?`);
  const nth = db.prepare(
    `SELECT duration ${matches} AND ${SLOWNESS} IS ? ORDER BY duration DESC LIMIT 1 OFFSET ?`,
  );
  let above = n - Math.ceil(0.95 * n); // matches slower than the one sought
  let slowness: number | null = Number.MAX_SAFE_INTEGER;
  for (;;) {
    // None left (the schema's durations are ≥ 0, so every one has a class): no p95.
    const next = below.get(...where.params, slowness) as { c: number } | undefined;
    slowness = next?.c ?? null;
    if (slowness === null) break;
    const inClass = (count.get(...where.params, slowness) as { n: number }).n;
    if (inClass > above) break;
    above -= inClass;
  }
  const row = nth.get(...where.params, slowness, above) as { duration: number } | undefined;
  return row?.duration ?? null;
}

function criticalIssues(
  db: DatabaseSync,
  where: Where,
  top: number,
): (Count & { lastSeen: string })[] {
  const rows = db
    .prepare(
      `SELECT grouping_key AS key, count(*) AS count, ${millisSql('max(ts)')} AS last FROM events
       WHERE (${where.sql}) AND severity IN ('CRITICAL', 'FATAL') AND grouping_key IS NOT NULL
       GROUP BY grouping_key`,
    )
    .all(...where.params) as { key: string; count: number; last: number }[];
  return byCount(rows.map(({ key, count, last }) => ({ key, count, lastSeen: iso(last) }))).slice(
    0,
    top,
  );
}
