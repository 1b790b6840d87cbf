import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log.ts';
import type { FaultlineEvent } from '../schema/index.ts';
import { sampleEvent } from '../store/conformance.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { buildApiServer } from './server.ts';

const TOKEN = 'test-token';
let dir: string;
let store: SqliteStore;
let app: FastifyInstance;
let base: string;

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface PageBody {
  items: FaultlineEvent[];
  next: string | null;
  total: { value: number; relation: string };
}
const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error;
const pageOf = async (res: Response) => (await res.json()) as PageBody;

const get = (url: string, token: string | null = TOKEN) =>
  fetch(`${base}${url}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-api-'));
  store = new SqliteStore({ dataDir: dir });
  await store.writeEvents(
    ['1', '2', '3'].map((n) => sampleEvent(`e${n}`, `2026-01-01T00:00:0${n}Z`)),
  );
  app = await buildApiServer({ store, adminToken: TOKEN, logger: silentLogger });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('authentication', () => {
  it('answers 401 with an error body and a challenge without a token', async () => {
    const res = await get('/api/v1/events', null);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toEqual({
      error: {
        code: 'unauthorized',
        message: 'this route needs an Authorization: Bearer <token> header',
      },
    });
  });

  it('answers 401 for a wrong token', async () => {
    const res = await get('/api/v1/events', 'nope');
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('unauthorized');
  });

  it('asks for the token on unknown /api/v1 paths too', async () => {
    expect((await get('/api/v1/secret-things', null)).status).toBe(401);
    const res = await get('/api/v1/secret-things');
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('not_found');
  });

  it('/healthz needs no token', async () => {
    const res = await get('/healthz', null);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /api/v1/events', () => {
  it('lists newest first with items, next and total', async () => {
    const res = await get('/api/v1/events');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await pageOf(res);
    expect(body.items.map((e) => e.event.id)).toEqual(['e3', 'e2', 'e1']);
    expect(body.next).toBeNull();
    expect(body.total).toEqual({ value: 3, relation: 'eq' });
    expect(body.items[0]).toEqual(sampleEvent('e3', '2026-01-01T00:00:03Z'));
  });

  it('pages with limit and cursor', async () => {
    const first = await pageOf(await get('/api/v1/events?limit=2'));
    expect(first.items).toHaveLength(2);
    expect(typeof first.next).toBe('string');
    const second = await pageOf(
      await get(`/api/v1/events?limit=2&cursor=${encodeURIComponent(first.next!)}`),
    );
    expect(second.items.map((e) => e.event.id)).toEqual(['e1']);
    expect(second.next).toBeNull();
  });

  it.each(['0', '501', 'abc', '2.5', ''])('limit=%j → 400 naming limit', async (limit) => {
    const res = await get(`/api/v1/events?limit=${limit}`);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid_argument');
    expect(error.message).toMatch(/^limit must be an integer between 1 and 500/);
    expect(error.details).toEqual({ parameter: 'limit' });
  });

  it('a repeated limit → 400', async () => {
    const res = await get('/api/v1/events?limit=1&limit=2');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details).toEqual({ parameter: 'limit' });
  });

  it('a cursor the store did not issue → 400 naming cursor', async () => {
    const res = await get('/api/v1/events?cursor=garbage');
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({
      code: 'invalid_argument',
      details: { parameter: 'cursor' },
    });
  });
});

describe('GET /api/v1/events/:id', () => {
  it('returns the event', async () => {
    const res = await get('/api/v1/events/e2');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(sampleEvent('e2', '2026-01-01T00:00:02Z'));
  });

  it('answers 404 not_found for an unknown id', async () => {
    const res = await get('/api/v1/events/missing');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'no event with id "missing"' },
    });
  });
});

describe('other paths', () => {
  it('answers 404 in the error shape', async () => {
    const res = await get('/nowhere', null);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'no route GET /nowhere' },
    });
  });
});
