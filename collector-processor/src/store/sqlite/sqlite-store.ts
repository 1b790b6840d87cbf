import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { FaultlineEvent } from '../../schema/index.ts';
import type { AggregationOptions, EventAggregations } from '../aggregations.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { applyChanges, type EventChanges } from '../event-changes.ts';
import {
  filteringFields,
  resolveFilter,
  type EventFilter,
  type EventSort,
  type ResolvedFilter,
} from '../filter.ts';
import type { PatternIncrement, PatternStore } from '../patterns.ts';
import type { AuditLog, RecordCollections } from '../records.ts';
import {
  DEFAULT_TOTAL_BOUND,
  InvalidCursorError,
  StoreClosedError,
  checkLimit,
  type EventPage,
  type EventTarget,
  type SearchEventsQuery,
  type Store,
  type StreamOptions,
  type WriteFailure,
  type WriteResult,
} from '../store.ts';
import {
  CountDeltas,
  countEvents,
  countable,
  prepareCountStatements,
  type CountStatements,
} from './event-counts.ts';
import { BackgroundCheckpoints } from './checkpoints.ts';
import { eventRow, ftsRow } from './event-row.ts';
import { rowWords } from './event-words.ts';
import { boundOf, sortableOf } from './event-time.ts';
import { loadSqlite } from './load.ts';
import { migrate } from './migrate.ts';
import { sqliteAggregations } from './sqlite-aggregations.ts';
import { SqlitePatterns } from './sqlite-patterns.ts';
import { SqliteAuditLog, sqliteRecordCollections } from './sqlite-records.ts';
import { EVENT_COLUMNS, PRAGMAS } from './schema.ts';
import {
  WORDS_UP_TO,
  WORD_FILTER_FIELDS,
  exactWords,
  ftsMatch,
  sqlWhere,
  sqlWhereForAll,
  wordMatches,
  wordQuery,
  wordUse,
  type Param,
  type WordUse,
} from './sql-filter.ts';

export const SQLITE_FILE = 'faultline.sqlite';

export interface SqliteStoreOptions {
  /** Folder for the database file (created if missing); ignored when `file` is given. */
  readonly dataDir?: string;
  /** The database file itself, or ':memory:'. */
  readonly file?: string;
}

type Row = { id: string; ts: bigint; doc: string };

/** Events with their documents; filters (sql-filter.ts) name `events` columns only. */
const FROM = 'FROM events JOIN event_docs ON event_docs.rowid = events.rowid';

/** The filter words of an event row (event-row.ts). */
const eventWords = rowWords(['id', 'ts', ...EVENT_COLUMNS]);

/** Inserted rows between planner-statistics refreshes (PRAGMA optimize, bounded by analysis_limit). */
const OPTIMIZE_EVERY = 100_000;

/** The event columns that EventChanges (status, assignee, tags) can alter. */
const CHANGEABLE = ['status', 'assignee', 'tags'] as const;

/**
 * Rows changed per transaction by updates and deletes: bounds memory and lock
 * time. Between chunks the event loop gets a turn, so a large purge or bulk
 * change never holds up the receivers and the API for its whole length.
 */
const CHUNK = 2000;

