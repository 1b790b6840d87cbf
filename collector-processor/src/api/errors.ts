import type { FastifyError, FastifyReply } from 'fastify';

/**
 * API errors: `{ "error": { "code", "message", "details"? } }`. The codes are
 * stable (clients branch on them); messages are for people and may change.
 */
export const ERROR_CODES = {
  invalid_argument: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

/** A bad query or path parameter: 400, naming the parameter. */
export function invalidParameter(parameter: string, message: string): ApiError {
  return new ApiError('invalid_argument', message, { parameter });
}

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  const body = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    },
  };
  return reply.code(error.status).type('application/json; charset=utf-8').send(body);
}

/** Fastify's own 4xx errors (bad JSON, wrong media type…) in our shape; anything else is ours to fix. */
export function fromFastifyError(error: FastifyError): ApiError | undefined {
  const status = error.statusCode ?? 500;
  if (status >= 500) return undefined;
  const code =
    (Object.entries(ERROR_CODES).find(([, s]) => s === status)?.[0] as ErrorCode | undefined) ??
    'invalid_argument';
  return new ApiError(code, error.message);
}
