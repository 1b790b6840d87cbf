import type { Span } from '@opentelemetry/api';

// The Express instrumentation records a route's exception on its own
// "request handler" span, whose only request attribute is http.route; the
// method and path sit on the parent server span. Copying those two here makes
// an exception event readable on its own, even when its parent span arrives in
// another export batch. The query string is left out: it may carry secrets.
const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
const ATTR_URL_PATH = 'url.path';

interface HookInfo {
  request: unknown;
  layerType: string;
}

interface RequestShape {
  method?: unknown;
  originalUrl?: unknown;
}

export function copyRequestAttributes(span: Span, info: HookInfo): void {
  if (info.layerType !== 'request_handler') return;
  const request = info.request as RequestShape | null;
  if (typeof request?.method === 'string')
    span.setAttribute(ATTR_HTTP_REQUEST_METHOD, request.method);
  if (typeof request?.originalUrl === 'string') {
    span.setAttribute(ATTR_URL_PATH, request.originalUrl.split('?', 1)[0]!);
  }
}
