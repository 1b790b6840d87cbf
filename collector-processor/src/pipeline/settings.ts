import { ConfigError, type Env } from '../config.ts';
import { DEFAULT_GROUPING_CONFIG, type GroupingConfig } from '../grouping/config.ts';
import { loadGroupingConfig } from '../grouping/config-file.ts';
import { SEVERITIES, type Severity } from '../schema/index.ts';

/**
 * The pipeline's settings as plain data (strings, numbers, booleans), so they
 * can be handed to a worker thread as they are; `compileRules` turns them into
 * matchers once, where the pipeline runs.
 */
export interface PipelineSettings {
  /** Spans longer than this (ms) become PERFORMANCE events of severity WARNING. */
  readonly slowSpanMs: number;
  /** Past this duration (ms), a slow span's event is CRITICAL. */
  readonly criticalSpanMs: number;
  /** Log records below this severity are not events (unless they carry faultline.log_type). */
  readonly minLogSeverity: Severity;
  /** ECS event.category values that make a log record a SECURITY event. */
  readonly securityCategories: readonly string[];
  /** ECS event.category values that make a log record an AUDIT event. */
  readonly auditCategories: readonly string[];
  /** Regular expressions on a frame's file or module: a match makes it in-app. Wins over exclude. */
  readonly inAppInclude: readonly string[];
  /** Regular expressions on a frame's file or module: a match makes it not in-app. */
  readonly inAppExclude: readonly string[];
  /** Server-side redaction of secrets and personal data. */
  readonly scrub: boolean;
  /** Also redact e-mail addresses (in text and user.email). */
  readonly scrubEmails: boolean;
  /** Extra attribute/parameter key patterns (regular expressions) whose values are redacted. */
  readonly scrubKeys: readonly string[];
  /** Extra value patterns (regular expressions) redacted wherever they occur in text. */
  readonly scrubPatterns: readonly string[];
  /** How events group into patterns: frame limit and custom fingerprint rules (grouping/config.ts). */
  readonly grouping: GroupingConfig;
}

export const PIPELINE_DEFAULTS: PipelineSettings = Object.freeze({
  slowSpanMs: 1000,
  criticalSpanMs: 10000,
  minLogSeverity: 'WARNING',
  securityCategories: Object.freeze([
    'authentication',
    'intrusion_detection',
    'malware',
    'threat',
    'vulnerability',
  ]),
  auditCategories: Object.freeze(['iam', 'configuration']),
  inAppInclude: Object.freeze([]),
  inAppExclude: Object.freeze([]),
  scrub: true,
  scrubEmails: false,
  scrubKeys: Object.freeze([]),
  scrubPatterns: Object.freeze([]),
  grouping: DEFAULT_GROUPING_CONFIG,
});

function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function parseMs(env: Env, name: string, fallback: number): number {
  const text = raw(env, name);
  if (text === undefined) return fallback;
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(value > 0 && Number.isFinite(value))) {
    throw new ConfigError(
      name,
      `${name} must be a positive number of milliseconds, got ${JSON.stringify(env[name])}`,
    );
  }
  return value;
}

function parseSwitch(env: Env, name: string, fallback: boolean): boolean {
  const text = raw(env, name)?.toLowerCase();
  if (text === undefined) return fallback;
  if (['on', 'true', '1', 'yes'].includes(text)) return true;
  if (['off', 'false', '0', 'no'].includes(text)) return false;
  throw new ConfigError(name, `${name} must be on or off, got ${JSON.stringify(env[name])}`);
}

function parseSeverity(env: Env, name: string, fallback: Severity): Severity {
  const text = raw(env, name)?.toUpperCase();
  if (text === undefined) return fallback;
  const found = SEVERITIES.find((s) => s === text);
  if (!found) {
    throw new ConfigError(
      name,
      `${name} must be one of ${SEVERITIES.join(', ')}, got ${JSON.stringify(env[name])}`,
    );
  }
  return found;
}

function parseList(env: Env, name: string, fallback: readonly string[]): readonly string[] {
  const text = raw(env, name);
  if (text === undefined) return fallback;
  return Object.freeze(
    text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
}

/** A comma-separated list of regular expressions, each checked here so a typo stops start-up. */
function parsePatterns(env: Env, name: string): readonly string[] {
  const patterns = parseList(env, name, []);
  for (const pattern of patterns) {
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new ConfigError(
        name,
        `${name} holds an invalid regular expression ${JSON.stringify(pattern)}: ${why}`,
      );
    }
  }
  return patterns;
}

export function parsePipelineSettings(env: Env): PipelineSettings {
  const d = PIPELINE_DEFAULTS;
  const slowSpanMs = parseMs(env, 'FAULTLINE_SLOW_SPAN_MS', d.slowSpanMs);
  const criticalSpanMs = parseMs(env, 'FAULTLINE_CRITICAL_SPAN_MS', d.criticalSpanMs);
  if (criticalSpanMs < slowSpanMs) {
    throw new ConfigError(
      'FAULTLINE_CRITICAL_SPAN_MS',
      `FAULTLINE_CRITICAL_SPAN_MS (${criticalSpanMs}) must not be below FAULTLINE_SLOW_SPAN_MS (${slowSpanMs})`,
    );
  }
  return Object.freeze({
    slowSpanMs,
    criticalSpanMs,
    minLogSeverity: parseSeverity(env, 'FAULTLINE_MIN_LOG_SEVERITY', d.minLogSeverity),
    securityCategories: parseList(env, 'FAULTLINE_SECURITY_CATEGORIES', d.securityCategories),
    auditCategories: parseList(env, 'FAULTLINE_AUDIT_CATEGORIES', d.auditCategories),
    inAppInclude: parsePatterns(env, 'FAULTLINE_IN_APP_INCLUDE'),
    inAppExclude: parsePatterns(env, 'FAULTLINE_IN_APP_EXCLUDE'),
    scrub: parseSwitch(env, 'FAULTLINE_SCRUB', d.scrub),
    scrubEmails: parseSwitch(env, 'FAULTLINE_SCRUB_EMAILS', d.scrubEmails),
    scrubKeys: parsePatterns(env, 'FAULTLINE_SCRUB_KEYS'),
    scrubPatterns: parsePatterns(env, 'FAULTLINE_SCRUB_PATTERNS'),
    grouping: loadGroupingConfig(env),
  });
}
