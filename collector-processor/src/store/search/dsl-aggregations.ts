import type { LogType, Severity } from '../../schema/index.ts';
import {
  DEFAULT_TOP,
  NS_PER_MS,
  type AggregationOptions,
  type Count,
  type EventAggregations,
} from '../aggregations.ts';

/**
 * The dashboard figures as one aggregation request (size 0) and the reading
 * of its answer. Terms lists order by count then key, like the contract.
 */

const ORDER = [{ _count: 'desc' }, { _key: 'asc' }];
const topTerms = (field: string, size: number) => ({ terms: { field, size, order: ORDER } });
const FAILING: Severity[] = ['ERROR', 'CRITICAL', 'FATAL'];

export function aggregationRequest(options: AggregationOptions) {
  const top = options.top ?? DEFAULT_TOP;
  const interval = options.interval === 'hour' ? '1h' : '1d';
  return {
    by_log_type: topTerms('faultline.log_type', 20),
    severity_over_time: {
      date_histogram: { field: '@timestamp', fixed_interval: interval, min_doc_count: 1 },
      aggs: { severity: { terms: { field: 'faultline.severity', size: 10 } } },
    },
    per_day: { date_histogram: { field: '@timestamp', fixed_interval: '1d', min_doc_count: 1 } },
    modules: topTerms('faultline.module', top),
    functions: topTerms('code.function.name', top),
    critical: {
      filter: { terms: { 'faultline.severity': ['CRITICAL', 'FATAL'] } },
      aggs: {
        patterns: {
          ...topTerms('error.grouping_key', top),
          aggs: { last: { max: { field: '@timestamp' } } },
        },
      },
    },
    duration_count: { value_count: { field: 'event.duration' } },
    duration_avg: { avg: { field: 'event.duration' } },
    duration_p95: { percentiles: { field: 'event.duration', percents: [95] } },
    errors: {
      filter: { terms: { 'faultline.severity': FAILING } },
      aggs: { services: topTerms('service.name', top) },
    },
    users: { cardinality: { field: 'user.id' } },
  };
}

type Bucket = { key: string | number; key_as_string?: string; doc_count: number };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Aggs = any;

const counts = <K extends string>(buckets: Bucket[]): Count<K>[] =>
  buckets.map((b) => ({ key: String(b.key) as K, count: b.doc_count }));
const iso = (epochMs: number) => new Date(epochMs).toISOString();

export function readAggregations(total: number, aggs: Aggs): EventAggregations {
  const durationCount: number = aggs.duration_count.value ?? 0;
  const p95 = aggs.duration_p95.values?.['95.0'] ?? null;
  return {
    total,
    byLogType: counts<LogType>(aggs.by_log_type.buckets),
    severityOverTime: (aggs.severity_over_time.buckets as (Bucket & { severity: Aggs })[]).map(
      (b) => ({
        at: iso(Number(b.key)),
        counts: Object.fromEntries(
          (b.severity.buckets as Bucket[]).map((s) => [s.key as Severity, s.doc_count]),
        ),
      }),
    ),
    activityPerDay: (aggs.per_day.buckets as Bucket[]).map((b) => ({
      key: iso(Number(b.key)).slice(0, 10),
      count: b.doc_count,
    })),
    topModules: counts(aggs.modules.buckets),
    topFunctions: counts(aggs.functions.buckets),
    criticalIssues: (aggs.critical.patterns.buckets as (Bucket & { last: Aggs })[]).map((b) => ({
      key: String(b.key),
      count: b.doc_count,
      lastSeen: iso(b.last.value),
    })),
    executionTime: {
      count: durationCount,
      meanMs:
        durationCount && aggs.duration_avg.value !== null
          ? aggs.duration_avg.value / NS_PER_MS
          : null,
      p95Ms: durationCount && p95 !== null ? p95 / NS_PER_MS : null,
    },
    errorsPerService: counts(aggs.errors.services.buckets),
    affectedUsers: aggs.users.value ?? 0,
  };
}
