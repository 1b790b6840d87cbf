import type { DatabaseSync } from 'node:sqlite';
import type { FaultlineEvent } from '../../schema/index.ts';
import { eventRow, ftsRow } from './event-row.ts';
import { fillCountsSql } from './event-counts.ts';
import { EVENT_WORDS_SQL } from './event-words.ts';
import { CREATE_SCHEMA, EVENT_COLUMNS, SCHEMA_VERSION } from './schema.ts';

const layoutOf = (db: DatabaseSync) =>
  (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;

/**
 * Brings the file to SCHEMA_VERSION, in one transaction. Layouts 1 (id, ts,
 * doc) and 2 (the document beside the filter columns) are rebuilt by
 * re-deriving every column from the stored documents; layouts 3 to 6 have
 * the same columns with the time as sortable text, copied into the new table
 * with the time as nanoseconds (rowids kept, so documents and text index still
 * match); the event counts are then counted afresh. Layouts 7 and 8 have the
 * time as nanoseconds already and their counts stay; their table is copied
 * too, to drop the id primary key. Each of these gets its words (the word
 * index) from the events. Layouts 9 to 12 are moved in place: layout 9's id
 * tables give way to the id index, layout 10's text index gets its settings,
 * and all three have six filter indexes and the trace words replaced by the
 * word index, filled from the events; layout 12's word index is built again
 * without the status, which gets its index, layout 13's with trace ids in
 * buckets and no row sizes, and layout 14's with the severity, whose index then
 * keeps critical and fatal events only. A file from a newer release is
 * refused rather than damaged.
 */
export function migrate(db: DatabaseSync, file: string): void {
  const version = layoutOf(db);
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `${file} has layout version ${version}; this processor knows up to ${SCHEMA_VERSION} (was it written by a newer release?)`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    // Read again under the lock: another connection to the file (the processor's
    // store-writes thread opens one) may have moved it forward meanwhile.
    const from = layoutOf(db);
    if (from !== SCHEMA_VERSION) upgrade(db, from);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/** Layout 3–6 sortable text time → nanoseconds (event-time.ts), clamped to int64's years. */
const TEXT_TIME_TO_NANOS = `CASE
  WHEN ts < '1678' THEN -9223372036854775808
  WHEN ts >= '2262' THEN 9223372036854775807
  ELSE unixepoch(substr(ts, 1, 19)) * 1000000000 + CAST(substr(ts, 21, 9) AS INTEGER) END`;

/**
 * The filter indexes and the trace words that the word index stands in for (layouts 9–11),
 * and the word index as layouts 12 (with the status), 13 (trace ids whole, row sizes
 * kept) and 14 (without the severity) had it, built anew.
 */
const BEFORE_WORDS = `
DROP INDEX IF EXISTS events_by_type;
DROP INDEX IF EXISTS events_by_service; DROP INDEX IF EXISTS events_by_module;
DROP INDEX IF EXISTS events_by_pattern; DROP INDEX IF EXISTS events_by_session;
DROP TABLE IF EXISTS events_traces; DROP TABLE IF EXISTS events_words;`;

/** Every event's words (event-words.ts), from its row. */
const FILL_WORDS = `INSERT INTO events_words (rowid, words) SELECT rowid, ${EVENT_WORDS_SQL} FROM events`;

function upgrade(db: DatabaseSync, version: number): void {
  if (version >= 9) {
    if (version === 9)
      db.exec('DROP VIEW event_keys; DROP TABLE event_ids; DROP TABLE event_ids_recent;');
    // Up to layout 12 it held every status; made anew for all but open.
    if (version < 13) db.exec('DROP INDEX IF EXISTS events_by_status');
    // Up to layout 14 it held every severity; made anew for critical and fatal.
    if (version < 15) db.exec('DROP INDEX IF EXISTS events_by_severity_time');
    db.exec(BEFORE_WORDS);
    // The id index, the text indexes' settings and the word index, in place.
    db.exec(CREATE_SCHEMA);
    db.exec(FILL_WORDS);
    return;
  }
  const countsKept = version >= 7;
  if (version > 0) {
    db.exec('ALTER TABLE events RENAME TO events_old');
    if (!countsKept) {
      db.exec('DROP TABLE IF EXISTS event_counts_hourly; DROP TABLE IF EXISTS event_counts_daily;');
    }
    // Indexes moved with the renamed table; their names must be free for the new one.
    const indexes = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events_old' AND sql IS NOT NULL",
      )
      .all() as { name: string }[];
    for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
  }
  const fromDocs = version === 1 || version === 2;
  if (fromDocs) db.exec('DROP TABLE IF EXISTS events_fts');
  db.exec(CREATE_SCHEMA);
  if (version === 0) return; // a new file: nothing to move or count
  const columns = ['id', 'ts', ...EVENT_COLUMNS];
  if (fromDocs) {
    const insert = db.prepare(
      `INSERT INTO events (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    const docs = db.prepare('INSERT INTO event_docs (rowid, doc) VALUES (?, ?)');
    const text = db.prepare('INSERT INTO events_fts (rowid, message, stack) VALUES (?, ?, ?)');
    for (const { doc } of db.prepare('SELECT doc FROM events_old').iterate() as Iterable<{
      doc: string;
    }>) {
      const event = JSON.parse(doc) as FaultlineEvent;
      const { lastInsertRowid } = insert.run(...eventRow(event));
      docs.run(lastInsertRowid, doc);
      text.run(lastInsertRowid, ...ftsRow(event));
    }
  } else {
    db.exec(
      `INSERT INTO events (rowid, ${columns.join(', ')})
       SELECT rowid, ${columns.map((c) => (c === 'ts' && version < 7 ? TEXT_TIME_TO_NANOS : c)).join(', ')}
       FROM events_old`,
    );
  }
  db.exec(`${FILL_WORDS}; DROP TABLE events_old;`);
  if (!countsKept) db.exec(fillCountsSql());
}
