import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { filteringFields, type ResolvedFilter } from '../filter.ts';
import { sortableTimestamp } from '../timestamp.ts';
import { PERIOD_MS, boundOf, bucketOf, bucketSql, type Period } from './event-time.ts';
import { sqlWhere, type Param } from './sql-filter.ts';

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

export const COUNT_TABLES: Record<Period, string> = {
  hour: 'event_counts_hourly',
  day: 'event_counts_daily',
};

/**
 * The identity of a kind (event_kinds): NULL (an absent field) as an empty
 * blob, which equals no text, so an absent field and an empty string stay
 * apart while the unique index finds the row.
 */
const kindKey = (table?: string) =>
  COUNTED.map((c) => `ifnull(${table ? `${table}.` : ''}${c}, x'')`).join(', ');

/**
 * A kind is one combination of the counted fields; a count row holds the
 * events of one kind in one hour or day. The kinds are few (hundreds), so
 * count rows are two integers long and their upserts are cheap.
 */
export function countTablesSql(): string {
  return `
CREATE TABLE IF NOT EXISTS event_kinds (
  id           INTEGER PRIMARY KEY,
  severity     TEXT NOT NULL,
  log_type     TEXT NOT NULL,
  service      TEXT,
  environment  TEXT,
  module       TEXT,
  function     TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS event_kinds_by_fields ON event_kinds (${kindKey()});
${Object.entries(COUNT_TABLES)
  .map(
    ([period, table]) => `
CREATE TABLE IF NOT EXISTS ${table} (
  bucket       INTEGER NOT NULL,           -- ${period}s since the epoch
  kind         INTEGER NOT NULL,           -- event_kinds.id
  events       INTEGER NOT NULL,
  timed        INTEGER NOT NULL,           -- events with a duration
  duration_sum REAL NOT NULL,              -- ns
  PRIMARY KEY (bucket, kind)
) WITHOUT ROWID;`,
  )
  .join('')}`;
}

/** Counts the stored events afresh (a file written before these counts existed). */
export function fillCountsSql(): string {
  const fields = COUNTED.join(', ');
  return `
INSERT INTO event_kinds (${fields}) SELECT DISTINCT ${fields} FROM events WHERE true
  ON CONFLICT DO NOTHING;
${(Object.entries(COUNT_TABLES) as [Period, string][])
  .map(
    ([period, table]) => `
DELETE FROM ${table};
INSERT INTO ${table} (bucket, kind, events, timed, duration_sum)
  SELECT g.bucket, event_kinds.id, g.events, g.timed, g.duration_sum
  FROM (SELECT ${bucketSql('ts', period)} AS bucket, ${fields},
          count(*) AS events, count(duration) AS timed, total(duration) AS duration_sum
        FROM events GROUP BY 1, ${COUNTED.map((_, i) => i + 2).join(', ')}) AS g
  JOIN event_kinds ON (${kindKey('event_kinds')}) = (${kindKey('g')});`,
  )
  .join('')}`;
}

type Value = string | number | bigint | null;

interface Delta {
  readonly period: Period;
  readonly bucket: number;
  readonly fields: Value[];
  events: number;
  timed: number;
  durationSum: number;
}

/**
 * The changes one transaction makes to the counts: add each inserted or
 * deleted event's row, then `apply` inside that transaction.
 */
export class CountDeltas {
  /** By the counted fields (as JSON), then by period and bucket. */
  readonly #deltas = new Map<string, Map<number, Delta>>();

  /**
   * `row` is an `eventRow` (id, ts, log_type, severity, status, service,
   * environment, module, function, duration, …); `sign` is 1 for an insert, -1 for a delete.
   */
  add(row: readonly Value[], sign: 1 | -1): void {
    const hour = bucketOf(row[1] as bigint, 'hour');
    const fields = [row[3], row[2], row[5], row[6], row[7], row[8]] as Value[];
    const name = JSON.stringify(fields);
    let byBucket = this.#deltas.get(name);
    if (!byBucket) this.#deltas.set(name, (byBucket = new Map()));
    const duration = row[9] as number | null;
    // Hours by their number, days by their number's complement: one map, no clash.
    this.#add(byBucket, 'hour', hour, hour, fields, sign, duration);
    const day = Math.floor(hour / 24);
    this.#add(byBucket, 'day', day, -1 - day, fields, sign, duration);
  }

