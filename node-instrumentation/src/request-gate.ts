// Every incoming HTTP request passes here first: a wrapper of
// Server.prototype.emit('request') of node:http and node:https (the same
// objects whether the app uses import or require). It decides with the
// configured sampler whether the request is traced, as the SDK would for its
// server span. A traced request gets its server span (server-span.ts; the
// OpenTelemetry http instrumentation traces outgoing requests only) and runs
// in its context. An untraced one (90 % by default) runs in a context holding
// only its unsampled trace id and the incoming baggage: downstream services
// still get the decision and the debug session, and log records still link to
// the trace. Either way the request enters a fresh Scope (setUser(), request
// context of events); route errors are captured by express-router.ts
// whatever the decision.
import http from 'node:http';
import https from 'node:https';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  trace,
  TraceFlags,
  type Context,
} from '@opentelemetry/api';
import type { IdGenerator, Sampler } from '@opentelemetry/sdk-trace';
import type { OtelModules } from './otel-modules.ts';
import type { ServerRequest, ServerResponse, ServerSpanStarter } from './server-span.ts';
import { scopeStorage, type Scope, type ScopedRequest, type ScopedResponse } from './scope.ts';

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
type Prototype = Record<string | symbol, unknown>;

const GATED = Symbol.for('faultline.request-gate');
const NO_ATTRIBUTES = Object.freeze({});
const NO_LINKS = Object.freeze([]) as [];
const PROTOTYPES = [http.Server.prototype, https.Server.prototype] as unknown as Prototype[];

/**
 * A traced request gets a server span whose parent is `context` (the
 * incoming trace context); an untraced one runs in `context`.
 */
export interface RequestDecision {
  readonly traced: boolean;
  readonly context: Context;
}

/**
 * The gate's decision for one request's headers: the configured sampler,
 * asked as it would be for the request's server span (same parent from the
 * incoming traceparent, a fresh trace id otherwise).
 */
export function requestDecider(
  sdkTrace: OtelModules['sdkTrace'],
  sampler: Sampler,
  ids: IdGenerator,
): (headers: ScopedRequest['headers']) => RequestDecision {
  // The headers the configured propagators read: a request without any of
  // them (most requests) has nothing to extract.
  const fields = propagation.fields();
  return (headers = {}) => {
    const parent = carriesAny(headers, fields)
      ? propagation.extract(ROOT_CONTEXT, headers)
      : ROOT_CONTEXT;
    const parentSpan = trace.getSpanContext(parent);
    const traceId = parentSpan?.traceId ?? ids.generateTraceId();
    const { decision } = sampler.shouldSample(
      parent,
      traceId,
      'request',
      SpanKind.SERVER,
      NO_ATTRIBUTES,
      NO_LINKS,
    );
    if (decision === sdkTrace.SamplingDecision.RECORD_AND_SAMPLED)
      return { traced: true, context: parent };
    return {
      traced: false,
      context: trace.setSpanContext(parent, {
        traceId,
        spanId: ids.generateSpanId(),
        traceFlags: TraceFlags.NONE,
        ...(parentSpan?.traceState ? { traceState: parentSpan.traceState } : {}),
      }),
    };
  };
}

function carriesAny(headers: NonNullable<ScopedRequest['headers']>, fields: string[]): boolean {
  for (const field of fields) if (headers[field] !== undefined) return true;
  return false;
}

/** Wraps emit('request') of the http and https servers (once). */
export function installRequestGate(
  decide: (headers: ScopedRequest['headers']) => RequestDecision,
  startServerSpan: ServerSpanStarter,
): void {
  for (const proto of PROTOTYPES) {
    const original = proto.emit as Emit & { [GATED]?: true };
    if (typeof original !== 'function' || original[GATED]) continue;
    const gated = function emitThroughGate(
      this: unknown,
      event: string | symbol,
      ...args: unknown[]
    ) {
      if (event !== 'request') return original.call(this, event, ...args);
      const request = args[0] as ServerRequest & ScopedRequest;
      const response = args[1] as ServerResponse & ScopedResponse;
      // Every scope gets every field now: one object shape for all requests.
      // (Nothing is written on the request itself: a property only some
      // requests had would make Express's code see two shapes of request.)
      const scope: Scope = {
        request,
        response,
        user: undefined,
        traced: false,
        sampleServerSpan: false,
      };
      return scopeStorage.run(scope, () => {
        let requestContext: Context;
        try {
          requestContext = enter(decide(request.headers), startServerSpan, scope);
        } catch {
          // Never let telemetry fail a request: it runs untraced, as it came.
          requestContext = context.active();
        }
        return context.with(requestContext, () => original.call(this, event, ...args));
      });
    } as Emit & { [GATED]?: true };
    gated[GATED] = true;
    proto.emit = gated;
  }
}

// The context the request runs in. Runs inside the request's scope: the SDK's
// sampler reads `sampleServerSpan` there (sampler.ts).
function enter(
  decision: RequestDecision,
  startServerSpan: ServerSpanStarter,
  scope: Scope,
): Context {
  if (!decision.traced) return decision.context;
  scope.traced = true;
  scope.sampleServerSpan = true;
  return startServerSpan(
    decision.context,
    scope.request as ServerRequest,
    scope.response as ServerResponse,
  );
}
