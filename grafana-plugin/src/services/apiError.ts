import { isFetchError } from '@grafana/runtime';

/** Pulls a human-readable message out of whatever the request failed with. */
export function describeApiError(error: unknown): string {
  if (isFetchError(error)) {
    const data: unknown = error.data;
    const message = messageFromBody(data);
    const status = error.status ? `HTTP ${error.status}` : 'Request failed';
    return message
      ? `${status}: ${message}`
      : `${status}${error.statusText ? ` ${error.statusText}` : ''}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

// The processor answers `{ error: { code, message } }`; Grafana's proxy answers `{ message }`.
function messageFromBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { error, message } = body as { error?: { message?: unknown }; message?: unknown };
  if (typeof error?.message === 'string') return error.message;
  if (typeof message === 'string') return message;
  return undefined;
}
