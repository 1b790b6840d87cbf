// Every incoming HTTP request passes here first: an outer wrapper of
// Server.prototype.emit('request') of node:http and node:https (the same
// objects whether the app uses import or require). It decides with the
// configured sampler whether the request is traced, as the SDK would for its
// server span. A traced request goes on through the OpenTelemetry http
// instrumentation (server span, express route, child spans). An untraced one
// (90 % by default) skips that instrumentation, which is most of what tracing
// costs per request, and runs in a context holding only its unsampled trace
// id and the incoming baggage: downstream services still get the decision and
// the debug session, and log records still link to the trace. Either way the
// request enters a fresh Scope (setUser(), request context of events); route
// errors are captured by express-router.ts whatever the decision.
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
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
import { scopeStorage, type Scope, type ScopedRequest, type ScopedResponse } from './scope.ts';

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
type Prototype = Record<string | symbol, unknown>;

const GATED = Symbol.for('faultline.request-gate');
// Marks a request the gate left untraced (express-router.ts reads it).
const UNTRACED = Symbol('faultline.untraced');
const PROTOTYPES = [http.Server.prototype, https.Server.prototype] as unknown as Prototype[];
const requireHere = createRequire(import.meta.url);

/** How a request is run: through the instrumentation, or in a ready-made untraced context. */
export type RequestDecision =
  { readonly traced: true } | { readonly traced: false; readonly context: Context };

/**
 * The emit functions as they are before the SDK starts: the untraced path.
 * Call it before the http instrumentation is enabled.
 */
export function saveUntracedEmits(): Map<Prototype, Emit> {
  return new Map(PROTOTYPES.map((proto) => [proto, proto.emit as Emit]));
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
  return (headers) => {
    const parent = propagation.extract(ROOT_CONTEXT, headers ?? {});
    const parentSpan = trace.getSpanContext(parent);
    const traceId = parentSpan?.traceId ?? ids.generateTraceId();
    const { decision } = sampler.shouldSample(parent, traceId, 'request', SpanKind.SERVER, {}, []);
    if (decision === sdkTrace.SamplingDecision.RECORD_AND_SAMPLED) return { traced: true };
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

/**
 * Wraps emit('request') outside the http instrumentation. node:http is
 * required first so that the instrumentation has patched it already (it
 * patches on first load) and this wrapper ends up outermost.
 */
export function installRequestGate(
  untraced: Map<Prototype, Emit>,
  decide: (headers: ScopedRequest['headers']) => RequestDecision,
): void {
  requireHere('node:http');
  requireHere('node:https');
  for (const proto of PROTOTYPES) {
    const traced = proto.emit as Emit & { [GATED]?: true };
    const bare = untraced.get(proto) ?? traced;
    if (typeof traced !== 'function' || traced[GATED]) continue;
    const gated = function emitThroughGate(
      this: unknown,
      event: string | symbol,
      ...args: unknown[]
    ) {
      if (event !== 'request') return traced.call(this, event, ...args);
      const request = args[0] as ScopedRequest;
      const scope: Scope = { request, response: args[1] as ScopedResponse };
      let decision: RequestDecision;
      try {
        decision = decide(request.headers);
      } catch {
        // Never let telemetry fail a request: trace it as the SDK would.
        decision = { traced: true };
      }
      if (decision.traced) {
        scope.sampleServerSpan = true;
        return scopeStorage.run(scope, () => traced.call(this, event, ...args));
      }
      (request as { [UNTRACED]?: true })[UNTRACED] = true;
      return context.with(decision.context, () =>
        scopeStorage.run(scope, () => bare.call(this, event, ...args)),
      );
    } as Emit & { [GATED]?: true };
    gated[GATED] = true;
    proto.emit = gated;
  }
}

/** True for a request the gate left untraced: it skips the tracing instrumentations. */
export function isUntraced(request: unknown): boolean {
  return (request as { [UNTRACED]?: true } | null)?.[UNTRACED] === true;
}
