// Errors are always captured, traces are sampled: the sampler keeps every
// span recording (see sampler.ts), only sampled ones are exported, and this
// processor turns each `exception` event of any span (sampled or not) into an
// EXCEPTION log record, which is always exported. So an error in any
// instrumented operation (a database call, an outgoing request) reaches
// Faultline whatever the sampling rate. Express route errors are the
// exception: express-router.ts captures them for every request, traced or not,
// so the express instrumentation's layer spans (when enabled) are skipped.
import { context, trace, type Attributes, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR } from './attributes.ts';
import { emitWhenAnswered } from './emit.ts';
import { currentScope } from './scope.ts';

const EXPRESS_SCOPE = '@opentelemetry/instrumentation-express';

// Request attributes the instrumentations put on spans; copied to the record
// so it reads on its own even when its span is not sampled.
const SPAN_KEYS = [ATTR.httpRoute, ATTR.httpMethod, ATTR.urlPath, ATTR.httpStatus] as const;

export class ErrorSpanProcessor implements SpanProcessor {
  onStart(_span: Span, _parentContext: Context): void {}

  // onEnding runs while the span can still be changed: marking the event as
  // logged tells the processor that a log record stands for it.
  onEnding(span: Span): void {
    if (span.instrumentationScope.name === EXPRESS_SCOPE) return;
    try {
      for (const event of span.events) {
        if (event.name !== 'exception') continue;
        const attributes = event.attributes ?? {};
        if (attributes[ATTR.logged] === true) continue;
        emitWhenAnswered({
          logType: 'EXCEPTION',
          severity: 'ERROR',
          message: String(
            attributes[ATTR.exceptionMessage] ?? attributes[ATTR.exceptionType] ?? span.name,
          ),
          exception: pick(attributes, [
            ATTR.exceptionType,
            ATTR.exceptionMessage,
            ATTR.exceptionStacktrace,
          ]),
          attributes: pick(span.attributes, SPAN_KEYS),
          recordOnSpan: false,
          timestamp: event.time,
          otelContext: trace.setSpan(context.active(), span),
          scope: currentScope(),
        });
        (event as { attributes?: Attributes }).attributes = { ...attributes, [ATTR.logged]: true };
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

function pick(source: Attributes, keys: readonly string[]): Attributes {
  const out: Attributes = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
