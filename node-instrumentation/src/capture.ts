import { isSeverity, type Severity } from './constants.ts';
import { emitEvent } from './emit.ts';
import { exceptionMessage } from './exception.ts';

export interface CaptureContext {
  /** Severity of the event; default ERROR. */
  severity?: Severity;
  /** Module (component) the error belongs to: `faultline.module`. */
  module?: string;
  /** Free context, exported under `faultline.context.<key>` (scrubbed). */
  context?: Readonly<Record<string, unknown>>;
  /** Custom tags: `faultline.tags`. */
  tags?: readonly string[];
}

/**
 * Reports an error you handled yourself: a log record of type EXCEPTION with
 * its type, message and stack, the request and user context, linked to the
 * active span, which also gets an `exception` event. Never throws.
 */
export function captureException(error: unknown, context: CaptureContext = {}): void {
  emitEvent({
    logType: 'EXCEPTION',
    severity: isSeverity(context?.severity) ? context.severity : 'ERROR',
    message: exceptionMessage(error),
    error,
    attributes: {
      ...(context?.module ? { 'faultline.module': context.module } : {}),
      ...(context?.tags ? { 'faultline.tags': [...context.tags].map(String) } : {}),
    },
    ...(context?.context ? { context: context.context } : {}),
  });
}

/** Reports a message (default severity INFO) as a log record of the matching log type. */
export function captureMessage(message: string, severity: Severity = 'INFO'): void {
  const level = isSeverity(severity) ? severity : 'INFO';
  emitEvent({
    logType: logTypeFor(level),
    severity: level,
    message: String(message),
  });
}

function logTypeFor(severity: Severity) {
  switch (severity) {
    case 'DEBUG':
      return 'DEBUG' as const;
    case 'INFO':
      return 'INFO' as const;
    case 'WARNING':
      return 'WARNING' as const;
    default:
      return 'ERROR' as const;
  }
}
