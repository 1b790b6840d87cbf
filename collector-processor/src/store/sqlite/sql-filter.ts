import type { DatabaseSync } from 'node:sqlite';
import { has, type ResolvedFilter } from '../filter.ts';
import { BUCKETED, LONGEST_WORD, wordOf, type WordColumn } from './event-words.ts';
import { boundOf } from './event-time.ts';
import { SLOWNESS, slownessOf } from './slowness.ts';

export type Param = string | number | bigint;

/** The filter fields found through the word index (event-words.ts), by the column they test. */
const WORD_FILTERS = [
  ['log_type', 'logTypes'],
  ['severity', 'severities'],
  ['service', 'services'],
  ['environment', 'environments'],
  ['module', 'modules'],
  ['function', 'functions'],
  ['sec_level', 'securityLevels'],
  ['sec_category', 'securityCategories'],
  ['sec_impact', 'securityImpacts'],
  ['session_id', 'sessions'],
  ['grouping_key', 'patterns'],
  ['trace_id', 'traceIds'],
] as const satisfies readonly (readonly [WordColumn, keyof ResolvedFilter])[];

/** The filter's word fields (WORD_FILTERS), the names filteringFields gives them. */
export const WORD_FILTER_FIELDS: ReadonlySet<string> = new Set(
  WORD_FILTERS.map(([, field]) => field),
);

/**
 * Whether the filter's word matches are its matches: it names no field whose word stands
 * for several values (BUCKETED, tested on the column as well).
 */
export const exactWords = (filter: ResolvedFilter) =>
  WORD_FILTERS.every(([column, field]) => !BUCKETED.has(column) || !has(filter[field]));

/**
 * The filter's word fields as one query of the word index: each field's words
 * ORed, the fields ANDed. Undefined when the filter names none, or a value too
 * long for its word to stand for it alone (LONGEST_WORD): the columns are tested then.
 */
export function wordQuery(filter: ResolvedFilter): string | undefined {
  const fields: string[] = [];
  for (const [column, field] of WORD_FILTERS) {
    const values = filter[field];
    if (!has(values)) continue;
    const words = values.map((v) => wordOf(column, v));
    if (words.some((w) => w.length > LONGEST_WORD)) return undefined;
    const quoted = words.map((w) => `"${w}"`);
    fields.push(quoted.length === 1 ? quoted[0]! : `(${quoted.join(' OR ')})`);
  }
  return fields.length ? fields.join(' AND ') : undefined;
}

/**
 * Up to how many events a filter's words may match for its events to be found
 * through the word index. Values more common than that are tested on the rows
 * that the time index (or another filter's index) reads.
 */
export const WORDS_UP_TO = 50_000;

/**
 * How many events the filter's words match, counted in the word index up to
 * WORDS_UP_TO + 1; undefined when the filter names no word field.
 */
export function wordMatches(db: DatabaseSync, filter: ResolvedFilter): number | undefined {
  const query = wordQuery(filter);
  if (query === undefined) return undefined;
  return (
    db
      .prepare(
        'SELECT count(*) AS n FROM (SELECT 1 FROM events_words WHERE events_words MATCH ? LIMIT ?)',
      )
      .get(query, WORDS_UP_TO + 1) as { n: number }
  ).n;
}

/**
 * How a filter's word fields are tested: 'lead', the few events that match are
 * looked up by rowid (the planner may start there); 'test', another index (the time
 * index when nothing else) is read and each entry's rowid tested against the
 * matches, which needs no row; undefined, the values are common and tested on the rows.
 */
export type WordUse = 'lead' | 'test' | undefined;

/**
 * Up to how many word matches are looked up one by one (a lookup by rowid costs
 * about as much as reading a few dozen index entries, measured at 1M events).
 */
const LEAD_UP_TO = 2000;

/** How to use `matches` word matches (wordMatches). */
export function wordUse(matches: number | undefined): WordUse {
  if (matches === undefined || matches > WORDS_UP_TO) return undefined;
  return matches <= LEAD_UP_TO ? 'lead' : 'test';
}

/**
 * How to use them where every match is read (aggregations, bulk changes, deletes): looking
 * each up costs less than testing every row of the table, unless a time range bounds the
 * rows read.
 */
function wordUseForAll(filter: ResolvedFilter, matches: number | undefined): WordUse {
  if (filter.fromKey || filter.toKey) return wordUse(matches);
  return matches === undefined || matches > WORDS_UP_TO ? undefined : 'lead';
}

