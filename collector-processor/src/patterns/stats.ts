import { SEVERITIES, type FaultlineEvent, type Severity } from '../schema/index.ts';

/**
 * A pattern's activity figures, kept so that adding two of them is exact in
 * any order (sums of counts, worst of severities, sums of histogram buckets):
 * replicas' upserts compose, and a merge folds a source in the same way.
 * Windows are measured back from the pattern's last_seen, so they too depend
 * only on the set of events counted, never on arrival order.
 */
export interface PatternStats {
  /** Events per UTC hour ("2026-03-01T05"), the HOURS_KEPT hours up to last_seen. */
  readonly counts_per_hour?: Readonly<Record<string, number>>;
  /** Events per UTC day ("2026-03-01"), the DAYS_KEPT days up to last_seen. */
  readonly counts_per_day?: Readonly<Record<string, number>>;
  /** The worst severity of each day in counts_per_day. */
  readonly severity_per_day?: Readonly<Record<string, Severity>>;
  /** Durations of PERFORMANCE events (event.duration), as a mergeable histogram. */
  readonly duration?: DurationHistogram;
}

/** What the stats say, recomputed from them at every change. */
export interface PatternStatsSummary {
  /**
   * The worst severity of last_seen's day against the worst of the TREND_DAYS
   * days before it: 'rising', 'falling' or 'steady'; absent without earlier days.
   */
  readonly severity_trend?: 'rising' | 'falling' | 'steady';
  readonly duration_mean_ms?: number;
  /** From the histogram: within about 4 % of the exact nearest-rank p95. */
  readonly duration_p95_ms?: number;
}

export interface DurationHistogram {
  readonly count: number;
  readonly sum_ms: number;
  /** Bucket index i holds durations in (γ^(i-1), γ^i] ms, γ = 2^(1/8). */
  readonly buckets: Readonly<Record<string, number>>;
}

export const HOURS_KEPT = 48;
export const DAYS_KEPT = 90;
export const TREND_DAYS = 7;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const LOG_GAMMA = Math.log(2) / 8;
const MIN_MS = 0.001;
const NS_PER_MS = 1_000_000;

const hourOf = (time: number) => new Date(time).toISOString().slice(0, 13);
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);
const worse = (a: Severity | undefined, b: Severity): Severity =>
  a !== undefined && SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;

/** The stats of a group of events of one pattern. */
export function statsOf(events: readonly FaultlineEvent[]): PatternStats {
  const hours: Record<string, number> = {};
  const days: Record<string, number> = {};
  const severities: Record<string, Severity> = {};
  const buckets: Record<string, number> = {};
  let count = 0;
  let sum = 0;
  for (const e of events) {
    const time = Date.parse(e['@timestamp']);
    if (Number.isNaN(time)) continue;
    const hour = hourOf(time);
    const day = hour.slice(0, 10);
    hours[hour] = (hours[hour] ?? 0) + 1;
    days[day] = (days[day] ?? 0) + 1;
    severities[day] = worse(severities[day], e.faultline.severity);
    const ns = e.event.duration;
    if (e.faultline.log_type === 'PERFORMANCE' && ns !== undefined) {
      const ms = ns / NS_PER_MS;
      const i = bucketOf(ms);
      buckets[i] = (buckets[i] ?? 0) + 1;
      count++;
      sum += ms;
    }
  }
  return {
    counts_per_hour: hours,
    counts_per_day: days,
    severity_per_day: severities,
    ...(count ? { duration: { count, sum_ms: sum, buckets } } : {}),
  };
}

function bucketOf(ms: number): number {
  return Math.ceil(Math.log(Math.max(ms, MIN_MS)) / LOG_GAMMA);
}

/**
 * a + b, windows cut back from `lastSeen` (the pattern's last_seen after the
 * change), with the summary recomputed. Either side may lack stats (a pattern
 * stored before they existed).
 */
export function addStats(
  a: PatternStats,
  b: PatternStats,
  lastSeen: string,
): PatternStats & PatternStatsSummary {
  const last = Date.parse(lastSeen);
  const firstHour = hourOf(last - (HOURS_KEPT - 1) * HOUR_MS);
  const firstDay = dayOf(last - (DAYS_KEPT - 1) * DAY_MS);
  const stats: PatternStats = {
    counts_per_hour: combine(a.counts_per_hour, b.counts_per_hour, sum, firstHour),
    counts_per_day: combine(a.counts_per_day, b.counts_per_day, sum, firstDay),
    severity_per_day: combine(a.severity_per_day, b.severity_per_day, worse, firstDay),
    ...addDurations(a.duration, b.duration),
  };
  return { ...stats, ...summarize(stats, dayOf(last)) };
}

