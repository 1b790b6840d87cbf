import type { Attributes, Resource, Scope } from '../otlp/model.ts';
import type { FaultlineEvent, LogType, Severity } from '../schema/index.ts';

/**
 * The states of the data between stages: extract turns OTLP batches into
 * candidates (still in OTLP terms), normalize turns a candidate into an event
 * document, validate checks it against the schema. A record that cannot go on
 * becomes a rejection with a named reason.
 */

export interface Candidate {
  readonly source: 'span_event' | 'span' | 'log_record';
  readonly logType: LogType;
  readonly severity: Severity;
  /** When it happened, in nanoseconds since the epoch as a decimal string; '0' if unknown. */
  readonly timeUnixNano: string;
  readonly message: string;
  readonly error?: {
    readonly type?: string;
    readonly message?: string;
    readonly stackTrace?: string;
  };
  readonly resource: Resource;
  readonly scope: Scope;
  /** The enclosing span's attributes (span events) — the request context lives there. */
  readonly contextAttributes: Attributes;
  /**
   * Attributes of the span's ancestors found in the same batch, nearest first,
   * up to the request's SERVER span: an exception on Express's INTERNAL
   * `request handler` span gets its request data from there. Read for known
   * fields only, never copied whole into `attributes`.
   */
  readonly ancestorAttributes: readonly Attributes[];
  /** The operation's duration in nanoseconds, when the record is a span (PERFORMANCE). */
  readonly durationNanos?: bigint;
  /** The record's own attributes (the span event's or the log record's); they win over context. */
  readonly attributes: Attributes;
  readonly traceId: string;
  readonly spanId: string;
  /** Attribute keys already turned into fields by extract (exception.*), left out of `attributes`. */
  readonly consumedKeys: ReadonlySet<string>;
  /** What identifies the record at its origin; hashed into event.id, so a replay never duplicates. */
  readonly identity: readonly unknown[];
  /** The OTLP item it came from (one span or one log record), for partial-success counts. */
  readonly itemKey: string;
}

export const REJECT_REASONS = [
  'missing_timestamp',
  'schema_violation',
  'processing_failed',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/**
 * Records that were accepted but are not events, by why (for metrics; not a
 * rejection: the sender did nothing wrong).
 */
export const DROP_REASONS = ['below_min_severity'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export interface ReasonCount<R extends string> {
  readonly reason: R;
  readonly count: number;
}

export interface Rejection {
  readonly reason: RejectReason;
  readonly detail: string;
  readonly itemKey: string;
}

export type StageResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rejection: Rejection };

export interface PipelineResult {
  readonly events: readonly FaultlineEvent[];
  readonly rejections: readonly Rejection[];
  /** Rejected events per reason (for a `rejected{reason}` counter); reasons with 0 left out. */
  readonly rejected: readonly ReasonCount<RejectReason>[];
  /** Records accepted but not turned into events, per reason; reasons with 0 left out. */
  readonly dropped: readonly ReasonCount<DropReason>[];
}
