import { describe, expect, it } from 'vitest';
import { applyIncrement, applyPatternUpdate, type Pattern } from '../store/patterns.ts';
import { fingerprint } from '../grouping/index.ts';
import { patternIncrements } from './increments.ts';
import { compareVersions } from './lifecycle.ts';
import { patternEvent } from './test-events.ts';

const at = (minute: number) => `2026-03-01T00:${String(minute).padStart(2, '0')}:00Z`;
const inc = (minute: number, version?: string) =>
  patternIncrements([patternEvent(`e${minute}`, at(minute), 'k', version ? { version } : {})])[0]!;
const created = () => applyIncrement(undefined, inc(0, '1.0.0'));

describe('compareVersions (semver-ish)', () => {
  it.each([
    ['1.2.10', '1.2.9', 1],
    ['v1.2.0', '1.2', 0],
    ['1.2.0-rc.1', '1.2.0', -1],
    ['1.2.0-rc.2', '1.2.0-rc.10', -1],
    ['2.0.0+build.7', '2.0.0', 0],
    ['1.0.0', '1.0.0.1', -1],
    ['2026.11.3', '2026.2.30', 1],
  ])('%s vs %s → %i', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
    expect(Math.sign(compareVersions(b, a))).toBe(-sign || 0);
  });
});

describe('regression', () => {
  const resolved = (version?: string): Pattern =>
    applyPatternUpdate(created(), {
      status: 'resolved',
      ...(version ? { resolved_in_version: version } : {}),
    });

  it('an event for a pattern resolved without a version marks it regressed, with history', () => {
    const next = applyIncrement(resolved(), inc(5, '1.0.0'));
    expect(next.status).toBe('regressed');
    expect(next.status_history).toEqual([{ status: 'regressed', at: at(5), by: 'processor' }]);
  });

  it('an event from the resolved-in version or older leaves it resolved; a newer one regresses it', () => {
    expect(applyIncrement(resolved('1.4.0'), inc(5, '1.4.0')).status).toBe('resolved');
    expect(applyIncrement(resolved('1.4.0'), inc(5, '1.3.9')).status).toBe('resolved');
    expect(applyIncrement(resolved('1.4.0'), inc(5, '1.4.1')).status).toBe('regressed');
    expect(applyIncrement(resolved('1.4.0'), inc(5, '1.10.0')).status).toBe('regressed');
  });

  it('an event without a version regresses a pattern resolved in a version', () => {
    expect(applyIncrement(resolved('1.4.0'), inc(5)).status).toBe('regressed');
  });
});

describe('ignore until', () => {
  it('a count: reopens when the total reaches current count + n', () => {
    let p = applyPatternUpdate(created(), { status: 'ignored', ignore_for_count: 2 });
    expect(p.ignore_until_count).toBe(3);
    p = applyIncrement(p, inc(1));
    expect(p.status).toBe('ignored');
    p = applyIncrement(p, inc(2));
    expect(p.status).toBe('open');
    expect(p.count).toBe(3);
  });

  it('a time: reopens on an event after it, not on one before', () => {
    const p = applyPatternUpdate(created(), { status: 'ignored', ignore_until: at(30) });
    expect(applyIncrement(p, inc(29)).status).toBe('ignored');
    expect(applyIncrement(p, inc(31)).status).toBe('open');
  });

  it('forever: stays ignored', () => {
    let p = applyPatternUpdate(created(), { status: 'ignored' });
    for (let m = 1; m < 20; m++) p = applyIncrement(p, inc(m));
    expect(p.status).toBe('ignored');
    expect(p.count).toBe(20);
  });
});

describe('patternIncrements', () => {
  it('records the version of the configuration that made the key, and a message template', () => {
    const event = patternEvent('a', at(1), '');
    const print = fingerprint(event);
    const [inc] = patternIncrements([
      { ...event, error: { ...event.error, grouping_key: print.key } },
    ]);
    expect(inc).toMatchObject({
      grouping_version: print.version,
      template: 'pool <*> exhausted',
      template_scope: 'message PoolError',
    });
  });

  it('one increment per pattern with its counters, sets and deterministic sample', () => {
    const events = [
      patternEvent('b', at(2), 'k', { version: '1.1', user: 'u1', severity: 'CRITICAL' }),
      patternEvent('a', at(1), 'k', { version: '1.0', user: 'u2', service: 'payments' }),
      patternEvent('c', at(3), 'other'),
      { ...patternEvent('d', at(3), 'k'), error: undefined },
    ];
    const [k, other] = patternIncrements(events);
    expect(k).toMatchObject({
      id: 'k',
      title: 'PoolError: pool <num> exhausted',
      first_seen: at(1),
      last_seen: at(2),
      count: 2,
      severity: 'CRITICAL',
      users: ['u1', 'u2'],
      services: ['checkout', 'payments'],
      environments: ['prod'],
      versions: ['1.0', '1.1'],
      sample_event_id: 'a',
    });
    // 'k' is no fingerprint of these events: no configuration version can be claimed for it.
    expect(k!.grouping_version).toBeUndefined();
    expect(k!.unversioned).toBeUndefined();
    expect(other).toMatchObject({ id: 'other', count: 1, unversioned: true });
  });
});
