import { describe, expect, it } from 'vitest';
import { fetchError, stubBackend } from '../test/backendStub.ts';
import { makeEvent, makePage } from '../test/fixtures.ts';
import { UnexpectedResponseError, listEvents } from './api.ts';

describe('listEvents', () => {
  it('asks the processor through the plugin proxy route and returns the page', async () => {
    const page = { ...makePage([makeEvent()], 'cursor-2'), total: { value: 12, relation: 'gte' } };
    const { backend, requests } = stubBackend(() => ({ data: page }));

    const result = await listEvents({ limit: 50 }, backend);

    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      url: '/api/plugin-proxy/faultline-systemlogs-app/api/v1/events',
      params: { limit: 50 },
      showErrorAlert: false,
    });
    expect(result).toEqual(page);
  });

  it('sends the cursor when given and no params that were not given', async () => {
    const { backend, requests } = stubBackend(() => ({ data: makePage([]) }));
    await listEvents({ cursor: 'abc' }, backend);
    expect(requests[0]?.params).toEqual({ cursor: 'abc' });
  });

  it('treats a missing next as the last page', async () => {
    const { backend } = stubBackend(() => ({
      data: { items: [], total: { value: 0, relation: 'eq' } },
    }));
    expect((await listEvents({}, backend)).next).toBeNull();
  });

  it('rejects an answer that is not a list with UnexpectedResponseError', async () => {
    const { backend } = stubBackend(() => ({ data: '<html>login</html>' }));
    await expect(listEvents({}, backend)).rejects.toBeInstanceOf(UnexpectedResponseError);
  });

  it('passes a failed request on unchanged', async () => {
    const failure = fetchError(502, { message: 'Bad Gateway' });
    const { backend } = stubBackend(() => ({ fail: failure }));
    await expect(listEvents({}, backend)).rejects.toBe(failure);
  });
});
