import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../log.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { registerOpsRoutes } from '../health/routes.ts';
import { buildApiServer } from './server.ts';
import { OPENAPI_PATH } from './openapi.ts';

let dir: string;
let store: SqliteStore;
let app: FastifyInstance;
const routes: { method: string; url: string }[] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'faultline-openapi-'));
  store = new SqliteStore({ dataDir: dir });
  app = await buildApiServer({
    store,
    adminToken: 't',
    logger: silentLogger,
    onRoute: (r) => {
      for (const method of [r.method].flat()) routes.push({ method, url: r.url });
    },
  });
  // As the processor does: its health and metrics routes are added after the API's.
  registerOpsRoutes(app, { registry: new Registry(), readiness: { checks: {} } });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
  await fs.rm(dir, { recursive: true, force: true });
});

type Doc = { openapi: string; paths: Record<string, Record<string, unknown>> };

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document, served without a token', async () => {
    const res = await app.inject({ method: 'GET', url: OPENAPI_PATH });
    expect(res.statusCode).toBe(200);
    const doc = res.json<Doc>();
    expect(doc.openapi).toBe('3.1.0');
    // The event schema is one shared component, referred to by the event routes.
    expect(JSON.stringify(doc.paths['/api/v1/events/{id}'])).toContain(
      '#/components/schemas/FaultlineEvent',
    );
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('says what every query parameter means', async () => {
    const doc = (await app.inject({ method: 'GET', url: OPENAPI_PATH })).json<Doc>();
    const parameters = Object.values(doc.paths)
      .flatMap((ops) => Object.values(ops))
      .flatMap(
        (op) =>
          (op as { parameters?: { in: string; name: string; description?: string }[] })
            .parameters ?? [],
      )
      .filter((p) => p.in === 'query');
    expect(parameters.length).toBeGreaterThan(30);
    expect(parameters.filter((p) => !p.description || p.description === p.name)).toEqual([]);
  });

  it('describes every registered route (HEAD routes are implied by GET)', async () => {
    const doc = (await app.inject({ method: 'GET', url: OPENAPI_PATH })).json<Doc>();
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    );
    const registered = routes
      .filter((r) => r.method !== 'HEAD')
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(registered).toEqual(
      expect.arrayContaining(['GET /readyz', 'GET /metrics', 'POST /api/v1/fingerprint-rules']),
    );
    expect(registered.filter((r) => !documented.has(r))).toEqual([]);
  });
});
