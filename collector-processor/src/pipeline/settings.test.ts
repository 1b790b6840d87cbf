import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.ts';
import { parsePipelineSettings, PIPELINE_DEFAULTS } from './settings.ts';

describe('parsePipelineSettings', () => {
  it('gives the defaults for an empty environment (1 s slow, 10 s critical, WARNING, scrub on)', () => {
    expect(parsePipelineSettings({})).toEqual(PIPELINE_DEFAULTS);
    expect(PIPELINE_DEFAULTS).toMatchObject({
      slowSpanMs: 1000,
      criticalSpanMs: 10000,
      minLogSeverity: 'WARNING',
      scrub: true,
      scrubEmails: false,
    });
  });

  it('reads every variable', () => {
    expect(
      parsePipelineSettings({
        FAULTLINE_SLOW_SPAN_MS: '500',
        FAULTLINE_CRITICAL_SPAN_MS: '2500.5',
        FAULTLINE_MIN_LOG_SEVERITY: 'error',
        FAULTLINE_SECURITY_CATEGORIES: 'authentication, threat',
        FAULTLINE_AUDIT_CATEGORIES: 'iam',
        FAULTLINE_IN_APP_INCLUDE: 'node_modules/@acme/',
        FAULTLINE_IN_APP_EXCLUDE: '^/app/generated/,\\.min\\.js$',
        FAULTLINE_SCRUB: 'off',
        FAULTLINE_SCRUB_EMAILS: 'on',
        FAULTLINE_SCRUB_KEYS: 'iban,ssn',
        FAULTLINE_SCRUB_PATTERNS: 'ACME-[0-9]{6}',
      }),
    ).toEqual({
      slowSpanMs: 500,
      criticalSpanMs: 2500.5,
      minLogSeverity: 'ERROR',
      securityCategories: ['authentication', 'threat'],
      auditCategories: ['iam'],
      inAppInclude: ['node_modules/@acme/'],
      inAppExclude: ['^/app/generated/', '\\.min\\.js$'],
      scrub: false,
      scrubEmails: true,
      scrubKeys: ['iban', 'ssn'],
      scrubPatterns: ['ACME-[0-9]{6}'],
      // From FAULTLINE_GROUPING_CONFIG_FILE (grouping/config-file.test.ts).
      grouping: PIPELINE_DEFAULTS.grouping,
    });
  });

  it.each([
    [
      'FAULTLINE_SLOW_SPAN_MS',
      '1s',
      /FAULTLINE_SLOW_SPAN_MS must be a positive number of milliseconds/,
    ],
    ['FAULTLINE_CRITICAL_SPAN_MS', '0', /FAULTLINE_CRITICAL_SPAN_MS must be a positive/],
    ['FAULTLINE_MIN_LOG_SEVERITY', 'LOUD', /FAULTLINE_MIN_LOG_SEVERITY must be one of DEBUG, INFO/],
    ['FAULTLINE_SCRUB', 'maybe', /FAULTLINE_SCRUB must be on or off, got "maybe"/],
    [
      'FAULTLINE_SCRUB_PATTERNS',
      '(unclosed',
      /FAULTLINE_SCRUB_PATTERNS holds an invalid regular expression "\(unclosed"/,
    ],
    [
      'FAULTLINE_IN_APP_INCLUDE',
      '[',
      /FAULTLINE_IN_APP_INCLUDE holds an invalid regular expression/,
    ],
  ])('a bad %s (%j) stops with a message naming it', (name, value, message) => {
    try {
      parsePipelineSettings({ [name]: value });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(name);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('the critical threshold may not be below the slow one', () => {
    expect(() =>
      parsePipelineSettings({ FAULTLINE_SLOW_SPAN_MS: '5000', FAULTLINE_CRITICAL_SPAN_MS: '2000' }),
    ).toThrow('FAULTLINE_CRITICAL_SPAN_MS (2000) must not be below FAULTLINE_SLOW_SPAN_MS (5000)');
  });

  it('is frozen, so a worker thread gets the same plain data', () => {
    const settings = parsePipelineSettings({ FAULTLINE_SCRUB_KEYS: 'iban' });
    expect(Object.isFrozen(settings)).toBe(true);
    expect(structuredClone(settings)).toEqual(settings);
  });
});
