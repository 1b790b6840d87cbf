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
/** One matching row, as an array (no object per row): see the SELECT below. */
type Row = [
  bucket: string,
  severity: Severity,
  logType: LogType,
  module: string | null,
  fn: string | null,
  service: string | null,
  groupingKey: string | null,
  duration: number | null,
  userId: string | null,
  ts: string | null,
];

/** '2026-01-01T10' or '2026-01-01' (a prefix of the sortable form) → bucket start, ISO with ms. */
const bucketStart = (prefix: string, interval: 'hour' | 'day') =>
  interval === 'hour' ? `${prefix}:00:00.000Z` : `${prefix}T00:00:00.000Z`;
const isoMillis = (ts: string) => `${ts.slice(0, 23)}Z`;
const FAILING = new Set<Severity>(['ERROR', 'CRITICAL', 'FATAL']);

class Tally {
  readonly #counts = new Map<string, number>();
  add(key: string | null, n = 1) {
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
 * The dashboard figures in one pass over the matching rows (small rows: the
 * documents live in another table). One scan beats a grouped query per figure
 * (SQLite groups by sorting every row, once per query). Rows come as arrays,
 * with the bucket already cut and the time only where a critical issue needs
 * it: building a row object and its strings was most of the cost.
 */
export function sqliteAggregations(
  db: DatabaseSync,
  where: Where,
  options: AggregationOptions,
): EventAggregations {
  const interval = options.interval ?? 'day';
  const top = options.top ?? DEFAULT_TOP;
  const prefixLength = interval === 'hour' ? 13 : 10;
  let total = 0;
  const types = new Tally();
  const modules = new Tally();
  const functions = new Tally();
  const errors = new Tally();
  const critical = new Tally();
  const criticalLast = new Map<string, string>();
  const series = new Map<string, Partial<Record<Severity, number>>>();
  const users = new Set<string>();
  let durations = new Float64Array(1024);
  let durationCount = 0;
  let durationSum = 0;

  const statement = db.prepare(
    `SELECT substr(ts, 1, ${prefixLength}), severity, log_type, module, function, service,
       grouping_key, duration, user_id,
       CASE WHEN severity IN ('CRITICAL', 'FATAL') AND grouping_key IS NOT NULL THEN ts END
     FROM events WHERE ${where.sql}`,
  );
  statement.setReturnArrays(true);
  const rows = statement.iterate(...where.params) as unknown as Iterable<Row>;
  for (const [
    prefix,
    severity,
    logType,
    module,
    fn,
    service,
    groupingKey,
    duration,
    userId,
    ts,
  ] of rows) {
    total += 1;
    types.add(logType);
    modules.add(module);
    functions.add(fn);
    if (FAILING.has(severity)) errors.add(service);
    if (ts !== null && groupingKey !== null) {
      critical.add(groupingKey);
      const last = criticalLast.get(groupingKey);
      if (last === undefined || ts > last) criticalLast.set(groupingKey, ts);
    }
    let counts = series.get(prefix);
    if (!counts) series.set(prefix, (counts = {}));
    counts[severity] = (counts[severity] ?? 0) + 1;
    if (userId !== null) users.add(userId);
    if (duration !== null) {
      if (durationCount === durations.length) {
        const grown = new Float64Array(durations.length * 2);
        grown.set(durations);
        durations = grown;
      }
      durations[durationCount++] = duration;
      durationSum += duration;
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
  // Nearest-rank p95: the value at rank ceil(0.95 n) of the sorted durations.
  const sorted = durations.subarray(0, durationCount).sort();
  const p95 = durationCount ? sorted[Math.ceil(0.95 * durationCount) - 1]! : null;

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
    criticalIssues: critical
      .top(top)
      .map((c) => ({ ...c, lastSeen: isoMillis(criticalLast.get(c.key)!) })),
    executionTime: {
      count: durationCount,
      meanMs: durationCount ? durationSum / durationCount / NS_PER_MS : null,
      p95Ms: p95 === null ? null : p95 / NS_PER_MS,
    },
    errorsPerService: errors.top(top),
    affectedUsers: users.size,
  };
}
