// Faultline's patch of Express's router Layer (Express 5's `router` package,
// Express 4's own copy): the methods that run a handler, and an error
// handler, get a `next` that notices an error being passed on (a throw, a
// rejected promise and next(error) all reach it), so route errors are
// captured where the router first meets them, for every request, traced or
// not, with or without an error middleware in the app. And a request the gate
// left untraced (request-gate.ts) runs each handler as it was before the
// express instrumentation wrapped it: that wrapper's per-layer work (layer
// path, route, metadata) only serves spans.
import { context } from '@opentelemetry/api';
import type * as InstrumentationModule from '@opentelemetry/instrumentation';
import { ATTR } from './attributes.ts';
import { emitWhenAnswered } from './emit.ts';
import { exceptionMessage } from './exception.ts';
import type { OtelModules } from './otel-modules.ts';
import { currentScope, type ScopedRequest, type ScopedResponse } from './scope.ts';

const INSTRUMENTATION_NAME = '@faultline/node/route-errors';
const INSTRUMENTATION_VERSION = '0.1.0';
// The errors already captured for each request (an error passes many
// layers). Kept aside rather than on the request: a property that only failed
// requests had would give Express's code a second shape of request to handle.
const capturedErrors = new WeakMap<object, Set<unknown>>();

type Next = (this: unknown, ...args: unknown[]) => unknown;
type RunHandler = (this: unknown, ...args: unknown[]) => unknown;
interface LayerPrototype {
  [method: string]: RunHandler;
}
interface Layer {
  handle: RunHandler & { __original?: unknown };
  /** Set on the layer that runs a route (app.get(path, …) and the like). */
  route?: unknown;
}

/**
 * Reports an error met while routing `req`, once per request and error: an
 * EXCEPTION record with the route as matched now, the request context and the
 * status the client gets, linked to the active span (which gets the
 * `exception` event). `'route'` and `'router'` are routing signals, not errors.
 */
export function captureRouteError(error: unknown, req: unknown, res: unknown): void {
  if (error === undefined || error === null || error === 'route' || error === 'router') return;
  try {
    const request = req as ScopedRequest;
    let captured = capturedErrors.get(request);
    if (captured === undefined) capturedErrors.set(request, (captured = new Set()));
    if (captured.has(error)) return;
    captured.add(error);
    const route = routeOf(request);
    emitWhenAnswered({
      logType: 'EXCEPTION',
      severity: 'ERROR',
      message: exceptionMessage(error),
      error,
      ...(route === undefined ? {} : { attributes: { [ATTR.httpRoute]: route } }),
      otelContext: context.active(),
      scope: { ...currentScope(), request, response: res as ScopedResponse },
    });
  } catch {
    // Never let telemetry change how the application answers.
  }
}

/** The route as Express matched it, mount path included. */
export function routeOf(req: ScopedRequest): string | undefined {
  const path = req.route?.path;
  if (typeof path !== 'string') return undefined;
  return `${req.baseUrl ?? ''}${path}`;
}

/** The instrumentation that patches the router's Layer when express (or router) loads. */
export function createRouteErrorInstrumentation(
  lib: typeof InstrumentationModule,
  core: OtelModules['core'],
): InstrumentationModule.Instrumentation {
  const watchRequest = requestWatcher(core);
  class RouteErrorInstrumentation extends lib.InstrumentationBase {
    constructor() {
      super(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION, {});
    }

    protected init() {
      // Express 5 routes with the `router` package; Express 4 has its own copy.
      return [
        this.layerOf('router', ['>=2 <3'], 'router/lib/layer.js', 'handleRequest', 'handleError'),
        this.layerOf(
          'express',
          ['>=4 <5'],
          'express/lib/router/layer.js',
          'handle_request',
          'handle_error',
        ),
      ];
    }

    private layerOf(
      module: string,
      versions: string[],
      file: string,
      runRequest: string,
      runError: string,
    ) {
      const patch = (Layer: { prototype: LayerPrototype }) => {
        this._wrap(Layer.prototype, runRequest, watchRequest);
        this._wrap(Layer.prototype, runError, watchError);
        return Layer;
      };
      const unpatch = (Layer: { prototype: LayerPrototype }) => {
        this._unwrap(Layer.prototype, runRequest);
        this._unwrap(Layer.prototype, runError);
      };
      return new lib.InstrumentationNodeModuleDefinition(module, versions, undefined, undefined, [
        new lib.InstrumentationNodeModuleFile(file, versions, patch, unpatch),
      ]);
    }
  }
  return new RouteErrorInstrumentation();
}

// The Layer methods, called with a `next` that captures the error it is given.
function requestWatcher(core: OtelModules['core']): (original: RunHandler) => RunHandler {
  return (original) =>
    function runRequestWatched(this: unknown, req: unknown, res: unknown, next: unknown) {
      const layer = this as Layer;
      const traced = currentScope()?.traced !== false;
      // Express has set req.route (and req.baseUrl) for the route this layer
      // runs: the server span (traced requests only) is named after it.
      if (traced && layer.route !== undefined) {
        const rpc = core.getRPCMetadata(context.active());
        if (rpc?.type === core.RPCType.HTTP) rpc.route = routeOf(req as ScopedRequest);
      }
      const watched = watchNext(next, req, res);
      const instrumented = layer.handle;
      // The handler as it was before the express instrumentation (shimmer) wrapped it.
      const bare = instrumented?.__original;
      if (typeof bare !== 'function' || traced) return original.call(this, req, res, watched);
      // Put back at once: Layer#handleRequest reads `handle` synchronously.
      layer.handle = bare as RunHandler;
      try {
        return original.call(this, req, res, watched);
      } finally {
        layer.handle = instrumented;
      }
    };
}

function watchError(original: RunHandler): RunHandler {
  return function runErrorWatched(
    this: unknown,
    error: unknown,
    req: unknown,
    res: unknown,
    next: unknown,
  ) {
    return original.call(this, error, req, res, watchNext(next, req, res));
  };
}

function watchNext(next: unknown, req: unknown, res: unknown): unknown {
  if (typeof next !== 'function') return next;
  return function nextWatched(this: unknown, ...passed: unknown[]) {
    if (passed.length > 0) captureRouteError(passed[0], req, res);
    return (next as Next).apply(this, passed);
  };
}
