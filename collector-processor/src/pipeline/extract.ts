import type {
  Attributes,
  LogRecord,
  LogsBatch,
  OtlpValue,
  Span,
  TraceBatch,
} from '../otlp/model.ts';
import { severityRank } from '../schema/index.ts';
import { logSeverity } from './severity.ts';
import { isZeroNanos } from './time.ts';
import type { Candidate } from './types.ts';
import { toJson, toText } from './values.ts';

/**
 * Stage 1: find the records that are events. For now: `exception` span events
 * (→ EXCEPTION) and log records that carry exception.* attributes (→ EXCEPTION)
 * or have severity ERROR or above (→ ERROR).
 */

const EXCEPTION_KEYS = ['exception.type', 'exception.message', 'exception.stacktrace'] as const;

interface ErrorParts {
  type?: string;
  message?: string;
  stackTrace?: string;
}

function exceptionOf(attributes: Attributes): ErrorParts | undefined {
  const [type, message, stackTrace] = EXCEPTION_KEYS.map((k) => toText(attributes.get(k)));
  if (type === undefined && message === undefined && stackTrace === undefined) return undefined;
  return { type, message, stackTrace };
}

const hasExceptionAttributes = (attributes: Attributes) =>
  [...attributes.keys()].some((k) => k.startsWith('exception.'));

function bodyText(body: OtlpValue): string | undefined {
  if (body === null) return undefined;
  if (typeof body === 'string') return body;
  const json = toJson(body);
  return typeof json === 'string' ? json : JSON.stringify(json);
}

function* spanEventCandidates(
  span: Span,
  base: Pick<Candidate, 'resource' | 'scope'>,
  itemKey: string,
): Generator<Candidate> {
  for (const [index, event] of span.events.entries()) {
    if (event.name !== 'exception') continue;
    const error: ErrorParts = exceptionOf(event.attributes) ?? {};
    yield {
      ...base,
      source: 'span_event',
      logType: 'EXCEPTION',
      severity: 'ERROR',
      // An event without its own time happened within its span: its start is the best guess.
      timeUnixNano: isZeroNanos(event.timeUnixNano) ? span.startTimeUnixNano : event.timeUnixNano,
      message: error.message || error.type || span.name || 'exception',
      error,
      contextAttributes: span.attributes,
      attributes: event.attributes,
      traceId: span.traceId,
      spanId: span.spanId,
      consumedKeys: new Set(EXCEPTION_KEYS),
      identity: ['span_event', span.traceId, span.spanId, event.timeUnixNano, index, 'EXCEPTION'],
      itemKey,
    };
  }
}

export function extractFromTraces(batch: TraceBatch): Candidate[] {
  const candidates: Candidate[] = [];
  batch.resourceSpans.forEach((rs, i) =>
    rs.scopeSpans.forEach((ss, j) =>
      ss.spans.forEach((span, k) => {
        const base = { resource: rs.resource, scope: ss.scope };
        candidates.push(...spanEventCandidates(span, base, `span ${i}/${j}/${k}`));
      }),
    ),
  );
  return candidates;
}

function logCandidate(
  record: LogRecord,
  base: Pick<Candidate, 'resource' | 'scope'>,
  itemKey: string,
): Candidate | undefined {
  const severity = logSeverity(record.severityNumber, record.severityText);
  const isException = hasExceptionAttributes(record.attributes);
  if (!isException && (severity === undefined || severityRank(severity) < severityRank('ERROR'))) {
    return undefined;
  }
  const error: ErrorParts | undefined = isException
    ? (exceptionOf(record.attributes) ?? {})
    : undefined;
  const body = bodyText(record.body);
  const timeUnixNano = isZeroNanos(record.timeUnixNano)
    ? record.observedTimeUnixNano
    : record.timeUnixNano;
  return {
    ...base,
    source: 'log_record',
    logType: isException ? 'EXCEPTION' : 'ERROR',
    // An exception logged without a level is still an error.
    severity: severity ?? 'ERROR',
    // The OTel data model: when the event time is unknown, the observed time stands in.
    timeUnixNano,
    message: body || error?.message || error?.type || record.eventName || 'log record',
    error,
    contextAttributes: new Map(),
    attributes: record.attributes,
    traceId: record.traceId,
    spanId: record.spanId,
    consumedKeys: new Set(error ? EXCEPTION_KEYS : []),
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
    itemKey,
  };
}

export function extractFromLogs(batch: LogsBatch): Candidate[] {
  const candidates: Candidate[] = [];
  batch.resourceLogs.forEach((rl, i) =>
    rl.scopeLogs.forEach((sl, j) =>
      sl.logRecords.forEach((record, k) => {
        const base = { resource: rl.resource, scope: sl.scope };
        const candidate = logCandidate(record, base, `log record ${i}/${j}/${k}`);
        if (candidate) candidates.push(candidate);
      }),
    ),
  );
  return candidates;
}
