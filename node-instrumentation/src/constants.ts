// The event schema's vocabularies, mirrored: @faultline/node is published on
// its own and must not depend on the processor at run time. constants.test.ts
// checks that these stay equal to @faultline/collector-processor/schema.

/** Ordered from least to most severe. */
export const SEVERITIES = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const LOG_TYPES = [
  'EXCEPTION',
  'ERROR',
  'WARNING',
  'INFO',
  'DEBUG',
  'PERFORMANCE',
  'SECURITY',
  'AUDIT',
  'USER_ACTION',
] as const;
export type LogType = (typeof LOG_TYPES)[number];

export const SECURITY_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];

/** The OTel log severity number that stands for each severity. */
export const OTEL_SEVERITY_NUMBER: Readonly<Record<Severity, number>> = Object.freeze({
  DEBUG: 5,
  INFO: 9,
  WARNING: 13,
  ERROR: 17,
  CRITICAL: 21,
  FATAL: 24,
});

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

export function isLogType(value: unknown): value is LogType {
  return typeof value === 'string' && (LOG_TYPES as readonly string[]).includes(value);
}

export function isSecurityLevel(value: unknown): value is SecurityLevel {
  return typeof value === 'string' && (SECURITY_LEVELS as readonly string[]).includes(value);
}
