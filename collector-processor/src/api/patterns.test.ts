import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log.ts';
import { patternIncrements } from '../patterns/increments.ts';
import { patternEvent } from '../patterns/test-events.ts';
import type { Pattern } from '../store/patterns.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { buildApiServer } from './server.ts';

const TOKEN = 'test-token';
let dir: string;
let store: SqliteStore;
let app: FastifyInstance;
let base: string;

const at = (s: number) => `2026-03-01T00:00:${String(s).padStart(2, '0')}Z`;
const call = (method: string, url: string, body?: unknown, token: string | null = TOKEN) =>
  fetch(`${base}/api/v1${url}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const json = async <T>(res: Response) => (await res.json()) as T;
const codeOf = async (res: Response) => (await json<{ error: { code: string } }>(res)).error.code;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-patterns-api-'));
  store = new SqliteStore({ dataDir: dir });
  // big: 6 events, 3 users, CRITICAL; small: 2 events from payments; log: a LOG pattern.
  const events = [
    ...[0, 1, 2, 3, 4, 5].map((i) =>
      patternEvent(`b${i}`, at(10 + i), 'big', {
        user: `u${i % 3}`,
        severity: i === 0 ? 'CRITICAL' : 'ERROR',
      }),
    ),
    ...[0, 1].map((i) =>
      patternEvent(`s${i}`, at(30 + i), 'small', { service: 'payments', user: 'u9' }),
    ),
    {
      ...patternEvent('l0', at(40), 'log'),
      faultline: {
        log_type: 'WARNING' as const,
        severity: 'WARNING' as const,
        status: 'open' as const,
      },
    },
  ];
  await store.writeEvents(events);
  await store.patterns.upsert(patternIncrements(events));
  app = await buildApiServer({ store, adminToken: TOKEN, logger: silentLogger });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

interface Page {
  items: Pattern[];
  next: string | null;
  total: { value: number; relation: string };
}
const ids = async (url: string) =>
  (await json<Page>(await call('GET', url))).items.map((p) => p.id);

describe('GET /patterns', () => {
  it('lists with the list shape, sorted by last seen by default, and by count or users', async () => {
    const page = await json<Page>(await call('GET', '/patterns'));
    expect(page.items.map((p) => p.id)).toEqual(['log', 'small', 'big']);
    expect(page.total).toEqual({ value: 3, relation: 'eq' });
    expect(page.next).toBeNull();
    expect(await ids('/patterns?sort=count')).toEqual(['big', 'small', 'log']);
    expect(await ids('/patterns?sort=users')).toEqual(['big', 'small', 'log']);
  });

  it('filters by type, service, severity, status and time range', async () => {
    expect(await ids('/patterns?type=WARNING')).toEqual(['log']);
    expect(await ids('/patterns?service=payments')).toEqual(['small']);
    expect(await ids('/patterns?severity=CRITICAL,WARNING')).toEqual(['log', 'big']);
    expect(await ids('/patterns?status=ignored')).toEqual([]);
    expect(await ids(`/patterns?from=${at(20)}&to=${at(35)}`)).toEqual(['small']);
  });

  it('pages with next', async () => {
    const first = await json<Page>(await call('GET', '/patterns?limit=2'));
    expect(first.items).toHaveLength(2);
    const second = await json<Page>(await call('GET', `/patterns?limit=2&cursor=${first.next}`));
    expect(second.items.map((p) => p.id)).toEqual(['big']);
    expect(second.next).toBeNull();
  });

  it('answers 400 on bad parameters and 401 without the token', async () => {
    for (const url of [
      '/patterns?status=gone',
      '/patterns?sort=title',
      '/patterns?cursor=x',
      '/patterns?nope=1',
    ]) {
      const res = await call('GET', url);
      expect(res.status, url).toBe(400);
      expect(await codeOf(res)).toBe('invalid_argument');
    }
    expect((await call('GET', '/patterns', undefined, null)).status).toBe(401);
  });
});

describe('GET /patterns/:id', () => {
  it('gives the pattern, its newest events and stats', async () => {
    const body = await json<{
      pattern: Pattern;
      events: { event: { id: string } }[];
      stats: { events: number };
    }>(await call('GET', '/patterns/big'));
    expect(body.pattern).toMatchObject({
      id: 'big',
      count: 6,
      user_count: 3,
      severity: 'CRITICAL',
    });
    expect(body.events.map((e) => e.event.id)).toEqual(['b5', 'b4', 'b3', 'b2', 'b1', 'b0']);
    expect(body.stats.events).toBe(6);
  });

  it('404 for an unknown id', async () => {
    const res = await call('GET', '/patterns/nothing');
    expect(res.status).toBe(404);
    expect(await codeOf(res)).toBe('not_found');
  });
});

describe('PATCH /patterns/:id', () => {
  it('sets status, assignee and notes; records history and audit', async () => {
    const res = await call('PATCH', '/patterns/small', {
      status: 'resolved',
      resolved_in_version: '2.1.0',
      assignee: 'ana',
      notes: 'pool size raised',
    });
    expect(res.status).toBe(200);
    const p = await json<Pattern>(res);
    expect(p).toMatchObject({
      status: 'resolved',
      resolved_in_version: '2.1.0',
      assignee: 'ana',
      notes: 'pool size raised',
    });
    expect(p.status_history).toEqual([
      { status: 'resolved', at: expect.any(String), by: 'admin', resolved_in_version: '2.1.0' },
    ]);
    const cleared = await json<Pattern>(
      await call('PATCH', '/patterns/small', {
        assignee: null,
        status: 'ignored',
        ignore_count: 5,
      }),
    );
    expect(cleared.assignee).toBeUndefined();
    expect(cleared.resolved_in_version).toBeUndefined();
    expect(cleared).toMatchObject({ status: 'ignored', ignore_until_count: 7 });
    expect(cleared.status_history).toHaveLength(2);
    const audit = await store.audit.list({ limit: 10 });
    expect(audit.filter((r) => r.action === 'pattern.update' && r.target === 'small')).toHaveLength(
      2,
    );
    expect(await ids('/patterns?status=ignored')).toEqual(['small']);
  });

  it.each([
    [{}, 'an empty body'],
    [{ status: 'done' }, 'an unknown status'],
    [{ resolved_in_version: '1.0' }, 'a version without status resolved'],
    [{ status: 'ignored', ignore_until: 'tomorrow' }, 'a bad time'],
    [{ status: 'ignored', ignore_count: 0 }, 'a bad count'],
    [{ color: 'red' }, 'an unknown field'],
  ] as [object, string][])('400 for %j (%s)', async (body) => {
    const res = await call('PATCH', '/patterns/big', body);
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe('invalid_argument');
  });

  it('404 for an unknown id', async () => {
    expect((await call('PATCH', '/patterns/nothing', { notes: 'x' })).status).toBe(404);
  });
});

describe('merge and unmerge', () => {
  it('merges a pattern into another and unmerges it back', async () => {
    const merged = await json<Pattern>(await call('POST', '/patterns/log/merge', { into: 'big' }));
    expect(merged).toMatchObject({ id: 'big', count: 7 });
    expect(await ids('/patterns')).not.toContain('log');
    const log = await json<{ pattern: Pattern }>(await call('GET', '/patterns/log'));
    expect(log.pattern).toMatchObject({ merged_into: 'big', merged_count: 1 });
    expect(log.pattern.status_history?.at(-1)).toMatchObject({ by: 'admin', merged_into: 'big' });

    const restored = await json<Pattern>(await call('POST', '/patterns/log/unmerge'));
    expect(restored.merged_into).toBeUndefined();
    expect(restored.merged_count).toBeUndefined();
    // Kept apart from its former target: automatic merges never join them again.
    expect(restored.kept_apart).toEqual(['big']);
    expect(restored.status_history?.at(-1)).toMatchObject({ by: 'admin', unmerged_from: 'big' });
    expect((await store.patterns.get('big'))?.count).toBe(6);
    expect(await ids('/patterns')).toContain('log');
    const actions = (await store.audit.list({ limit: 20 })).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['pattern.merge', 'pattern.unmerge']));
  });

  it('400 for a bad body, merging into itself, or unmerging an unmerged pattern; 404 for unknown ids', async () => {
    expect((await call('POST', '/patterns/log/merge', {})).status).toBe(400);
    expect((await call('POST', '/patterns/log/merge', { into: 'log' })).status).toBe(400);
    expect((await call('POST', '/patterns/log/unmerge')).status).toBe(400);
    expect((await call('POST', '/patterns/log/merge', { into: 'nothing' })).status).toBe(404);
    expect((await call('POST', '/patterns/nothing/merge', { into: 'big' })).status).toBe(404);
    expect((await call('POST', '/patterns/nothing/unmerge')).status).toBe(404);
  });
});

describe('GET /patterns/:id/similar', () => {
  it('proposes patterns whose titles differ in one word that takes several values', async () => {
    const tables = ['orders', 'carts', 'users'];
    const incs = tables.map((t, i) => ({
      id: `lock-${t}`,
      title: `LockError: lock wait timeout on table ${t}`,
      type: 'EXCEPTION' as const,
      first_seen: at(50 + i),
      last_seen: at(50 + i),
      count: 1,
      severity: 'ERROR' as const,
    }));
    await store.patterns.upsert(incs);
    const body = await json<{ items: { into: string; keys: string[] }[] }>(
      await call('GET', '/patterns/lock-users/similar'),
    );
    expect(body.items).toEqual([
      expect.objectContaining({
        into: 'lock-carts',
        keys: ['lock-carts', 'lock-orders', 'lock-users'],
      }),
    ]);
    expect(
      (await json<{ items: unknown[] }>(await call('GET', '/patterns/big/similar'))).items,
    ).toEqual([]);
    expect((await call('GET', '/patterns/nothing/similar')).status).toBe(404);
  });
});
