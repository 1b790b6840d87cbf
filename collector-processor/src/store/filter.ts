import {
  SEVERITIES,
  type EventStatus,
  type LogType,
  type SecurityLevel,
  type Severity,
} from '../schema/index.ts';
import { sortableTimestamp } from './timestamp.ts';

/**
 * Which events an operation concerns: one shape for every backend (SQL is
 * built from it for SQLite, a query DSL for OpenSearch and Elasticsearch).
 * Fields combine with AND; a list matches any of its values. An absent or
 * empty list does not filter.
 */
export interface EventFilter {
  /** `@timestamp` ≥ from (ISO-8601 UTC). */
  readonly from?: string;
  /** `@timestamp` < to (ISO-8601 UTC). */
  readonly to?: string;
  readonly ids?: readonly string[];
  readonly logTypes?: readonly LogType[];
  /** None of these log types (retention classes carve security and audit out). */
  readonly excludeLogTypes?: readonly LogType[];
  /** Any of these severities… */
  readonly severities?: readonly Severity[];
  /** …and at least this one (SEVERITIES order). */
  readonly minSeverity?: Severity;
  readonly statuses?: readonly EventStatus[];
  /** service.name */
  readonly services?: readonly string[];
  /** deployment.environment.name */
  readonly environments?: readonly string[];
  /** faultline.module */
  readonly modules?: readonly string[];
  /** code.function.name */
  readonly functions?: readonly string[];
  /** event.duration ≥ this many milliseconds (execution time). */
  readonly minDurationMs?: number;
  /** faultline.perf.memory_bytes ≥ this. */
  readonly minMemoryBytes?: number;
  readonly securityLevels?: readonly SecurityLevel[];
  readonly securityCategories?: readonly string[];
  readonly securityImpacts?: readonly string[];
  /** Has at least one of these tags. */
  readonly tagsAny?: readonly string[];
  /** Has every one of these tags. */
  readonly tagsAll?: readonly string[];
  /** user.id */
  readonly users?: readonly string[];
  /** faultline.assignee */
  readonly assignees?: readonly string[];
  /** faultline.session.id (debug session) */
  readonly sessions?: readonly string[];
  /** error.grouping_key (the pattern id) */
  readonly patterns?: readonly string[];
  /** trace.id */
  readonly traceIds?: readonly string[];
  /** Words that must all occur in the message or the stack trace. */
  readonly text?: string;
}

export type EventSort = 'newest' | 'oldest';

/** The filter with severities resolved and times made sortable; what builders consume. */
export interface ResolvedFilter extends Omit<EventFilter, 'severities' | 'minSeverity' | 'text'> {
  /** undefined: any severity; []: none can match. */
  readonly severities?: readonly Severity[];
  /** The free-text words, lower-cased, at least one. */
  readonly words?: readonly string[];
  /** `from`/`to` padded to nine fractional digits (SQLite compares text). */
  readonly fromKey?: string;
  readonly toKey?: string;
}

/** Words of a free-text query: letters and digits, as both engines tokenize them. */
export function textWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function resolveFilter(filter: EventFilter = {}): ResolvedFilter {
  const { severities, minSeverity, text, ...rest } = filter;
  let allowed: Severity[] | undefined = severities?.length ? [...severities] : undefined;
  if (minSeverity !== undefined) {
    const atLeast = SEVERITIES.slice(SEVERITIES.indexOf(minSeverity));
    allowed = (allowed ?? atLeast).filter((s) => atLeast.includes(s));
  }
  const words = text === undefined ? [] : textWords(text);
  return {
    ...rest,
    ...(allowed ? { severities: allowed } : {}),
    ...(words.length ? { words } : {}),
    ...(filter.from ? { fromKey: sortableTimestamp(filter.from) } : {}),
    ...(filter.to ? { toKey: sortableTimestamp(filter.to) } : {}),
  };
}

/** The fields that narrow the match: those set, lists only when non-empty. */
export function filteringFields(filter: ResolvedFilter): string[] {
  return Object.entries(filter)
    .filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))
    .map(([key]) => key);
}

/** A non-empty list, for "does this field filter?" */
export function has<T>(list: readonly T[] | undefined): list is readonly T[] {
  return list !== undefined && list.length > 0;
}
