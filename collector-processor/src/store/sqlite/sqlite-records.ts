import type { DatabaseSync } from 'node:sqlite';
import {
  RECORD_KINDS,
  type AuditLog,
  type AuditRecord,
  type RecordCollection,
  type RecordCollections,
  type RecordKind,
} from '../records.ts';
import { checkLimit } from '../store.ts';
import { sortableTimestamp } from '../timestamp.ts';

/** One table holds every record kind, keyed by (kind, id). */
class SqliteRecords<T extends { readonly id: string }> implements RecordCollection<T> {
  readonly #db: () => DatabaseSync;
  readonly #kind: RecordKind;
  constructor(db: () => DatabaseSync, kind: RecordKind) {
    this.#db = db;
    this.#kind = kind;
  }

  async put(record: T): Promise<void> {
    this.#db()
      .prepare(
        'INSERT INTO records (kind, id, doc) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET doc = excluded.doc',
      )
      .run(this.#kind, record.id, JSON.stringify(record));
  }

  async get(id: string): Promise<T | undefined> {
    const row = this.#db()
      .prepare('SELECT doc FROM records WHERE kind = ? AND id = ?')
      .get(this.#kind, id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  async list(): Promise<T[]> {
    const rows = this.#db()
      .prepare('SELECT doc FROM records WHERE kind = ? ORDER BY id')
      .all(this.#kind) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as T);
  }

  async delete(id: string): Promise<boolean> {
    const result = this.#db()
      .prepare('DELETE FROM records WHERE kind = ? AND id = ?')
      .run(this.#kind, id);
    return result.changes > 0;
  }
}

export function sqliteRecordCollections(db: () => DatabaseSync): RecordCollections {
  return Object.fromEntries(
    RECORD_KINDS.map((kind) => [kind, new SqliteRecords(db, kind)]),
  ) as unknown as RecordCollections;
}

/** The audit table; triggers in the schema refuse UPDATE and DELETE. */
export class SqliteAuditLog implements AuditLog {
  readonly #db: () => DatabaseSync;
  constructor(db: () => DatabaseSync) {
    this.#db = db;
  }

  async append(record: AuditRecord): Promise<void> {
    this.#db()
      .prepare('INSERT INTO audit (at, doc) VALUES (?, ?)')
      .run(sortableTimestamp(record.at), JSON.stringify(record));
  }

  async list(query: { since?: string; limit: number }): Promise<AuditRecord[]> {
    checkLimit(query.limit);
    const rows = this.#db()
      .prepare(`SELECT doc FROM audit WHERE at >= ? ORDER BY at DESC, seq DESC LIMIT ?`)
      .all(query.since ? sortableTimestamp(query.since) : '', query.limit) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as AuditRecord);
  }
}
