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
import {
  frameStorage,
  type Frame,
  type LazyContext,
  type Scope,
  type ScopedRequest,
  type ScopedResponse,
} from './scope.ts';

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
type Prototype = Record<string | symbol, unknown>;

const GATED = Symbol.for('faultline.request-gate');
const NO_ATTRIBUTES = Object.freeze({});
const NO_LINKS = Object.freeze([]) as [];
const NO_TRACE: LazyContext = { make: () => ROOT_CONTEXT };
const PROTOTYPES = [http.Server.prototype, https.Server.prototype] as unknown as Prototype[];

/**
 * A traced request gets a server span whose parent is `context` (the
 * incoming trace context); an untraced one runs in `untraced.make()`, made
 * when something first reads it.
 */
export type RequestDecision =
  | { readonly traced: true; readonly context: Context }
  | { readonly traced: false; readonly untraced: LazyContext };

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
    return { traced: false, untraced: new UntracedContext(parent, traceId, ids) };
  };
}

// An untraced request's context: its unsampled trace id (downstream services
// get the decision, log records link to the trace) and the incoming baggage.
class UntracedContext implements LazyContext {
  private readonly parent: Context;
  private readonly traceId: string;
  private readonly ids: IdGenerator;

  constructor(parent: Context, traceId: string, ids: IdGenerator) {
    this.parent = parent;
    this.traceId = traceId;
    this.ids = ids;
  }

  make(): Context {
    const traceState = trace.getSpanContext(this.parent)?.traceState;
    return trace.setSpanContext(this.parent, {
      traceId: this.traceId,
      spanId: this.ids.generateSpanId(),
      traceFlags: TraceFlags.NONE,
      ...(traceState ? { traceState } : {}),
    });
  }
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
      // Every scope and frame gets every field now: one object shape each.
      // (Nothing is written on the request itself: a property only some
      // requests had would make Express's code see two shapes of request.)
      const scope: Scope = {
        request,
        response,
        user: undefined,
        traced: false,
        sampleServerSpan: false,
      };
      const decision = decideSafely(decide, request.headers);
      const frame: Frame = {
        scope,
        context: undefined,
        lazy: decision.traced ? undefined : decision.untraced,
      };
      return frameStorage.run(frame, () => {
        if (decision.traced) frame.context = enterTraced(decision.context, startServerSpan, scope);
        return original.call(this, event, ...args);
      });
    } as Emit & { [GATED]?: true };
    gated[GATED] = true;
    proto.emit = gated;
  }
}

// Never let telemetry fail a request: if deciding fails, it runs untraced.
function decideSafely(
  decide: (headers: ScopedRequest['headers']) => RequestDecision,
  headers: ScopedRequest['headers'],
): RequestDecision {
  try {
    return decide(headers);
  } catch {
    return { traced: false, untraced: NO_TRACE };
  }
}

// The context a traced request runs in: its server span's. Runs inside the
// request's frame: the SDK's sampler reads `sampleServerSpan` there
// (sampler.ts).
function enterTraced(parent: Context, startServerSpan: ServerSpanStarter, scope: Scope): Context {
  scope.traced = true;
  scope.sampleServerSpan = true;
  try {
    return startServerSpan(
      parent,
      scope.request as ServerRequest,
      scope.response as ServerResponse,
    );
  } catch {
    scope.traced = false;
    return parent;
  }
}
