import {
  EVENT_STATUSES,
  LOG_TYPES,
  SECURITY_LEVELS,
  SEVERITIES,
  type Severity,
} from '../schema/index.ts';
import type { EventFilter, EventSort } from '../store/filter.ts';
import { sortableTimestamp } from '../store/timestamp.ts';
import { invalidParameter } from './errors.ts';

type Query = Readonly<Record<string, unknown>>;

/**
 * GET /api/v1/events query parameters → the store's EventFilter. Lists may be
 * given comma-separated, repeated, or both; every bad value is a 400 naming
 * its parameter, and so is a parameter this route does not know.
 */

/** The list parameters: name → filter field, and the allowed values where the set is closed. */
const LISTS = {
  log_type: ['logTypes', LOG_TYPES],
  severity: ['severities', SEVERITIES],
  status: ['statuses', EVENT_STATUSES],
  service: ['services', undefined],
  environment: ['environments', undefined],
  module: ['modules', undefined],
  function: ['functions', undefined],
  security_level: ['securityLevels', SECURITY_LEVELS],
  security_category: ['securityCategories', undefined],
  security_impact: ['securityImpacts', undefined],
  tags: ['tagsAny', undefined],
  tags_all: ['tagsAll', undefined],
  user: ['users', undefined],
  assignee: ['assignees', undefined],
  session: ['sessions', undefined],
  pattern: ['patterns', undefined],
  trace_id: ['traceIds', undefined],
  id: ['ids', undefined],
} as const satisfies Record<string, readonly [keyof EventFilter, readonly string[] | undefined]>;

const SINGLES = ['from', 'to', 'min_severity', 'min_duration_ms', 'min_memory_bytes', 'q', 'sort'];
export const PAGE_PARAMETERS = ['limit', 'cursor'];
export const EVENT_QUERY_PARAMETERS = [...Object.keys(LISTS), ...SINGLES, ...PAGE_PARAMETERS];

const MAX_VALUES = 100;

export function list(
  query: Query,
  name: string,
  allowed?: readonly string[],
): string[] | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(','));
  const values = parts.map((v) => v.trim()).filter((v) => v !== '');
  if (values.length === 0) throw invalidParameter(name, `${name} must not be empty`);
  if (values.length > MAX_VALUES) {
    throw invalidParameter(name, `${name} takes at most ${MAX_VALUES} values`);
  }
  if (allowed) {
    const bad = values.find((v) => !allowed.includes(v));
    if (bad !== undefined) {
      throw invalidParameter(
        name,
        `${name} must be one or more of ${allowed.join(', ')}; got ${JSON.stringify(bad)}`,
      );
    }
  }
  return [...new Set(values)];
}

export function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParameter(name, `${name} must be given once`);
  if (value.trim() === '') throw invalidParameter(name, `${name} must not be empty`);
  return value.trim();
}

export function time(query: Query, name: string): string | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  try {
    sortableTimestamp(raw);
  } catch {
    throw invalidParameter(
      name,
      `${name} must be an ISO-8601 UTC time such as 2026-03-01T00:00:00Z, got ${JSON.stringify(raw)}`,
    );
  }
  return raw;
}

function number(query: Query, name: string): number | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(value)) {
    throw invalidParameter(
      name,
      `${name} must be a non-negative number, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

export function eventFilter(query: Query): { filter: EventFilter; sort: EventSort } {
  const unknown = Object.keys(query).find((k) => !EVENT_QUERY_PARAMETERS.includes(k));
  if (unknown !== undefined) {
    throw invalidParameter(
      unknown,
      `unknown parameter ${JSON.stringify(unknown)}; this route takes ${EVENT_QUERY_PARAMETERS.join(', ')}`,
    );
  }
  const filter: Record<string, unknown> = {};
  for (const [name, [field, allowed]] of Object.entries(LISTS)) {
    const values = list(query, name, allowed);
    if (values) filter[field] = values;
  }
  const from = time(query, 'from');
  const to = time(query, 'to');
  if (from && to && sortableTimestamp(from) >= sortableTimestamp(to)) {
    throw invalidParameter('to', 'to must be later than from');
  }
  if (from) filter.from = from;
  if (to) filter.to = to;
  const minSeverity = list(query, 'min_severity', SEVERITIES);
  if (minSeverity) {
    if (minSeverity.length > 1)
      throw invalidParameter('min_severity', 'min_severity takes one value');
    filter.minSeverity = minSeverity[0] as Severity;
  }
  const minDuration = number(query, 'min_duration_ms');
  if (minDuration !== undefined) filter.minDurationMs = minDuration;
  const minMemory = number(query, 'min_memory_bytes');
  if (minMemory !== undefined) filter.minMemoryBytes = minMemory;
  const text = single(query, 'q');
  if (text !== undefined) {
    if (text.length > 500) throw invalidParameter('q', 'q must be at most 500 characters');
    filter.text = text;
  }
  const sort = single(query, 'sort') ?? 'newest';
  if (sort !== 'newest' && sort !== 'oldest') {
    throw invalidParameter('sort', `sort must be newest or oldest, got ${JSON.stringify(sort)}`);
  }
  return { filter: filter as EventFilter, sort };
}
