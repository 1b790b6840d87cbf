/**
 * The SQLite layout. The document is kept whole as JSON; columns exist only
 * for what is sorted, filtered or looked up (more will join as search grows).
 * `user_version` records the layout version for later migrations.
 */
export const SCHEMA_VERSION = 1;

export const CREATE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id  TEXT PRIMARY KEY NOT NULL,  -- event.id
  ts  TEXT NOT NULL,              -- @timestamp with nine fractional digits: text order is time order
  doc TEXT NOT NULL               -- the event document, JSON
);
CREATE INDEX IF NOT EXISTS events_by_time ON events (ts DESC, id DESC);
PRAGMA user_version = ${SCHEMA_VERSION};
`;

/**
 * WAL lets the API read while the receiver writes; synchronous=FULL makes a
 * committed batch survive power loss, which is what "durable when writeEvents
 * resolves" promises. busy_timeout covers a second process on the same file.
 */
export const PRAGMAS = `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA busy_timeout = 5000;
PRAGMA foreign_keys = ON;
`;
