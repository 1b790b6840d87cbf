import type { FaultlineEvent } from '../../schema/index.ts';
import { retentionClassOf, type RetentionClass } from '../retention.ts';

/**
 * Names of everything a search backend creates. Events go to data streams
 * `logs-faultline.<class>-<namespace>` (Elastic's data-stream naming: type,
 * dataset, namespace); the audit log to its own stream; patterns and records
 * to regular indices because they are updated.
 */
export interface Layout {
  readonly namespace: string;
  /** Every event stream of this namespace, for searches and by-query calls. */
  readonly events: string;
  eventStream(cls: RetentionClass): string;
  streamOf(event: FaultlineEvent): string;
  readonly audit: string;
  readonly patterns: string;
  readonly records: string;
  /** Everything above, for refresh. */
  readonly all: string;
}

/** Lower-case letters, digits and underscores: no '-', which separates the namespace. */
export const NAMESPACE_PATTERN = /^[a-z0-9_]{1,60}$/;

export function layoutFor(namespace: string): Layout {
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new RangeError(
      `the namespace must be 1–60 lower-case letters, digits or underscores, got ${JSON.stringify(namespace)}`,
    );
  }
  const eventStream = (cls: RetentionClass) => `logs-faultline.${cls}-${namespace}`;
  // A wildcard, not a list: streams appear on first write, and a wildcard
  // matching nothing answers empty where a missing name would be an error.
  // No other namespace can match it: namespaces hold no '-'.
  const events = `logs-faultline.*-${namespace}`;
  const audit = `faultline-audit-${namespace}`;
  const patterns = `faultline-${namespace}.patterns`;
  const records = `faultline-${namespace}.records`;
  return {
    namespace,
    events,
    eventStream,
    streamOf: (e) => eventStream(retentionClassOf(e.faultline.log_type, e.faultline.severity)),
    audit,
    patterns,
    records,
    all: [events, audit, patterns, records].join(','),
  };
}
