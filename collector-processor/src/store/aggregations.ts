import type { LogType, Severity } from '../schema/index.ts';

/** Options of aggregateEvents. */
export interface AggregationOptions {
  /** Bucket of "severity over time": 'hour' or 'day' (default 'day'). */
  readonly interval?: 'hour' | 'day';
  /** How many entries the top-N lists keep (default 10). */
  readonly top?: number;
}

export interface Count<K extends string = string> {
  readonly key: K;
  readonly count: number;
}

/**
 * The figures the dashboards draw. Lists are ordered by count (descending,
 * ties by key ascending) except the time series, which are oldest first and
 * hold only buckets with events. Empty input gives empty lists and zeros.
 */
export interface EventAggregations {
  readonly total: number;
  readonly byLogType: readonly Count<LogType>[];
  /** Bucket start (ISO-8601 UTC, milliseconds) with counts per severity present. */
  readonly severityOverTime: readonly {
    readonly at: string;
    readonly counts: Readonly<Partial<Record<Severity, number>>>;
  }[];
  /** Events per UTC day ('YYYY-MM-DD'). */
  readonly activityPerDay: readonly Count[];
  /** faultline.module */
  readonly topModules: readonly Count[];
  /** code.function.name */
  readonly topFunctions: readonly Count[];
  /** CRITICAL and FATAL events grouped by pattern (error.grouping_key), with the latest time. */
  readonly criticalIssues: readonly (Count & { readonly lastSeen: string })[];
  /**
   * event.duration over events that have one, in milliseconds. p95 is exact in
   * the embedded store and an estimate (t-digest) in search engines.
   */
  readonly executionTime: {
    readonly count: number;
    readonly meanMs: number | null;
    readonly p95Ms: number | null;
  };
  /** Events of severity ERROR or worse per service.name. */
  readonly errorsPerService: readonly Count[];
  /** Distinct user.id values (exact below a few thousand in search engines). */
  readonly affectedUsers: number;
}

export const DEFAULT_TOP = 10;
export const NS_PER_MS = 1_000_000;

/** Sorts counts as the contract says: by count descending, then key ascending. */
export function byCount<T extends Count>(list: T[]): T[] {
  return list.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
