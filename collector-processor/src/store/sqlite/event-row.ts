import type { FaultlineEvent } from '../../schema/index.ts';
import { sortableTimestamp } from '../timestamp.ts';
import { nanosOf } from './event-time.ts';

type Value = string | number | bigint | null;

/** The column values of one event, in the order of `id, ts, …EVENT_COLUMNS`. */
export function eventRow(e: FaultlineEvent): Value[] {
  const f = e.faultline;
  return [
    e.event.id,
    nanosOf(sortableTimestamp(e['@timestamp'])),
    f.log_type,
    f.severity,
    f.status,
    e.service?.name ?? null,
    e.deployment?.environment?.name ?? null,
    f.module ?? null,
    e.code?.function?.name ?? null,
    e.event.duration ?? null,
    f.perf?.memory_bytes ?? null,
    f.security?.level ?? null,
    f.security?.category ?? null,
    f.security?.impact ?? null,
    e.user?.id ?? null,
    f.assignee ?? null,
    f.session?.id ?? null,
    e.error?.grouping_key ?? null,
    e.trace?.id ?? null,
    e.tags?.length ? JSON.stringify(e.tags) : null,
  ];
}

/** What free text searches: the message (and error message) and the stack trace. */
export function ftsRow(e: FaultlineEvent): [string, string] {
  const message =
    e.error?.message && e.error.message !== e.message
      ? `${e.message}\n${e.error.message}`
      : e.message;
  return [message, e.error?.stack_trace ?? ''];
}
