import type { DatabaseSync } from 'node:sqlite';
import type { FaultlineEvent } from '../../schema/index.ts';
import { eventRow, ftsRow } from './event-row.ts';
import { fillCountsSql } from './event-counts.ts';
import { CREATE_SCHEMA, EVENT_COLUMNS, REPLACED_INDEXES, SCHEMA_VERSION } from './schema.ts';

const layoutOf = (db: DatabaseSync) =>
  (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;

/**
 * Brings the file to SCHEMA_VERSION. Older layouts (1: id, ts, doc; 2: the
 * document beside the filter columns) are rebuilt by re-deriving every
 * column from the stored documents, in one transaction; layouts 3 to 5 only gain
 * the indexes and tables CREATE_SCHEMA adds (IF NOT EXISTS), the event counts
 * filled from the events; a file from a newer release is refused rather than damaged.
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

function upgrade(db: DatabaseSync, version: number): void {
  const rebuild = version === 1 || version === 2;
  if (rebuild) {
    db.exec('ALTER TABLE events RENAME TO events_old; DROP TABLE IF EXISTS events_fts;');
    // Indexes moved with the renamed table; their names must be free for the new one.
    const indexes = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events_old' AND sql IS NOT NULL",
      )
      .all() as { name: string }[];
    for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
  }
  for (const name of REPLACED_INDEXES) db.exec(`DROP INDEX IF EXISTS ${name}`);
  db.exec(CREATE_SCHEMA);
  if (rebuild) {
    const columns = ['id', 'ts', ...EVENT_COLUMNS];
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
    db.exec('DROP TABLE events_old');
  }
  if (version > 0) db.exec(fillCountsSql()); // a new file has no events to count
}
