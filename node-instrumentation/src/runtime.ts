// What the event API needs from a started SDK. Before init(), or when
// telemetry is off, there is no runtime and every API call is a cheap no-op.
import type { Logger } from '@opentelemetry/api';
import type { Redactor } from './redact.ts';

export interface CaptureOptions {
  /** Put the (scrubbed) query string on events as `url.query`. */
  readonly captureQuery: boolean;
  /** Put the (scrubbed) parsed request body on events as `faultline.request.body`. */
  readonly captureBody: boolean;
}

export interface Runtime extends CaptureOptions {
  readonly logger: Logger;
  readonly redactor: Redactor;
}

let current: Runtime | undefined;

export function setRuntime(runtime: Runtime | undefined): void {
  current = runtime;
}

export function getRuntime(): Runtime | undefined {
  return current;
}