/** a − b (unmerge takes a source's events back off its target), floored at zero. */
export function subtractStats(
  a: PatternStats,
  b: PatternStats,
  lastSeen: string,
): PatternStats & PatternStatsSummary {
  const minus = (x: number | undefined, y: number) => Math.max(0, (x ?? 0) - y);
  const counts = (x?: Readonly<Record<string, number>>, y?: Readonly<Record<string, number>>) => {
    const out: Record<string, number> = { ...x };
    for (const [k, v] of Object.entries(y ?? {})) {
      const left = minus(out[k], v);
      if (left > 0) out[k] = left;
      else delete out[k];
    }
    return out;
  };
  const d = a.duration;
  const duration =
    d && b.duration && d.count > b.duration.count
      ? {
          count: d.count - b.duration.count,
          sum_ms: minus(d.sum_ms, b.duration.sum_ms),
          buckets: counts(d.buckets, b.duration.buckets),
        }
      : b.duration
        ? undefined
        : d;
  const next: PatternStats = {
    counts_per_hour: counts(a.counts_per_hour, b.counts_per_hour),
    counts_per_day: counts(a.counts_per_day, b.counts_per_day),
    // Severities cannot be taken back: the target keeps what it has seen.
    severity_per_day: a.severity_per_day,
    duration,
  };
  return { ...next, ...summarize(next, dayOf(Date.parse(lastSeen))) };
}

const sum = (x: number | undefined, y: number) => (x ?? 0) + y;

function combine<T>(
  a: Readonly<Record<string, T>> | undefined,
  b: Readonly<Record<string, T>> | undefined,
  add: (x: T | undefined, y: T) => T,
  first: string,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const side of [a, b]) {
    for (const [k, v] of Object.entries(side ?? {})) if (k >= first) out[k] = add(out[k], v);
  }
  return out;
}

function addDurations(
  a?: DurationHistogram,
  b?: DurationHistogram,
): Pick<PatternStats, 'duration'> {
  if (!a || !b) return a || b ? { duration: (a ?? b)! } : {};
  return {
    duration: {
      count: a.count + b.count,
      sum_ms: a.sum_ms + b.sum_ms,
      buckets: combine(a.buckets, b.buckets, sum, ''),
    },
  };
}

function summarize(stats: PatternStats, lastDay: string): PatternStatsSummary {
  const days = stats.severity_per_day ?? {};
  const firstEarlier = dayOf(Date.parse(lastDay) - TREND_DAYS * DAY_MS);
  let earlier: Severity | undefined;
  for (const [day, severity] of Object.entries(days)) {
    if (day >= firstEarlier && day < lastDay) earlier = worse(earlier, severity);
  }
  const now = days[lastDay];
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  const trend =
    now === undefined || earlier === undefined
      ? undefined
      : rank(now) > rank(earlier)
        ? 'rising'
        : rank(now) < rank(earlier)
          ? 'falling'
          : 'steady';
  const d = stats.duration;
  // Every key present, undefined when unknown: spread over a stored pattern, it replaces the old value.
  return {
    severity_trend: trend,
    duration_mean_ms: d?.count ? d.sum_ms / d.count : undefined,
    duration_p95_ms: d?.count ? p95(d) : undefined,
  };
}

/** Nearest-rank p95 over the buckets: the bucket holding rank ⌈0.95 n⌉, at its middle. */
function p95(d: DurationHistogram): number {
  const rank = Math.ceil(0.95 * d.count);
  const indices = Object.keys(d.buckets)
    .map(Number)
    .sort((x, y) => x - y);
  let seen = 0;
  for (const i of indices) {
    seen += d.buckets[i]!;
    if (seen >= rank) return (2 * Math.exp(i * LOG_GAMMA)) / (1 + Math.exp(LOG_GAMMA));
  }
  return Math.exp(indices.at(-1)! * LOG_GAMMA);
}
