import type { Attributes, OtlpValue } from '../otlp/model.ts';
import { LOG_TYPES, severityRank, type LogType, type Severity } from '../schema/index.ts';
import type { PipelineRules } from './rules.ts';
import { toText } from './values.ts';

/**
 * What kind of event a log record is, from what it says about itself:
 * an explicit `faultline.log_type` (written by @faultline/node) first, then
 * ECS `event.category`, then exception attributes, then its severity.
 */

export const LOG_TYPE_KEY = 'faultline.log_type';
/** ECS categories, read for SECURITY and AUDIT. */
export const CATEGORY_KEY = 'event.category';

/** The severity an explicit event gets when its record has none. */
const DEFAULT_SEVERITY: Readonly<Record<LogType, Severity>> = {
  EXCEPTION: 'ERROR',
  ERROR: 'ERROR',
  WARNING: 'WARNING',
  INFO: 'INFO',
  DEBUG: 'DEBUG',
  PERFORMANCE: 'WARNING',
  SECURITY: 'WARNING',
  AUDIT: 'INFO',
  USER_ACTION: 'INFO',
};

export function explicitLogType(attributes: Attributes): LogType | undefined {
  const text = toText(attributes.get(LOG_TYPE_KEY))?.trim().toUpperCase();
  return LOG_TYPES.find((t) => t === text);
}

function categories(value: OtlpValue | undefined): string[] {
  if (Array.isArray(value)) return value.flatMap((v: OtlpValue) => categories(v));
  const text = toText(value);
  return text === undefined ? [] : text.split(',').map((s) => s.trim().toLowerCase());
}

function categoryLogType(attributes: Attributes, rules: PipelineRules): LogType | undefined {
  const found = categories(attributes.get(CATEGORY_KEY));
  if (found.some((c) => rules.securityCategories.has(c))) return 'SECURITY';
  if (found.some((c) => rules.auditCategories.has(c))) return 'AUDIT';
  return undefined;
}

const SEVERITY_LOG_TYPE: Readonly<Record<Severity, LogType>> = {
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  WARNING: 'WARNING',
  ERROR: 'ERROR',
  CRITICAL: 'ERROR',
  FATAL: 'ERROR',
};

export type LogClass =
  | { readonly kept: true; readonly logType: LogType; readonly severity: Severity }
  | { readonly kept: false };

export function classifyLog(
  attributes: Attributes,
  severity: Severity | undefined,
  isException: boolean,
  rules: PipelineRules,
): LogClass {
  const explicit = explicitLogType(attributes);
  if (explicit)
    return { kept: true, logType: explicit, severity: severity ?? DEFAULT_SEVERITY[explicit] };
  const byCategory = categoryLogType(attributes, rules);
  if (byCategory) {
    return { kept: true, logType: byCategory, severity: severity ?? DEFAULT_SEVERITY[byCategory] };
  }
  // An exception logged without a level is still an error.
  if (isException) return { kept: true, logType: 'EXCEPTION', severity: severity ?? 'ERROR' };
  if (severity === undefined || severityRank(severity) < severityRank(rules.minLogSeverity)) {
    return { kept: false };
  }
  return { kept: true, logType: SEVERITY_LOG_TYPE[severity], severity };
}
