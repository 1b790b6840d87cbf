// The last step before the batch processors queue anything for export: span
// attributes, span event attributes and log record attributes are scrubbed
// with the compiled rules (redact.ts). Log records made by emit.ts are
// scrubbed already (and are passed by); records from other loggers (a
// winston or pino bridge) and spans from instrumentations are scrubbed here.
import { TraceFlags, type Attributes, type Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { scrubAttributes } from './emit.ts';
import type { Redactor } from './redact.ts';

export class RedactingSpanProcessor implements SpanProcessor {
  private readonly redactor: Redactor;
  constructor(redactor: Redactor) {
    this.redactor = redactor;
  }
  onStart(_span: Span, _parentContext: Context): void {}
  onEnding(span: Span): void {
    // Unsampled spans are never exported (their errors left as scrubbed log records).
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    try {
      for (const [key, value] of Object.entries(scrubAttributes(span.attributes, this.redactor))) {
        if (span.attributes[key] !== value) span.setAttribute(key, value);
      }
      for (const event of span.events) {
        if (event.attributes)
          replaceAll(event.attributes, scrubAttributes(event.attributes, this.redactor));
      }
    } catch {
      // Never let telemetry fail the host.
    }
  }
  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export class RedactingLogRecordProcessor implements LogRecordProcessor {
  private readonly redactor: Redactor;
  private readonly scrubbedScope: string;
  /** `scrubbedScope`: the logger name of emit.ts, whose records are scrubbed when made. */
  constructor(redactor: Redactor, scrubbedScope: string) {
    this.redactor = redactor;
    this.scrubbedScope = scrubbedScope;
  }
  onEmit(record: ReadWriteLogRecord): void {
    if (record.instrumentationScope.name === this.scrubbedScope) return;
    try {
      const scrubbed = scrubAttributes(record.attributes as Attributes, this.redactor);
      for (const [key, value] of Object.entries(scrubbed)) {
        if (value !== record.attributes[key]) record.setAttribute(key, value);
      }
      if (typeof record.body === 'string') {
        const body = this.redactor.text(record.body);
        if (body !== record.body) record.setBody(body);
      }
    } catch {
      // Never let telemetry fail the host.
    }
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

// An event's attributes cannot be set through the span API once it was
// added, so its attribute object is rewritten in place.
function replaceAll(target: Attributes, scrubbed: Attributes): void {
  for (const [key, value] of Object.entries(scrubbed)) {
    if (target[key] !== value) target[key] = value;
  }
}
