import { describe, expect, it } from 'vitest';
import { loadSqlite } from './load.ts';
import { TRACE_WORD, traceWord } from './trace-word.ts';

const { DatabaseSync } = loadSqlite();
const IDS = [
  '',
  'ab',
  'AB',
  'abc',
  'a'.repeat(32),
  '0123456789abcdef',
  'zz',
  'e1',
  'Trace 1',
  'é',
  '12',
];

describe('trace words', () => {
  const db = new DatabaseSync(':memory:');
  const sqlWord = db.prepare(`SELECT ${TRACE_WORD('?1')} AS w`);

  it('computes the same trace word in JavaScript as in SQL, one word each', () => {
    for (const id of IDS) expect((sqlWord.get(id) as { w: string }).w, id).toBe(traceWord(id));
    expect(traceWord('f'.repeat(32))).toBe('f'.repeat(32));
    expect(traceWord('Trace 1')).toBe('x54726163652031');
  });
});
