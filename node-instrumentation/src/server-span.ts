// The server span of a request the gate chose to trace (request-gate.ts),
// made here rather than by the OpenTelemetry http instrumentation, whose
// server side is switched off: that instrumentation builds a dozen attribute
// and metric objects, parses the URL, binds the request's and response's
// emitters to the context and wraps the handler, several times what a span
// costs. This one keeps the stable HTTP server attributes that a trace reads
// (method, path, scheme, host, client, user agent, route, status) and
// nothing else. Framework instrumentations give it its route (express-router.ts
// for Express).
import {
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { RPCMetadata } from '@opentelemetry/core';
import { ATTR } from './attributes.ts';
import type { OtelModules } from './otel-modules.ts';
import { pathOf } from './request-attributes.ts';

const ATTR_URL_SCHEME = 'url.scheme';
const ATTR_SERVER_ADDRESS = 'server.address';
const ATTR_PROTOCOL_VERSION = 'network.protocol.version';

/** The parts of node's IncomingMessage the span reads. */
export interface ServerRequest {
  method?: string;
  url?: string;
  httpVersion?: string;
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string; encrypted?: boolean };
}

/** The parts of node's ServerResponse the span reads. */
export interface ServerResponse {
  statusCode: number;
  writableFinished?: boolean;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Starts a request's SERVER span under `parent` (the incoming trace context,
 * if any) and returns the context the request runs in.
 */
export type ServerSpanStarter = (
  parent: Context,
  request: ServerRequest,
  response: ServerResponse,
) => Context;

/**
 * The starter of server spans: each ends when its response closes. The
 * context the request runs in carries the span and, as the http
 * instrumentation's would, RPC metadata through which framework
 * instrumentations (Koa, Fastify, …) give the span its route.
 */
export function serverSpanStarter(tracer: Tracer, core: OtelModules['core']): ServerSpanStarter {
  return (parent, request, response) => {
    const method = request.method ?? 'GET';
    const span = tracer.startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: requestSpanAttributes(method, request) },
      parent,
    );
    const rpc: RPCMetadata = { type: core.RPCType.HTTP, span };
    response.once('close', () => {
      if (rpc.route !== undefined) nameServerSpan(span, method, rpc.route);
      endServerSpan(span, response);
    });
    return core.setRPCMetadata(trace.setSpan(parent, span), rpc);
  };
}

// Named after the route, as the http semantic conventions say.
function nameServerSpan(span: Span, method: string | undefined, route: string): void {
  span.setAttribute(ATTR.httpRoute, route);
  span.updateName(`${method ?? 'GET'} ${route}`);
}

// Built by assignment: no throwaway object per optional attribute.
function requestSpanAttributes(method: string, request: ServerRequest): Attributes {
  const host = request.headers.host;
  const agent = request.headers['user-agent'];
  const address = request.socket?.remoteAddress;
  const attributes: Attributes = {
    [ATTR.httpMethod]: method,
    [ATTR.urlPath]: pathOf(request.url ?? '/'),
    [ATTR_URL_SCHEME]: request.socket?.encrypted ? 'https' : 'http',
  };
  if (typeof host === 'string') attributes[ATTR_SERVER_ADDRESS] = hostName(host);
  if (request.httpVersion) attributes[ATTR_PROTOCOL_VERSION] = request.httpVersion;
  if (address) attributes[ATTR.clientAddress] = address;
  if (typeof agent === 'string') attributes[ATTR.userAgent] = agent;
  return attributes;
}

function endServerSpan(span: Span, response: ServerResponse): void {
  const status = response.statusCode;
  span.setAttribute(ATTR.httpStatus, status);
  if (status >= 500) span.setAttribute(ATTR.errorType, String(status));
  // An error status set while handling (errorHandler(): with the message) is kept.
  const failed =
    (span as { status?: { code?: SpanStatusCode } }).status?.code === SpanStatusCode.ERROR;
  if (!failed && status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  // The connection closed before the response was sent.
  else if (!failed && response.writableFinished === false)
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'response not sent' });
  span.end();
}

// "example.org:8080" → "example.org", "[::1]:3000" → "::1".
function hostName(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(1, end);
  }
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
