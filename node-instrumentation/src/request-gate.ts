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
// Marks a request the gate left untraced (express-router.ts reads it).
const UNTRACED = Symbol('faultline.untraced');
const PROTOTYPES = [http.Server.prototype, https.Server.prototype] as unknown as Prototype[];

/** A traced request gets a server span under `parent`; an untraced one runs in `context`. */
export type RequestDecision =
  | { readonly traced: true; readonly parent: Context }
  | { readonly traced: false; readonly context: Context };

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
  return (headers) => {
    const parent = propagation.extract(ROOT_CONTEXT, headers ?? {});
    const parentSpan = trace.getSpanContext(parent);
    const traceId = parentSpan?.traceId ?? ids.generateTraceId();
    const { decision } = sampler.shouldSample(parent, traceId, 'request', SpanKind.SERVER, {}, []);
    if (decision === sdkTrace.SamplingDecision.RECORD_AND_SAMPLED) return { traced: true, parent };
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
      const scope: Scope = { request, response };
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
  const request = scope.request as ServerRequest & { [UNTRACED]?: true };
  if (!decision.traced) {
    request[UNTRACED] = true;
    return decision.context;
  }
  scope.sampleServerSpan = true;
  return startServerSpan(decision.parent, request, scope.response as ServerResponse);
}

/** True for a request the gate left untraced: it skips the tracing instrumentations. */
export function isUntraced(request: unknown): boolean {
  return (request as { [UNTRACED]?: true } | null)?.[UNTRACED] === true;
}
