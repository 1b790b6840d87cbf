import { describe, expect, it } from 'vitest';
import { loadSqlite } from './load.ts';
import { ID_KEY, idKey, TRACE_WORD, traceWord } from './event-keys.ts';

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

describe('event keys', () => {
  const db = new DatabaseSync(':memory:');
  const sqlId = db.prepare(`SELECT ${ID_KEY('?1')} AS k`);
  const sqlWord = db.prepare(`SELECT ${TRACE_WORD('?1')} AS w`);

  it('computes the same id key in JavaScript as in SQL, bytes for lowercase hex only', () => {
    for (const id of IDS) {
      const { k } = sqlId.get(id) as { k: string | Uint8Array };
      expect(k, id).toEqual(
        typeof k === 'string' ? idKey(id) : new Uint8Array(idKey(id) as Buffer),
      );
    }
    expect(idKey('a'.repeat(32))).toHaveLength(16);
    expect(idKey('AB')).toBe('AB');
  });

  it('computes the same trace word in JavaScript as in SQL, one word each', () => {
    for (const id of IDS) expect((sqlWord.get(id) as { w: string }).w, id).toBe(traceWord(id));
    expect(traceWord('f'.repeat(32))).toBe('f'.repeat(32));
    expect(traceWord('Trace 1')).toBe('x54726163652031');
  });
});
