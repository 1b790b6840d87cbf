import type { DatabaseSync } from 'node:sqlite';
import {
  applyIncrement,
  applyPatternUpdate,
  foldPattern,
  markMerged,
  redirectedIncrement,
  type MergeDecision,
  type Pattern,
  type PatternIncrement,
  type PatternListQuery,
  type PatternStore,
  type PatternSummary,
  type PatternUpdate,
} from '../patterns.ts';
import { checkLimit } from '../store.ts';

import { sortableTimestamp } from '../timestamp.ts';

/**
 * Patterns in SQLite. Each upsert is a read-modify-write inside one
 * IMMEDIATE transaction: SQLite serializes writers (across processes too),
 * so no increment is lost.
 */
export class SqlitePatterns implements PatternStore {
  readonly #db: () => DatabaseSync;
  constructor(db: () => DatabaseSync) {
    this.#db = db;
  }

  #read(db: DatabaseSync, id: string): Pattern | undefined {
    const row = db.prepare('SELECT doc FROM patterns WHERE id = ?').get(id) as
      { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Pattern) : undefined;
  }

  #write(db: DatabaseSync, p: Pattern): void {
    db.prepare(
      `INSERT INTO patterns (id, last_seen, count, status, doc) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, count = excluded.count,
         status = excluded.status, doc = excluded.doc`,
    ).run(p.id, sortableTimestamp(p.last_seen), p.count, p.status, JSON.stringify(p));
  }

  #transaction<T>(work: (db: DatabaseSync) => T): T {
    const db = this.#db();
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work(db);
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  async upsert(increments: readonly PatternIncrement[]): Promise<void> {
    this.#transaction((db) => {
      for (const inc of increments) this.#write(db, applyIncrement(this.#read(db, inc.id), inc));
    });
  }

  /**
   * Applies the increments inside a write transaction the caller holds (the
   * event insert's, see SqliteStore.writeEventsCounted). A merged pattern's
   * increment also counts in its merge target, as MergeRedirects does for
   * separate upserts, but read here from the same transaction, so a merge is
   * honoured at once.
   */
  applyWithin(increments: readonly PatternIncrement[]): void {
    const db = this.#db();
    for (const inc of increments) {
      const current = this.#read(db, inc.id);
      const into = current?.merged_into;
      if (into === undefined) {
        this.#write(db, applyIncrement(current, inc));
        continue;
      }
      const [source, target] = redirectedIncrement(inc, into);
      this.#write(db, applyIncrement(current, source));
      this.#write(db, applyIncrement(this.#read(db, into), target));
    }
  }

  async get(id: string): Promise<Pattern | undefined> {
    return this.#read(this.#db(), id);
  }

  async list(query: PatternListQuery): Promise<Pattern[]> {
    checkLimit(query.limit);
    const parts: string[] = [];
    const params: (string | number)[] = [];
    if (query.statuses?.length) {
      parts.push(`status IN (${query.statuses.map(() => '?').join(', ')})`);
      params.push(...query.statuses);
    }
    if (!query.includeMerged) parts.push("json_extract(doc, '$.merged_into') IS NULL");
    if (query.services?.length) {
      parts.push(
        `EXISTS (SELECT 1 FROM json_each(doc, '$.services') WHERE value IN (${query.services.map(() => '?').join(', ')}))`,
      );
      params.push(...query.services);
    }
    const order = query.sort === 'count' ? 'count DESC, id ASC' : 'last_seen DESC, id ASC';
    const rows = this.#db()
      .prepare(
        `SELECT doc FROM patterns WHERE ${parts.length ? parts.join(' AND ') : '1'} ORDER BY ${order} LIMIT ?`,
      )
      .all(...params, query.limit) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as Pattern);
  }

  async scan(query: { after?: string; limit: number }): Promise<PatternSummary[]> {
    checkLimit(query.limit);
    const rows = this.#db()
      .prepare(
        `SELECT id, json_extract(doc, '$.template') AS template,
           json_extract(doc, '$.template_scope') AS template_scope,
           json_extract(doc, '$.merged_into') AS merged_into,
           json_extract(doc, '$.kept_apart') AS kept_apart
         FROM patterns WHERE id > ? ORDER BY id LIMIT ?`,
      )
      .all(query.after ?? '', query.limit) as Record<string, string | null>[];
    return rows.map((row) => {
      const summary: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) {
        // Absent fields read as null; kept_apart is a JSON array in text form.
        if (value !== null) summary[key] = key === 'kept_apart' ? JSON.parse(value) : value;
      }
      return summary as PatternSummary;
    });
  }

  async update(id: string, changes: PatternUpdate): Promise<Pattern | undefined> {
    return this.#transaction((db) => {
      const current = this.#read(db, id);
      if (!current) return undefined;
      const next = applyPatternUpdate(current, changes);
      this.#write(db, next);
      return next;
    });
  }

  async merge(
    targetId: string,
    sourceIds: readonly string[],
    decision?: MergeDecision,
  ): Promise<Pattern> {
    return this.#transaction((db) => {
      let target = this.#read(db, targetId);
      if (!target) throw new RangeError(`no pattern "${targetId}" to merge into`);
      for (const sourceId of new Set(sourceIds)) {
        if (sourceId === targetId) continue;
        const source = this.#read(db, sourceId);
        if (!source) throw new RangeError(`no pattern "${sourceId}" to merge`);
        const marked = markMerged(source, targetId, decision);
        if (!marked) continue;
        target = foldPattern(target, source);
        this.#write(db, marked);
      }
      this.#write(db, target);
      return target;
    });
  }
}