/** The WHERE clause for reading every event the filter matches (wordUseForAll). */
export function sqlWhereForAll(db: DatabaseSync, filter: ResolvedFilter) {
  return sqlWhere(filter, wordUseForAll(filter, wordMatches(db, filter)));
}

/**
 * The SQL WHERE clause for a filter, over `events` (unaliased). Values are
 * always bound, never spliced into the text. With `words` (see WordUse), the
 * word fields are matched in the word index instead of tested on the columns
 * (and on the column too where a word stands for several values, event-words.ts).
 */
export function sqlWhere(
  filter: ResolvedFilter,
  words?: WordUse,
): { sql: string; params: Param[] } {
  const parts: string[] = [];
  const params: Param[] = [];
  // An empty list does not filter (but see severities below).
  const inList = (column: string, values: readonly Param[] | undefined) => {
    if (!has(values)) return;
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };

  if (filter.fromKey) {
    parts.push('ts >= ?');
    params.push(boundOf(filter.fromKey));
  }
  if (filter.toKey) {
    parts.push('ts < ?');
    params.push(boundOf(filter.toKey));
  }
  inList('events.id', filter.ids);
  if (has(filter.excludeLogTypes)) {
    parts.push(`log_type NOT IN (${filter.excludeLogTypes.map(() => '?').join(', ')})`);
    params.push(...filter.excludeLogTypes);
  }
  // An empty allowed set (severities ∩ minimum = ∅) matches nothing; a set is a word field.
  if (filter.severities?.length === 0) parts.push('0');
  inList('status', filter.statuses);
  // Said outright, so that the planner may read the index of the statuses other than open.
  if (has(filter.statuses) && !filter.statuses.includes('open')) parts.push(`status <> 'open'`);
  inList('user_id', filter.users);
  inList('assignee', filter.assignees);
  const query = words ? wordQuery(filter) : undefined;
  if (query !== undefined) {
    // `+` keeps the planner from starting at the matches (a test, not a lead).
    const rowid = words === 'test' ? '+events.rowid' : 'events.rowid';
    parts.push(`${rowid} IN (SELECT rowid FROM events_words WHERE events_words MATCH ?)`);
    params.push(query);
    for (const [column, field] of WORD_FILTERS) {
      if (BUCKETED.has(column)) inList(column, filter[field]);
    }
  } else {
    for (const [column, field] of WORD_FILTERS) inList(column, filter[field]);
  }
  if (filter.minDurationMs !== undefined) {
    // The class condition lets the slowness index find the slow events.
    const ns = filter.minDurationMs * 1_000_000;
    parts.push(`duration >= ?${ns > 0 ? ` AND ${SLOWNESS} >= ${slownessOf('?')}` : ''}`);
    params.push(ns, ...(ns > 0 ? [ns] : []));
  }
  if (filter.minMemoryBytes !== undefined) {
    parts.push('memory >= ?');
    params.push(filter.minMemoryBytes);
  }
  // Tags are a JSON array column. A substring test for the quoted tag is a cheap
  // pre-filter (case-sensitive, unlike LIKE); json_each then checks exactly.
  const quoted = (tag: string) => JSON.stringify(tag);
  if (has(filter.tagsAny)) {
    // `tags IS NOT NULL` spelled out: it lets the planner use the partial tags index.
    parts.push(
      `events.tags IS NOT NULL AND (${filter.tagsAny.map(() => 'instr(events.tags, ?) > 0').join(' OR ')}) AND EXISTS (SELECT 1 FROM json_each(events.tags) WHERE value IN (${filter.tagsAny.map(() => '?').join(', ')}))`,
    );
    params.push(...filter.tagsAny.map(quoted), ...filter.tagsAny);
  }
  if (has(filter.tagsAll)) {
    const tags = [...new Set(filter.tagsAll)];
    parts.push(
      `events.tags IS NOT NULL AND ${tags.map(() => 'instr(events.tags, ?) > 0').join(' AND ')} AND (SELECT count(DISTINCT value) FROM json_each(events.tags) WHERE value IN (${tags.map(() => '?').join(', ')})) = ?`,
    );
    params.push(...tags.map(quoted), ...tags, tags.length);
  }
  if (filter.words) {
    const match = ftsMatch(filter.words);
    parts.push(`events.rowid IN (SELECT rowid FROM events_fts WHERE ${match.sql})`);
    params.push(...match.params);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

/** The free-text condition on `events_fts`: every word, each quoted so FTS5 syntax in user text stays literal. */
export function ftsMatch(words: readonly string[]): { sql: string; params: Param[] } {
  return {
    sql: 'events_fts MATCH ?',
    params: [words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ')],
  };
}
