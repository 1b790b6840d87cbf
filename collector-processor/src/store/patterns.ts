import { SEVERITIES, type LogType, type Severity } from '../schema/index.ts';
import { nextStatus } from '../patterns/lifecycle.ts';
import {
  addStats,
  subtractStats,
  type PatternStats,
  type PatternStatsSummary,
} from '../patterns/stats.ts';
import { sortableTimestamp as key } from './timestamp.ts';

/**
 * An error pattern (DESIGN.md): events sharing a fingerprint. Its id is the
 * fingerprint, i.e. `error.grouping_key` of its events.
 */
export const PATTERN_STATUSES = [
  'open',
  'resolved',
  'ignored',
  'archived',
  'escalated',
  'regressed',
] as const;
export type PatternStatus = (typeof PATTERN_STATUSES)[number];

export interface Pattern extends PatternStats, PatternStatsSummary {
  readonly id: string;
  readonly title: string;
  readonly type: LogType;
  /** Where it happens, e.g. "checkout.ts in chargeCard". */
  readonly culprit?: string;
  readonly first_seen: string;
  readonly last_seen: string;
  readonly count: number;
  /** Distinct user ids seen, sorted; past MAX_TRACKED_USERS the smallest are kept (user_count stops there). */
  readonly users: readonly string[];
  readonly user_count: number;
  readonly services: readonly string[];
  /** The worst severity seen. */
  readonly severity: Severity;
  readonly status: PatternStatus;
  readonly resolved_in_version?: string;
  readonly assignee?: string;
  readonly notes?: string;
  /** Set on a pattern merged into another; its counters then live in the target. */
  readonly merged_into?: string;
  /** The source's count when it was merged: what unmerge takes back off the target. */
  readonly merged_count?: number;
  readonly environments?: readonly string[];
  /** service.version values seen (capped like users). */
  readonly versions?: readonly string[];
  /** The id of one event of the pattern (the first counted). */
  readonly sample_event_id?: string;
  /** The grouping configuration version that made the fingerprint. */
  readonly grouping_version?: string;
  /** Ignored until this time (ISO-8601); absent with status 'ignored' and no count: forever. */
  readonly ignore_until?: string;
  /** Ignored until the count reaches this total. */
  readonly ignore_until_count?: number;
  /** Status changes and merge decisions, oldest first. */
  readonly status_history?: readonly StatusChange[];
  /**
   * For message-only patterns: the parameterized message in key form
   * (placeholders as `<*>`), which merge proposals compare.
   */
  readonly template?: string;
  /** The key's other parts (family, error type): patterns merge only within one scope. */
  readonly template_scope?: string;
  /** Patterns a person unmerged this one from, sorted: automatic merges never join them again. */
  readonly kept_apart?: readonly string[];
}

/** One entry of a pattern's history: a status change, or a merge decision (status then unchanged). */
export interface StatusChange {
  /** The status after the change. */
  readonly status: PatternStatus;
  readonly at: string;
  /**
   * The token's subject, 'admin', 'processor' for status changes new events
   * cause, or 'system' for merges the processor accepted on its own.
   */
  readonly by: string;
  readonly resolved_in_version?: string;
  /** A merge: the pattern this one was merged into. */
  readonly merged_into?: string;
  /** An unmerge: the pattern this one was taken out of. */
  readonly unmerged_from?: string;
}

/** Who decided a merge, and when: recorded in each source's history. */
export interface MergeDecision {
  readonly at: string;
  readonly by: string;
}

/** What the pipeline knows about events of one pattern in a batch (with their stats). */
export interface PatternIncrement extends PatternStats {
  readonly id: string;
  readonly title: string;
  readonly type: LogType;
  readonly culprit?: string;
  /** Earliest and latest @timestamp in the batch. */
  readonly first_seen: string;
  readonly last_seen: string;
  readonly count: number;
  readonly severity: Severity;
  readonly users?: readonly string[];
  readonly services?: readonly string[];
  readonly environments?: readonly string[];
  readonly versions?: readonly string[];
  readonly sample_event_id?: string;
  readonly grouping_version?: string;
  /** Set for message-only patterns (see Pattern.template). */
  readonly template?: string;
  readonly template_scope?: string;
  /** True when some event of the increment carries no service.version (it always regresses). */
  readonly unversioned?: boolean;
  /**
   * Set when the same events are also counted in this pattern's merge target:
   * the source's merged_count then grows with them, so unmerge takes back
   * exactly what the target received.
   */
  readonly counted_in?: string;
}

