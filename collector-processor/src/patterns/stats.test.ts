import { describe, expect, it } from 'vitest';
import type { FaultlineEvent, Severity } from '../schema/index.ts';
import { sampleEvent } from '../store/conformance.ts';
import { addStats, statsOf, subtractStats, type PatternStats } from './stats.ts';

const event = (
  at: string,
  options: { severity?: Severity; durationMs?: number; type?: 'ERROR' | 'PERFORMANCE' } = {},
): FaultlineEvent =>
  sampleEvent(`e-${at}-${options.durationMs ?? 0}`, at, {
    event: {
      id: `e-${at}`,
      ...(options.durationMs !== undefined ? { duration: options.durationMs * 1e6 } : {}),
    },
    faultline: {
      log_type: options.type ?? 'ERROR',
      severity: options.severity ?? 'ERROR',
      status: 'open',
    },
  });

/** The stats of events counted in the given groups, one increment per group, in that order. */
function counted(groups: FaultlineEvent[][]): PatternStats {
  let stats: PatternStats = {};
  let lastSeen = '';
  for (const group of groups) {
    for (const e of group) if (e['@timestamp'] > lastSeen) lastSeen = e['@timestamp'];
    stats = addStats(stats, statsOf(group), lastSeen);
  }
  return stats;
}

describe('pattern stats', () => {
  it('counts events per UTC hour and day and keeps the worst severity of each day', () => {
    const stats = addStats(
      {},
      statsOf([
        event('2026-03-01T05:10:00Z'),
        event('2026-03-01T05:50:00Z', { severity: 'CRITICAL' }),
        event('2026-03-02T00:00:00.5Z', { severity: 'WARNING' }),
      ]),
      '2026-03-02T00:00:00.5Z',
    );
    expect(stats.counts_per_hour).toEqual({ '2026-03-01T05': 2, '2026-03-02T00': 1 });
    expect(stats.counts_per_day).toEqual({ '2026-03-01': 2, '2026-03-02': 1 });
    expect(stats.severity_per_day).toEqual({ '2026-03-01': 'CRITICAL', '2026-03-02': 'WARNING' });
    expect(stats.severity_trend).toBe('falling');
    expect(stats.duration).toBeUndefined();
  });

  it('is the same whatever order and batches the events arrive in', () => {
    const events = Array.from({ length: 30 }, (_, i) =>
      event(`2026-03-0${1 + (i % 3)}T${String(i % 24).padStart(2, '0')}:00:00Z`, {
        severity: i % 7 === 0 ? 'FATAL' : 'ERROR',
        type: 'PERFORMANCE',
        durationMs: 10 + i * 3,
      }),
    );
    const one = counted([events]);
    const reversed = [...events].reverse();
    expect(counted([reversed.slice(0, 7), reversed.slice(7)])).toEqual(one);
    expect(counted(events.map((e) => [e]))).toEqual(one);
    expect(one.counts_per_day).toEqual({ '2026-03-01': 10, '2026-03-02': 10, '2026-03-03': 10 });
  });

  it('keeps the last 48 hours and 90 days before last seen', () => {
    const stats = addStats(
      statsOf([event('2025-12-31T00:00:00Z'), event('2026-03-29T00:00:00Z')]),
      statsOf([event('2026-03-31T00:30:00Z')]),
      '2026-03-31T00:30:00Z',
    );
    expect(Object.keys(stats.counts_per_hour!)).toEqual(['2026-03-31T00']);
    expect(Object.keys(stats.counts_per_day!)).toEqual(['2026-03-29', '2026-03-31']);
    const later = addStats(stats, {}, '2026-06-30T00:00:00Z');
    expect(later.counts_per_day).toEqual({});
  });

  it('says whether the worst severity of the last day rose or fell against the 7 days before', () => {
    const trend = (earlier: Severity, last: Severity) =>
      addStats(
        {},
        statsOf([
          event('2026-03-01T00:00:00Z', { severity: earlier }),
          event('2026-03-05T00:00:00Z', { severity: last }),
        ]),
        '2026-03-05T00:00:00Z',
      ).severity_trend;
    expect(trend('WARNING', 'CRITICAL')).toBe('rising');
    expect(trend('FATAL', 'ERROR')).toBe('falling');
    expect(trend('ERROR', 'ERROR')).toBe('steady');
    const alone = addStats({}, statsOf([event('2026-03-05T00:00:00Z')]), '2026-03-05T00:00:00Z');
    expect(alone.severity_trend).toBeUndefined();
  });

  it('gives PERFORMANCE patterns the exact mean and a p95 within 5 % of the nearest-rank p95', () => {
    const durations = Array.from({ length: 500 }, (_, i) => 1 + ((i * 7919) % 997) * 1.37);
    const at = '2026-03-01T00:00:00Z';
    const halves = [durations.slice(0, 200), durations.slice(200)].map((part) =>
      statsOf(part.map((ms) => event(at, { type: 'PERFORMANCE', durationMs: ms }))),
    );
    const stats = addStats(halves[0]!, halves[1]!, at);
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    expect(stats.duration_mean_ms).toBeCloseTo(mean, 6);
    const sorted = [...durations].sort((a, b) => a - b);
    const exact = sorted[Math.ceil(0.95 * sorted.length) - 1]!;
    expect(Math.abs(stats.duration_p95_ms! - exact) / exact).toBeLessThan(0.05);
    // Error events carry no duration figures even with event.duration.
    expect(statsOf([event(at, { durationMs: 5 })]).duration).toBeUndefined();
  });

  it('takes a source back off its target (unmerge), never below zero', () => {
    const at = '2026-03-01T05:00:00Z';
    const source = statsOf([event(at, { type: 'PERFORMANCE', durationMs: 100 })]);
    const target = statsOf([event(at), event('2026-03-01T06:00:00Z')]);
    const merged = addStats(target, source, '2026-03-01T06:00:00Z');
    expect(merged.counts_per_hour).toEqual({ '2026-03-01T05': 2, '2026-03-01T06': 1 });
    const apart = subtractStats(merged, source, '2026-03-01T06:00:00Z');
    expect(apart.counts_per_hour).toEqual(target.counts_per_hour);
    expect(apart.duration).toBeUndefined();
    expect(apart.duration_mean_ms).toBeUndefined();
    expect(subtractStats(target, merged, at).counts_per_day).toEqual({});
  });
});
