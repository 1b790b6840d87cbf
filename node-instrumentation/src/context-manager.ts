// The OpenTelemetry context manager of @faultline/node: the active context
// lives in the same AsyncLocalStorage entry as the request scope (scope.ts),
// so an incoming request enters one store, not two, and an untraced
// request's context is made only if something reads it (an error, an
// outgoing call). Otherwise it does what the SDK's AsyncLocalStorage context
// manager does, event emitters included.
import { EventEmitter } from 'node:events';
import { ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api';
import { frameStorage, type Frame } from './scope.ts';

type Listener = (...args: unknown[]) => unknown;
type ListenerMethod = (this: EventEmitter, event: string | symbol, listener: Listener) => unknown;

const ADD_METHODS = [
  'on',
  'addListener',
  'once',
  'prependListener',
  'prependOnceListener',
] as const;
const REMOVE_METHODS = ['off', 'removeListener'] as const;
// An emitter's bound listeners, per event: the application's listener → ours.
const BOUND = Symbol('faultline.bound-listeners');

type BoundEmitter = EventEmitter & {
  [BOUND]?: Map<string | symbol, WeakMap<Listener, Listener>>;
};

/** The active context of a frame, made now if it was left for later. */
export function contextOf(frame: Frame | undefined): Context {
  if (frame === undefined) return ROOT_CONTEXT;
  if (frame.context === undefined) frame.context = frame.lazy?.make() ?? ROOT_CONTEXT;
  return frame.context;
}

export class FrameContextManager implements ContextManager {
  active(): Context {
    return contextOf(frameStorage.getStore());
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const frame: Frame = { scope: frameStorage.getStore()?.scope, context, lazy: undefined };
    const callback = thisArg == null ? fn : fn.bind(thisArg);
    return frameStorage.run(frame, callback as never, ...args) as ReturnType<F>;
  }

  bind<T>(context: Context, target: T): T {
    if (target instanceof EventEmitter) return this.bindEmitter(context, target) as T;
    if (typeof target === 'function') return this.bindFunction(context, target as Listener) as T;
    return target;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    frameStorage.disable();
    return this;
  }

  private bindFunction(context: Context, target: Listener): Listener {
    const inContext = <T>(fn: () => T): T => this.with(context, fn);
    const bound = function (this: unknown, ...args: unknown[]) {
      return inContext(() => target.apply(this, args));
    };
    Object.defineProperty(bound, 'length', { value: target.length });
    return bound;
  }

  // Listeners added later run in `context`; removing the application's
  // listener removes ours.
  private bindEmitter(context: Context, emitter: BoundEmitter): EventEmitter {
    if (emitter[BOUND] !== undefined) return emitter;
    const bound = new Map<string | symbol, WeakMap<Listener, Listener>>();
    emitter[BOUND] = bound;
    const bindListener = (listener: Listener) => this.bindFunction(context, listener);
    // Set while an emitter's `once` calls its own `on`: the listener is bound once.
    let adding = false;
    for (const name of ADD_METHODS) {
      const original = emitter[name] as unknown as ListenerMethod;
      if (typeof original !== 'function') continue;
      (emitter as unknown as Record<string, ListenerMethod>)[name] = function (event, listener) {
        if (adding) return original.call(this, event, listener);
        const ours = bindListener(listener);
        let byEvent = bound.get(event);
        if (byEvent === undefined) bound.set(event, (byEvent = new WeakMap()));
        byEvent.set(listener, ours);
        adding = true;
        try {
          return original.call(this, event, ours);
        } finally {
          adding = false;
        }
      };
    }
    for (const name of REMOVE_METHODS) {
      const original = emitter[name] as unknown as ListenerMethod;
      if (typeof original !== 'function') continue;
      (emitter as unknown as Record<string, ListenerMethod>)[name] = function (event, listener) {
        return original.call(this, event, bound.get(event)?.get(listener) ?? listener);
      };
    }
    const removeAll = emitter.removeAllListeners;
    emitter.removeAllListeners = function (this: EventEmitter, ...args: [(string | symbol)?]) {
      if (args.length === 0) bound.clear();
      else bound.delete(args[0] as string | symbol);
      return removeAll.apply(this, args);
    };
    return emitter;
  }
}
