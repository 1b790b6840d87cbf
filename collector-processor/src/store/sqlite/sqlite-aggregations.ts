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
type Row = {
  ts: string;
  severity: Severity;
  log_type: LogType;
  module: string | null;
  function: string | null;
  service: string | null;
  grouping_key: string | null;
  duration: number | null;
  user_id: string | null;
};

/** '2026-01-01T10' or '2026-01-01' (a prefix of the sortable form) → bucket start, ISO with ms. */
const bucketStart = (prefix: string, interval: 'hour' | 'day') =>
  interval === 'hour' ? `${prefix}:00:00.000Z` : `${prefix}T00:00:00.000Z`;
const isoMillis = (ts: string) => `${ts.slice(0, 23)}Z`;
const FAILING = new Set<Severity>(['ERROR', 'CRITICAL', 'FATAL']);
const CRITICAL = new Set<Severity>(['CRITICAL', 'FATAL']);

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
 * documents live in another table). One scan read in order of time beats a
 * grouped query per figure, each of which would read every row again.
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
  const days = new Map<string, number>();
  const users = new Set<string>();
  let durations = new Float64Array(1024);
  let durationCount = 0;
  let durationSum = 0;

  const rows = db
    .prepare(
      `SELECT ts, severity, log_type, module, function, service, grouping_key, duration, user_id
       FROM events WHERE ${where.sql}`,
    )
    .iterate(...where.params) as Iterable<Row>;
  for (const row of rows) {
    total += 1;
    types.add(row.log_type);
    modules.add(row.module);
    functions.add(row.function);
    if (FAILING.has(row.severity)) errors.add(row.service);
    if (CRITICAL.has(row.severity) && row.grouping_key !== null) {
      critical.add(row.grouping_key);
      const last = criticalLast.get(row.grouping_key);
      if (last === undefined || row.ts > last) criticalLast.set(row.grouping_key, row.ts);
    }
    const at = bucketStart(row.ts.slice(0, prefixLength), interval);
    const counts = series.get(at) ?? {};
    counts[row.severity] = (counts[row.severity] ?? 0) + 1;
    series.set(at, counts);
    const day = row.ts.slice(0, 10);
    days.set(day, (days.get(day) ?? 0) + 1);
    if (row.user_id !== null) users.add(row.user_id);
    if (row.duration !== null) {
      if (durationCount === durations.length) {
        const grown = new Float64Array(durations.length * 2);
        grown.set(durations);
        durations = grown;
      }
      durations[durationCount++] = row.duration;
      durationSum += row.duration;
    }
  }
  // Nearest-rank p95: the value at rank ceil(0.95 n) of the sorted durations.
  const sorted = durations.subarray(0, durationCount).sort();
  const p95 = durationCount ? sorted[Math.ceil(0.95 * durationCount) - 1]! : null;

  return {
    total,
    byLogType: types.top<LogType>(Infinity),
    severityOverTime: [...series]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([at, counts]) => ({ at, counts })),
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
