import { countTablesSql } from './event-counts.ts';
import { SLOWNESS } from './slowness.ts';

/**
 * The SQLite layout. The document is kept whole as JSON in `event_docs`;
 * `events` holds only what is sorted, filtered or grouped, so scans for
 * counts and charts read small rows. `user_version` records the layout
 * version: 1 had only (id, ts, doc); 2 kept the document beside the filter
 * columns; 3 moves it to its own table (migrate.ts rebuilds 1 and 2); 4 and
 * 5 add the tags and duration indexes (created in place on a layout-3 or -4 file);
 * 6 adds the hourly and daily event counts, filled from the events, and replaces
 * three indexes with wider ones; 7 keeps the time as integer nanoseconds
 * (event-time.ts) and counts by kind (event-counts.ts): migrate.ts copies a
 * layout 3–6 table into the new one and counts again; 8 replaces the duration
 * index with one ordered by slowness class (SLOWNESS) and adds a module index,
 * both created in place; 9 keeps ids unique and finds them through compact keys
 * in two tables (event_ids) instead of the id primary key, finds
 * trace ids through a text index (events_traces) instead of a b-tree index, and
 * orders the time index ascending: migrate.ts copies a layout 7–8 table into the
 * new one; 10 keeps ids unique through a unique index on the id again (event ids
 * now sort by time, pipeline/event-id.ts), made in place of layout 9's id tables;
 * 11 has both text indexes merge 16 segments at a time (set in place); 12 finds
 * type, status, service, environment, module, function, security fields,
 * session, pattern and trace id through one word index (events_words,
 * event-words.ts) in place of six filter indexes and the trace words, built in
 * place from the events; 13 takes the status out of the words (a bulk status
 * change rewrote the words of every changed event) into an index of the statuses
 * other than open, made in place; 14 has a trace id's word stand for its first four
 * characters and keeps no row sizes in the word index (built again in place); 15 has the
 * severity among the words and its index keep critical and fatal events only (in place).
 */
export const SCHEMA_VERSION = 15;

/** The filter columns, in insert order, after id and ts (see event-row.ts). */
export const EVENT_COLUMNS = [
  'log_type',
  'severity',
  'status',
  'service',
  'environment',
  'module',
  'function',
  'duration',
  'memory',
  'sec_level',
  'sec_category',
  'sec_impact',
  'user_id',
  'assignee',
  'session_id',
  'grouping_key',
  'trace_id',
  'tags',
] as const;

export const CREATE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id           TEXT NOT NULL,              -- event.id, unique (events_by_id)
  ts           INTEGER NOT NULL,           -- @timestamp, ns since the epoch (event-time.ts)
  log_type     TEXT NOT NULL,
  severity     TEXT NOT NULL,
  status       TEXT NOT NULL,
  service      TEXT,                       -- service.name
  environment  TEXT,                       -- deployment.environment.name
  module       TEXT,                       -- faultline.module
  function     TEXT,                       -- code.function.name
  duration     REAL,                       -- event.duration, ns
  memory       REAL,                       -- faultline.perf.memory_bytes
  sec_level    TEXT,
  sec_category TEXT,
  sec_impact   TEXT,
  user_id      TEXT,
  assignee     TEXT,
  session_id   TEXT,
  grouping_key TEXT,                       -- error.grouping_key = pattern id
  trace_id     TEXT,
  tags         TEXT                        -- JSON array, or NULL
);
CREATE TABLE IF NOT EXISTS event_docs (
  rowid INTEGER PRIMARY KEY,               -- = events.rowid
  doc   TEXT NOT NULL                      -- the event document, JSON
);
-- The list order, and the filters that the word index (below) does not hold; each ends in
-- ts so a filtered page is read in order from the index.
-- Ascending, though the newest come first in the list (read backwards): events arrive
-- in time order, and appends fill the pages where prepends leave them half empty.
CREATE INDEX IF NOT EXISTS events_by_time ON events (ts, id);
-- Event ids begin with their time (pipeline/event-id.ts), so each batch's ids land near the
-- end of this index like the times above. Not the primary key: a rowid table keeps the
-- filter indexes' entries small.
CREATE UNIQUE INDEX IF NOT EXISTS events_by_id ON events (id);
-- The dashboards' critical issues, counted from this index alone (their query names these
-- severities as written here). Other severities are found through the words.
CREATE INDEX IF NOT EXISTS events_by_severity_time ON events (severity, ts, grouping_key)
  WHERE severity IN ('CRITICAL', 'FATAL');