/**
 * The embedded backend: one SQLite file through Node's built-in node:sqlite.
 * Calls are synchronous underneath (SQLite is in-process); the async
 * interface is the one every backend shares.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly file: string;
  readonly patterns: PatternStore;
  readonly #patterns: SqlitePatterns;
  readonly audit: AuditLog;
  readonly sessions: RecordCollections['sessions'];
  readonly retentionPolicies: RecordCollections['retentionPolicies'];
  readonly exportJobs: RecordCollections['exportJobs'];
  readonly bulkJobs: RecordCollections['bulkJobs'];
  readonly alertRules: RecordCollections['alertRules'];
  readonly fingerprintRules: RecordCollections['fingerprintRules'];
  #db: DatabaseSync | undefined;
  readonly #checkpoints: BackgroundCheckpoints;
  /** Rows written since the planner's statistics were last refreshed. */
  #sinceOptimize = 0;
  // Compiled once, at open: the write path only binds values.
  readonly #insert: StatementSync;
  readonly #insertDoc: StatementSync;
  readonly #insertText: StatementSync;
  readonly #insertWords: StatementSync;
  readonly #byId: StatementSync;
  readonly #counts: CountStatements;

  constructor(options: SqliteStoreOptions) {
    if (options.file) {
      this.file = options.file;
    } else {
      if (!options.dataDir) throw new TypeError('SqliteStore needs a dataDir or a file');
      mkdirSync(options.dataDir, { recursive: true });
      this.file = path.join(options.dataDir, SQLITE_FILE);
    }
    const { DatabaseSync } = loadSqlite();
    const db = new DatabaseSync(this.file);
    try {
      db.exec(PRAGMAS);
      migrate(db, this.file);
      db.exec('PRAGMA optimize = 0x10002'); // statistics for tables that lack them, at open
      const columns = ['id', 'ts', ...EVENT_COLUMNS];
      // A known id (events_by_id) inserts nothing: the write is idempotent by id.
      this.#insert = db.prepare(
        `INSERT INTO events (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`,
      );
      this.#insertDoc = db.prepare('INSERT INTO event_docs (rowid, doc) VALUES (?, ?)');
      this.#insertText = db.prepare(
        'INSERT INTO events_fts (rowid, message, stack) VALUES (?, ?, ?)',
      );
      this.#insertWords = db.prepare('INSERT INTO events_words (rowid, words) VALUES (?, ?)');
      this.#byId = db.prepare(`SELECT doc ${FROM} WHERE id = ?`);
      this.#counts = prepareCountStatements(db);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
    this.#checkpoints = new BackgroundCheckpoints(this.file);
    const open = () => this.#open();
    this.patterns = this.#patterns = new SqlitePatterns(open);
    this.audit = new SqliteAuditLog(open);
    const records = sqliteRecordCollections(open);
    this.sessions = records.sessions;
    this.retentionPolicies = records.retentionPolicies;
    this.exportJobs = records.exportJobs;
    this.bulkJobs = records.bulkJobs;
    this.alertRules = records.alertRules;
    this.fingerprintRules = records.fingerprintRules;
  }

  #open(): DatabaseSync {
    if (!this.#db) throw new StoreClosedError();
    return this.#db;
  }

  #transaction<T>(work: () => T): T {
    const db = this.#open();
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      this.#counts.kinds.settle(true);
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      this.#counts.kinds.settle(false);
      throw error;
    }
  }

  async writeEvents(events: readonly FaultlineEvent[]): Promise<WriteResult> {
    return this.#writeEvents(events);
  }

  async writeEventsCounted(
    events: readonly FaultlineEvent[],
    countNew: (newlyStored: readonly FaultlineEvent[]) => readonly PatternIncrement[],
  ): Promise<WriteResult> {
    return this.#writeEvents(events, countNew);
  }

  #writeEvents(
    events: readonly FaultlineEvent[],
    countNew?: (newlyStored: readonly FaultlineEvent[]) => readonly PatternIncrement[],
  ): WriteResult {
    const failed: WriteFailure[] = [];
    const counts = new CountDeltas();
    const stored = this.#transaction(() => {
      // An id given twice in the batch inserts once, so each new event is here once.
      const fresh: FaultlineEvent[] = [];
      const rowids: (number | bigint)[] = [];
      const rows: ReturnType<typeof eventRow>[] = [];
      for (const event of events) {
        // A document that cannot be stored (a malformed timestamp) is reported and the
        // rest of the batch goes in.
        let row;
        try {
          row = eventRow(event);
        } catch (error) {
          failed.push({ id: String(event?.event?.id), reason: (error as Error).message });
          continue;
        }
        const result = this.#insert.run(...row);
        if (result.changes === 0) continue;
        fresh.push(event);
        rowids.push(result.lastInsertRowid);
        rows.push(row);
        counts.add(row, 1);
      }
      // One statement at a time over the batch: each keeps its b-tree pages and SQLite's
      // code for it in the CPU's caches, where alternating four statements per event did not.
      for (let i = 0; i < fresh.length; i += 1) {
        this.#insertDoc.run(rowids[i]!, JSON.stringify(fresh[i]));
      }
      for (let i = 0; i < fresh.length; i += 1) {
        this.#insertText.run(rowids[i]!, ...ftsRow(fresh[i]!));
      }
      for (let i = 0; i < fresh.length; i += 1) {
        this.#insertWords.run(rowids[i]!, eventWords(rows[i]!));
      }
      counts.apply(this.#counts);
      if (countNew && fresh.length > 0) this.#patterns.applyWithin(countNew(fresh));
      return fresh;
    });
    if (stored.length > 0) this.#checkpoints.request();
    // The planner picks between the time index and a filter's index from
    // statistics; without them a filtered page may sort every match.
    this.#sinceOptimize += stored.length;
    if (this.#sinceOptimize >= OPTIMIZE_EVERY) {
      this.#sinceOptimize = 0;
      this.#open().exec('PRAGMA optimize');
    }
    return { inserted: stored.length, insertedIds: stored.map((e) => e.event.id), failed };
  }

  async searchEvents(query: SearchEventsQuery): Promise<EventPage> {
    const db = this.#open();
    const { limit, cursor } = query;
    checkLimit(limit);
    const sort = query.sort ?? 'newest';
    const filter = resolveFilter(query.filter);
    const after = cursor === undefined ? undefined : readCursor(cursor, sort);
    // The bounded total first: it tells how to read the page. Exact from the event
    // counts when they hold every field the filter names; else counted up to the bound,
    // after the word matches (none: nothing to count) tell how.
    const bound = query.trackTotalUpTo ?? DEFAULT_TOTAL_BOUND;
    let n = countable(filter) ? countEvents(db, filter) : undefined;
    const matches = n === undefined || (n > 0 && n <= bound) ? wordMatches(db, filter) : undefined;
    const words = wordUse(matches);
    n ??= matches === 0 ? 0 : countUpTo(db, filter, bound + 1, words, matches);
    // Nothing matches: no page to look for (a filter without an index would read every event).
    if (n === 0) return { items: [], next: null, total: { value: 0, relation: 'eq' } };
    // Past the bound, matches are common: walking the time index stops after about
    // limit × (all / matching) rows, where driving from a filter's index (or the
    // free-text or word match list) would sort every match first. So does testing the
    // word matches along it when only the time is left to bound them. Otherwise the
    // planner's choice sorts at most `bound` small rows. Documents are read for the page only.
    const common = n > bound;
    const walk = common || (words === 'test' && wordsAlongTime(filter));
    const where = sqlWhere(filter, common ? undefined : words);
    const from = walk ? 'events INDEXED BY events_by_time' : 'events';
    const statement = db.prepare(
      `SELECT p.id, p.ts, doc FROM (SELECT events.rowid AS r, id, ts FROM ${from} WHERE ${where.sql}${after ? ` AND (ts, id) ${sort === 'newest' ? '<' : '>'} (?, ?)` : ''} ${orderBy(sort)} LIMIT ?) AS p JOIN event_docs ON event_docs.rowid = p.r ${orderBy(sort, 'p.')}`,
    );
    statement.setReadBigInts(true);
    const page = statement.all(...where.params, ...(after ?? []), limit + 1) as Row[];
    // One row more than asked tells whether another page exists.
    const items = page.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((row) => JSON.parse(row.doc) as FaultlineEvent),
      next: page.length > limit && last ? encodeCursor([sort, sortableOf(last.ts), last.id]) : null,
      total: n > bound ? { value: bound, relation: 'gte' } : { value: n, relation: 'eq' },
    };
  }

  async getEvent(id: string): Promise<FaultlineEvent | undefined> {
    this.#open();
    const row = this.#byId.get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as FaultlineEvent) : undefined;
  }

  async aggregateEvents(
    filter: EventFilter,
    options: AggregationOptions = {},
  ): Promise<EventAggregations> {
    return sqliteAggregations(this.#open(), resolveFilter(filter), options);
  }

  async updateEvents(target: EventTarget, changes: EventChanges): Promise<{ updated: number }> {
    const db = this.#open();
    if ('ids' in target && target.ids.length === 0) return { updated: 0 };
    const filter = resolveFilter('ids' in target ? { ids: target.ids } : target.filter);
    const where = sqlWhereForAll(db, filter);
    const select = db.prepare(
      `SELECT events.rowid AS rowid, doc ${FROM} WHERE ${where.sql} AND events.rowid > ? ORDER BY events.rowid LIMIT ${CHUNK}`,
    );
    // Only the columns a change can touch (event-changes.ts): SQLite rewrites the entry of
    // every index on a column named in SET, changed or not.
    const positions = CHANGEABLE.map((c) => 2 + EVENT_COLUMNS.indexOf(c));
    const write = db.prepare(
      `UPDATE events SET ${CHANGEABLE.map((c) => `${c} = ?`).join(', ')} WHERE rowid = ?`,
    );
    const writeDoc = db.prepare('UPDATE event_docs SET doc = ? WHERE rowid = ?');
    let updated = 0;
    let lastRowid = 0;
    for (;;) {
      const done = this.#transaction(() => {
        const rows = select.all(...where.params, lastRowid) as { rowid: number; doc: string }[];
        for (const row of rows) {
          const next = applyChanges(JSON.parse(row.doc) as FaultlineEvent, changes);
          const values = eventRow(next);
          write.run(...positions.map((i) => values[i]!), row.rowid);
          writeDoc.run(JSON.stringify(next), row.rowid);
        }
        updated += rows.length;
        lastRowid = rows.at(-1)?.rowid ?? lastRowid;
        return rows.length < CHUNK;
      });
      if (done) return { updated };
      await nextTurn();
      this.#open();
    }
  }

  async deleteEvents(filter: EventFilter): Promise<{ deleted: number }> {
    const db = this.#open();
    const resolved = resolveFilter(filter);
    const where = sqlWhereForAll(db, resolved);
    // An event row (event-row.ts), for its counts and its words, then rowid.
    const columns = ['id', 'ts', ...EVENT_COLUMNS];
    const select = db.prepare(
      `SELECT ${columns.join(', ')}, rowid FROM events WHERE ${where.sql} LIMIT ${CHUNK}`,
    );
    select.setReturnArrays(true);
    select.setReadBigInts(true); // the time
    const dropText = db.prepare('DELETE FROM events_fts WHERE rowid = ?');
    // The word index keeps no copy of the words: they are given again (schema.ts).
    const dropWords = db.prepare(
      "INSERT INTO events_words (events_words, rowid, words) VALUES ('delete', ?, ?)",
    );
    const dropDoc = db.prepare('DELETE FROM event_docs WHERE rowid = ?');
    const drop = db.prepare('DELETE FROM events WHERE rowid = ?');
    let deleted = 0;
    for (;;) {
      const n = this.#transaction(() => {
        const rows = select.all(...where.params) as unknown as (
          string | number | bigint | null
        )[][];
        const counts = new CountDeltas();
        for (const row of rows) {
          const rowid = row[columns.length] as bigint;
          dropText.run(rowid);
          dropWords.run(rowid, eventWords(row));
          dropDoc.run(rowid);
          drop.run(rowid);
          counts.add(row, -1);
        }
        counts.apply(this.#counts);
        return rows.length;
      });
      deleted += n;
      if (n < CHUNK) return { deleted };
      await nextTurn();
      this.#open();
    }
  }

  async *streamEvents(
    filter: EventFilter,
    options: StreamOptions = {},
  ): AsyncGenerator<FaultlineEvent> {
    const sort = options.sort ?? 'newest';
    const size = options.batchSize ?? 1000;
    const db = this.#open();
    const resolved = resolveFilter(filter);
    const where = sqlWhere(resolved, wordUse(wordMatches(db, resolved)));
    const op = sort === 'newest' ? '<' : '>';
    // Keyset paging: each batch is one short read, so writers are never held up.
    // Rows as arrays: no object per row on a path that reads every event.
    const first = db.prepare(
      `SELECT id, ts, doc ${FROM} WHERE ${where.sql} ${orderBy(sort)} LIMIT ?`,
    );
    const next = db.prepare(
      `SELECT id, ts, doc ${FROM} WHERE ${where.sql} AND (ts, id) ${op} (?, ?) ${orderBy(sort)} LIMIT ?`,
    );
    for (const statement of [first, next]) {
      statement.setReturnArrays(true);
      statement.setReadBigInts(true); // the time
    }
    let after: [bigint, string] | undefined;
    for (;;) {
      this.#open();
      const rows = (after
        ? next.all(...where.params, ...after, size)
        : first.all(...where.params, size)) as unknown as [string, bigint, string][];
      for (const row of rows) yield JSON.parse(row[2]) as FaultlineEvent;
      const last = rows.at(-1);
      if (!last || rows.length < size) return;
      after = [last[1], last[0]];
    }
  }

  async refresh(): Promise<void> {
    this.#open(); // every committed write is already visible
  }

  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    db?.close();
    await this.#checkpoints.close();
  }
}

