import type { DatabaseSync } from 'node:sqlite';
import type { FaultlineEvent } from '../../schema/index.ts';
import { eventRow, ftsRow } from './event-row.ts';
import { CREATE_SCHEMA, EVENT_COLUMNS, SCHEMA_VERSION } from './schema.ts';

/**
 * Brings the file to SCHEMA_VERSION. Version 1 (id, ts, doc) is rebuilt into
 * version 2 by re-deriving every column from the stored documents, in one
 * transaction; a file from a newer release is refused rather than damaged.
 */
export function migrate(db: DatabaseSync, file: string): void {
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as {
    user_version: number;
  };
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `${file} has layout version ${version}; this processor knows up to ${SCHEMA_VERSION} (was it written by a newer release?)`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    if (version === 1)
      db.exec('ALTER TABLE events RENAME TO events_v1; DROP INDEX IF EXISTS events_by_time;');
    db.exec(CREATE_SCHEMA);
    if (version === 1) {
      const columns = ['id', 'ts', ...EVENT_COLUMNS, 'doc'];
      const insert = db.prepare(
        `INSERT INTO events (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      const text = db.prepare('INSERT INTO events_fts (rowid, message, stack) VALUES (?, ?, ?)');
      for (const { doc } of db.prepare('SELECT doc FROM events_v1').iterate() as Iterable<{
        doc: string;
      }>) {
        const event = JSON.parse(doc) as FaultlineEvent;
        text.run(insert.run(...eventRow(event)).lastInsertRowid, ...ftsRow(event));
      }
      db.exec('DROP TABLE events_v1');
    }
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
