import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeStoreConformance, sampleEvent } from '../conformance.ts';
import type { EventFilter } from '../filter.ts';
import type { FaultlineEvent, Severity } from '../../schema/index.ts';
import { sortableTimestamp } from '../timestamp.ts';
import { eventRow, ftsRow } from './event-row.ts';
import { countTablesSql, fillCountsSql } from './event-counts.ts';
import { EVENT_COLUMNS, SCHEMA_VERSION } from './schema.ts';
import { StoreClosedError } from '../store.ts';
import { SQLITE_FILE, SqliteStore } from './sqlite-store.ts';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'faultline-sqlite-'));

/** The ids of the events a filter finds, newest first. */
const idsFound = async (store: SqliteStore, filter: EventFilter) =>
  (await store.searchEvents({ limit: 10, filter })).items.map((e) => e.event.id);

/** The file, opened on its own after a store moved it forward: it is at SCHEMA_VERSION. */
function atCurrentLayout(file: string) {
  const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
  const db = new DatabaseSync(file);
  expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
  return db;
}

/** How many events the file's word index matches for `word`. */
const wordMatches = (db: ReturnType<typeof atCurrentLayout>, word: string) =>
  db.prepare('SELECT count(*) AS n FROM events_words WHERE events_words MATCH ?').get(word);

/** Which of `names` (tables, indexes, views) the file holds once a store moved it forward. */
function schemaNames(file: string, names: readonly string[]): string[] {
  const db = atCurrentLayout(file);
  const rows = db
    .prepare(
      `SELECT name FROM sqlite_master WHERE name IN (${names.map(() => '?').join(', ')}) ORDER BY name`,
    )
    .all(...names) as { name: string }[];
  db.close();
  return rows.map((row) => row.name);
}

/** The events table's columns with their types since layout 7 (time as integer nanoseconds). */
const EVENT_COLUMNS_SQL = ['id', 'ts', ...EVENT_COLUMNS]
  .map(
    (c) => `${c} ${c === 'ts' ? 'INTEGER' : c === 'duration' || c === 'memory' ? 'REAL' : 'TEXT'}`,
  )
  .join(', ');

/** The events, their documents and both text indexes as layouts 9 to 11 had them. */
const LAYOUT_9_TABLES = `
  CREATE TABLE events (${EVENT_COLUMNS_SQL});
  CREATE TABLE event_docs (rowid INTEGER PRIMARY KEY, doc TEXT NOT NULL);
  CREATE VIRTUAL TABLE events_fts USING fts5(message, stack, content = '', contentless_delete = 1);
  CREATE VIRTUAL TABLE events_traces USING fts5(trace, content = '', contentless_delete = 1, detail = none);`;

/**
 * A file of an older layout, left open: `schema` (its tables as they were), then each
 * event's row (`rowOf`), document and free text.
 */
function oldLayoutFile(
  file: string,
  schema: string,
  events: readonly FaultlineEvent[],
  rowOf: (event: FaultlineEvent) => ReturnType<typeof eventRow> = eventRow,
) {
  const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
  const old = new DatabaseSync(file);
  old.exec(schema);
  const width = 2 + EVENT_COLUMNS.length;
  const insert = old.prepare(`INSERT INTO events VALUES (${Array(width).fill('?').join(', ')})`);
  const doc = old.prepare('INSERT INTO event_docs VALUES (?, ?)');
  const text = old.prepare('INSERT INTO events_fts (rowid, message, stack) VALUES (?, ?, ?)');
  for (const event of events) {
    const { lastInsertRowid } = insert.run(...rowOf(event));
    doc.run(lastInsertRowid, JSON.stringify(event));
    text.run(lastInsertRowid, ...ftsRow(event));
  }
  return old;
}

