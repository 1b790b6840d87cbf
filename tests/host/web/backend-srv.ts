import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { Observable, lastValueFrom } from 'rxjs';
import { map } from 'rxjs/operators';

// What Grafana's backend_srv does for plugins, reduced to what a plugin can observe: requests
// go to the same origin (so through the host's plugin proxy), non-2xx answers become a
// FetchError, and the body is parsed as the request's responseType asks.

type Body = BodyInit | null | undefined;

function buildUrl(url: string, params: BackendSrvRequest['params']): string {
  if (!params) return url;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const query = search.toString();
  if (!query) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

function encodeBody(data: unknown, headers: Headers): Body {
  if (data === undefined || data === null) return undefined;
  if (
    typeof data === 'string' ||
    data instanceof FormData ||
    data instanceof Blob ||
    data instanceof URLSearchParams ||
    data instanceof ArrayBuffer
  ) {
    return data;
  }
  if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  return JSON.stringify(data);
}

function toRequestInit(options: BackendSrvRequest, signal: AbortSignal): RequestInit {
  const headers = new Headers(options.headers ?? {});
  if (!headers.has('Accept')) headers.set('Accept', 'application/json, text/plain, */*');
  headers.set('X-Grafana-Org-Id', '1');
  const method = (options.method ?? 'GET').toUpperCase();
  return {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : encodeBody(options.data, headers),
    credentials: options.credentials ?? 'same-origin',
    signal,
  };
}

async function parseBody(response: Response, responseType: BackendSrvRequest['responseType']) {
  if (responseType === 'blob') return response.blob();
  if (responseType === 'arraybuffer') return response.arrayBuffer();
  const text = await response.text();
  if (responseType === 'text' || text === '') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Grafana falls back to the text when the body is not JSON.
    return text;
  }
}

function errorMessage(data: unknown, statusText: string): string {
  if (data && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    if (typeof record.message === 'string') return record.message;
    const nested = record.error as Record<string, unknown> | string | undefined;
    if (typeof nested === 'string') return nested;
    if (nested && typeof nested.message === 'string') return nested.message;
  }
  return statusText;
}

function toFetchResponse<T>(
  response: Response,
  data: T,
  config: BackendSrvRequest,
): FetchResponse<T> {
  return {
    data,
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    headers: response.headers,
    redirected: response.redirected,
    type: response.type,
    url: response.url,
    config,
  };
}

/** One request as an Observable: unsubscribing aborts it, like Grafana's. */
function fetchObservable<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
  return new Observable<FetchResponse<T>>((subscriber) => {
    const controller = new AbortController();
    options.abortSignal?.addEventListener('abort', () => controller.abort());
    const url = buildUrl(options.url, options.params);
    fetch(url, toRequestInit(options, controller.signal))
      .then(async (response) => {
        const data = (await parseBody(response, options.responseType)) as T;
        if (!response.ok) {
          const error: FetchError = {
            status: response.status,
            statusText: response.statusText,
            data,
            message: errorMessage(data, response.statusText),
            config: options,
          };
          subscriber.error(error);
          return;
        }
        subscriber.next(toFetchResponse(response, data, options));
        subscriber.complete();
      })
      .catch((cause: unknown) => {
        const cancelled = controller.signal.aborted;
        const error: FetchError = {
          status: cancelled ? -1 : 0,
          statusText: cancelled ? 'Request was aborted' : String(cause),
          data: undefined,
          cancelled,
          config: options,
        };
        subscriber.error(error);
      });
    return () => controller.abort();
  });
}

/** Streams the body chunk by chunk, as Grafana's `chunked` does for live answers. */
function chunkedObservable(
  options: BackendSrvRequest,
): Observable<FetchResponse<Uint8Array | undefined>> {
  return new Observable((subscriber) => {
    const controller = new AbortController();
    fetch(buildUrl(options.url, options.params), toRequestInit(options, controller.signal))
      .then(async (response) => {
        const reader = response.body?.getReader();
        if (!reader) {
          subscriber.next(toFetchResponse(response, undefined, options));
          subscriber.complete();
          return;
        }
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          subscriber.next(toFetchResponse(response, value, options));
        }
        subscriber.complete();
      })
      .catch((cause: unknown) => subscriber.error(cause));
    return () => controller.abort();
  });
}

export function createBackendSrv(): BackendSrv {
  const request = <T>(options: BackendSrvRequest): Promise<T> =>
    lastValueFrom(fetchObservable<T>(options).pipe(map((response) => response.data)));

  return {
    fetch: fetchObservable,
    chunked: chunkedObservable,
    request,
    datasourceRequest: <T>(options: BackendSrvRequest) =>
      lastValueFrom(fetchObservable<T>(options)),
    get: (url, params, requestId, options) =>
      request({ ...options, url, params, requestId, method: 'GET' }),
    delete: (url, data, options) => request({ ...options, url, data, method: 'DELETE' }),
    post: (url, data, options) => request({ ...options, url, data, method: 'POST' }),
    patch: (url, data, options) => request({ ...options, url, data, method: 'PATCH' }),
    put: (url, data, options) => request({ ...options, url, data, method: 'PUT' }),
  };
}
