import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { filteringFields, type ResolvedFilter } from '../filter.ts';
import { sortableTimestamp } from '../timestamp.ts';
import { sqlWhere } from './sql-filter.ts';

/**
 * Event counts per hour and per day, for every combination of the fields the
 * dashboard figures group by and the chart filters use. They are kept in the
 * same transaction as the events they count, so a chart over thirty days reads
 * a few thousand count rows instead of every event (sqlite-aggregations.ts).
 * Only fields that no update changes are counted: bulk status, tag and
 * assignee changes leave the counts as they are; deletes subtract.
 */

/** The counted fields, in the order of `eventRow`'s columns 2–8 they come from. */
export const COUNTED = [
  'severity',
  'log_type',
  'service',
  'environment',
  'module',
  'function',
] as const;

export type Period = 'hour' | 'day';

export const COUNT_TABLES: Record<Period, string> = {
  hour: 'event_counts_hourly',
  day: 'event_counts_daily',
};

/** How many characters of the sortable timestamp name the period: 'YYYY-MM-DDTHH', 'YYYY-MM-DD'. */
export const PERIOD_PREFIX: Record<Period, number> = { hour: 13, day: 10 };

/**
 * The key of a count row: NULL (an absent field) as an empty blob, which
 * equals no text, so an absent field and an empty string stay apart while
 * one upsert finds the row.
 */
const KEY = COUNTED.map((c) => `ifnull(${c}, x'')`).join(', ');

export function countTablesSql(): string {
  return Object.values(COUNT_TABLES)
    .map(
      (table) => `
CREATE TABLE IF NOT EXISTS ${table} (
  bucket       TEXT NOT NULL,              -- a prefix of the sortable timestamp
  severity     TEXT NOT NULL,
  log_type     TEXT NOT NULL,
  service      TEXT,
  environment  TEXT,
  module       TEXT,
  function     TEXT,
  events       INTEGER NOT NULL,
  timed        INTEGER NOT NULL,           -- events with a duration
  duration_sum REAL NOT NULL               -- ns
);
CREATE UNIQUE INDEX IF NOT EXISTS ${table}_by_key ON ${table} (bucket, ${KEY});`,
    )
    .join('\n');
}

/** Counts the stored events afresh (a file written before the counts existed). */
export function fillCountsSql(): string {
  return (Object.entries(COUNT_TABLES) as [Period, string][])
    .map(
      ([period, table]) =>
        `DELETE FROM ${table};
         INSERT INTO ${table} SELECT substr(ts, 1, ${PERIOD_PREFIX[period]}), ${COUNTED.join(', ')},
           count(*), count(duration), total(duration)
         FROM events GROUP BY 1, ${COUNTED.map((_, i) => i + 2).join(', ')};`,
    )
    .join('\n');
}

type Value = string | number | null;

interface Delta {
  readonly period: Period;
  /** bucket, then the COUNTED fields */
  readonly key: Value[];
  events: number;
  timed: number;
  durationSum: number;
}

/**
 * The changes one transaction makes to the counts: add each inserted or
 * deleted event's row, then `apply` inside that transaction.
 */
export class CountDeltas {
  readonly #deltas = new Map<string, Delta>();

  /**
   * `row` is an `eventRow` (id, ts, log_type, severity, status, service,
   * environment, module, function, duration, …); `sign` is 1 for an insert, -1 for a delete.
   */
  add(row: readonly Value[], sign: 1 | -1): void {
    const ts = row[1] as string;
    const fields = [row[3], row[2], row[5], row[6], row[7], row[8]] as Value[];
    const duration = row[9] as number | null;
    // Buckets have a fixed length and no quotes: prefixed to the JSON, names stay unambiguous.
    const fieldNames = JSON.stringify(fields);
    for (const period of ['hour', 'day'] as const) {
      const bucket = ts.slice(0, PERIOD_PREFIX[period]);
      const name = bucket + fieldNames;
      let delta = this.#deltas.get(name);
      if (!delta) {
        delta = { period, key: [bucket, ...fields], events: 0, timed: 0, durationSum: 0 };
        this.#deltas.set(name, delta);
      }
      delta.events += sign;
      if (duration !== null) {
        delta.timed += sign;
        delta.durationSum += sign * duration;
      }
    }
  }

  apply(statements: CountStatements): void {
    for (const { period, key, events, timed, durationSum } of this.#deltas.values()) {
      if (events === 0) continue; // inserted and deleted in one transaction
      const s = statements[period];
      s.upsert.run(...key, events, timed, durationSum);
      if (events < 0) s.dropEmpty.run(...key);
    }
    this.#deltas.clear();
  }
}

export type CountStatements = Record<Period, { upsert: StatementSync; dropEmpty: StatementSync }>;