/** The filter fields that bound the time. */
const TIME: ReadonlySet<string> = new Set(['from', 'to', 'fromKey', 'toKey']);

/**
 * Whether the filter names word fields, time and statuses with open alone: no index but the
 * time index is then left to bound the word matches (open is in none).
 */
const wordsAlongTime = (filter: ResolvedFilter) =>
  filteringFields(filter).every(
    (f) => WORD_FILTER_FIELDS.has(f) || TIME.has(f) || (f === 'statuses' && withOpen(filter)),
  );

const withOpen = (filter: ResolvedFilter) => filter.statuses?.includes('open') ?? false;

/**
 * Matching events, counted up to `limit`. Free text alone is counted in the
 * text index (one row per event), and word fields alone in the word index;
 * joined to the events, every match's rowid would be listed first. Word fields
 * and statuses with open: the word matches (`matches`, exact when `words` is
 * set) less those of the other statuses, which the status index holds. Neither
 * when a word stands for several values (a trace id's, exactWords).
 */
function countUpTo(
  db: DatabaseSync,
  filter: ResolvedFilter,
  limit: number,
  words: WordUse,
  matches: number | undefined,
): number {
  const fields = filteringFields(filter);
  const textOnly = fields.length === 1 && fields[0] === 'words';
  const exact = exactWords(filter);
  const wordsOnly = exact && fields.length > 0 && fields.every((f) => WORD_FILTER_FIELDS.has(f));
  const count = (from: string, where: { sql: string; params: Param[] }, limit?: number) =>
    (
      db
        .prepare(
          `SELECT count(*) AS n FROM (SELECT 1 FROM ${from} WHERE ${where.sql}${limit === undefined ? '' : ' LIMIT ?'})`,
        )
        .get(...where.params, ...(limit === undefined ? [] : [limit])) as { n: number }
    ).n;
  if (textOnly) return count('events_fts', ftsMatch(filter.words!), limit);
  const query = wordsOnly ? wordQuery(filter) : undefined;
  if (query !== undefined) {
    // The word matches, counted already up to WORDS_UP_TO + 1, answer unless past both bounds.
    if (matches !== undefined && (matches <= WORDS_UP_TO || matches >= limit))
      return Math.min(matches, limit);
    return count('events_words', { sql: 'events_words MATCH ?', params: [query] }, limit);
  }
  if (
    words &&
    matches !== undefined &&
    exact &&
    fields.every((f) => WORD_FILTER_FIELDS.has(f) || f === 'statuses') &&
    withOpen(filter)
  ) {
    const statuses = filter.statuses!;
    const others = sqlWhere({ ...filter, statuses: undefined }, 'test');
    const otherStatuses = {
      sql: `status <> 'open' AND status NOT IN (${statuses.map(() => '?').join(', ')}) AND ${others.sql}`,
      params: [...statuses, ...others.params],
    };
    return Math.min(limit, matches - count('events INDEXED BY events_by_status', otherStatuses));
  }
  const from =
    words === 'test' && wordsAlongTime(filter) ? 'events INDEXED BY events_by_time' : 'events';
  return count(from, sqlWhere(filter, words), limit);
}

function orderBy(sort: EventSort, alias = ''): string {
  const [ts, id] = [`${alias}ts`, `${alias}id`];
  return sort === 'newest' ? `ORDER BY ${ts} DESC, ${id} DESC` : `ORDER BY ${ts} ASC, ${id} ASC`;
}

function readCursor(cursor: string, sort: EventSort): [bigint, string] {
  const [tag, ts, id] = decodeCursor(cursor, ['string', 'string', 'string']) as string[];
  if (tag !== sort) throw new InvalidCursorError('the cursor was issued for another sort order');
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/.test(ts!)) {
    throw new InvalidCursorError('the cursor holds no event time');
  }
  return [boundOf(ts!), id!];
}