export interface PatternUpdate {
  readonly status?: PatternStatus;
  readonly assignee?: string | null;
  readonly notes?: string | null;
  readonly title?: string;
  readonly resolved_in_version?: string | null;
  readonly ignore_until?: string | null;
  /** Ignore for this many more events: stored as ignore_until_count = count + n, atomically. */
  readonly ignore_for_count?: number | null;
  /** Appended to status_history inside the same atomic update. */
  readonly history?: StatusChange;
  /** null clears the merge decision (unmerge). */
  readonly merged_into?: null;
  /** Taken off count on unmerge: the source's events no longer count in the target. */
  readonly subtract_count?: number;
  /** Taken off the stats on unmerge: the source's hourly and daily counts and durations. */
  readonly subtract_stats?: PatternStats;
  /** Added to kept_apart (on unmerge): automatic merges never join the two again. */
  readonly keep_apart_from?: string;
}

export interface PatternListQuery {
  readonly statuses?: readonly PatternStatus[];
  readonly services?: readonly string[];
  /** 'last_seen' (default) or 'count', descending; ties by id. */
  readonly sort?: 'last_seen' | 'count';
  readonly limit: number;
  /** Merged patterns are hidden unless asked for. */
  readonly includeMerged?: boolean;
}

/**
 * Pattern storage. Upserts are atomic per pattern even with several
 * processors writing at once (each backend guarantees it its own way), so
 * counts are never lost. `get` sees every resolved write at once; `list`
 * sees upserts under the store's visibility rule (store.ts: searchable after
 * refresh), and updates and merges as soon as they resolve.
 */
export interface PatternStore {
  /** Adds each increment to its pattern, creating the pattern when new. */
  upsert(increments: readonly PatternIncrement[]): Promise<void>;
  get(id: string): Promise<Pattern | undefined>;
  list(query: PatternListQuery): Promise<Pattern[]>;
  /** The updated pattern, or undefined when there is none with that id. */
  update(id: string, changes: PatternUpdate): Promise<Pattern | undefined>;
  /**
   * Folds the sources' counters into the target and marks each source
   * `merged_into` the target (with the decision in its history, when given).
   * A source already merged (into this target or another) is left as it is,
   * so a merge repeated by another replica never counts twice. Resolves with
   * the target; rejects with a RangeError when the target or a source does
   * not exist.
   */
  merge(targetId: string, sourceIds: readonly string[], decision?: MergeDecision): Promise<Pattern>;
  /**
   * Every pattern, merged ones included, in id order: up to `limit` with ids
   * after `after`, with only the fields jobs over the whole set read
   * (automatic merges), so a walk never moves whole documents. Sees upserts
   * under the same visibility rule as `list`.
   */
  scan(query: { readonly after?: string; readonly limit: number }): Promise<PatternSummary[]>;
}

/** What scan gives of each pattern. */
export type PatternSummary = Pick<Pattern, (typeof SUMMARY_FIELDS)[number]>;

export const SUMMARY_FIELDS = [
  'id',
  'template',
  'template_scope',
  'merged_into',
  'kept_apart',
] as const;

export const MAX_TRACKED_USERS = 1000;

const worse = (a: Severity, b: Severity) =>
  SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
// Timestamps may differ in fraction digits: compare their sortable form.
const earliest = (a: string, b: string) => (key(a) <= key(b) ? a : b);
const latest = (a: string, b: string) => (key(a) >= key(b) ? a : b);
// Sorted, so the kept values (and past the cap, which ones are kept) never depend on arrival order.
const union = (a: readonly string[], b: readonly string[] = [], cap = Infinity) =>
  [...new Set([...a, ...b])].sort().slice(0, cap);

/**
 * An increment of a pattern merged into `into`, as counted: in the source
 * (whose merged_count grows with it) and in the target.
 */
export function redirectedIncrement(
  inc: PatternIncrement,
  into: string,
): [source: PatternIncrement, target: PatternIncrement] {
  return [
    { ...inc, counted_in: into },
    { ...inc, id: into },
  ];
}

/**
 * The pattern after an increment: the one rule every backend applies, inside
 * its own atomic read-modify-write. A resolved pattern seeing new events
 * after it was resolved becomes 'regressed'.
 */
