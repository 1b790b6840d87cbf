import type { LogType, Severity } from '../schema/index.ts';
import type { EventFilter } from './filter.ts';

/**
 * Retention classes: how long an event is kept depends on what it is. Search
 * engines store each class in its own data stream with its own lifecycle
 * policy; the embedded store (and OpenSearch without the index-management
 * plugin) gets the same effect from the processor deleting by filter.
 */
export const RETENTION_CLASSES = [
  'debug',
  'info',
  'default',
  'critical',
  'security',
  'audit',
] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

export type RetentionDays = Readonly<Record<RetentionClass, number>>;

/** The documented defaults; 'default' (warnings and errors) follows FAULTLINE_RETENTION_DAYS. */
export function defaultRetentionDays(defaultDays = 90): RetentionDays {
  return { debug: 7, info: 30, default: defaultDays, critical: 180, security: 365, audit: 365 };
}

const BY_SEVERITY: Readonly<Record<Severity, RetentionClass>> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARNING: 'default',
  ERROR: 'default',
  CRITICAL: 'critical',
  FATAL: 'critical',
};

export function retentionClassOf(logType: LogType, severity: Severity): RetentionClass {
  if (logType === 'SECURITY') return 'security';
  if (logType === 'AUDIT') return 'audit';
  return BY_SEVERITY[severity];
}

/** The events of one class, as a filter (the inverse of retentionClassOf). */
export function retentionClassFilter(cls: RetentionClass): EventFilter {
  if (cls === 'security') return { logTypes: ['SECURITY'] };
  if (cls === 'audit') return { logTypes: ['AUDIT'] };
  const severities = (Object.keys(BY_SEVERITY) as Severity[]).filter((s) => BY_SEVERITY[s] === cls);
  return { severities, excludeLogTypes: ['SECURITY', 'AUDIT'] };
}

/**
 * Deletes what each class no longer keeps, as of `now`: the processor's
 * retention for backends without lifecycle policies. Resolves with the count
 * deleted per class.
 */
export async function enforceRetention(
  store: { deleteEvents(filter: EventFilter): Promise<{ deleted: number }> },
  days: RetentionDays,
  now: Date,
): Promise<Record<RetentionClass, number>> {
  const deleted = {} as Record<RetentionClass, number>;
  for (const cls of RETENTION_CLASSES) {
    const to = new Date(now.getTime() - days[cls] * 86_400_000).toISOString();
    deleted[cls] = (await store.deleteEvents({ ...retentionClassFilter(cls), to })).deleted;
  }
  return deleted;
}
