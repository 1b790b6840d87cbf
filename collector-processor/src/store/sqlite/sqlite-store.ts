import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { FaultlineEvent } from '../../schema/index.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import {
  MAX_PAGE_SIZE,
  StoreClosedError,
  type EventPage,
  type SearchEventsQuery,
  type Store,
  type WriteResult,
} from '../store.ts';
import { sortableTimestamp } from '../timestamp.ts';
import { loadSqlite } from './load.ts';
import { CREATE_SCHEMA, PRAGMAS, SCHEMA_VERSION } from './schema.ts';

export const SQLITE_FILE = 'faultline.sqlite';

export interface SqliteStoreOptions {
  /** Folder for the database file (created if missing); ignored when `file` is given. */
  readonly dataDir?: string;
  /** The database file itself, or ':memory:'. */
  readonly file?: string;
}

type Row = { id: string; ts: string; doc: string };

/**
 * The embedded backend: one SQLite file through Node's built-in node:sqlite.
 * Calls are synchronous underneath (SQLite is in-process and fast at this
 * size); the async interface is the one every backend shares.
 */
export class SqliteStore implements Store {
  readonly file: string;
  #db: DatabaseSync | undefined;
  // Compiled once, at open: the write and read paths only bind values.
  readonly #insert: StatementSync;
  readonly #firstPage: StatementSync;
  readonly #nextPage: StatementSync;
  readonly #count: StatementSync;
  readonly #byId: StatementSync;

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
      const version = (db.prepare('PRAGMA user_version').get() as { user_version: number })
        .user_version;
      if (version > SCHEMA_VERSION) {
        throw new Error(
          `${this.file} has layout version ${version}; this processor knows up to ${SCHEMA_VERSION} (was it written by a newer release?)`,
        );
      }
      db.exec(CREATE_SCHEMA);
      this.#insert = db.prepare(
        'INSERT INTO events (id, ts, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
      );
      this.#firstPage = db.prepare(
        'SELECT id, ts, doc FROM events ORDER BY ts DESC, id DESC LIMIT ?',
      );
      this.#nextPage = db.prepare(
        'SELECT id, ts, doc FROM events WHERE (ts, id) < (?, ?) ORDER BY ts DESC, id DESC LIMIT ?',
      );
      this.#count = db.prepare('SELECT count(*) AS n FROM events');
      this.#byId = db.prepare('SELECT doc FROM events WHERE id = ?');
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
  }

  #open(): DatabaseSync {
    if (!this.#db) throw new StoreClosedError();
    return this.#db;
  }

  async writeEvents(events: readonly FaultlineEvent[]): Promise<WriteResult> {
    const db = this.#open();
    // Prepare rows before the transaction so a bad document aborts nothing half-done.
    const rows = events.map(
      (e) => [e.event.id, sortableTimestamp(e['@timestamp']), JSON.stringify(e)] as const,
    );
    let inserted = 0;
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const [id, ts, doc] of rows) inserted += Number(this.#insert.run(id, ts, doc).changes);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    return { inserted };
  }

  async searchEvents(query: SearchEventsQuery): Promise<EventPage> {
    this.#open();
    const { limit, cursor } = query;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw new RangeError(`limit must be an integer 1–${MAX_PAGE_SIZE}, got ${limit}`);
    }
    // One row more than asked tells whether another page exists.
    let rows: Row[];
    if (cursor === undefined) {
      rows = this.#firstPage.all(limit + 1) as Row[];
    } else {
      const [ts, id] = decodeCursor(cursor, ['string', 'string']) as [string, string];
      rows = this.#nextPage.all(ts, id, limit + 1) as Row[];
    }
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const { n } = this.#count.get() as { n: number };
    return {
      items: page.map((row) => JSON.parse(row.doc) as FaultlineEvent),
      next: rows.length > limit && last ? encodeCursor([last.ts, last.id]) : null,
      total: { value: n, relation: 'eq' },
    };
  }

  async getEvent(id: string): Promise<FaultlineEvent | undefined> {
    this.#open();
    const row = this.#byId.get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as FaultlineEvent) : undefined;
  }

  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    db?.close();
  }
}
