import { has, type ResolvedFilter } from '../filter.ts';
import { traceWord } from './trace-word.ts';
import { boundOf } from './event-time.ts';
import { SLOWNESS, slownessOf } from './slowness.ts';

export type Param = string | number | bigint;

/**
 * The SQL WHERE clause for a filter, over `events` (unaliased). Values are
 * always bound, never spliced into the text.
 */
export function sqlWhere(filter: ResolvedFilter): { sql: string; params: Param[] } {
  const parts: string[] = [];
  const params: Param[] = [];
  const inList = (column: string, values: readonly Param[] | undefined) => {
    if (values === undefined) return;
    if (values.length === 0) {
      parts.push('0'); // an empty allowed set matches nothing (e.g. severities ∩ minimum = ∅)
      return;
    }
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  const nonEmpty = <T>(v: readonly T[] | undefined) => (has(v) ? v : undefined);

  if (filter.fromKey) {
    parts.push('ts >= ?');
    params.push(boundOf(filter.fromKey));
  }
  if (filter.toKey) {
    parts.push('ts < ?');
    params.push(boundOf(filter.toKey));
  }
  inList('events.id', nonEmpty(filter.ids));
  inList('log_type', nonEmpty(filter.logTypes));
  if (has(filter.excludeLogTypes)) {
    parts.push(`log_type NOT IN (${filter.excludeLogTypes.map(() => '?').join(', ')})`);
    params.push(...filter.excludeLogTypes);
  }
  // With a tag filter, a severity set would steer the planner (its statistics are
  // sampled) to the severity index and a lookup per candidate; `+` leaves the
  // covering tags index to it, while a selective index (user, trace …) still wins.
  const tagged = has(filter.tagsAny) || has(filter.tagsAll);
  inList(tagged ? '+severity' : 'severity', filter.severities);
  inList('status', nonEmpty(filter.statuses));
  // Likewise a duration threshold: the (duration, ts, service) index counts a service's
  // slow events alone, where the service index would look up every event of the service.
  inList(filter.minDurationMs === undefined ? 'service' : '+service', nonEmpty(filter.services));
  inList('environment', nonEmpty(filter.environments));
  inList('module', nonEmpty(filter.modules));
  inList('function', nonEmpty(filter.functions));
  inList('sec_level', nonEmpty(filter.securityLevels));
  inList('sec_category', nonEmpty(filter.securityCategories));
  inList('sec_impact', nonEmpty(filter.securityImpacts));
  inList('user_id', nonEmpty(filter.users));
  inList('assignee', nonEmpty(filter.assignees));
  inList('session_id', nonEmpty(filter.sessions));
  inList('grouping_key', nonEmpty(filter.patterns));
  const traces = nonEmpty(filter.traceIds);
  if (traces) {
    // Candidates from the trace words (schema.ts), then the exact ids.
    parts.push('events.rowid IN (SELECT rowid FROM events_traces WHERE events_traces MATCH ?)');
    params.push(traces.map((t) => `"${traceWord(t)}"`).join(' OR '));
    inList('trace_id', traces);
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
