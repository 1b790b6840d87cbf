import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log.ts';
import { SEVERITIES, type FaultlineEvent } from '../schema/index.ts';
import { realisticEvents } from '../store/fixture.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { buildApiServer } from './server.ts';

const DATA = realisticEvents(80, Date.parse('2026-03-01T00:00:00Z'), 3_600_000);
let dir: string;
let store: SqliteStore;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-api-filters-'));
  store = new SqliteStore({ dataDir: dir });
  await store.writeEvents(DATA);
  app = await buildApiServer({ store, adminToken: 't', logger: silentLogger });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Page {
  items: FaultlineEvent[];
  next: string | null;
  total: { value: number; relation: string };
}
const get = (query: string) =>
  fetch(`${base}/api/v1/events?${query}`, { headers: { authorization: 'Bearer t' } });
const ids = async (query: string) => {
  const res = await get(`limit=500&${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as Page).items.map((e) => e.event.id);
};
const want = (keep: (e: FaultlineEvent) => boolean) =>
  DATA.filter(keep)
    .map((e) => e.event.id)
    .reverse();

describe('GET /api/v1/events filters', () => {
  it.each<[string, (e: FaultlineEvent) => boolean]>([
    ['severity=DEBUG,WARNING', (e) => ['DEBUG', 'WARNING'].includes(e.faultline.severity)],
    ['severity=DEBUG&severity=FATAL', (e) => ['DEBUG', 'FATAL'].includes(e.faultline.severity)],
    ['min_severity=ERROR', (e) => SEVERITIES.indexOf(e.faultline.severity) >= 3],
    ['log_type=EXCEPTION', (e) => e.faultline.log_type === 'EXCEPTION'],
    ['status=resolved', (e) => e.faultline.status === 'resolved'],
    ['service=payments,search', (e) => ['payments', 'search'].includes(e.service!.name!)],
    ['environment=staging', (e) => e.deployment?.environment?.name === 'staging'],
    ['module=card&function=chargeCard', (e) => e.faultline.module === 'card'],
    ['min_duration_ms=1500', (e) => e.event.duration! >= 1.5e9],
    ['min_memory_bytes=268435456', (e) => e.faultline.perf!.memory_bytes! >= 268435456],
    [
      'security_level=high,critical',
      (e) => ['high', 'critical'].includes(e.faultline.security?.level ?? ''),
    ],
    ['tags=vip', (e) => (e.tags ?? []).includes('vip')],
    ['tags_all=beta,vip', (e) => ['beta', 'vip'].every((t) => (e.tags ?? []).includes(t))],
    ['user=u7,u12,u30,u41', (e) => ['u7', 'u12', 'u30', 'u41'].includes(e.user?.id ?? '')],
    ['q=timeout', (e) => e.message.includes('timeout')],
    [
      'from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z',
      (e) => e['@timestamp'].startsWith('2026-03-02'),
    ],
    [`trace_id=${DATA[9]!.trace!.id}`, (e) => e === DATA[9]],
  ])('%s', async (query, keep) => {
    const expected = want(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(await ids(query)).toEqual(expected);
  });

  it('sort=oldest pages oldest first, and the answer keeps its shape', async () => {
    const res = await get('sort=oldest&limit=2&service=payments');
    const page = (await res.json()) as Page;
    expect(Object.keys(page).sort()).toEqual(['items', 'next', 'total']);
    const payments = DATA.filter((e) => e.service?.name === 'payments');
    expect(page.items.map((e) => e.event.id)).toEqual(payments.slice(0, 2).map((e) => e.event.id));
    expect(page.total).toEqual({ value: payments.length, relation: 'eq' });
    const next = (await (
      await get(`sort=oldest&limit=2&service=payments&cursor=${encodeURIComponent(page.next!)}`)
    ).json()) as Page;
    expect(next.items[0]!.event.id).toBe(payments[2]!.event.id);
  });

  it.each([
    ['severity=LOUD', 'severity', /severity must be one or more of DEBUG, INFO/],
    ['log_type=', 'log_type', /log_type must not be empty/],
    ['min_severity=ERROR,FATAL', 'min_severity', /takes one value/],
    ['status=closed', 'status', /status must be one or more of open/],
    ['security_level=extreme', 'security_level', /security_level/],
    ['from=yesterday', 'from', /ISO-8601/],
    ['to=2026-03-01', 'to', /ISO-8601/],
    ['from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 'to', /later than from/],
    ['min_duration_ms=-1', 'min_duration_ms', /non-negative number/],
    ['min_memory_bytes=lots', 'min_memory_bytes', /non-negative number/],
    ['sort=random', 'sort', /newest or oldest/],
    ['q=a&q=b', 'q', /given once/],
    ['servce=payments', 'servce', /unknown parameter "servce"/],
  ])('%s → 400 naming %s', async (query, parameter, message) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as {
      error: { code: string; message: string; details: unknown };
    };
    expect(error.code).toBe('invalid_argument');
    expect(error.details).toEqual({ parameter });
    expect(error.message).toMatch(message);
  });
});