  #add(
    byBucket: Map<number, Delta>,
    period: Period,
    bucket: number,
    slot: number,
    fields: Value[],
    sign: 1 | -1,
    duration: number | null,
  ): void {
    let delta = byBucket.get(slot);
    if (!delta) {
      delta = { period, bucket, fields, events: 0, timed: 0, durationSum: 0 };
      byBucket.set(slot, delta);
    }
    delta.events += sign;
    if (duration !== null) {
      delta.timed += sign;
      delta.durationSum += sign * duration;
    }
  }

  apply(statements: CountStatements): void {
    for (const byBucket of this.#deltas.values()) {
      let kind: number | undefined;
      for (const { period, bucket, fields, events, timed, durationSum } of byBucket.values()) {
        if (events === 0) continue; // inserted and deleted in one transaction
        kind ??= statements.kinds.idOf(fields);
        const s = statements[period];
        s.upsert.run(bucket, kind, events, timed, durationSum);
        if (events < 0) s.dropEmpty.run(bucket, kind);
      }
    }
    this.#deltas.clear();
  }
}

/**
 * Kind ids by their fields, read or added inside a write transaction. Ids
 * added there are kept once `settle(true)` says it committed; after a
 * rollback they are forgotten (the rows are gone).
 */
class EventKinds {
  readonly #committed = new Map<string, number>();
  readonly #added = new Map<string, number>();
  readonly #find: StatementSync;
  readonly #add: StatementSync;

  constructor(db: DatabaseSync) {
    const fields = COUNTED.join(', ');
    this.#find = db.prepare(
      `SELECT id FROM event_kinds WHERE (${kindKey()}) = (${COUNTED.map(() => "ifnull(?, x'')").join(', ')})`,
    );
    this.#add = db.prepare(
      `INSERT INTO event_kinds (${fields}) VALUES (${COUNTED.map(() => '?').join(', ')})`,
    );
  }

  idOf(fields: Value[]): number {
    const name = JSON.stringify(fields);
    const known = this.#committed.get(name) ?? this.#added.get(name);
    if (known !== undefined) return known;
    const found = this.#find.get(...fields) as { id: number } | undefined;
    const id = found ? found.id : Number(this.#add.run(...fields).lastInsertRowid);
    this.#added.set(name, id);
    return id;
  }

  settle(committed: boolean): void {
    if (committed) for (const [name, id] of this.#added) this.#committed.set(name, id);
    this.#added.clear();
  }
}

export type CountStatements = Record<
  Period,
  { upsert: StatementSync; dropEmpty: StatementSync }
> & { readonly kinds: EventKinds };

/** The statements `CountDeltas.apply` runs, compiled once per connection. */
export function prepareCountStatements(db: DatabaseSync): CountStatements {
  const prepare = (table: string) => ({
    upsert: db.prepare(
      `INSERT INTO ${table} (bucket, kind, events, timed, duration_sum) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (bucket, kind) DO UPDATE SET events = events + excluded.events,
         timed = timed + excluded.timed, duration_sum = duration_sum + excluded.duration_sum`,
    ),
    dropEmpty: db.prepare(`DELETE FROM ${table} WHERE bucket = ? AND kind = ? AND events <= 0`),
  });
  return {
    hour: prepare(COUNT_TABLES.hour),
    day: prepare(COUNT_TABLES.day),
    kinds: new EventKinds(db),
  };
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

/** The start of the hour or day holding `key` (a sortable timestamp), in the same form. */
const floorTo = (key: string, period: Period) =>
  period === 'hour'
    ? `${key.slice(0, 13)}:00:00.000000000Z`
    : `${key.slice(0, 10)}T00:00:00.000000000Z`;

/** `key` when a period starts there, else the start of the next one. */
function ceilTo(key: string, period: Period): string {
  const start = floorTo(key, period);
  if (start === key) return start;
  const next = Date.parse(`${start.slice(0, 19)}Z`) + PERIOD_MS[period];
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
  let n = 0;
  for (const piece of cutRange(fromKey, toKey, ['day', 'hour'])) {
    const query =
      piece.source === 'events'
        ? sqlWhere({ ...filter, fromKey: piece.from, toKey: piece.to })
        : countsWhere(piece.source, piece, fields);
    const from = piece.source === 'events' ? 'events' : COUNT_TABLES[piece.source];
    const sum = piece.source === 'events' ? 'count(*)' : 'total(events)';
    n += (
      db.prepare(`SELECT ${sum} AS n FROM ${from} WHERE ${query.sql}`).get(...query.params) as {
        n: number;
      }
    ).n;
  }
  return n;
}

/**
 * The condition on a count table that selects a piece's whole periods, of
 * the kinds the filter's fields (no time) allow.
 */
export function countsWhere(
  period: Period,
  range: Piece,
  fields: ResolvedFilter,
): { sql: string; params: Param[] } {
  const parts: string[] = [];
  const params: Param[] = [];
  if (range.from !== undefined) {
    parts.push('bucket >= ?');
    params.push(bucketOf(boundOf(range.from), period));
  }
  if (range.to !== undefined) {
    parts.push('bucket < ?');
    params.push(bucketOf(boundOf(range.to), period));
  }
  const kinds = sqlWhere(fields);
  if (kinds.sql !== '1') {
    parts.push(`kind IN (SELECT id FROM event_kinds WHERE ${kinds.sql})`);
    params.push(...kinds.params);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}