export function applyIncrement(current: Pattern | undefined, inc: PatternIncrement): Pattern {
  if (!current) {
    const users = union([], inc.users, MAX_TRACKED_USERS);
    return {
      id: inc.id,
      title: inc.title,
      type: inc.type,
      ...(inc.culprit ? { culprit: inc.culprit } : {}),
      first_seen: inc.first_seen,
      last_seen: inc.last_seen,
      count: inc.count,
      users,
      user_count: users.length,
      services: union([], inc.services),
      severity: inc.severity,
      status: 'open',
      ...lifecycleFields(inc),
      ...addStats({}, inc, inc.last_seen),
    };
  }
  const users = union(current.users, inc.users, MAX_TRACKED_USERS);
  const lastSeen = latest(current.last_seen, inc.last_seen);
  return {
    ...current,
    first_seen: earliest(current.first_seen, inc.first_seen),
    last_seen: lastSeen,
    count: current.count + inc.count,
    users,
    user_count: users.length,
    services: union(current.services, inc.services),
    severity: worse(current.severity, inc.severity),
    ...(inc.environments || current.environments
      ? { environments: union(current.environments ?? [], inc.environments) }
      : {}),
    ...(inc.versions || current.versions
      ? { versions: union(current.versions ?? [], inc.versions, MAX_TRACKED_USERS) }
      : {}),
    ...nextStatus(current, inc, current.count + inc.count),
    ...addStats(current, inc, lastSeen),
    // Patterns stored before templates were kept get theirs from their next events.
    ...(current.template === undefined && inc.template !== undefined
      ? { template: inc.template, template_scope: inc.template_scope }
      : {}),
    ...(inc.counted_in !== undefined && current.merged_into === inc.counted_in
      ? { merged_count: (current.merged_count ?? 0) + inc.count }
      : {}),
  };
}

function lifecycleFields(inc: PatternIncrement) {
  return {
    ...(inc.environments?.length ? { environments: union([], inc.environments) } : {}),
    ...(inc.versions?.length ? { versions: union([], inc.versions, MAX_TRACKED_USERS) } : {}),
    ...(inc.sample_event_id ? { sample_event_id: inc.sample_event_id } : {}),
    ...(inc.grouping_version ? { grouping_version: inc.grouping_version } : {}),
    ...(inc.template !== undefined ? { template: inc.template } : {}),
    ...(inc.template_scope !== undefined ? { template_scope: inc.template_scope } : {}),
  };
}

/**
 * A source as marked by a merge: pointing at the target, remembering what it
 * folded in, the decision in its history. Undefined when it is merged already.
 */
export function markMerged(
  source: Pattern,
  targetId: string,
  decision?: MergeDecision,
): Pattern | undefined {
  if (source.merged_into !== undefined) return undefined;
  const entry = decision && { status: source.status, ...decision, merged_into: targetId };
  return {
    ...source,
    merged_into: targetId,
    merged_count: source.count,
    ...(entry ? { status_history: [...(source.status_history ?? []), entry] } : {}),
  };
}

/** The target after folding one source into it. */
export function foldPattern(target: Pattern, source: Pattern): Pattern {
  const users = union(target.users, source.users, MAX_TRACKED_USERS);
  const lastSeen = latest(target.last_seen, source.last_seen);
  return {
    ...target,
    ...addStats(target, source, lastSeen),
    first_seen: earliest(target.first_seen, source.first_seen),
    last_seen: lastSeen,
    count: target.count + source.count,
    users,
    user_count: users.length,
    services: union(target.services, source.services),
    severity: worse(target.severity, source.severity),
  };
}

export function applyPatternUpdate(current: Pattern, changes: PatternUpdate): Pattern {
  const next: Record<string, unknown> = { ...current };
  for (const key of [
    'status',
    'assignee',
    'notes',
    'title',
    'resolved_in_version',
    'ignore_until',
    'merged_into',
  ] as const) {
    const value = changes[key];
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  if (changes.merged_into === null) delete next.merged_count;
  if (changes.ignore_for_count === null) delete next.ignore_until_count;
  else if (changes.ignore_for_count !== undefined)
    next.ignore_until_count = current.count + changes.ignore_for_count;
  if (changes.subtract_count) next.count = Math.max(0, current.count - changes.subtract_count);
  if (changes.subtract_stats)
    Object.assign(next, subtractStats(current, changes.subtract_stats, current.last_seen));
  if (changes.keep_apart_from !== undefined)
    next.kept_apart = union(current.kept_apart ?? [], [changes.keep_apart_from]);
  if (changes.history) next.status_history = [...(current.status_history ?? []), changes.history];
  return next as unknown as Pattern;
}

/** Sorting and filtering of pattern lists, shared by backends that list in memory. */
export function comparePatterns(sort: PatternListQuery['sort']) {
  return (a: Pattern, b: Pattern) => {
    const primary =
      sort === 'count' ? b.count - a.count : key(b.last_seen).localeCompare(key(a.last_seen));
    return primary || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}
