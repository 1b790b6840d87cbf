import type { EventStatus, FaultlineEvent } from '../schema/index.ts';

/** What a bulk triage action may change on events. Absent fields are left alone. */
export interface EventChanges {
  readonly status?: EventStatus;
  /** A name, or null to unassign. */
  readonly assignee?: string | null;
  readonly addTags?: readonly string[];
  readonly removeTags?: readonly string[];
}

/**
 * The changed document (a copy). Tags stay unique and in first-seen order;
 * removals apply after additions; an emptied tag list is dropped. Backends
 * that update in place (painless scripts) follow the same rules.
 */
export function applyChanges(event: FaultlineEvent, changes: EventChanges): FaultlineEvent {
  const next: FaultlineEvent = structuredClone(event);
  if (changes.status !== undefined) next.faultline.status = changes.status;
  if (changes.assignee === null) delete next.faultline.assignee;
  else if (changes.assignee !== undefined) next.faultline.assignee = changes.assignee;
  if (changes.addTags?.length || changes.removeTags?.length) {
    const remove = new Set(changes.removeTags ?? []);
    const tags = [...new Set([...(next.tags ?? []), ...(changes.addTags ?? [])])].filter(
      (t) => !remove.has(t),
    );
    if (tags.length) next.tags = tags;
    else delete next.tags;
  }
  return next;
}