/** The statements `CountDeltas.apply` runs, compiled once per connection. */
export function prepareCountStatements(db: DatabaseSync): CountStatements {
  const prepare = (table: string) => ({
    upsert: db.prepare(
      `INSERT INTO ${table} (bucket, ${COUNTED.join(', ')}, events, timed, duration_sum)
       VALUES (?, ${COUNTED.map(() => '?').join(', ')}, ?, ?, ?)
       ON CONFLICT (bucket, ${KEY}) DO UPDATE SET events = events + excluded.events,
         timed = timed + excluded.timed, duration_sum = duration_sum + excluded.duration_sum`,
    ),
    dropEmpty: db.prepare(
      `DELETE FROM ${table} WHERE bucket = ? AND ${COUNTED.map((c) => `ifnull(${c}, x'') = ifnull(?, x'')`).join(' AND ')} AND events <= 0`,
    ),
  });
  return { hour: prepare(COUNT_TABLES.hour), day: prepare(COUNT_TABLES.day) };
}

/** Filter fields the count tables hold; a filter on anything else reads the events. */
const COUNTABLE = new Set<string>([
  'from',
  'to',
  'fromKey',
  'toKey',
  'logTypes',
  'excludeLogTypes',
  'severities',
  'services',
  'environments',
  'modules',
  'functions',
]);

export const countable = (filter: ResolvedFilter) =>
  filteringFields(filter).every((key) => COUNTABLE.has(key));

const UNIT_MS: Record<Period, number> = { hour: 3_600_000, day: 86_400_000 };

/** The start of the hour or day holding `key` (a sortable timestamp), in the same form. */
const floorTo = (key: string, period: Period) =>
  period === 'hour'
    ? `${key.slice(0, 13)}:00:00.000000000Z`
    : `${key.slice(0, 10)}T00:00:00.000000000Z`;

/** `key` when a period starts there, else the start of the next one. */
function ceilTo(key: string, period: Period): string {
  const start = floorTo(key, period);
  if (start === key) return start;
  const next = Date.parse(`${start.slice(0, 19)}Z`) + UNIT_MS[period];
  return sortableTimestamp(new Date(next).toISOString());
}

/** A time range read from one source: a count table, or the events themselves. */
export interface Piece {
  readonly source: Period | 'events';
  readonly from?: string;
  readonly to?: string;
}

/**
 * [from, to) cut into whole days from the daily counts, whole hours from
 * the hourly counts, and the partial hours at either end from the events;
 * `levels` lists the count tables to use, coarsest first.
 */
export function cutRange(
  from: string | undefined,
  to: string | undefined,
  levels: Period[],
): Piece[] {
  if (from !== undefined && to !== undefined && from >= to) return [];
  const [level, ...finer] = levels;
  if (!level) return [{ source: 'events', from, to }];
  const lo = from === undefined ? undefined : ceilTo(from, level);
  const hi = to === undefined ? undefined : floorTo(to, level);
  if (lo !== undefined && hi !== undefined && lo >= hi) return cutRange(from, to, finer);
  return [
    ...(from === undefined ? [] : cutRange(from, lo, finer)),
    { source: level, from: lo, to: hi },
    ...(to === undefined ? [] : cutRange(hi, to, finer)),
  ];
}

/**
 * How many events match a countable filter, exactly: summed from the counts,
 * the partial hours at the ends of the range counted from the events.
 */
export function countEvents(db: DatabaseSync, filter: ResolvedFilter): number {
  const { fromKey, toKey, ...fields } = filter;
  const fieldsWhere = sqlWhere(fields);
  let n = 0;
  for (const piece of cutRange(fromKey, toKey, ['day', 'hour'])) {
    if (piece.source === 'events') {
      const where = sqlWhere({ ...filter, fromKey: piece.from, toKey: piece.to });
      n += (
        db.prepare(`SELECT count(*) AS n FROM events WHERE ${where.sql}`).get(...where.params) as {
          n: number;
        }
      ).n;
    } else {
      const range = bucketRange(piece.source, piece);
      n += (
        db
          .prepare(
            `SELECT total(events) AS n FROM ${COUNT_TABLES[piece.source]} WHERE ${[...range.parts, fieldsWhere.sql].join(' AND ')}`,
          )
          .get(...range.params, ...fieldsWhere.params) as { n: number }
      ).n;
    }
  }
  return n;
}

/** The condition on `bucket` that selects a piece's whole periods from a count table. */
export function bucketRange(period: Period, range: Piece): { parts: string[]; params: string[] } {
  const prefix = PERIOD_PREFIX[period];
  const parts: string[] = [];
  const params: string[] = [];
  if (range.from !== undefined) {
    parts.push('bucket >= ?');
    params.push(range.from.slice(0, prefix));
  }
  if (range.to !== undefined) {
    parts.push('bucket < ?');
    params.push(range.to.slice(0, prefix));
  }
  return { parts, params };
}
