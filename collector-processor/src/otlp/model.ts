/**
 * The one internal shape both OTLP encodings decode into. It mirrors the OTLP
 * messages the pipeline reads and nothing more; everything is plain data.
 *
 * Precision rules: 64-bit timestamps are decimal strings of nanoseconds
 * (never a JS number); 64-bit integer attribute values are bigints; ids are
 * lowercase hex ('' when absent).
 */

/** An OTLP AnyValue. `null` is the empty value; kvlists are Maps so any key is safe. */
export type OtlpValue =
  string | boolean | number | bigint | Uint8Array | readonly OtlpValue[] | OtlpKeyValues | null;

export type OtlpKeyValues = ReadonlyMap<string, OtlpValue>;

/** Attributes keep the first occurrence of a repeated key, as the OTLP spec asks of receivers. */
export type Attributes = OtlpKeyValues;

export interface Resource {
  readonly attributes: Attributes;
}

export interface Scope {
  readonly name: string;
  readonly version: string;
  readonly attributes: Attributes;
}

export interface SpanEvent {
  readonly timeUnixNano: string;
  readonly name: string;
  readonly attributes: Attributes;
}

export interface SpanStatus {
  /** 0 unset, 1 ok, 2 error. */
  readonly code: number;
  readonly message: string;
}

export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: Attributes;
  readonly events: readonly SpanEvent[];
  readonly status: SpanStatus;
}

export interface ScopeSpans {
  readonly scope: Scope;
  readonly spans: readonly Span[];
}

export interface ResourceSpans {
  readonly resource: Resource;
  readonly scopeSpans: readonly ScopeSpans[];
}

export interface TraceBatch {
  readonly resourceSpans: readonly ResourceSpans[];
}

export interface LogRecord {
  readonly timeUnixNano: string;
  readonly observedTimeUnixNano: string;
  /** OTel severity number 0–24 (0 unspecified). */
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: OtlpValue;
  readonly attributes: Attributes;
  readonly traceId: string;
  readonly spanId: string;
  readonly eventName: string;
}

export interface ScopeLogs {
  readonly scope: Scope;
  readonly logRecords: readonly LogRecord[];
}

export interface ResourceLogs {
  readonly resource: Resource;
  readonly scopeLogs: readonly ScopeLogs[];
}

export interface LogsBatch {
  readonly resourceLogs: readonly ResourceLogs[];
}

/**
 * Records picked out of a request, each with its resource, scope and
 * position ("i/j/k": resource, scope and record index, for partial-success
 * item keys), in request order; `total` counts every record in the request.
 * The whole of a batch is one selection (`allSpans`, `allLogRecords`); the
 * skim (skim.ts) makes smaller ones.
 */
export interface LocatedSpan {
  readonly resource: Resource;
  readonly scope: Scope;
  readonly span: Span;
  readonly position: string;
}

export interface SpanSelection {
  readonly spans: readonly LocatedSpan[];
  readonly total: number;
}

export interface LocatedLogRecord {
  readonly resource: Resource;
  readonly scope: Scope;
  readonly record: LogRecord;
  readonly position: string;
}

export interface LogSelection {
  readonly records: readonly LocatedLogRecord[];
  readonly total: number;
}

export function allSpans(batch: TraceBatch): SpanSelection {
  const spans: LocatedSpan[] = [];
  batch.resourceSpans.forEach(({ resource, scopeSpans }, i) =>
    scopeSpans.forEach(({ scope, spans: list }, j) =>
      list.forEach((span, k) => spans.push({ resource, scope, span, position: `${i}/${j}/${k}` })),
    ),
  );
  return { spans, total: spans.length };
}

export function allLogRecords(batch: LogsBatch): LogSelection {
  const records: LocatedLogRecord[] = [];
  batch.resourceLogs.forEach(({ resource, scopeLogs }, i) =>
    scopeLogs.forEach(({ scope, logRecords }, j) =>
      logRecords.forEach((record, k) =>
        records.push({ resource, scope, record, position: `${i}/${j}/${k}` }),
      ),
    ),
  );
  return { records, total: records.length };
}

export const EMPTY_ATTRIBUTES: Attributes = new Map();
