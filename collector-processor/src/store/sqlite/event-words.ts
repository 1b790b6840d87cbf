/**
 * The filter words of an event (events_words, schema.ts): one word per
 * low-cardinality filter value that no update changes, and the trace id, so a value that few events
 * carry is found through one text index instead of a b-tree index per field.
 * In SQL form (migrations) and JavaScript form (writes, deletes and filters); the two
 * must agree, and a row's words must come out the same each time: the index keeps no
 * copy, and an event's words are removed by giving them again.
 *
 * A word is the field's letter, then '0' and the value itself when that is
 * lowercase letters and digits (one token to the text index as it is), else
 * 'x' and the hex of its UTF-8 bytes: every value is one word, and no two
 * (field, value) pairs share one. Except the trace id (BUCKETED): its word
 * stands for its first few characters (BUCKET_LENGTH), shared by the few
 * events whose trace ids begin alike, which its column then tells apart.
 */

/** Each word field's letter, by the events column it comes from. */
export const WORD_FIELDS = {
  log_type: 't',
  severity: 'y',
  service: 'v',
  environment: 'e',
  module: 'm',
  function: 'f',
  sec_level: 'l',
  sec_category: 'c',
  sec_impact: 'i',
  session_id: 'd',
  grouping_key: 'p',
  trace_id: 'r',
} as const;

export type WordColumn = keyof typeof WORD_FIELDS;

/**
 * The fields whose word stands for several values: how many leading characters it
 * holds. Trace ids are random and nearly unique: a word for each put one entry per
 * event into the index's dictionary, which every segment merge rewrote (1.06x the
 * write rate at 1M events without); four hex characters make 65,536 buckets.
 */
const BUCKET_LENGTH: Partial<Record<WordColumn, number>> = { trace_id: 4 };

export const BUCKETED: ReadonlySet<WordColumn> = new Set(
  Object.keys(BUCKET_LENGTH) as WordColumn[],
);

const COLUMNS = Object.keys(WORD_FIELDS) as WordColumn[];
const PLAIN = /^[0-9a-z]+$/;

/**
 * The longest word the text index keeps whole. FTS5 cuts a token at 32,768 bytes,
 * so the words of two values that agree in their first 16 KB or so would be one:
 * a filter on so long a value tests the column instead (wordQuery).
 */
export const LONGEST_WORD = 32_767;

/** The word for one value of a field (ASCII: one byte per character). */
export function wordOf(column: WordColumn, value: string): string {
  const letter = WORD_FIELDS[column];
  if (!PLAIN.test(value)) return `${letter}x${Buffer.from(value).toString('hex')}`;
  const bucket = BUCKET_LENGTH[column];
  return `${letter}0${bucket === undefined ? value : value.slice(0, bucket)}`;
}

/**
 * Words already made, by field: the values repeat from event to event (the trace
 * id, unique, is not kept, nor a value longer than MADE_LONGEST). Emptied when
 * full, so an unbounded set of values cannot grow it without end.
 */
const made = COLUMNS.map(() => new Map<string, string>());
const MADE_MAX = 4096;
const MADE_LONGEST = 256;
const TRACE = COLUMNS.indexOf('trace_id');

/**
 * The words of a row whose values are in the order of `columns` (an event row,
 * event-row.ts), space-separated; absent fields have none.
 */
export function rowWords(columns: readonly string[]): (row: readonly unknown[]) => string {
  const positions = COLUMNS.map((c) => columns.indexOf(c));
  return (row) => {
    let words = '';
    for (let k = 0; k < COLUMNS.length; k++) {
      const value = row[positions[k]!];
      if (typeof value !== 'string') continue;
      let word: string | undefined;
      if (k === TRACE || value.length > MADE_LONGEST) word = wordOf(COLUMNS[k]!, value);
      else {
        const cache = made[k]!;
        word = cache.get(value);
        if (word === undefined) {
          if (cache.size >= MADE_MAX) cache.clear();
          word = wordOf(COLUMNS[k]!, value);
          cache.set(value, word);
        }
      }
      words = words ? `${words} ${word}` : word;
    }
    return words;
  };
}

/** A column's value as its word holds it, in SQL. */
function bucketSql(column: WordColumn): string {
  const bucket = BUCKET_LENGTH[column];
  return bucket === undefined ? column : `substr(${column}, 1, ${bucket})`;
}

/** The words of the `events` row in scope (rowWords), as one SQL expression. */
export const EVENT_WORDS_SQL = `concat_ws(' ', ${COLUMNS.map(
  (c) => `CASE WHEN ${c} IS NULL THEN NULL
    WHEN ${c} GLOB '[0-9a-z]*' AND ${c} NOT GLOB '*[^0-9a-z]*' THEN '${WORD_FIELDS[c]}0' || ${bucketSql(c)}
    ELSE '${WORD_FIELDS[c]}x' || lower(hex(${c})) END`,
).join(', ')})`;
