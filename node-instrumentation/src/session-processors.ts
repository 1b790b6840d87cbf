// Copy the debug session id from baggage onto every span and log record, so
// that it reaches the processor as `faultline.session.id` even from spans the
// application never touches (http, express, database clients).
import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR } from './attributes.ts';
import { currentSessionId } from './session.ts';

export class SessionSpanProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const id = currentSessionId(parentContext);
    if (id !== undefined) span.setAttribute(ATTR.sessionId, id);
  }
  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export class SessionLogRecordProcessor implements LogRecordProcessor {
  onEmit(record: ReadWriteLogRecord, context?: Context): void {
    const id = context ? currentSessionId(context) : undefined;
    if (id !== undefined) record.setAttribute(ATTR.sessionId, id);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
