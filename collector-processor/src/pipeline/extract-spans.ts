import { allSpans, type Span, type SpanSelection, type TraceBatch } from '../otlp/model.ts';
import type { SpanSummary } from '../otlp/skim.ts';
import { SpanAncestry } from './ancestry.ts';
import { EXCEPTION_KEYS, exceptionOf, type ErrorParts } from './exception.ts';
import type { PipelineRules } from './rules.ts';
import { isZeroNanos } from './time.ts';
import type { Candidate } from './types.ts';

/**
 * Stage 1 for traces: `exception` span events → EXCEPTION; spans with status
 * ERROR and no exception event (on them or below them in the batch) → ERROR;
 * spans slower than the slow threshold → PERFORMANCE (WARNING; CRITICAL past
 * the critical threshold). One span may give several events.
 */

const STATUS_ERROR = 2;
/** On an `exception` span event: a log record with the same error was exported (the contract with @faultline/node). */
export const LOGGED_KEY = 'faultline.logged';
const KIND_SERVER = 2;
const KIND_CONSUMER = 5;

type Base = Pick<Candidate, 'resource' | 'scope' | 'ancestorAttributes' | 'itemKey'>;

function* exceptionEvents(span: Span, base: Base): Generator<Candidate> {
  for (const [index, event] of span.events.entries()) {
    if (event.name !== 'exception') continue;
    // @faultline/node exported a log record for this exception too; that record is the event.
    if (event.attributes.get(LOGGED_KEY) === true) continue;
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
    };
  }
}

/** A span's own time: its end (an error ends it, a slow span is known slow then), else its start. */
const spanTime = (span: Span) =>
  isZeroNanos(span.endTimeUnixNano) ? span.startTimeUnixNano : span.endTimeUnixNano;

function errorSpan(span: Span, base: Base): Candidate {
  return {
    ...base,
    source: 'span',
    logType: 'ERROR',
    severity: 'ERROR',
    timeUnixNano: spanTime(span),
    message: span.status.message || `${span.name || 'span'} failed`,
    error: span.status.message ? { message: span.status.message } : undefined,
    contextAttributes: new Map(),
    attributes: span.attributes,
    traceId: span.traceId,
    spanId: span.spanId,
    consumedKeys: new Set(),
    identity: ['span', span.traceId, span.spanId, 'ERROR'],
  };
}

function durationOf(span: Span): bigint | undefined {
  if (isZeroNanos(span.startTimeUnixNano) || isZeroNanos(span.endTimeUnixNano)) return undefined;
  const duration = BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano);
  return duration >= 0n ? duration : undefined;
}

/**
 * Only operations a caller waits on are judged slow: SERVER and CONSUMER spans
 * and local roots. Their children are inside them; judging every child too
 * would report one slow request many times.
 */
const judgedForSpeed = (span: Span) =>
  span.kind === KIND_SERVER || span.kind === KIND_CONSUMER || span.parentSpanId === '';

function slowSpan(span: Span, base: Base, rules: PipelineRules): Candidate | undefined {
  const duration = durationOf(span);
  if (duration === undefined || duration <= rules.slowSpanNanos || !judgedForSpeed(span)) {
    return undefined;
  }
  const millis = Number(duration / 1000n) / 1000;
  return {
    ...base,
    source: 'span',
    logType: 'PERFORMANCE',
    severity: duration > rules.criticalSpanNanos ? 'CRITICAL' : 'WARNING',
    timeUnixNano: spanTime(span),
    message: `${span.name || 'span'} took ${millis} ms`,
    contextAttributes: new Map(),
    attributes: span.attributes,
    traceId: span.traceId,
    spanId: span.spanId,
    consumedKeys: new Set(),
    durationNanos: duration,
    identity: ['span', span.traceId, span.spanId, 'PERFORMANCE'],
  };
}

export function extractFromSpans(selection: SpanSelection, rules: PipelineRules): Candidate[] {
  const ancestry = new SpanAncestry(selection.spans.map((s) => s.span));
  const candidates: Candidate[] = [];
  for (const { resource, scope, span, position } of selection.spans) {
    const base: Base = {
      resource,
      scope,
      ancestorAttributes: ancestry.ancestorsOf(span),
      itemKey: `span ${position}`,
    };
    candidates.push(...exceptionEvents(span, base));
    const hasException = span.events.some((e) => e.name === 'exception');
    if (span.status.code === STATUS_ERROR && !hasException && !ancestry.hasExceptionBelow(span)) {
      candidates.push(errorSpan(span, base));
    }
    const slow = slowSpan(span, base, rules);
    if (slow) candidates.push(slow);
  }
  return candidates;
}

export const extractFromTraces = (batch: TraceBatch, rules: PipelineRules): Candidate[] =>
  extractFromSpans(allSpans(batch), rules);

/** Span times read by the skim are approximate past 2^53 ns (microseconds at worst): this margin covers it. */
const SKIM_MARGIN_NANOS = 1_000_000;

/**
 * False only for a span extract would certainly pass by (no exception event,
 * no ERROR status, not slow): the skim need not decode it. Ancestry is the
 * skim's part: it decodes the parents of the spans kept here.
 */
export function mayGiveSpanEvent(span: SpanSummary, rules: PipelineRules): boolean {
  if (span.hasExceptionEvent || span.statusCode === STATUS_ERROR) return true;
  if (span.startNanos === 0 || span.endNanos === 0) return false;
  return span.endNanos - span.startNanos > Number(rules.slowSpanNanos) - SKIM_MARGIN_NANOS;
}
