import type { Pattern, PatternIncrement, PatternStatus, StatusChange } from '../store/patterns.ts';
import { sortableTimestamp } from '../store/timestamp.ts';

/**
 * What new events do to a pattern's status, applied inside the store's atomic
 * upsert (applyIncrement), so every replica reaches the same state:
 * - resolved → regressed, unless it was resolved in a version and every new
 *   event comes from that version or an older one (a late event from a
 *   release that still had the bug is not a regression);
 * - ignored → open once its condition has passed: the count reached
 *   `ignore_until_count`, or an event arrived after `ignore_until`. Ignored
 *   with neither is ignored forever.
 * The automatic change is appended to the status history at the event time,
 * by 'processor'.
 */
export function nextStatus(
  current: Pattern,
  inc: PatternIncrement,
  countAfter: number,
): Pick<Pattern, 'status'> & Partial<Pick<Pattern, 'status_history'>> {
  const status = statusAfter(current, inc, countAfter);
  if (status === current.status) return { status };
  const change: StatusChange = { status, at: inc.last_seen, by: 'processor' };
  return { status, status_history: [...(current.status_history ?? []), change] };
}

function statusAfter(current: Pattern, inc: PatternIncrement, countAfter: number): PatternStatus {
  if (current.status === 'resolved') {
    const fixedIn = current.resolved_in_version;
    if (fixedIn === undefined || inc.unversioned) return 'regressed';
    const newer = (inc.versions ?? []).some((v) => compareVersions(v, fixedIn) > 0);
    return newer || !inc.versions?.length ? 'regressed' : 'resolved';
  }
  if (current.status === 'ignored') {
    if (current.ignore_until_count !== undefined && countAfter >= current.ignore_until_count)
      return 'open';
    if (
      current.ignore_until !== undefined &&
      sortableTimestamp(inc.last_seen) > sortableTimestamp(current.ignore_until)
    )
      return 'open';
  }
  return current.status;
}

/**
 * Semver-ish order of two version strings: a leading "v" is dropped, the
 * release part is split on "." and compared numerically where both pieces
 * are numbers (else as text), missing pieces count as 0 ("1.2" = "1.2.0");
 * a pre-release ("1.2.0-rc.1", after "-") sorts before its release, and
 * build metadata (after "+") is ignored. Negative, zero or positive.
 */
export function compareVersions(a: string, b: string): number {
  const [relA, preA] = split(a);
  const [relB, preB] = split(b);
  const byRelease = comparePieces(relA, relB, true);
  if (byRelease !== 0) return byRelease;
  if (preA === undefined || preB === undefined) {
    return preA === preB ? 0 : preA === undefined ? 1 : -1;
  }
  return comparePieces(preA, preB, false);
}

function split(version: string): [string[], string[] | undefined] {
  const core = version.trim().replace(/^v/i, '').split('+')[0]!;
  const dash = core.indexOf('-');
  const release = dash < 0 ? core : core.slice(0, dash);
  const pre = dash < 0 ? undefined : core.slice(dash + 1).split('.');
  return [release.split('.'), pre];
}

function comparePieces(a: string[], b: string[], padWithZero: boolean): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? (padWithZero ? '0' : undefined);
    const y = b[i] ?? (padWithZero ? '0' : undefined);
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}
