// logAction / withAction: time a function call (wall clock, CPU, heap delta)
// and report it as a USER_ACTION event; a failure is reported with its error
// and then rethrown unchanged. Sync and async functions alike.
import { ATTR } from './attributes.ts';
import { isSeverity, type Severity } from './constants.ts';
import { emitEvent } from './emit.ts';
import { measurementAttributes } from './events.ts';
import { exceptionMessage } from './exception.ts';

export interface ActionOptions {
  /** The action's name: `event.action`. */
  action: string;
  /** The event message; default the action's name. */
  description?: string;
  /** Severity when the call succeeds; default INFO (a failure is always ERROR). */
  severity?: Severity;
  /** `faultline.module`. */
  module?: string;
  /** `code.function.name`; default the function's own name. */
  functionName?: string;
}

interface Start {
  wall: bigint;
  cpu: NodeJS.CpuUsage;
  heap: number;
}

/** Wraps `fn`; the wrapper has the same signature and `this`, and reports every call. */
export function withAction<A extends unknown[], R>(
  fn: (...args: A) => R,
  options: ActionOptions | string,
): (...args: A) => R {
  const resolved = typeof options === 'string' ? { action: options } : options;
  const functionName = resolved.functionName ?? (fn.name || undefined);
  return function actionWrapper(this: unknown, ...args: A): R {
    return runAction(() => fn.apply(this, args), { ...resolved, functionName });
  };
}

/**
 * A TypeScript 5 (standard) method decorator:
 * `@logAction('checkout', 'Customer checks out')`.
 */
export function logAction(action: string, description?: string, severity?: Severity) {
  return function decorate<This, A extends unknown[], R>(
    method: (this: This, ...args: A) => R,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: A) => R>,
  ): (this: This, ...args: A) => R {
    const functionName = String(context.name);
    const options: ActionOptions = { action, functionName };
    if (description !== undefined) options.description = description;
    if (severity !== undefined) options.severity = severity;
    return function loggedAction(this: This, ...args: A): R {
      return runAction(() => method.apply(this, args), options);
    };
  };
}

function runAction<R>(call: () => R, options: ActionOptions): R {
  const start = measureStart();
  let result: R;
  try {
    result = call();
  } catch (error) {
    report(options, start, error, true);
    throw error;
  }
  if (isThenable(result)) {
    // Report when it settles; hand back a promise of the same value or error.
    return result.then(
      (value: unknown) => {
        report(options, start, undefined, false);
        return value;
      },
      (error: unknown) => {
        report(options, start, error, true);
        throw error;
      },
    ) as R;
  }
  report(options, start, undefined, false);
  return result;
}

function measureStart(): Start {
  return { wall: process.hrtime.bigint(), cpu: process.cpuUsage(), heap: heapUsed() };
}

function report(options: ActionOptions, start: Start, error: unknown, failed: boolean): void {
  try {
    const elapsedMs = Number(process.hrtime.bigint() - start.wall) / 1e6;
    const cpu = process.cpuUsage(start.cpu);
    const measurements = measurementAttributes({
      executionTime: elapsedMs,
      memoryUsage: heapUsed() - start.heap,
      cpuUsage: (cpu.user + cpu.system) / 1000,
    });
    const name = String(options.action);
    emitEvent({
      logType: 'USER_ACTION',
      severity: failed ? 'ERROR' : isSeverity(options.severity) ? options.severity : 'INFO',
      message: failed
        ? `${options.description ?? name} failed: ${exceptionMessage(error)}`
        : (options.description ?? name),
      attributes: {
        ...measurements,
        [ATTR.action]: name,
        ...(options.module ? { [ATTR.module]: options.module } : {}),
        ...(options.functionName ? { [ATTR.functionName]: options.functionName } : {}),
      },
      ...(failed ? { error } : {}),
    });
  } catch {
    // Never let reporting change the call's outcome.
  }
}

function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