describeStoreConformance('sqlite', async () => {
  const dir = await tempDir();
  return {
    store: new SqliteStore({ dataDir: dir }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('SqliteStore', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps one file in the data dir, in WAL mode, and its events survive a reopen', async () => {
    dir = await tempDir();
    const dataDir = path.join(dir, 'nested', 'data');
    const store = new SqliteStore({ dataDir });
    await store.writeEvents([sampleEvent('a', '2026-01-01T00:00:00Z')]);
    await store.close();
    expect((await stat(path.join(dataDir, SQLITE_FILE))).isFile()).toBe(true);

    const reopened = new SqliteStore({ dataDir });
    expect((await reopened.getEvent('a'))?.event.id).toBe('a');
    await reopened.close();

    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const db = new DatabaseSync(path.join(dataDir, SQLITE_FILE));
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    db.close();
  });

  it('copies committed pages into the database file on a thread of its own, and stops it on close', async () => {
    dir = await tempDir();
    const file = path.join(dir, SQLITE_FILE);
    const store = new SqliteStore({ file });
    const before = (await stat(file)).size;
    // Far fewer pages than the writer's own checkpoint waits for (wal_autocheckpoint).
    await store.writeEvents(
      Array.from({ length: 200 }, (_, i) => sampleEvent(`e${i}`, '2026-01-01T00:00:00Z')),
    );
    let size = before;
    for (let waited = 0; size === before && waited < 15_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      size = (await stat(file)).size;
    }
    expect(size).toBeGreaterThan(before);
    await store.close(); // resolves: the thread has exited
    const reopened = new SqliteStore({ file });
    expect((await reopened.searchEvents({ limit: 1, filter: {} })).total.value).toBe(200);
    await reopened.close();
  }, 20_000);

  it('moves a layout-1 file forward, keeping its events searchable', async () => {
    dir = await tempDir();
    const file = path.join(dir, SQLITE_FILE);
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const old = new DatabaseSync(file);
    old.exec(
      'CREATE TABLE events (id TEXT PRIMARY KEY, ts TEXT NOT NULL, doc TEXT NOT NULL); CREATE INDEX events_by_time ON events (ts DESC, id DESC); PRAGMA user_version = 1;',
    );
    const event = sampleEvent('old', '2026-01-01T00:00:00Z', { message: 'legacy timeout' });
    old
      .prepare('INSERT INTO events VALUES (?, ?, ?)')
      .run('old', '2026-01-01T00:00:00.000000000Z', JSON.stringify(event));
    old.close();
    const store = new SqliteStore({ dataDir: dir });
    expect(await store.getEvent('old')).toEqual(event);
    expect((await store.searchEvents({ limit: 5, filter: { text: 'timeout' } })).items).toEqual([
      event,
    ]);
    await store.close();
  });

  it('moves a layout-6 file (time as text, counts by field) to integer times, keeping its events', async () => {
    dir = await tempDir();
    const file = path.join(dir, SQLITE_FILE);
    // Two events a nanosecond apart, and one on the next day.
    const events = [
      sampleEvent('b', '2026-01-01T00:00:00.000000001Z', { message: 'first timeout' }),
      sampleEvent('a', '2026-01-01T00:00:00.000000002Z'),
      sampleEvent('c', '2026-01-02T10:00:00.5Z', { message: 'later timeout' }),
    ];
    // Layout 6 as it was, in the parts this move touches: the events table with the time
    // as sortable text, its documents and text index, an index on the time, a count table.
    const columns = ['id', 'ts', ...EVENT_COLUMNS];
    const old = oldLayoutFile(
      file,
      `
      CREATE TABLE events (${columns.map((c) => `${c} ${c === 'duration' || c === 'memory' ? 'REAL' : 'TEXT'}`).join(', ')});
      CREATE TABLE event_docs (rowid INTEGER PRIMARY KEY, doc TEXT NOT NULL);
      CREATE INDEX events_by_time ON events (ts DESC, id DESC);
      CREATE INDEX events_by_severity_time ON events (severity, ts, grouping_key);
      CREATE VIRTUAL TABLE events_fts USING fts5(message, stack, content = '', contentless_delete = 1);
      CREATE TABLE event_counts_hourly (bucket TEXT NOT NULL, severity TEXT NOT NULL, events INTEGER);
      INSERT INTO event_counts_hourly VALUES ('2026-01-01T00', 'ERROR', 3);
      PRAGMA user_version = 6;`,
      events,
      (event) => {
        const row = eventRow(event);
        row[1] = sortableTimestamp(event['@timestamp']);
        return row;
      },
    );
    old.close();

    const store = new SqliteStore({ dataDir: dir });
    const first = await store.searchEvents({ limit: 2 });
    expect(first.items.map((e) => e.event.id)).toEqual(['c', 'a']);
    const second = await store.searchEvents({ limit: 2, cursor: first.next! });
    expect(second.items).toEqual([events[0]]);
    const text = await store.searchEvents({ limit: 5, filter: { text: 'timeout' } });
    expect(text.items.map((e) => e.event.id)).toEqual(['c', 'b']);
    const figures = await store.aggregateEvents({ from: '2025-12-01T00:00:00Z' });
    expect(figures.activityPerDay).toEqual([
      { key: '2026-01-01', count: 2 },
      { key: '2026-01-02', count: 1 },
    ]);
    await store.close();

    const db = atCurrentLayout(file);
    expect(db.prepare('SELECT DISTINCT typeof(ts) AS t FROM events').all()).toEqual([
      { t: 'integer' },
    ]);
    expect(
      db
        .prepare('SELECT sum(events) AS n FROM event_counts_hourly JOIN event_kinds ON kind = id')
        .get(),
    ).toEqual({ n: 3 });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'events_old'").all()).toEqual(
      [],
    );
    db.close();
  });

  it('gives a layout-7 file the slowness index for its duration index, and the word index', async () => {
    dir = await tempDir();
    const first = new SqliteStore({ dataDir: dir });
    const slow = sampleEvent('slow', '2026-01-01T00:00:00Z', {
      event: { id: 'slow', duration: 3e9 },
    });
    const fast = sampleEvent('fast', '2026-01-01T00:00:01Z', {
      faultline: { log_type: 'EXCEPTION', severity: 'ERROR', status: 'open', module: 'cart' },
    });
    await first.writeEvents([slow, fast]);
    await first.close();
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const file = path.join(dir, SQLITE_FILE);
    const old = new DatabaseSync(file);
    old.exec(`DROP INDEX events_by_slowness; DROP TABLE events_words;
      CREATE INDEX events_by_duration_time ON events (duration, ts, service) WHERE duration IS NOT NULL;
      PRAGMA user_version = 7;`);
    old.close();
    const store = new SqliteStore({ dataDir: dir });
    const page = await store.searchEvents({ limit: 5, filter: { minDurationMs: 2000 } });
    expect(page.items).toEqual([slow]);
    expect(await idsFound(store, { modules: ['cart'] })).toEqual(['fast']);
    await store.close();
    expect(
      schemaNames(file, ['events_by_slowness', 'events_words', 'events_by_duration_time']),
    ).toEqual(['events_by_slowness', 'events_words']);
  });

  it('moves a layout-8 file (id as primary key, trace index) to the id index and trace words, keeping its events and counts', async () => {
    dir = await tempDir();
    const file = path.join(dir, SQLITE_FILE);
    const hexId = 'a'.repeat(32);
    const events = [
      sampleEvent(hexId, '2026-01-01T00:00:01Z', { trace: { id: 'f'.repeat(32) } }),
      sampleEvent('Not-Hex', '2026-01-01T00:00:02Z', { trace: { id: 'Trace 1' } }),
      sampleEvent('plain', '2026-01-02T00:00:03Z', { message: 'later timeout' }),
    ];
    // Layout 8 in the parts this move touches: the id as primary key, the trace index,
    // the documents and text index, and the counts (kept as they are).
    const old = oldLayoutFile(
      file,
      `
      CREATE TABLE events (${EVENT_COLUMNS_SQL.replace('id TEXT', 'id TEXT PRIMARY KEY NOT NULL')});
      CREATE TABLE event_docs (rowid INTEGER PRIMARY KEY, doc TEXT NOT NULL);
      CREATE INDEX events_by_time ON events (ts DESC, id DESC);
      CREATE INDEX events_by_trace ON events (trace_id) WHERE trace_id IS NOT NULL;
      CREATE VIRTUAL TABLE events_fts USING fts5(message, stack, content = '', contentless_delete = 1);
      ${countTablesSql()}`,
      events,
    );
    old.exec(`${fillCountsSql()} PRAGMA user_version = 8;`);
    old.close();

    const store = new SqliteStore({ dataDir: dir });
    expect(await store.getEvent(hexId)).toEqual(events[0]);
    expect(await store.getEvent('Not-Hex')).toEqual(events[1]);
    expect(await store.getEvent('not-hex')).toBeUndefined();
    expect(await idsFound(store, { traceIds: ['f'.repeat(32)] })).toEqual([hexId]);
    expect(await idsFound(store, { traceIds: ['Trace 1', 'trace 1'] })).toEqual(['Not-Hex']);
    expect(await idsFound(store, { ids: [hexId, 'plain'] })).toEqual(['plain', hexId]);
    expect(await idsFound(store, { text: 'timeout' })).toEqual(['plain']);
    // Still refused after the move: an id stored under layout 8 is known.
    expect((await store.writeEvents(events)).inserted).toBe(0);
    // The counts stay as layout 8 kept them.
    const { activityPerDay } = await store.aggregateEvents({ from: '2025-12-01T00:00:00Z' });
    expect(activityPerDay.map((day) => day.count)).toEqual([2, 1]);
    await store.close();

    expect(schemaNames(file, ['events_by_trace'])).toEqual([]);
  });

  it('moves a layout-9 file (two id tables) to the id index in place, keeping its events', async () => {
    dir = await tempDir();
    const file = path.join(dir, SQLITE_FILE);
    const hexId = 'b'.repeat(32);
    const events = [
      sampleEvent(hexId, '2026-01-01T00:00:01Z', { trace: { id: 'f'.repeat(32) } }),
      sampleEvent('s', '2026-01-01T00:00:02Z'),
      sampleEvent('r', '2026-01-02T00:00:03Z', { message: 'later timeout' }),
    ];
    // Layout 9 in the parts this move touches: the events without a key on the id, the
    // ids settled (the first two) and recent (the third), the trace words and the counts.
    const old = oldLayoutFile(
      file,
      `
      ${LAYOUT_9_TABLES}
      CREATE TABLE event_ids (key BLOB PRIMARY KEY NOT NULL, event INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE event_ids_recent (key BLOB PRIMARY KEY NOT NULL, event INTEGER NOT NULL) WITHOUT ROWID;
      CREATE VIEW event_keys AS
        SELECT key, event FROM event_ids UNION ALL SELECT key, event FROM event_ids_recent;
      ${countTablesSql()}`,
      events,
    );
    old.exec(`INSERT INTO event_ids SELECT unhex(id), rowid FROM events WHERE id = '${hexId}';
      INSERT INTO event_ids SELECT 's', rowid FROM events WHERE id = 's';
      INSERT INTO event_ids_recent SELECT 'r', rowid FROM events WHERE id = 'r';
      INSERT INTO events_traces (rowid, trace) SELECT rowid, trace_id FROM events WHERE trace_id IS NOT NULL;
      ${fillCountsSql()} PRAGMA user_version = 9;`);
    old.close();

    const store = new SqliteStore({ dataDir: dir });
    expect(await store.getEvent(hexId)).toEqual(events[0]);
    expect(await store.getEvent('r')).toEqual(events[2]);
    expect(await idsFound(store, { ids: [hexId, 'r', 'none'] })).toEqual(['r', hexId]);
    expect(await idsFound(store, { traceIds: ['f'.repeat(32)] })).toEqual([hexId]);
    expect(await idsFound(store, { text: 'timeout' })).toEqual(['r']);
    // Still refused after the move: an id stored under layout 9 is known.
    expect((await store.writeEvents(events)).inserted).toBe(0);
    const { activityPerDay } = await store.aggregateEvents({ from: '2025-12-01T00:00:00Z' });
    expect(activityPerDay.map((day) => day.count)).toEqual([2, 1]);
    // A deleted event's id is free again.
    expect(await store.deleteEvents({ to: '2026-01-01T00:00:05Z' })).toEqual({ deleted: 2 });
    expect((await store.writeEvents(events)).inserted).toBe(2);
    await store.close();

    expect(
      schemaNames(file, [
        'event_ids',
        'event_ids_recent',
        'event_keys',
        'events_by_id',
        'events_traces',
      ]),
    ).toEqual(['events_by_id']);
  });

  it('moves a layout-10 file (six filter indexes, trace words) to the word and status indexes in place', async () => {
    dir = await tempDir();
    const file = path.join(dir, SQLITE_FILE);
    const events = [
      sampleEvent('a', '2026-01-01T00:00:01Z', {
        message: 'disk timeout',
        trace: { id: 'f'.repeat(32) },
        service: { name: 'Billing API' },
        deployment: { environment: { name: 'production' } },
        code: { function: { name: 'chargeCard' } },
        error: { grouping_key: 'p1' },
      }),
      sampleEvent('b', '2026-01-01T00:00:02Z', {
        faultline: {
          log_type: 'SECURITY',
          severity: 'WARNING',
          status: 'ignored',
          module: 'réseau',
          session: { id: 's-1' },
          security: { level: 'high', category: 'injection', impact: 'data' },
        },
        trace: { id: 'Trace 1' },
      }),
      sampleEvent('c', '2026-01-02T00:00:03Z', { service: { name: '' } }),
    ];
    // Layout 10 in the parts this move touches: the six filter indexes, the trace words
    // in their own text index, and FTS5's default merging.
    const old = oldLayoutFile(
      file,
      `
      ${LAYOUT_9_TABLES}
      CREATE UNIQUE INDEX events_by_id ON events (id);
      CREATE INDEX events_by_type ON events (log_type, ts);
      CREATE INDEX events_by_status ON events (status, ts);
      CREATE INDEX events_by_service ON events (service, ts);
      CREATE INDEX events_by_module ON events (module, ts) WHERE module IS NOT NULL;
      CREATE INDEX events_by_pattern ON events (grouping_key, ts) WHERE grouping_key IS NOT NULL;
      CREATE INDEX events_by_session ON events (session_id, ts) WHERE session_id IS NOT NULL;
      ${countTablesSql()}`,
      events,
    );
    old.exec(`INSERT INTO events_traces (rowid, trace) SELECT rowid, trace_id FROM events WHERE trace_id IS NOT NULL;
      ${fillCountsSql()} PRAGMA user_version = 10;`);
    old.close();

    const store = new SqliteStore({ file });
    const filters: [EventFilter, string[]][] = [
      [{ text: 'timeout' }, ['a']],
      [{ traceIds: ['f'.repeat(32)] }, ['a']],
      [{ traceIds: ['Trace 1', 'none'] }, ['b']],
      [{ services: ['Billing API'] }, ['a']],
      [{ services: [''] }, ['c']],
      [{ logTypes: ['SECURITY'] }, ['b']],
      [{ statuses: ['ignored'] }, ['b']],
      [{ statuses: ['open'], environments: ['production'] }, ['a']],
      [{ modules: ['réseau'] }, ['b']],
      [{ functions: ['chargeCard'] }, ['a']],
      [{ sessions: ['s-1'] }, ['b']],
      [{ patterns: ['p1'] }, ['a']],
      [{ securityLevels: ['high'], securityCategories: ['injection'] }, ['b']],
      [{ securityImpacts: ['availability'] }, []],
    ];
    for (const [filter, ids] of filters)
      expect(await idsFound(store, filter), JSON.stringify(filter)).toEqual(ids);
    await store.close();

    const db = atCurrentLayout(file);
    const automerge = db
      .prepare(
        "SELECT (SELECT v FROM events_fts_config WHERE k = 'automerge') AS text, (SELECT v FROM events_words_config WHERE k = 'automerge') AS words",
      )
      .get();
    expect(automerge).toEqual({ text: 16, words: 16 });
    // The status index is made anew, of the statuses other than open.
    expect(
      db.prepare("SELECT sql FROM sqlite_master WHERE name = 'events_by_status'").get(),
    ).toEqual({ sql: expect.stringContaining("WHERE status <> 'open'") });
    db.close();
    const gone = ['type', 'service', 'module', 'pattern', 'session'].map((f) => `events_by_${f}`);
    expect(schemaNames(file, [...gone, 'events_traces', 'events_words'])).toEqual(['events_words']);
  });

  it('refuses a file written by a newer layout', async () => {
    dir = await tempDir();
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const db = new DatabaseSync(path.join(dir, SQLITE_FILE));
    db.exec('PRAGMA user_version = 99');
    db.close();
    expect(() => new SqliteStore({ dataDir: dir })).toThrow(/layout version 99/);
  });

  it('the audit log refuses changes at the database level', async () => {
    dir = await tempDir();
    const store = new SqliteStore({ dataDir: dir });
    await store.audit.append({ at: '2026-01-01T00:00:00Z', actor: 'a', action: 'x' });
    await store.close();
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const db = new DatabaseSync(path.join(dir, SQLITE_FILE));
    expect(() => db.exec('DELETE FROM audit')).toThrow(/append-only/);
    expect(() => db.exec("UPDATE audit SET doc = '{}'")).toThrow(/append-only/);
    db.close();
  });

  it('a tag filter matches whole tags only, quotes and case included', async () => {
    dir = await tempDir();
    const store = new SqliteStore({ dataDir: dir });
    await store.writeEvents([
      sampleEvent('quoted', '2026-01-01T00:00:01Z', { tags: ['a"vip'] }),
      sampleEvent('upper', '2026-01-01T00:00:02Z', { tags: ['VIP'] }),
      sampleEvent('exact', '2026-01-01T00:00:03Z', { tags: ['vip', 'beta'] }),
    ]);
    expect(await idsFound(store, { tagsAny: ['vip'] })).toEqual(['exact']);
    expect(await idsFound(store, { tagsAll: ['vip', 'beta'] })).toEqual(['exact']);
    expect(await idsFound(store, { tagsAny: ['a"vip'] })).toEqual(['quoted']);
    await store.close();
  });

  it("keeps each event's document, text and trace word with its row when a batch skips some", async () => {
    dir = await tempDir();
    const store = new SqliteStore({ dataDir: dir });
    await store.writeEvents([sampleEvent('known', '2026-01-01T00:00:00Z')]);
    const traced = (id: string, second: number, word: string, trace?: string) =>
      sampleEvent(id, `2026-01-01T00:00:0${second}Z`, {
        message: `${word} happened`,
        ...(trace ? { trace: { id: trace } } : {}),
      });
    // A stored id, a malformed time and a repeat in the batch are each skipped, between
    // events that go in, one of them without a trace.
    const result = await store.writeEvents([
      sampleEvent('known', '2026-01-01T00:00:00Z', { message: 'again' }),
      traced('a', 1, 'alpha', 'a'.repeat(32)),
      { ...traced('bad', 2, 'broken', 'c'.repeat(32)), '@timestamp': 'yesterday' },
      traced('b', 3, 'bravo'),
      traced('a', 4, 'repeat', 'd'.repeat(32)),
      traced('c', 5, 'charlie', 'e'.repeat(32)),
    ]);
    expect(result).toMatchObject({ inserted: 3, insertedIds: ['a', 'b', 'c'] });
    expect(result.failed.map((f) => f.id)).toEqual(['bad']);
    expect((await store.getEvent('b'))?.message).toBe('bravo happened');
    expect((await store.getEvent('known'))?.message).toBe('event known');
    for (const [word, ids] of Object.entries({ alpha: ['a'], bravo: ['b'], charlie: ['c'] })) {
      expect(await idsFound(store, { text: word })).toEqual(ids);
    }
    expect(await idsFound(store, { text: 'repeat' })).toEqual([]);
    expect(await idsFound(store, { traceIds: ['a'.repeat(32)] })).toEqual(['a']);
    expect(await idsFound(store, { traceIds: ['e'.repeat(32)] })).toEqual(['c']);
    expect(await idsFound(store, { traceIds: ['c'.repeat(32), 'd'.repeat(32)] })).toEqual([]);
    await store.close();
  });

  it('pages the same whether the total is past its bound (time-index walk) or not', async () => {
    dir = await tempDir();
    const store = new SqliteStore({ dataDir: dir });
    const events = Array.from({ length: 40 }, (_, i) =>
      sampleEvent(
        `e${String(i).padStart(2, '0')}`,
        `2026-01-01T00:00:${String(i % 7).padStart(2, '0')}Z`,
        {
          message: i % 3 ? 'ok' : 'disk timeout',
          tags: i % 2 ? ['vip'] : undefined,
        },
      ),
    );
    await store.writeEvents(events);
    const walk = async (
      filter: { text?: string; tagsAny?: string[] },
      sort: 'newest' | 'oldest',
      bound: number,
    ) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.searchEvents({
          limit: 3,
          filter,
          sort,
          cursor,
          trackTotalUpTo: bound,
        });
        ids.push(...page.items.map((e) => e.event.id));
        cursor = page.next ?? undefined;
      } while (cursor);
      return ids;
    };
    for (const filter of [{ text: 'timeout' }, { tagsAny: ['vip'] }, {}]) {
      for (const sort of ['newest', 'oldest'] as const) {
        const planned = await walk(filter, sort, 1000);
        expect(planned.length).toBeGreaterThan(5);
        expect(await walk(filter, sort, 2)).toEqual(planned);
      }
    }
    await store.close();
  });

  it('finds statuses after changes, and drops the words of a deleted event (totals counted from them alone)', async () => {
    dir = await tempDir();
    const store = new SqliteStore({ dataDir: dir });
    const session = { id: 's1' };
    await store.writeEvents(
      ['a', 'b', 'c'].map((id, i) =>
        sampleEvent(id, `2026-01-01T00:00:0${i}Z`, {
          faultline: { log_type: 'EXCEPTION', severity: 'ERROR', status: 'open', session },
        }),
      ),
    );
    const total = async (filter: EventFilter) =>
      (await store.searchEvents({ limit: 1, filter })).total.value;
    expect(await total({ statuses: ['open'] })).toBe(3);
    await store.updateEvents({ ids: ['b'] }, { status: 'escalated' });
    await store.updateEvents({ ids: ['c'] }, { addTags: ['x'] }); // the status stays
    expect(await total({ statuses: ['open'] })).toBe(2);
    expect(await total({ statuses: ['escalated'] })).toBe(1);
    expect(await idsFound(store, { statuses: ['open'], sessions: ['s1'] })).toEqual(['c', 'a']);
    // Open is in no index: the session's matches less those of the other statuses.
    expect(await total({ statuses: ['open'], sessions: ['s1'] })).toBe(2);
    expect(await total({ statuses: ['open', 'escalated'], sessions: ['s1'] })).toBe(3);
    expect(await store.deleteEvents({ statuses: ['escalated'] })).toEqual({ deleted: 1 });
    expect(await total({ statuses: ['escalated'] })).toBe(0);
    expect(await total({ sessions: ['s1'] })).toBe(2);
    expect(await total({ sessions: ['s1'], statuses: ['open', 'escalated'] })).toBe(2);
    await store.close();
  });

  it('tells apart trace ids that share a word (their first four characters) in pages, totals, changes and deletes', async () => {
    dir = await tempDir();
    const store = new SqliteStore({ dataDir: dir });
    const traces = ['abcd0001', 'abcd0002', 'abcd0003', 'Trace 1'];
    await store.writeEvents(
      traces.map((id, i) =>
        sampleEvent(`e${i}`, `2026-01-01T00:00:0${i}Z`, {
          trace: { id },
          faultline: { log_type: 'EXCEPTION', severity: 'ERROR', status: 'open', module: 'm' },
        }),
      ),
    );
    const found = async (filter: EventFilter) => {
      const page = await store.searchEvents({ limit: 10, filter });
      return [page.items.map((e) => e.event.id), page.total.value];
    };
    expect(await found({ traceIds: ['abcd0002'] })).toEqual([['e1'], 1]);
    expect(await found({ traceIds: ['abcd0002', 'Trace 1'] })).toEqual([['e3', 'e1'], 2]);
    expect(await found({ traceIds: ['abcd'] })).toEqual([[], 0]);
    // Word fields with open: the word matches less the other statuses, were the words exact.
    expect(await found({ traceIds: ['abcd0001'], statuses: ['open'] })).toEqual([['e0'], 1]);
    expect(await found({ traceIds: ['abcd0001'], modules: ['m'] })).toEqual([['e0'], 1]);
    expect(
      await store.updateEvents({ filter: { traceIds: ['abcd0003'] } }, { status: 'resolved' }),
    ).toEqual({ updated: 1 });
    expect(await found({ statuses: ['resolved'] })).toEqual([['e2'], 1]);
    const counts = await store.aggregateEvents({ traceIds: ['abcd0001', 'abcd0003'] });
    expect(counts.total).toBe(2);
    expect(await store.deleteEvents({ traceIds: ['abcd0001'] })).toEqual({ deleted: 1 });
    expect(await found({ traceIds: ['abcd0001', 'abcd0002', 'abcd0003'] })).toEqual([
      ['e2', 'e1'],
      2,
    ]);
    await store.close();
    // Deleted words were given back as they were written: the index holds no stray entry.
    const db = atCurrentLayout(path.join(dir, SQLITE_FILE));
    db.exec("INSERT INTO events_words (events_words) VALUES ('integrity-check')");
    expect(wordMatches(db, 'r0abcd')).toEqual({ n: 2 });
    db.close();
  });

  it('finds a value longer than the word index keeps whole by its column, not by its word', async () => {
    dir = await tempDir();
    const store = new SqliteStore({ dataDir: dir });
    // Two modules alike in their first 20,000 characters: their words would be cut to one.
    const long = (end: string) => `m${'é'.repeat(20_000)}${end}`;
    await store.writeEvents(
      ['a', 'b'].map((id, i) =>
        sampleEvent(id, `2026-01-01T00:00:0${i}Z`, {
          faultline: { log_type: 'INFO', severity: 'INFO', status: 'open', module: long(id) },
        }),
      ),
    );
    const found = async (filter: EventFilter) => {
      const page = await store.searchEvents({ limit: 10, filter });
      return [page.items.map((e) => e.event.id), page.total.value];
    };
    expect(await found({ modules: [long('a')] })).toEqual([['a'], 1]);
    expect(await found({ modules: [long('b')], statuses: ['open'] })).toEqual([['b'], 1]);
    expect(await found({ modules: [long('c'), 'short'] })).toEqual([[], 0]);
    expect(
      await store.updateEvents({ filter: { modules: [long('a')] } }, { status: 'resolved' }),
    ).toEqual({ updated: 1 });
    expect(await found({ statuses: ['resolved'] })).toEqual([['a'], 1]);
    expect(await store.deleteEvents({ modules: [long('b')] })).toEqual({ deleted: 1 });
    expect(await found({})).toEqual([['a'], 1]);
    await store.close();
  });

  it('moves a layout-12 file (the status among the words) to the status index in place', async () => {
    dir = await tempDir();
    const file = path.join(dir, SQLITE_FILE);
    const first = new SqliteStore({ file });
    const events = [
      sampleEvent('a', '2026-01-01T00:00:01Z', { service: { name: 'billing' } }),
      sampleEvent('b', '2026-01-01T00:00:02Z', { service: { name: 'billing' } }),
    ];
    await first.writeEvents(events);
    await first.updateEvents({ ids: ['b'] }, { status: 'ignored' });
    await first.close();
    // Layout 12 as it was: no status index, and each event's status among its words.
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const old = new DatabaseSync(file);
    old.exec(`DROP INDEX events_by_status;
      INSERT INTO events_words (events_words) VALUES ('delete-all');
      INSERT INTO events_words (rowid, words) SELECT rowid, 'v0billing s0' || status FROM events;
      PRAGMA user_version = 12;`);
    old.close();

    const store = new SqliteStore({ file });
    expect(await idsFound(store, { statuses: ['ignored'] })).toEqual(['b']);
    expect(await idsFound(store, { services: ['billing'], statuses: ['open'] })).toEqual(['a']);
    await store.close();
    const db = atCurrentLayout(file);
    expect(wordMatches(db, 's0open')).toEqual({ n: 0 }); // the words were built again
    expect(wordMatches(db, 'v0billing')).toEqual({ n: 2 });
    db.close();
    expect(schemaNames(file, ['events_by_status', 'events_words'])).toEqual([
      'events_by_status',
      'events_words',
    ]);
  });

  it('moves a layout-13 file (trace ids whole among the words, row sizes kept) to trace buckets in place', async () => {
    dir = await tempDir();
    const file = path.join(dir, SQLITE_FILE);
    const first = new SqliteStore({ file });
    const traced = (id: string, trace: string, i: number) =>
      sampleEvent(id, `2026-01-01T00:00:0${i}Z`, { trace: { id: trace } });
    await first.writeEvents([traced('a', 'abcd0001', 1), traced('b', 'abcd0002', 2)]);
    await first.close();
    // Layout 13's word index: row sizes for contentless deletes, and the trace ids whole.
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const old = new DatabaseSync(file);
    old.exec(`DROP TABLE events_words;
      CREATE VIRTUAL TABLE events_words USING fts5(words, content = '', contentless_delete = 1, detail = none);
      INSERT INTO events_words (rowid, words) SELECT rowid, 'tx455843455054494f4e r0' || trace_id FROM events;
      PRAGMA user_version = 13;`);
    old.close();

    const store = new SqliteStore({ file });
    expect(await idsFound(store, { traceIds: ['abcd0002'] })).toEqual(['b']);
    expect(await store.deleteEvents({ traceIds: ['abcd0001'] })).toEqual({ deleted: 1 });
    expect(await idsFound(store, { logTypes: ['EXCEPTION'] })).toEqual(['b']);
    await store.close();
    const db = atCurrentLayout(file);
    expect(wordMatches(db, 'r0abcd0002')).toEqual({ n: 0 }); // the words were built again
    expect(wordMatches(db, 'r0abcd')).toEqual({ n: 1 });
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'events_words'").get()).toEqual({
      sql: expect.stringContaining('columnsize = 0'),
    });
    db.close();
  });

  it('moves a layout-14 file (every severity in its index, none among the words) to severity words in place', async () => {
    dir = await tempDir();
    const file = path.join(dir, SQLITE_FILE);
    const first = new SqliteStore({ file });
    const at = (id: string, severity: Severity, i: number) =>
      sampleEvent(id, `2026-01-01T00:00:0${i}Z`, {
        faultline: { log_type: 'ERROR', severity, status: 'open' },
      });
    await first.writeEvents([at('a', 'DEBUG', 1), at('b', 'FATAL', 2), at('c', 'ERROR', 3)]);
    await first.close();
    // Layout 14: the severity index of every severity, and words without the severity.
    const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
    const old = new DatabaseSync(file);
    old.exec(`DROP INDEX events_by_severity_time;
      CREATE INDEX events_by_severity_time ON events (severity, ts, grouping_key);
      DROP TABLE events_words;
      CREATE VIRTUAL TABLE events_words USING fts5(words, content = '', columnsize = 0, detail = none);
      INSERT INTO events_words (rowid, words) SELECT rowid, 'tx4552524f52' FROM events;
      PRAGMA user_version = 14;`);
    old.close();

    const store = new SqliteStore({ file });
    expect(await idsFound(store, { severities: ['DEBUG'] })).toEqual(['a']);
    expect(await idsFound(store, { minSeverity: 'ERROR' })).toEqual(['c', 'b']);
    expect(await store.deleteEvents({ severities: ['DEBUG'] })).toEqual({ deleted: 1 });
    await store.close();
    const db = atCurrentLayout(file);
    expect(wordMatches(db, 'y0debug')).toEqual({ n: 0 }); // 'DEBUG' is not plain: its hex
    expect(wordMatches(db, 'yx464154414c')).toEqual({ n: 1 }); // FATAL
    expect(
      db.prepare("SELECT sql FROM sqlite_master WHERE name = 'events_by_severity_time'").get(),
    ).toEqual({ sql: expect.stringContaining("WHERE severity IN ('CRITICAL', 'FATAL')") });
    db.close();
  });

  it('finds a rare severity through the words, and nothing for an empty set of severities', async () => {
    dir = await tempDir();
    const store = new SqliteStore({ dataDir: dir });
    const severities: Severity[] = ['INFO', 'INFO', 'DEBUG', 'INFO', 'CRITICAL', 'FATAL'];
    await store.writeEvents(
      severities.map((severity, i) =>
        sampleEvent(`e${i}`, `2026-01-01T00:00:0${i}Z`, {
          service: { name: 'billing' },
          faultline: { log_type: 'INFO', severity, status: 'open' },
          error: { grouping_key: 'p1' },
        }),
      ),
    );
    const found = async (filter: EventFilter) => {
      const page = await store.searchEvents({ limit: 10, filter });
      return [page.items.map((e) => e.event.id), page.total.value];
    };
    expect(await found({ severities: ['DEBUG'], services: ['billing'] })).toEqual([['e2'], 1]);
    expect(await found({ minSeverity: 'CRITICAL', statuses: ['open'] })).toEqual([['e5', 'e4'], 2]);
    // DEBUG at least ERROR: no severity is both.
    expect(await found({ severities: ['DEBUG'], minSeverity: 'ERROR' })).toEqual([[], 0]);
    expect(
      await found({ severities: ['DEBUG'], minSeverity: 'ERROR', services: ['billing'] }),
    ).toEqual([[], 0]);
    const counts = await store.aggregateEvents({ services: ['billing'] });
    // Critical issues: counted from the severity index, which keeps critical and fatal events.
    expect(counts.criticalIssues.map((issue) => [issue.key, issue.count])).toEqual([['p1', 2]]);
    await store.close();
  });

  it('gives the event loop a turn between the chunks of a large delete or update', async () => {
    dir = await tempDir();
    const store = new SqliteStore({ dataDir: dir });
    const events = Array.from({ length: 5000 }, (_, i) =>
      sampleEvent(`e${i}`, new Date(Date.parse('2026-01-01T00:00:00Z') + i * 1000).toISOString()),
    );
    await store.writeEvents(events);
    const turnDuring = async <T>(work: () => Promise<T>) => {
      let turned = false;
      setImmediate(() => (turned = true));
      const result = await work();
      return { result, turned };
    };
    expect(
      await turnDuring(() => store.updateEvents({ filter: {} }, { status: 'ignored' })),
    ).toEqual({ result: { updated: 5000 }, turned: true });
    expect(await turnDuring(() => store.deleteEvents({}))).toEqual({
      result: { deleted: 5000 },
      turned: true,
    });
    await store.close();
  });

  it('a delete running when the store closes stops with StoreClosedError, keeping what it did', async () => {
    dir = await tempDir();
    const store = new SqliteStore({ dataDir: dir });
    await store.writeEvents(
      Array.from({ length: 5000 }, (_, i) => sampleEvent(`e${i}`, '2026-01-01T00:00:00Z')),
    );
    // Expected before the close is awaited: closing takes turns of the event loop (the
    // checkpoint thread stops), and the purge's rejection comes during them.
    const purged = expect(store.deleteEvents({})).rejects.toThrow(StoreClosedError);
    await store.close();
    await purged;
    const reopened = new SqliteStore({ dataDir: dir });
    // The first chunk was committed before the close; the rest stayed.
    expect((await reopened.searchEvents({ limit: 1 })).total.value).toBe(3000);
    await reopened.close();
  });

  it('refuses a limit outside 1–500', async () => {
    dir = await tempDir();
    const store = new SqliteStore({ dataDir: dir });
    await expect(store.searchEvents({ limit: 0 })).rejects.toThrow(RangeError);
    await expect(store.searchEvents({ limit: 501 })).rejects.toThrow(RangeError);
    await store.close();
  });

  it('opening prints no ExperimentalWarning, while other warnings still show', () => {
    // A fresh process: node:sqlite warns only on its first load per process.
    const script = `
      const { SqliteStore } = await import(${JSON.stringify(new URL('./sqlite-store.ts', import.meta.url).href)});
      new SqliteStore({ file: ':memory:' }).close();
      process.emitWarning('still here', 'ExperimentalWarning');
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(/SQLite is an experimental feature/);
    expect(result.stderr).toMatch(/still here/);
  }, 30_000); // a fresh Node process: slow on a busy machine
});
