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
import {
  COUNT_TABLES,
  PERIOD_PREFIX,
  bucketRange,
  countable,
  cutRange,
  type Period,
  type Piece,
} from './event-counts.ts';
import { sqlWhere } from './sql-filter.ts';

/** One group of events with the same bucket and fields: a count row, or events grouped on the fly. */
type Group = [
  bucket: string,
  severity: Severity,
  logType: LogType,
  module: string | null,
  fn: string | null,
  service: string | null,
  events: number,
  timed: number,
  durationSum: number,
];

/** '2026-01-01T10' or '2026-01-01' (a prefix of the sortable form) → bucket start, ISO with ms. */
const bucketStart = (prefix: string, interval: Period) =>
  interval === 'hour' ? `${prefix}:00:00.000Z` : `${prefix}T00:00:00.000Z`;
const isoMillis = (ts: string) => `${ts.slice(0, 23)}Z`;
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

/**
 * The dashboard figures. Counts, series and the mean come from the count
 * tables (event-counts.ts) when the filter names only counted fields and
 * time, with the partial hours at the ends of the range grouped from the
 * events; other filters group all matching events. Critical issues, affected
 * users and the exact p95 are always asked of the events, each by a query
 * an index serves. All reads share one snapshot.
 */
export function sqliteAggregations(
  db: DatabaseSync,
  filter: ResolvedFilter,
  options: AggregationOptions,
): EventAggregations {
  db.exec('BEGIN');
  try {
    return aggregate(db, filter, options);
  } finally {
    db.exec('COMMIT');
  }
}

function aggregate(
  db: DatabaseSync,
  filter: ResolvedFilter,
  options: AggregationOptions,
): EventAggregations {
  const interval = options.interval ?? 'day';
  const top = options.top ?? DEFAULT_TOP;
  const prefixLength = PERIOD_PREFIX[interval];
  let total = 0;
  let timed = 0;
  let durationSum = 0;
  const types = new Tally();
  const modules = new Tally();
  const functions = new Tally();
  const errors = new Tally();
  const series = new Map<string, Partial<Record<Severity, number>>>();

  const { fromKey, toKey, ...fields } = filter;
  const fieldsWhere = sqlWhere(fields);
  const pieces = countable(filter)
    ? cutRange(fromKey, toKey, interval === 'day' ? ['day', 'hour'] : ['hour'])
    : [{ source: 'events' as const, from: fromKey, to: toKey }];
  for (const piece of pieces) {
    const query =
      piece.source === 'events'
        ? groupEvents({ ...filter, fromKey: piece.from, toKey: piece.to })
        : readCounts(piece.source, piece, fieldsWhere);
    const statement = db.prepare(query.sql);
    statement.setReturnArrays(true);
    const groups = statement.iterate(...query.params) as unknown as Iterable<Group>;
    for (const [bucket, severity, logType, module, fn, service, n, t, sum] of groups) {
      total += n;
      timed += t;
      durationSum += sum;
      types.add(logType, n);
      modules.add(module, n);
      functions.add(fn, n);
      if (FAILING.has(severity)) errors.add(service, n);
      const prefix = bucket.length === prefixLength ? bucket : bucket.slice(0, prefixLength);
      let counts = series.get(prefix);
      if (!counts) series.set(prefix, (counts = {}));
      counts[severity] = (counts[severity] ?? 0) + n;
    }
  }
  // Days from the buckets (an hour bucket's prefix starts with its day).
  const days = new Map<string, number>();
  for (const [prefix, counts] of series) {
    const day = prefix.slice(0, 10);
    let n = days.get(day) ?? 0;
    for (const c of Object.values(counts)) n += c;
    days.set(day, n);
  }

  const where = sqlWhere(filter);
  const p95 = timed ? nearestRankP95(db, where, timed) : null;
  return {
    total,
    byLogType: types.top<LogType>(Infinity),
    severityOverTime: [...series]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([prefix, counts]) => ({ at: bucketStart(prefix, interval), counts })),
    activityPerDay: [...days]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, count]) => ({ key, count })),
    topModules: modules.top(top),
    topFunctions: functions.top(top),
    criticalIssues: criticalIssues(db, where, top),
    executionTime: {
      count: timed,
      meanMs: timed ? durationSum / timed / NS_PER_MS : null,
      p95Ms: p95 === null ? null : p95 / NS_PER_MS,
    },
    errorsPerService: errors.top(top),
    affectedUsers: (
      db
        .prepare(
          `SELECT count(DISTINCT user_id) AS n FROM events WHERE (${where.sql}) AND user_id IS NOT NULL`,
        )
        .get(...where.params) as { n: number }
    ).n,
  };
}

type Where = ReturnType<typeof sqlWhere>;

/** Matching events grouped as count rows are (the whole filter, or the partial hours at the ends). */
function groupEvents(filter: ResolvedFilter): Where {
  const where = sqlWhere(filter);
  return {
    sql: `SELECT substr(ts, 1, 13), severity, log_type, module, function, service,
            count(*), count(duration), total(duration)
          FROM events WHERE ${where.sql} GROUP BY 1, 2, 3, 4, 5, 6`,
    params: where.params,
  };
}

function readCounts(period: Period, range: Piece, fields: Where): Where {
  const { parts, params } = bucketRange(period, range);
  return {
    sql: `SELECT bucket, severity, log_type, module, function, service, events, timed, duration_sum
          FROM ${COUNT_TABLES[period]} WHERE ${[...parts, fields.sql].join(' AND ')}`,
    params: [...params, ...fields.params],
  };
}

/** Nearest rank: the value at rank ceil(0.95 n) of the sorted durations, counted from the top. */
function nearestRankP95(db: DatabaseSync, where: Where, n: number): number | null {
  const row = db
    .prepare(
      `SELECT duration FROM events WHERE (${where.sql}) AND duration IS NOT NULL
       ORDER BY duration DESC LIMIT 1 OFFSET ?`,
    )
    .get(...where.params, n - Math.ceil(0.95 * n)) as { duration: number } | undefined;
  return row?.duration ?? null;
}

function criticalIssues(
  db: DatabaseSync,
  where: Where,
  top: number,
): (Count & { lastSeen: string })[] {
  const rows = db
    .prepare(
      `SELECT grouping_key AS key, count(*) AS count, max(ts) AS last FROM events
       WHERE (${where.sql}) AND severity IN ('CRITICAL', 'FATAL') AND grouping_key IS NOT NULL
       GROUP BY grouping_key`,
    )
    .all(...where.params) as { key: string; count: number; last: string }[];
  return byCount(
    rows.map(({ key, count, last }) => ({ key, count, lastSeen: isoMillis(last) })),
  ).slice(0, top);
}
