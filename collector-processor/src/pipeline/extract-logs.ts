import {
  allLogRecords,
  type LogRecord,
  type LogSelection,
  type LogsBatch,
  type OtlpValue,
} from '../otlp/model.ts';
import type { LogSummary } from '../otlp/skim.ts';
import { severityRank } from '../schema/index.ts';
import { CATEGORY_KEY, classifyLog, LOG_TYPE_KEY } from './classify.ts';
import {
  ERROR_TYPE_KEY,
  EXCEPTION_KEYS,
  EXCEPTION_PREFIX,
  exceptionOf,
  hasExceptionAttributes,
  type ErrorParts,
} from './exception.ts';
import type { PipelineRules } from './rules.ts';
import { logSeverity } from './severity.ts';
import { isZeroNanos } from './time.ts';
import type { Candidate } from './types.ts';
import { toJson } from './values.ts';

/**
 * Stage 1 for logs: records that say what they are (faultline.log_type, ECS
 * event.category), records with exception attributes, and records at or above
 * the minimum severity become candidates; the rest are counted as dropped.
 */

function bodyText(body: OtlpValue): string | undefined {
  if (body === null) return undefined;
  if (typeof body === 'string') return body;
  const json = toJson(body);
  return typeof json === 'string' ? json : JSON.stringify(json);
}

type Base = Pick<Candidate, 'resource' | 'scope' | 'itemKey'>;

function logCandidate(record: LogRecord, base: Base, rules: PipelineRules): Candidate | undefined {
  const isException = hasExceptionAttributes(record.attributes);
  const kind = classifyLog(
    record.attributes,
    logSeverity(record.severityNumber, record.severityText),
    isException,
    rules,
  );
  if (!kind.kept) return undefined;
  const error: ErrorParts | undefined = isException
    ? (exceptionOf(record.attributes) ?? {})
    : undefined;
  const body = bodyText(record.body);
  // The OTel data model: when the event time is unknown, the observed time stands in.
  const timeUnixNano = isZeroNanos(record.timeUnixNano)
    ? record.observedTimeUnixNano
    : record.timeUnixNano;
  return {
    ...base,
    source: 'log_record',
    logType: kind.logType,
    severity: kind.severity,
    timeUnixNano,
    message: body || error?.message || error?.type || record.eventName || 'log record',
    error,
    contextAttributes: new Map(),
    ancestorAttributes: [],
    attributes: record.attributes,
    traceId: record.traceId,
    spanId: record.spanId,
    consumedKeys: new Set([LOG_TYPE_KEY, ...(error ? [...EXCEPTION_KEYS, ERROR_TYPE_KEY] : [])]),
    // A log record has no id of its own: its origin and full content stand for one.
    // (The observed time counts only when it is the only time: a collector on the
    // way may stamp its own on a resend.)
    identity: [
      'log_record',
      base.resource.attributes,
      base.scope.name,
      record.traceId,
      record.spanId,
      timeUnixNano,
      record.severityNumber,
      record.severityText,
      record.eventName,
      record.body,
      record.attributes,
    ],
  };
}

export interface LogExtraction {
  readonly candidates: Candidate[];
  /** Records below the minimum severity that said nothing else about themselves. */
  readonly belowMinSeverity: number;
}

export function extractFromLogRecords(
  selection: LogSelection,
  rules: PipelineRules,
): LogExtraction {
  const candidates: Candidate[] = [];
  for (const { resource, scope, record, position } of selection.records) {
    const candidate = logCandidate(
      record,
      { resource, scope, itemKey: `log record ${position}` },
      rules,
    );
    if (candidate) candidates.push(candidate);
  }
  // Records the skim passed by were below the minimum severity too (mayGiveLogEvent).
  return { candidates, belowMinSeverity: selection.total - candidates.length };
}

export const extractFromLogs = (batch: LogsBatch, rules: PipelineRules): LogExtraction =>
  extractFromLogRecords(allLogRecords(batch), rules);

const SAYS_WHAT_IT_IS = (key: string) =>
  key === LOG_TYPE_KEY || key === CATEGORY_KEY || key.startsWith(EXCEPTION_PREFIX);

/**
 * False only for a record extract would certainly pass by: nothing in its
 * attribute keys says what it is, and it is below the minimum severity.
 */
export function mayGiveLogEvent(record: LogSummary, rules: PipelineRules): boolean {
  if (record.attributeKeys.some(SAYS_WHAT_IT_IS)) return true;
  const severity = logSeverity(record.severityNumber, record.severityText);
  return severity !== undefined && severityRank(severity) >= severityRank(rules.minLogSeverity);
}
