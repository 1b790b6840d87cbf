// The one place events become OpenTelemetry log records: attributes from the
// caller, the request scope and the error are merged, scrubbed, and emitted
// with the active context (so the record links to the active trace and span).
// An error is also recorded as an `exception` event on the active span.
import {
  context as otelContext,
  trace,
  type Attributes,
  type AttributeValue,
  type Context,
} from '@opentelemetry/api';
import { ATTR, CONTEXT_PREFIX } from './attributes.ts';
import { OTEL_SEVERITY_NUMBER, type LogType, type Severity } from './constants.ts';
import { exceptionAttributes } from './exception.ts';
import type { Redactor } from './redact.ts';
import { requestAttributes } from './request-attributes.ts';
import { getRuntime } from './runtime.ts';
import { currentScope, type Scope, type ScopedResponse } from './scope.ts';
import { locationFromStack } from './stack-location.ts';

export interface EventInput {
  logType: LogType;
  severity: Severity;
  message: string;
  /** Contract attributes (see attributes.ts); they win over the request scope's. */
  attributes?: Attributes;
  /** Free context, exported under `faultline.context.<key>`. */
  context?: Readonly<Record<string, unknown>>;
  /** A thrown value: its type, message, stack and code location are added. */
  error?: unknown;
  /** Exception attributes already made (from a span's `exception` event). */
  exception?: Attributes;
  /** Also add an `exception` event to the active span. Default: when `error` is given. */
  recordOnSpan?: boolean;
  /** When it happened, in milliseconds since the epoch or as an hrtime; default now. */
  timestamp?: number | [number, number];
  /** The context to link to; default the active one. */
  otelContext?: Context;
  /** The request scope to read; default the current one. */
  scope?: Scope | undefined;
}

export function emitEvent(input: EventInput): void {
  const runtime = getRuntime();
  if (!runtime) return;
  try {
    const { redactor } = runtime;
    const ctx = input.otelContext ?? otelContext.active();
    const exception =
      input.exception ?? (input.error === undefined ? undefined : describe(input.error));
    const attributes: Attributes = {
      ...requestAttributes('scope' in input ? input.scope : currentScope(), runtime, redactor),
      ...(exception ? { ...exception, [ATTR.errorType]: exception[ATTR.exceptionType] } : {}),
      ...input.attributes,
      [ATTR.logType]: input.logType,
    };
    for (const [key, value] of Object.entries(input.context ?? {})) {
      const converted = toAttributeValue(redactor.value(key, value));
      if (converted !== undefined) attributes[CONTEXT_PREFIX + key] = converted;
    }
    const scrubbed = scrubAttributes(attributes, redactor);
    runtime.logger.emit({
      severityNumber: OTEL_SEVERITY_NUMBER[input.severity],
      severityText: input.severity,
      body: redactor.text(input.message),
      attributes: scrubbed,
      context: ctx,
      ...(input.timestamp === undefined ? {} : { timestamp: input.timestamp }),
    });
    if (exception && (input.recordOnSpan ?? input.error !== undefined)) {
      const span = trace.getSpan(ctx);
      if (span?.isRecording()) {
        span.addEvent('exception', {
          ...scrubAttributes(exception, redactor),
          [ATTR.logged]: true,
        });
      }
    }
  } catch {
    // An event that cannot be made is dropped; the application goes on.
  }
}

// An error met while a request is handled is emitted once the response is
// sent (finish, or close when the client went away), so that the record
// carries the status code the client got.
export function emitWhenAnswered(input: EventInput): void {
  const response = input.scope?.response as
    (ScopedResponse & { once?: (event: string, listener: () => void) => unknown }) | undefined;
  if (!response || response.headersSent || typeof response.once !== 'function') {
    emitEvent(input);
    return;
  }
  let done = false;
  const emitOnce = (): void => {
    if (done) return;
    done = true;
    emitEvent(input);
  };
  response.once('finish', emitOnce);
  response.once('close', emitOnce);
}

function describe(error: unknown): Attributes {
  const attributes = exceptionAttributes(error);
  const stack = attributes[ATTR.exceptionStacktrace];
  return { ...locationFromStack(typeof stack === 'string' ? stack : undefined), ...attributes };
}

export function scrubAttributes(attributes: Attributes, redactor: Redactor): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (redactor.isSensitiveKey(key)) out[key] = '[REDACTED]';
    else if (typeof value === 'string') out[key] = redactor.text(value);
    else if (Array.isArray(value))
      out[key] = value.map((item) =>
        typeof item === 'string' ? redactor.text(item) : item,
      ) as AttributeValue;
    else out[key] = value;
  }
  return out;
}

/** Attribute values are primitives or arrays of them; anything else is sent as JSON. */
export function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
    return value as string[];
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
