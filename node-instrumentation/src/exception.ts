import type { Attributes } from '@opentelemetry/api';

// Attribute names of the `exception` span event in the semantic conventions.
const ATTR_EXCEPTION_TYPE = 'exception.type';
const ATTR_EXCEPTION_MESSAGE = 'exception.message';
const ATTR_EXCEPTION_STACKTRACE = 'exception.stacktrace';

/**
 * The `exception` event attributes for any thrown value. The type is the
 * error's class name: the SDK's own `recordException` prefers an `error.code`
 * (e.g. `ECONNRESET`), which would scatter one class over many types.
 */
export function exceptionAttributes(thrown: unknown): Attributes {
  if (thrown instanceof Error) {
    const attributes: Attributes = {
      [ATTR_EXCEPTION_TYPE]: errorTypeName(thrown),
      [ATTR_EXCEPTION_MESSAGE]: thrown.message,
    };
    if (typeof thrown.stack === 'string') attributes[ATTR_EXCEPTION_STACKTRACE] = thrown.stack;
    return attributes;
  }
  return {
    [ATTR_EXCEPTION_TYPE]: thrown === null ? 'null' : typeof thrown,
    [ATTR_EXCEPTION_MESSAGE]: safeString(thrown),
  };
}

/** A one-line description for a span status message. */
export function exceptionMessage(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : safeString(thrown);
}

function errorTypeName(error: Error): string {
  // A subclass that forgot to set `name` still reports its own class.
  const ctorName = (error.constructor as { name?: unknown } | undefined)?.name;
  if (error.name === 'Error' && typeof ctorName === 'string' && ctorName !== '') return ctorName;
  return error.name || 'Error';
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '[unprintable value]';
  }
}
