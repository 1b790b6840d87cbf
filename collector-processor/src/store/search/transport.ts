/**
 * The one call the search backends make: a REST request, answered with the
 * status and the parsed body whatever the status. Each engine's official
 * client is wrapped into this (opensearch/, elasticsearch/), so every
 * builder and the whole store are shared and differ only in the dialect.
 */
export interface EngineResponse {
  readonly status: number;
  // The engines' JSON, read field by field where used.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

export interface EngineRequest {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';
  readonly path: string;
  readonly body?: unknown;
  /** NDJSON lines for _bulk (sent instead of body). */
  readonly ndjson?: string;
  readonly query?: Readonly<Record<string, string | number | boolean>>;
}

export interface EngineTransport {
  request(request: EngineRequest): Promise<EngineResponse>;
  close(): Promise<void>;
}

/** An answer the store did not expect: the engine's status and reason, for logs and callers. */
export class EngineError extends Error {
  readonly status: number;
  constructor(what: string, response: EngineResponse) {
    const error = response.body?.error;
    const reason =
      typeof error === 'string'
        ? error
        : error
          ? `${error.type}: ${error.reason}`
          : JSON.stringify(response.body).slice(0, 300);
    super(`${what} failed with HTTP ${response.status}: ${reason}`);
    this.name = 'EngineError';
    this.status = response.status;
  }
}

/** The response when 2xx (or one of `also`), else an EngineError naming the step. */
export async function expectOk(
  transport: EngineTransport,
  what: string,
  request: EngineRequest,
  also: readonly number[] = [],
): Promise<EngineResponse> {
  const response = await transport.request(request);
  if ((response.status >= 200 && response.status < 300) || also.includes(response.status)) {
    return response;
  }
  throw new EngineError(what, response);
}

/**
 * Both official clients throw for 4xx/5xx with the response under `meta`;
 * this turns such an error back into a response, and rethrows anything else
 * (connection refused, timeouts).
 */
export function responseOfError(error: unknown): EngineResponse {
  const meta = (error as { meta?: { statusCode?: number; body?: unknown } })?.meta;
  if (meta && typeof meta.statusCode === 'number' && meta.statusCode >= 400) {
    return { status: meta.statusCode, body: meta.body };
  }
  throw error;
}
