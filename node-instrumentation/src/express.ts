import { SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import { exceptionMessage } from './exception.ts';
import { captureRouteError, routeOf } from './express-router.ts';

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
// request it handled: it has named the server span after the route already.
const EXPRESS_INSTRUMENTATION_MARK = '__ot_middlewares';

/**
 * Express error middleware: marks the active span (the request's span) as
 * failed with the route, reports the error unless express-router.ts already
 * did (once per request and error), then passes the error on unchanged. Mount
 * it after your routes and before your own error handlers.
 */
export function errorHandler(): FaultlineErrorHandler {
  // Four parameters: Express tells error middleware apart by its arity.
  return function faultlineErrorHandler(error, req, res, next) {
    try {
      markActiveSpan(error, req);
      captureRouteError(error, req, res);
    } catch {
      // Never let telemetry change how the application answers.
    }
    next(error);
  };
}

function markActiveSpan(error: unknown, req: RequestLike): void {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return;
  const route = routeOf(req);
  if (route !== undefined) span.setAttribute(ATTR_HTTP_ROUTE, route);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exceptionMessage(error) });
  // Without the express instrumentation the active span is the HTTP server
  // span, still named after the bare method: give it the route, as the
  // instrumentation would have.
  if (route !== undefined && req.method && !(EXPRESS_INSTRUMENTATION_MARK in req))
    span.updateName(`${req.method} ${route}`);
}
