import { SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import { emitEvent } from './emit.ts';
import { exceptionMessage } from './exception.ts';

// Structural stand-ins for Express's types, so that users of the compiled
// package need neither express nor @types/express to type-check against it.
export interface RequestLike {
  method?: string;
  baseUrl?: string;
  route?: { path?: unknown };
}
export type NextLike = (error?: unknown) => void;
export type FaultlineErrorHandler = (
  error: unknown,
  req: RequestLike,
  res: unknown,
  next: NextLike,
) => void;

// Where @opentelemetry/instrumentation-express keeps the layer stack on a
// request it handled. When present, that instrumentation has already recorded
// the exception on the route handler's span; recording it again here would
// make one error count twice.
const EXPRESS_INSTRUMENTATION_MARK = '__ot_middlewares';

const recorded = new WeakSet<object>();

/**
 * Express error middleware: marks the active span (the request's span) as
 * failed with the route, records the exception on it unless the express
 * instrumentation already did, then passes the error on unchanged. Mount it
 * after your routes and before your own error handlers.
 */
export function errorHandler(): FaultlineErrorHandler {
  // Four parameters: Express tells error middleware apart by its arity.
  return function faultlineErrorHandler(error, req, _res, next) {
    try {
      recordOnActiveSpan(error, req);
    } catch {
      // Never let telemetry change how the application answers.
    }
    next(error);
  };
}

function recordOnActiveSpan(error: unknown, req: RequestLike): void {
  const span = trace.getActiveSpan();
  const recording = span?.isRecording() === true;
  const route = routeOf(req);
  if (span && recording) {
    if (route !== undefined) span.setAttribute(ATTR_HTTP_ROUTE, route);
    span.setStatus({ code: SpanStatusCode.ERROR, message: exceptionMessage(error) });
    // The instrumentation recorded it on its (recording) span, and that
    // event became a log record in error-span-processor.ts.
    if (EXPRESS_INSTRUMENTATION_MARK in req) return;
    // Without the express instrumentation the active span is the HTTP server
    // span, still named after the bare method: give it the route, as the
    // instrumentation would have.
    if (route !== undefined && req.method) span.updateName(`${req.method} ${route}`);
  }
  const key = typeof error === 'object' && error !== null ? error : undefined;
  if (key && recorded.has(key)) return;
  if (key) recorded.add(key);
  // A log record (always exported) plus the `exception` event on the span.
  emitEvent({
    logType: 'EXCEPTION',
    severity: 'ERROR',
    message: exceptionMessage(error),
    error,
    ...(route === undefined ? {} : { attributes: { [ATTR_HTTP_ROUTE]: route } }),
  });
}

function routeOf(req: RequestLike): string | undefined {
  const path = req.route?.path;
  if (typeof path !== 'string') return undefined;
  return `${req.baseUrl ?? ''}${path}`;
}
