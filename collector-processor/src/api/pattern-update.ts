import { PATTERN_STATUSES, type PatternStatus, type PatternUpdate } from '../store/patterns.ts';
import { sortableTimestamp } from '../store/timestamp.ts';
import { ApiError } from './errors.ts';

const FIELDS = [
  'status',
  'resolved_in_version',
  'ignore_until',
  'ignore_count',
  'assignee',
  'notes',
];
const MAX_TEXT = 10_000;

const bad = (message: string, field?: string) =>
  new ApiError('invalid_argument', message, field ? { field } : undefined);

/**
 * The PATCH /patterns/:id body → a store update. `status` may come with
 * `resolved_in_version` (only with 'resolved') or `ignore_until` (an ISO
 * time) / `ignore_count` (this many more events) (only with 'ignored');
 * setting a status clears the other status's conditions. `assignee` and
 * `notes` take a string, or null to clear. A status change is appended to
 * the history with who and when.
 */
export function patternChanges(body: unknown, at: string, by: string): PatternUpdate {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw bad('the body must be a JSON object');
  }
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).find((k) => !FIELDS.includes(k));
  if (unknown) throw bad(`unknown field ${JSON.stringify(unknown)}`, unknown);
  if (Object.keys(input).length === 0) throw bad(`give at least one of ${FIELDS.join(', ')}`);

  const status = input.status;
  if (status !== undefined && !PATTERN_STATUSES.includes(status as PatternStatus)) {
    throw bad(`status must be one of ${PATTERN_STATUSES.join(', ')}`, 'status');
  }
  const version = optionalText(input, 'resolved_in_version');
  const until = optionalText(input, 'ignore_until');
  const count = input.ignore_count;
  if (version !== undefined && status !== 'resolved') {
    throw bad('resolved_in_version goes with status "resolved"', 'resolved_in_version');
  }
  if ((until !== undefined || count !== undefined) && status !== 'ignored') {
    throw bad(
      'ignore_until and ignore_count go with status "ignored"',
      until ? 'ignore_until' : 'ignore_count',
    );
  }
  if (until) {
    try {
      sortableTimestamp(until);
    } catch {
      throw bad('ignore_until must be an ISO-8601 UTC time', 'ignore_until');
    }
  }
  if (count !== undefined && !(Number.isInteger(count) && (count as number) > 0)) {
    throw bad('ignore_count must be a positive integer', 'ignore_count');
  }

  const changes: { -readonly [K in keyof PatternUpdate]: PatternUpdate[K] } = {};
  const assignee = nullableText(input, 'assignee');
  const notes = nullableText(input, 'notes');
  if (assignee !== undefined) changes.assignee = assignee;
  if (notes !== undefined) changes.notes = notes;
  if (status !== undefined) {
    const s = status as PatternStatus;
    changes.status = s;
    changes.resolved_in_version = s === 'resolved' ? (version ?? null) : null;
    changes.ignore_until = s === 'ignored' ? (until ?? null) : null;
    changes.ignore_for_count = s === 'ignored' ? ((count as number | undefined) ?? null) : null;
    changes.history = { status: s, at, by, ...(version ? { resolved_in_version: version } : {}) };
  }
  return changes;
}

function optionalText(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
    throw bad(`${field} must be a non-empty string`, field);
  }
  return value.trim();
}

function nullableText(input: Record<string, unknown>, field: string): string | null | undefined {
  const value = input[field];
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string' || value.length > MAX_TEXT) {
    throw bad(`${field} must be a string of at most ${MAX_TEXT} characters, or null`, field);
  }
  return value;
}
