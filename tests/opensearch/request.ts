/** Thrown for any non-2xx answer, carrying what OpenSearch said. */
export class OpenSearchHttpError extends Error {
  readonly status: number;
  readonly body: string;

  constructor(method: string, path: string, status: number, body: string) {
    super(`${method} ${path} → ${status}: ${body.slice(0, 2000)}`);
    this.name = 'OpenSearchHttpError';
    this.status = status;
    this.body = body;
  }
}

/**
 * One JSON request to OpenSearch over plain HTTP. A string body is sent as NDJSON (for _bulk);
 * anything else is sent as JSON.
 */
export async function requestJson<T>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const ndjson = typeof body === 'string';
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers:
      body === undefined
        ? {}
        : { 'content-type': ndjson ? 'application/x-ndjson' : 'application/json' },
    body: body === undefined ? undefined : ndjson ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new OpenSearchHttpError(method, path, response.status, text);
  return JSON.parse(text) as T;
}
