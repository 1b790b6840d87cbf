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

type Where = { sql: string; params: (string | number)[] };

/** '2026-01-01T10:00:00.000000000Z' (sortable form) → bucket start, ISO with milliseconds. */
const bucketStart = (prefix: string, interval: 'hour' | 'day') =>
  interval === 'hour' ? `${prefix}:00:00.000Z` : `${prefix}T00:00:00.000Z`;
const isoMillis = (ts: string) => `${ts.slice(0, 23)}Z`;

/** The dashboard figures: one grouped query per figure, all over the same WHERE. */
export function sqliteAggregations(
  db: DatabaseSync,
  where: Where,
  options: AggregationOptions,
): EventAggregations {
  const interval = options.interval ?? 'day';
  const top = options.top ?? DEFAULT_TOP;
  const all = <T>(sql: string, ...extra: (string | number)[]) =>
    db.prepare(sql).all(...where.params, ...extra) as T[];
  const counts = (column: string, extraWhere = '') =>
    all<Count>(
      `SELECT ${column} AS key, count(*) AS count FROM events WHERE ${where.sql} AND ${column} IS NOT NULL ${extraWhere}
       GROUP BY ${column} ORDER BY count DESC, key ASC LIMIT ?`,
      top,
    ).map((r) => ({ key: r.key, count: r.count }));

  // One scan grouped by (bucket, severity, log type) yields the total, the
  // log-type counts and both time series; a scan per figure would read the rows four times.
  const prefixLength = interval === 'hour' ? 13 : 10;
  let total = 0;
  const types = new Map<LogType, number>();
  const series = new Map<string, Partial<Record<Severity, number>>>();
  const days = new Map<string, number>();
  for (const row of all<{ bucket: string; severity: Severity; log_type: LogType; count: number }>(
    `SELECT substr(ts, 1, ${prefixLength}) AS bucket, severity, log_type, count(*) AS count
     FROM events WHERE ${where.sql} GROUP BY bucket, severity, log_type ORDER BY bucket`,
  )) {
    total += row.count;
    types.set(row.log_type, (types.get(row.log_type) ?? 0) + row.count);
    const at = bucketStart(row.bucket, interval);
    const counts = series.get(at) ?? {};
    counts[row.severity] = (counts[row.severity] ?? 0) + row.count;
    series.set(at, counts);
    const day = row.bucket.slice(0, 10);
    days.set(day, (days.get(day) ?? 0) + row.count);
  }
  const byLogType = byCount([...types].map(([key, count]) => ({ key, count })));
  const activityPerDay = [...days].map(([key, count]) => ({ key, count }));

  const criticalIssues = all<{ key: string; count: number; last: string }>(
    `SELECT grouping_key AS key, count(*) AS count, max(ts) AS last FROM events
     WHERE ${where.sql} AND severity IN ('CRITICAL', 'FATAL') AND grouping_key IS NOT NULL
     GROUP BY grouping_key ORDER BY count DESC, key ASC LIMIT ?`,
    top,
  ).map((r) => ({ key: r.key, count: r.count, lastSeen: isoMillis(r.last) }));

  const [timing] = all<{ n: number; mean: number | null }>(
    `SELECT count(duration) AS n, avg(duration) AS mean FROM events WHERE ${where.sql}`,
  ) as [{ n: number; mean: number | null }];
  // Nearest-rank p95: the value at rank ceil(0.95 n), read straight off the sorted column.
  const p95 =
    timing.n === 0
      ? null
      : (
          all<{ d: number }>(
            `SELECT duration AS d FROM events WHERE ${where.sql} AND duration IS NOT NULL
             ORDER BY duration LIMIT 1 OFFSET ?`,
            Math.ceil(0.95 * timing.n) - 1,
          )[0] as { d: number }
        ).d;

  const [{ users }] = all<{ users: number }>(
    `SELECT count(DISTINCT user_id) AS users FROM events WHERE ${where.sql}`,
  ) as [{ users: number }];

  return {
    total,
    byLogType,
    severityOverTime: [...series].map(([at, c]) => ({ at, counts: c })),
    activityPerDay,
    topModules: counts('module'),
    topFunctions: counts('function'),
    criticalIssues,
    executionTime: {
      count: timing.n,
      meanMs: timing.mean === null ? null : timing.mean / NS_PER_MS,
      p95Ms: p95 === null ? null : p95 / NS_PER_MS,
    },
    errorsPerService: counts('service', "AND severity IN ('ERROR', 'CRITICAL', 'FATAL')"),
    affectedUsers: users,
  };
}
