import { Type, type Static } from '@sinclair/typebox';

/** Ordered from least to most severe; the order is used for "minimum severity" filters. */
export const SEVERITIES = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL'] as const;
export const Severity = Type.Union(SEVERITIES.map((s) => Type.Literal(s)));
export type Severity = Static<typeof Severity>;

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
export const LogType = Type.Union(LOG_TYPES.map((t) => Type.Literal(t)));
export type LogType = Static<typeof LogType>;

/** Triage state of one event (a pattern has its own, richer lifecycle). */
export const EVENT_STATUSES = ['open', 'resolved', 'ignored', 'archived', 'escalated'] as const;
export const EventStatus = Type.Union(EVENT_STATUSES.map((s) => Type.Literal(s)));
export type EventStatus = Static<typeof EventStatus>;

export const SECURITY_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const SecurityLevel = Type.Union(SECURITY_LEVELS.map((s) => Type.Literal(s)));
export type SecurityLevel = Static<typeof SecurityLevel>;

/**
 * OTel log severity numbers (1–24, four per band) to our severities.
 * 1–4 TRACE and 5–8 DEBUG → DEBUG, 9–12 INFO, 13–16 WARN → WARNING,
 * 17–20 ERROR, 21–22 FATAL→CRITICAL, 23–24 → FATAL.
 */
export function severityFromOtelNumber(n: number): Severity | undefined {
  if (!Number.isInteger(n) || n < 1 || n > 24) return undefined;
  if (n <= 8) return 'DEBUG';
  if (n <= 12) return 'INFO';
  if (n <= 16) return 'WARNING';
  if (n <= 20) return 'ERROR';
  if (n <= 22) return 'CRITICAL';
  return 'FATAL';
}

/** The representative OTel severity number for each of our severities (used by exporters). */
export const OTEL_SEVERITY_NUMBER: Readonly<Record<Severity, number>> = {
  DEBUG: 5,
  INFO: 9,
  WARNING: 13,
  ERROR: 17,
  CRITICAL: 21,
  FATAL: 24,
};

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
