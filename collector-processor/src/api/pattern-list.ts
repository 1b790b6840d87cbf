import { LOG_TYPES, SEVERITIES } from '../schema/index.ts';
import { PATTERN_STATUSES, type Pattern, type PatternStatus } from '../store/patterns.ts';
import type { PatternStore } from '../store/patterns.ts';
import { MAX_PAGE_SIZE, type Total } from '../store/store.ts';
import { sortableTimestamp } from '../store/timestamp.ts';
import { invalidParameter } from './errors.ts';
import { list, single, time } from './event-filters.ts';
import { pageLimit } from './query.ts';

type Query = Readonly<Record<string, unknown>>;

export const PATTERN_LIST_PARAMETERS = [
  'status',
  'type',
  'service',
  'severity',
  'from',
  'to',
  'sort',
  'limit',
  'cursor',
];
const SORTS = ['last_seen', 'count', 'users'] as const;

export interface PatternPage {
  readonly items: Pattern[];
  readonly next: string | null;
  readonly total: Total;
}

/**
 * GET /patterns. The store filters by status and service and sorts by count
 * or last seen; type, severity (the pattern's highest), the time range (a
 * pattern matches when it was seen inside [from, to]) and the sort by
 * affected users are applied here, over the first MAX_PAGE_SIZE patterns the
 * store returns (total then says 'gte'). The cursor is an offset into that
 * window: enough for a pattern list, documented as such.
 */
export async function listPatterns(store: PatternStore, query: Query): Promise<PatternPage> {
  const unknown = Object.keys(query).find((k) => !PATTERN_LIST_PARAMETERS.includes(k));
  if (unknown) throw invalidParameter(unknown, `unknown parameter ${JSON.stringify(unknown)}`);
  const statuses = list(query, 'status', PATTERN_STATUSES) as PatternStatus[] | undefined;
  const types = list(query, 'type', LOG_TYPES);
  const services = list(query, 'service');
  const severities = list(query, 'severity', SEVERITIES);
  const from = time(query, 'from');
  const to = time(query, 'to');
  const sort = (single(query, 'sort') ?? 'last_seen') as (typeof SORTS)[number];
  if (!SORTS.includes(sort)) {
    throw invalidParameter('sort', `sort must be one of ${SORTS.join(', ')}`);
  }
  const limit = pageLimit(query);
  const offset = parseCursor(single(query, 'cursor'));

  const fetched = await store.list({
    ...(statuses ? { statuses } : {}),
    ...(services ? { services } : {}),
    sort: sort === 'count' ? 'count' : 'last_seen',
    limit: MAX_PAGE_SIZE,
  });
  const matching = fetched.filter(
    (p) =>
      (!types || types.includes(p.type)) &&
      (!severities || severities.includes(p.severity)) &&
      (!from || sortableTimestamp(p.last_seen) >= sortableTimestamp(from)) &&
      (!to || sortableTimestamp(p.first_seen) <= sortableTimestamp(to)),
  );
  if (sort === 'users') {
    matching.sort((a, b) => b.user_count - a.user_count || (a.id < b.id ? -1 : 1));
  }
  const items = matching.slice(offset, offset + limit);
  const end = offset + items.length;
  return {
    items,
    next: end < matching.length ? `o${end}` : null,
    total: { value: matching.length, relation: fetched.length < MAX_PAGE_SIZE ? 'eq' : 'gte' },
  };
}

function parseCursor(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const match = /^o(\d{1,6})$/.exec(raw);
  if (!match) {
    throw invalidParameter('cursor', 'cursor is not valid: pass the `next` of a previous page');
  }
  return Number(match[1]);
}
