import { severityFromOtelNumber, type Severity } from '../schema/index.ts';

const FROM_TEXT: Readonly<Record<string, Severity>> = {
  TRACE: 'DEBUG',
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  NOTICE: 'INFO',
  WARN: 'WARNING',
  WARNING: 'WARNING',
  ERROR: 'ERROR',
  ERR: 'ERROR',
  CRITICAL: 'CRITICAL',
  CRIT: 'CRITICAL',
  ALERT: 'CRITICAL',
  EMERGENCY: 'FATAL',
  FATAL: 'FATAL',
};

/**
 * A log record's severity: the OTel number when set, else its text (SDKs of
 * some languages only fill severityText, e.g. "Error" or "WARN2").
 */
export function logSeverity(severityNumber: number, severityText: string): Severity | undefined {
  return (
    severityFromOtelNumber(severityNumber) ??
    FROM_TEXT[severityText.trim().toUpperCase().replace(/\d+$/, '')]
  );
}
