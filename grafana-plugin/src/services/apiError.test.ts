import { describe, expect, it } from 'vitest';
import { fetchError } from '../test/backendStub.ts';
import { describeApiError } from './apiError.ts';

describe('describeApiError', () => {
  it('uses the message of a processor error body', () => {
    const error = fetchError(401, { error: { code: 'unauthorized', message: 'Invalid token' } });
    expect(describeApiError(error)).toBe('HTTP 401: Invalid token');
  });

  it("uses the message of Grafana's proxy error body", () => {
    const error = fetchError(502, { message: 'Bad Gateway' });
    expect(describeApiError(error)).toBe('HTTP 502: Bad Gateway');
  });

  it('falls back to the status when the body says nothing', () => {
    expect(describeApiError({ ...fetchError(503, ''), statusText: 'Service Unavailable' })).toBe(
      'HTTP 503 Service Unavailable',
    );
  });

  it('uses the message of a thrown Error', () => {
    expect(describeApiError(new Error('offline'))).toBe('offline');
  });
});
