// The shop's own error classes: each carries the HTTP status it maps to.

export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly status = 400;
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
  readonly status = 404;
}

export class PaymentDeclinedError extends Error {
  override name = 'PaymentDeclinedError';
  readonly status = 402;
  readonly declineReason: string;

  constructor(declineReason: string, amountCents: number) {
    super(`Payment of ${(amountCents / 100).toFixed(2)} EUR declined: ${declineReason}`);
    this.declineReason = declineReason;
  }
}

export class DatabaseTimeoutError extends Error {
  override name = 'DatabaseTimeoutError';
  readonly status = 503;

  constructor(query: string, timeoutMs: number) {
    super(`Query timed out after ${timeoutMs} ms: ${query}`);
  }
}

export function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
