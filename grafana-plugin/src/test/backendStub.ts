import type { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { defer, lastValueFrom, of, throwError, type Observable } from 'rxjs';

/** What the stub answers one request with: a body (status 200) or a failure. */
export type StubAnswer = { data: unknown } | { fail: FetchError | Error };

/**
 * A stand-in for Grafana's backendSrv (fetch and post only) that records
 * requests and answers from a function, so tests see exactly what the plugin asked for.
 */
export function stubBackend(answer: (request: BackendSrvRequest) => StubAnswer) {
  const requests: BackendSrvRequest[] = [];

  const respond = (request: BackendSrvRequest): Observable<FetchResponse<unknown>> =>
    defer(() => {
      requests.push(request);
      const result = answer(request);
      if ('fail' in result) return throwError(() => result.fail);
      return of({
        data: result.data,
        status: 200,
        statusText: 'OK',
        ok: true,
        headers: new Headers(),
        redirected: false,
        type: 'basic' as const,
        url: request.url,
        config: request,
      });
    });

  const backend = {
    fetch: respond,
    post: async (url: string, data?: unknown) =>
      (await lastValueFrom(respond({ url, method: 'POST', data }))).data,
  };
  return { backend: backend as unknown as BackendSrv, requests };
}

export function fetchError(status: number, data: unknown): FetchError {
  return { status, statusText: '', data, config: { url: '' } };
}
