import { describe, expect, it } from 'vitest';
import { severityFromOtelNumber, validateEvent, type FaultlineEvent } from './index.ts';

const minimal: FaultlineEvent = {
  '@timestamp': '2026-11-26T10:00:00.123456789Z',
  message: 'boom',
  event: { id: 'e1' },
  log: { level: 'ERROR' },
  faultline: { log_type: 'EXCEPTION', severity: 'ERROR', status: 'open' },
};

describe('validateEvent', () => {
  it('accepts a minimal event', () => {
    expect(validateEvent(minimal)).toEqual({ ok: true });
  });

  it('rejects an unknown severity and names the path', () => {
    const result = validateEvent({ ...minimal, log: { level: 'LOUD' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join()).toContain('/log/level');
  });

  it('rejects a timestamp that is not ISO-8601 UTC', () => {
    expect(validateEvent({ ...minimal, '@timestamp': '26/11/2026' }).ok).toBe(false);
  });

  it('rejects fields outside the schema', () => {
    expect(validateEvent({ ...minimal, surprise: 1 }).ok).toBe(false);
  });
});

describe('severityFromOtelNumber', () => {
  it.each([
    [1, 'DEBUG'],
    [8, 'DEBUG'],
    [9, 'INFO'],
    [13, 'WARNING'],
    [17, 'ERROR'],
    [21, 'CRITICAL'],
    [24, 'FATAL'],
  ])('maps %i to %s', (n, s) => expect(severityFromOtelNumber(n)).toBe(s));

  it('returns undefined outside 1–24', () => {
    expect(severityFromOtelNumber(0)).toBeUndefined();
    expect(severityFromOtelNumber(25)).toBeUndefined();
  });
});
