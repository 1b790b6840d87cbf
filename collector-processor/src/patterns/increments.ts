import { fingerprint, type CompiledGroupingConfig, type Fingerprint } from '../grouping/index.ts';
import type { FaultlineEvent, Severity } from '../schema/index.ts';
import { SEVERITIES } from '../schema/index.ts';
import type { PatternIncrement } from '../store/patterns.ts';
import { statsOf } from './stats.ts';
import { sortableTimestamp } from '../store/timestamp.ts';

/**
 * One increment per pattern for a batch of newly stored events (events
 * without error.grouping_key belong to no pattern). The title, culprit and
 * grouping version come from the first event of each pattern: fingerprinting
 * that one again costs one call per pattern, not per event.
 */
export function patternIncrements(
  events: readonly FaultlineEvent[],
  grouping?: CompiledGroupingConfig,
): PatternIncrement[] {
  const groups = new Map<string, FaultlineEvent[]>();
  for (const event of events) {
    const id = event.error?.grouping_key;
    if (!id) continue;
    const list = groups.get(id);
    if (list) list.push(event);
    else groups.set(id, [event]);
  }
  return [...groups].map(([id, group]) => increment(id, group, grouping));
}

function increment(
  id: string,
  group: readonly FaultlineEvent[],
  grouping: CompiledGroupingConfig | undefined,
): PatternIncrement {
  const first = group.reduce((a, b) => (ts(b) < ts(a) ? b : a));
  const last = group.reduce((a, b) => (ts(b) > ts(a) ? b : a));
  const sample = group.reduce((a, b) => (b.event.id < a.event.id ? b : a));
  const print = printOf(first, id, grouping);
  let severity: Severity = first.faultline.severity;
  const users = new Set<string>();
  const services = new Set<string>();
  const environments = new Set<string>();
  const versions = new Set<string>();
  let unversioned = false;
  for (const e of group) {
    if (SEVERITIES.indexOf(e.faultline.severity) > SEVERITIES.indexOf(severity))
      severity = e.faultline.severity;
    if (e.user?.id) users.add(e.user.id);
    if (e.service?.name) services.add(e.service.name);
    if (e.deployment?.environment?.name) environments.add(e.deployment.environment.name);
    if (e.service?.version) versions.add(e.service.version);
    else unversioned = true;
  }
  const culprit = culpritOf(first);
  return {
    id,
    title: titleOf(first, print.title),
    type: first.faultline.log_type,
    ...(culprit ? { culprit } : {}),
    first_seen: first['@timestamp'],
    last_seen: last['@timestamp'],
    count: group.length,
    severity,
    users: [...users].sort(),
    services: [...services].sort(),
    environments: [...environments].sort(),
    versions: [...versions].sort(),
    // The smallest id, not the first to arrive, so replicas pick the same sample.
    sample_event_id: sample.event.id,
    ...(print.key === id ? { grouping_version: print.version } : {}),
    ...templateOf(id, print),
    ...statsOf(group),
    ...(unversioned ? { unversioned } : {}),
  };
}

/**
 * The fingerprint that made `id`: the configuration in force, else the
 * default one (a rule changed between the pipeline and this write). When
 * neither gives `id`, the result's key says so and its version is not used.
 */
function printOf(event: FaultlineEvent, id: string, grouping?: CompiledGroupingConfig) {
  const print = fingerprint(event, grouping);
  return print.key === id || !grouping ? print : fingerprint(event);
}

/**
 * A message-only pattern's template and scope, for merge proposals: the last
 * part of its key and the parts before it. Only when the key is the one the
 * default configuration makes (else the parts do not describe this id).
 */
function templateOf(id: string, print: Fingerprint) {
  if (print.kind !== 'message' || print.key !== id) return {};
  return { template: print.parts.at(-1)!, template_scope: print.parts.slice(0, -1).join(' ') };
}

const ts = (e: FaultlineEvent) => sortableTimestamp(e['@timestamp']);

/**
 * "type: parameterized message". Not the Drain template: Drain's clusters
 * depend on arrival order, and replicas must agree (docs/grouping.md).
 */
function titleOf(e: FaultlineEvent, parameterized: string): string {
  const message = parameterized || e.message;
  return e.error?.type ? `${e.error.type}: ${message}` : message;
}

/** "file in function": the first in-app frame, else the code location the event names. */
function culpritOf(e: FaultlineEvent): string | undefined {
  const frame = e.error?.frames?.find((f) => f.in_app) ?? e.error?.frames?.[0];
  const file = frame?.file ?? e.code?.file?.path;
  const fn = frame?.function ?? e.code?.function?.name;
  const base = file?.split(/[\\/]/).pop();
  if (base && fn) return `${base} in ${fn}`;
  return base ?? fn ?? e.faultline.module;
}
