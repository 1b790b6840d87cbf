import type { FaultlineEvent } from '../../schema/index.ts';
import { sortableTimestamp } from '../timestamp.ts';
import { nanosOf } from './event-time.ts';

type Value = string | number | bigint | null;

/** The column values of one event, in the order of `id, ts, …EVENT_COLUMNS`. */
export function eventRow(e: FaultlineEvent): Value[] {
  const f = e.faultline;
  return [
    text(e.event.id),
    nanosOf(sortableTimestamp(e['@timestamp'])),
    text(f.log_type),
    text(f.severity),
    text(f.status),
    text(e.service?.name),
    text(e.deployment?.environment?.name),
    text(f.module),
    text(e.code?.function?.name),
    e.event.duration ?? null,
    f.perf?.memory_bytes ?? null,
    text(f.security?.level),
    text(f.security?.category),
    text(f.security?.impact),
    text(e.user?.id),
    text(f.assignee),
    text(f.session?.id),
    text(e.error?.grouping_key),
    text(e.trace?.id),
    e.tags?.length ? JSON.stringify(e.tags) : null,
  ];
}

/**
 * A text column's value as the column keeps it: a value of another type is made
 * text here rather than by SQLite, so that the row is what is stored, and the words
 * made from it at insert (event-words.ts) are those made from the stored row at delete.
 */
function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : String(value);
}

/** What free text searches: the message (and error message) and the stack trace. */
export function ftsRow(e: FaultlineEvent): [string, string] {
  const message =
    e.error?.message && e.error.message !== e.message
      ? `${e.message}\n${e.error.message}`
      : e.message;
  return [message, e.error?.stack_trace ?? ''];
}