-- Events leave the pipeline open (pipeline/normalize.ts) and triage moves some on: an
-- index of the other statuses costs new events nothing, and a bulk change adds its entries
-- here where rewriting the words of each changed event cost it 1.3x its time.
CREATE INDEX IF NOT EXISTS events_by_status ON events (status, ts) WHERE status <> 'open';
-- With the time: affected users in a range are counted from this index alone.
CREATE INDEX IF NOT EXISTS events_by_user_time ON events (user_id, ts) WHERE user_id IS NOT NULL;
-- Tagged events only, with severity and time: a tag filter's bounded total is counted
-- from this index alone instead of looking up every candidate row.
CREATE INDEX IF NOT EXISTS events_by_tags ON events (tags, severity, ts) WHERE tags IS NOT NULL;
-- Slow events ("execution time above N ms", of a service), counted from the index alone;
-- the exact p95 is read walking down the classes from the slowest, checking time and service here.
CREATE INDEX IF NOT EXISTS events_by_slowness ON events (${SLOWNESS}, ts, duration, service) WHERE duration IS NOT NULL;

-- Free text over message and stack. Contentless (the text is in doc already);
-- rows share the events rowid and are deleted with them.
CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(
  message, stack, content = '', contentless_delete = 1
);

-- The filter words (event-words.ts): per event one word for each of its type, service,
-- environment, module, function, security fields, session, pattern and trace id.
-- A value that few events carry is found here; b-tree indexes led by such values took each
-- commit's entries in the middle of their runs all over the tree, where a text index writes
-- each commit's words as one new sorted segment and merges segments in the background.
-- Rows share the events rowid. No row sizes (columnsize = 0; nothing ranks by them), so no
-- second table to write per event (1.03x the write rate at 1M): then an event's words are
-- deleted by giving them again, made from its row as they were at insert (event-words.ts).
CREATE VIRTUAL TABLE IF NOT EXISTS events_words USING fts5(
  words, content = '', columnsize = 0, detail = none
);

-- Each commit adds a segment to both text indexes, and FTS5 merges 4 segments of a level
-- into one (automerge) by default; merging 16 at a time rewrites each entry fewer times
-- (1.10x the write rate at 1M events, searches unchanged). Kept in the file's config.
INSERT INTO events_fts (events_fts, rank) VALUES ('automerge', 16);
INSERT INTO events_words (events_words, rank) VALUES ('automerge', 16);

${countTablesSql()}
CREATE TABLE IF NOT EXISTS patterns (
  id        TEXT PRIMARY KEY NOT NULL,
  last_seen TEXT NOT NULL,                 -- sortable form
  count     INTEGER NOT NULL,
  status    TEXT NOT NULL,
  doc       TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS records (
  kind TEXT NOT NULL,                      -- sessions, retentionPolicies, exportJobs, bulkJobs, alertRules
  id   TEXT NOT NULL,
  doc  TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);

CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- append order
  at  TEXT NOT NULL,                       -- sortable form
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit (at, seq);
-- Append-only: the database itself refuses changes to the audit log.
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

PRAGMA user_version = ${SCHEMA_VERSION};
`;

/**
 * WAL lets the API read while the receiver writes; synchronous=FULL makes a
 * committed batch survive power loss, which is what "durable when writeEvents
 * resolves" promises: the spool drops a request once its events are stored,
 * so it cannot stand in for the store's own sync (NORMAL would lose the
 * batches since the last checkpoint on power loss). busy_timeout covers a
 * second process on the same file.
 * For write throughput (measured with npm run bench:store): 8 KiB pages (new
 * files only; a WAL file keeps the size it was made with) mean fewer, shallower
 * b-tree pages across the event indexes; a 32 MiB page cache holds their
 * upper levels; checkpoints run every 16384 pages (128 MiB of WAL) instead of
 * every 1000, so fewer of them copy and fsync the same hot pages (from 4096:
 * 13 % fewer bytes written and 8 % less CPU for 200k events; the WAL file
 * grows to about that size).
 */
export const PRAGMAS = `
PRAGMA page_size = 8192;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA busy_timeout = 5000;
PRAGMA foreign_keys = ON;
PRAGMA analysis_limit = 1000;
PRAGMA cache_size = -32768;
PRAGMA wal_autocheckpoint = 16384;
`;
