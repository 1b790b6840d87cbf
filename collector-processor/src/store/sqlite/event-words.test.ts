import { describe, expect, it } from 'vitest';
import { loadSqlite } from './load.ts';
import { BUCKETED, EVENT_WORDS_SQL, WORD_FIELDS, wordOf, type WordColumn } from './event-words.ts';

const { DatabaseSync } = loadSqlite();
const VALUES = ['', 'ab', 'AB', 'abc', 'a'.repeat(32), 'x41', '0', 'Trace 1', 'é', 'a b', '"', 'A'];

describe('event words', () => {
  it('computes the same words in JavaScript as in SQL, each value one token of its own (a trace id, its bucket)', () => {
    const db = new DatabaseSync(':memory:');
    const columns = Object.keys(WORD_FIELDS) as WordColumn[];
    db.exec(`CREATE TABLE events (${columns.join(', ')})`);
    db.exec(`CREATE VIRTUAL TABLE w USING fts5(words, detail = none)`);
    const insert = db.prepare(
      `INSERT INTO events (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    const words = db.prepare(`SELECT ${EVENT_WORDS_SQL} AS w FROM events WHERE rowid = ?`);
    const seen = new Set<string>();
    for (const value of VALUES) {
      for (const [k, column] of columns.entries()) {
        // The value in one column, the next columns absent, the others another value.
        const row = columns.map((_, j) => (j === k ? value : j === k + 1 ? null : 'other'));
        const { lastInsertRowid } = insert.run(...row);
        const expected = columns
          .map((c, j) => (row[j] === null ? undefined : wordOf(c, row[j]!)))
          .filter((w) => w !== undefined)
          .join(' ');
        expect((words.get(lastInsertRowid) as { w: string }).w, `${column} ${value}`).toBe(
          expected,
        );
        const word = wordOf(column, value);
        if (!BUCKETED.has(column)) {
          expect(seen.has(word), word).toBe(false);
          seen.add(word);
        }
        // One token: a phrase of it matches the row that holds it.
        db.prepare('INSERT INTO w (rowid, words) VALUES (?, ?)').run(lastInsertRowid, expected);
        expect(
          db.prepare('SELECT rowid AS r FROM w WHERE w MATCH ?').all(`"${word}"`),
          `${column} ${value}`,
        ).toContainEqual({ r: lastInsertRowid });
      }
    }
    // Trace ids share the word of their first four characters; others keep theirs whole.
    expect(wordOf('trace_id', 'f'.repeat(32))).toBe('r0ffff');
    expect(wordOf('trace_id', `ffff${'0'.repeat(28)}`)).toBe('r0ffff');
    expect(wordOf('trace_id', 'Trace 1')).toBe(`rx${Buffer.from('Trace 1').toString('hex')}`);
    expect(wordOf('session_id', 'f'.repeat(32))).toBe(`d0${'f'.repeat(32)}`);
    expect(wordOf('log_type', 'EXCEPTION')).toBe('tx455843455054494f4e');
  });
});
