// End to end: real Express apps in child processes, started zero-code with
// `--import` / `-r @faultline/node/register`, exporting OTLP/HTTP log records
// and spans to a real receiving endpoint.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuiltPackage } from './test-support/built-package.ts';
import { fixturesDir, startChildApp, type ChildApp } from './test-support/child-app.ts';
import { express4Dir } from './test-support/express4.ts';
import {
  startOtlpCapture,
  type CapturedLog,
  type CapturedSpan,
  type OtlpCapture,
} from './test-support/otlp-capture.ts';

const IMPORT_REGISTER = ['--import', '@faultline/node/register'];
const REQUIRE_REGISTER = ['-r', '@faultline/node/register'];
const USER_AGENT = 'faultline-test-agent/1.0';

let capture: OtlpCapture;
const running: ChildApp[] = [];

beforeAll(async () => {
  assertBuiltPackage();
  capture = await startOtlpCapture();
});

afterEach(async () => {
  capture.failWith(undefined);
  await Promise.all(running.splice(0).map((app) => app.stop()));
});

afterAll(async () => {
  await capture?.close();
});

async function start(
  fixture: string,
  service: string,
  nodeArgs: string[],
  env: Record<string, string> = {},
): Promise<ChildApp> {
  const app = await startChildApp({
    fixture,
    nodeArgs,
    env: {
      OTEL_SERVICE_NAME: service,
      OTEL_EXPORTER_OTLP_ENDPOINT: capture.endpoint,
      ...env,
    },
  });
  running.push(app);
  return app;
}

function ofService(service: string, match: (log: CapturedLog) => boolean) {
  return (log: CapturedLog) => log.resource['service.name'] === service && match(log);
}

async function flush(app: ChildApp): Promise<void> {
  expect((await fetch(`${app.baseUrl}/__flush`, { method: 'POST' })).status).toBe(200);
}

describe('zero-code start on an unmodified Express app', () => {
  it.each([
    [
      'ESM with --import, Express 5',
      'plain-app.mjs',
      IMPORT_REGISTER,
      'unmodified app route failed',
      5,
    ],
    [
      'CommonJS with -r, Express 5',
      'plain-app.cjs',
      REQUIRE_REGISTER,
      'unmodified cjs route failed',
      5,
    ],
    [
      'ESM with --import, Express 4',
      'plain-app.mjs',
      IMPORT_REGISTER,
      'unmodified app route failed',
      4,
    ],
    [
      'CommonJS with -r, Express 4',
      'plain-app.cjs',
      REQUIRE_REGISTER,
      'unmodified cjs route failed',
      4,
    ],
  ])(
    '%s: an uncaught route error arrives as a log record with stack, route, user agent and IP',
    async (_label, fixture, nodeArgs, message, expressMajor) => {
      const service = `plain-${fixture.replace('.', '-')}-express${expressMajor}`;
      // Only the two variables of the acceptance criterion (FIXTURE_EXPRESS picks the fixture's Express).
      const app = await start(
        fixture,
        service,
        nodeArgs,
        expressMajor === 4 ? { FIXTURE_EXPRESS: express4Dir() } : {},
      );
      const response = await fetch(`${app.baseUrl}/orders/42/fail`, {
        headers: { 'user-agent': USER_AGENT },
      });
      expect(response.status).toBe(500);
      const log = await capture.waitForLog(
        ofService(service, (l) => l.attributes['exception.message'] === message),
      );
      expect(log.severityText).toBe('ERROR');
      expect(log.attributes).toMatchObject({
        'faultline.log_type': 'EXCEPTION',
        'exception.type': 'Error',
        'http.route': '/orders/:id/fail',
        'http.request.method': 'GET',
        'url.path': '/orders/42/fail',
        'user_agent.original': USER_AGENT,
        'client.address': '127.0.0.1',
        'http.response.status_code': 500,
      });
      expect(String(log.attributes['exception.stacktrace'])).toContain(fixture);
      expect(log.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(app.stderr()).not.toMatch(/FaultlineWarning/);
    },
  );

  it('with the default sampling, every route error arrives, traced or not, each once', async () => {
    const service = 'every-error';
    const app = await start('plain-app.mjs', service, IMPORT_REGISTER);
    const failing = 40;
    for (let i = 0; i < failing; i++) {
      const response = await fetch(`${app.baseUrl}/orders/${i}/fail`, {
        headers: { 'user-agent': USER_AGENT },
      });
      expect(response.status).toBe(500);
    }
    // The last request's record, then nothing more: all of them are in.
    await capture.waitForLog(
      ofService(service, (l) => l.attributes['url.path'] === `/orders/${failing - 1}/fail`),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const records = capture.logs.filter(
      (l) =>
        l.resource['service.name'] === service &&
        l.attributes['faultline.log_type'] === 'EXCEPTION',
    );
    expect(records.map((l) => l.attributes['url.path']).sort()).toEqual(
      Array.from({ length: failing }, (_, i) => `/orders/${i}/fail`).sort(),
    );
    for (const record of records) {
      expect(record.attributes).toMatchObject({
        'http.route': '/orders/:id/fail',
        'user_agent.original': USER_AGENT,
        'client.address': '127.0.0.1',
        'http.response.status_code': 500,
      });
      expect(record.traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    }
    // One after another on fetch's kept-alive connection: a context left over
    // from an earlier request would show as a repeated trace id.
    expect(new Set(records.map((l) => l.traceId)).size).toBe(failing);
  });

  it('with OTEL_TRACES_SAMPLER=always_off no trace is sent, and the error still is', async () => {
    const service = 'sampled-off';
    const app = await start('context-app.mjs', service, IMPORT_REGISTER, {
      OTEL_TRACES_SAMPLER: 'always_off',
    });
    expect((await fetch(`${app.baseUrl}/orders/1/fail`)).status).toBe(500);
    await flush(app);
    const log = await capture.waitForLog(
      ofService(service, (l) => l.attributes['exception.message'] === 'order route failed'),
    );
    expect(log.attributes['http.route']).toBe('/orders/:id/fail');
    expect(capture.spans.filter((s) => s.resource['service.name'] === service)).toEqual([]);
  });
});

describe('the server span of a plain node:http app', () => {
  const SPAN_KIND_SERVER = 2;
  const STATUS_ERROR = 2;

  it('carries the HTTP attributes, continues the incoming trace and marks a 5xx failed', async () => {
    const service = 'plain-http-server';
    const app = await start('http-app.mjs', service, IMPORT_REGISTER, {
      OTEL_TRACES_SAMPLER: 'always_on',
    });
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    await fetch(`${app.baseUrl}/items/7?secret=1`, {
      headers: { 'user-agent': USER_AGENT, traceparent: `00-${traceId}-${parentId}-01` },
    });
    expect((await fetch(`${app.baseUrl}/broken`)).status).toBe(503);
    await flush(app);
    const ofApp = (path: string) => (span: CapturedSpan) =>
      span.resource['service.name'] === service && span.attributes['url.path'] === path;
    const span = await capture.waitForSpan(ofApp('/items/7'));
    expect(span).toMatchObject({
      name: 'GET',
      kind: SPAN_KIND_SERVER,
      traceId,
      parentSpanId: parentId,
    });
    expect(span.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'network.protocol.version': '1.1',
      'client.address': '127.0.0.1',
      'user_agent.original': USER_AGENT,
      'http.response.status_code': 200,
    });
    expect(span.attributes).not.toHaveProperty('url.query');
    expect(span.statusCode).not.toBe(STATUS_ERROR);
    const broken = await capture.waitForSpan(ofApp('/broken'));
    expect(broken.statusCode).toBe(STATUS_ERROR);
    expect(broken.attributes).toMatchObject({
      'http.response.status_code': 503,
      'error.type': '503',
    });
  });
});

describe('the express instrumentation', () => {
  it.each([
    ['always_on', 'true', true],
    ['always_off', 'true', false],
    ['always_on', 'false', false],
  ])(
    'with %s and FAULTLINE_EXPRESS_LAYER_SPANS=%s, it runs: %s',
    async (sampler, layerSpans, instrumented) => {
      const app = await start(
        'context-app.mjs',
        `express-${sampler}-${layerSpans}`,
        IMPORT_REGISTER,
        {
          OTEL_TRACES_SAMPLER: sampler,
          FAULTLINE_EXPRESS_LAYER_SPANS: layerSpans,
        },
      );
      const response = await fetch(`${app.baseUrl}/__express-instrumented`);
      expect(await response.json()).toEqual({ instrumented });
    },
  );
});

describe('request and user context', () => {
  it('honours trust proxy for the client address and picks up req.user', async () => {
    const service = 'context-trusting';
    const app = await start('context-app.mjs', service, IMPORT_REGISTER, {
      FIXTURE_TRUST_PROXY: '1',
    });
    await fetch(`${app.baseUrl}/orders/7/fail`, {
      headers: { 'x-forwarded-for': '203.0.113.9', 'x-fixture-user': 'u-42' },
    });
    await flush(app);
    const log = await capture.waitForLog(
      ofService(service, (l) => l.attributes['url.path'] === '/orders/7/fail'),
    );
    expect(log.attributes).toMatchObject({
      'client.address': '203.0.113.9',
      'user.id': 'u-42',
      'user.name': 'name-of-u-42',
    });
  });

  it('without trust proxy the forwarded header is ignored', async () => {
    const service = 'context-untrusting';
    const app = await start('context-app.mjs', service, IMPORT_REGISTER);
    await fetch(`${app.baseUrl}/orders/8/fail`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    await flush(app);
    const log = await capture.waitForLog(
      ofService(service, (l) => l.attributes['url.path'] === '/orders/8/fail'),
    );
    expect(log.attributes['client.address']).toBe('127.0.0.1');
    expect(log.attributes['user.id']).toBeUndefined();
  });

  it('setUser() holds for the rest of its request only, across awaits and concurrent requests', async () => {
    const service = 'context-set-user';
    const app = await start('context-app.mjs', service, IMPORT_REGISTER);
    await Promise.all(['a1', 'b2', 'c3'].map((id) => fetch(`${app.baseUrl}/users/${id}/profile`)));
    await fetch(`${app.baseUrl}/orders/9/fail`);
    await flush(app);
    for (const id of ['a1', 'b2', 'c3']) {
      const log = await capture.waitForLog(
        ofService(service, (l) => l.body === `profile viewed ${id}`),
      );
      expect(log.attributes['user.id']).toBe(id);
      expect(log.attributes['user.name']).toBe('carol');
      expect(log.attributes['http.route']).toBe('/users/:id/profile');
    }
    const later = await capture.waitForLog(
      ofService(service, (l) => l.attributes['url.path'] === '/orders/9/fail'),
    );
    expect(later.attributes['user.id']).toBeUndefined();
  });

  it('query and body are left out by default', async () => {
    const service = 'context-no-body';
    const app = await start('context-app.mjs', service, IMPORT_REGISTER);
    await fetch(`${app.baseUrl}/login?page=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ada', password: 'hunter2' }),
    });
    await flush(app);
    const log = await capture.waitForLog(ofService(service, (l) => l.body === 'login rejected'));
    expect(log.attributes['url.path']).toBe('/login');
    expect(log.attributes['url.query']).toBeUndefined();
    expect(log.attributes['faultline.request.body']).toBeUndefined();
  });

  it('query and body, when enabled, arrive scrubbed', async () => {
    const service = 'context-with-body';
    const app = await start('context-app.mjs', service, IMPORT_REGISTER, {
      FAULTLINE_CAPTURE_QUERY: 'true',
      FAULTLINE_CAPTURE_BODY: 'true',
    });
    await fetch(`${app.baseUrl}/login?page=2&token=abc123`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer abcdefghijkl' },
      body: JSON.stringify({ username: 'ada', password: 'hunter2', card: '4111 1111 1111 1111' }),
    });
    await flush(app);
    const log = await capture.waitForLog(ofService(service, (l) => l.body === 'login rejected'));
    expect(log.attributes['url.query']).toBe('page=2&token=[REDACTED]');
    expect(JSON.parse(String(log.attributes['faultline.request.body']))).toEqual({
      username: 'ada',
      password: '[REDACTED]',
      card: '[REDACTED]',
    });
    const everything = JSON.stringify([
      capture.logs.filter((l) => l.resource['service.name'] === service),
      capture.spans.filter((s) => s.resource['service.name'] === service),
    ]);
    expect(everything).not.toMatch(/hunter2|abc123|4111|abcdefghijkl/);
  });
});

describe('uncaught errors', () => {
  it('an uncaught exception is sent as FATAL before the process exits with code 1 and Node’s message', async () => {
    const service = 'crash-uncaught';
    // A log export delay far beyond the test: only the exit flush can deliver it.
    const app = await start('context-app.mjs', service, IMPORT_REGISTER, {
      OTEL_BLRP_SCHEDULE_DELAY: '600000',
    });
    await fetch(`${app.baseUrl}/crash`);
    expect(await app.exited()).toBe(1);
    expect(app.stderr()).toContain('TypeError: crash in a timer');
    const log = await capture.waitForLog(
      ofService(service, (l) => l.attributes['exception.message'] === 'crash in a timer'),
    );
    expect(log.severityText).toBe('FATAL');
    expect(log.severityNumber).toBe(24);
    expect(log.attributes['exception.type']).toBe('TypeError');
    expect(log.attributes['faultline.context.origin']).toBe('uncaughtException');
  });

  it('an unhandled rejection is sent as ERROR and the process still exits with code 1', async () => {
    const service = 'crash-rejection';
    const app = await start('context-app.mjs', service, IMPORT_REGISTER, {
      OTEL_BLRP_SCHEDULE_DELAY: '600000',
    });
    await fetch(`${app.baseUrl}/reject`);
    expect(await app.exited()).toBe(1);
    expect(app.stderr()).toContain('nobody caught this rejection');
    const log = await capture.waitForLog(
      ofService(
        service,
        (l) => l.attributes['exception.message'] === 'nobody caught this rejection',
      ),
    );
    expect(log.severityText).toBe('ERROR');
    expect(log.attributes['exception.type']).toBe('RangeError');
    expect(log.attributes['faultline.context.origin']).toBe('unhandledRejection');
  });
});

describe('flush on exit', () => {
  it('a script that ends on its own still delivers its queued records', async () => {
    const service = 'short-script';
    const child = spawn(
      process.execPath,
      [...IMPORT_REGISTER, join(fixturesDir, 'short-script.mjs')],
      {
        cwd: fixturesDir,
        env: {
          ...process.env,
          OTEL_SERVICE_NAME: service,
          OTEL_EXPORTER_OTLP_ENDPOINT: capture.endpoint,
          // Far beyond the script's life: only the exit flush can send it.
          OTEL_BLRP_SCHEDULE_DELAY: '600000',
        },
        stdio: 'ignore',
      },
    );
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    const log = await capture.waitForLog(
      ofService(service, () => true),
      5_000,
    );
    expect(log.body).toBe('short script finished its work');
    expect(log.severityText).toBe('WARNING');
  });
});

describe('the processor being down', () => {
  it('costs the app nothing but one warning line; failures are counted', async () => {
    const service = 'processor-down';
    const app = await start('context-app.mjs', service, IMPORT_REGISTER, {
      OTEL_EXPORTER_OTLP_ENDPOINT: await closedPortUrl(),
      OTEL_TRACES_SAMPLER: 'always_on',
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_BLRP_SCHEDULE_DELAY: '50',
      // Give up on each export quickly (the exporter retries a refused connection).
      OTEL_EXPORTER_OTLP_TIMEOUT: '300',
    });
    let stats = { failures: { traces: 0, logs: 0 } };
    for (let round = 0; stats.failures.logs < 2 || stats.failures.traces < 2; round++) {
      expect((await fetch(`${app.baseUrl}/ok`)).status).toBe(200);
      const failed = await fetch(`${app.baseUrl}/orders/${round}/fail`);
      expect(failed.status).toBe(500);
      // Express's own answer, unchanged.
      expect(await failed.text()).toContain('order route failed');
      await new Promise((resolve) => setTimeout(resolve, 100));
      stats = (await (await fetch(`${app.baseUrl}/__stats`)).json()) as typeof stats;
    }
    expect(app.stderr().match(/FAULTLINE_EXPORT_FAILED_LOGS/g)).toHaveLength(1);
    expect(app.stderr().match(/FAULTLINE_EXPORT_FAILED_TRACES/g)).toHaveLength(1);
  });
});

/** A URL on which nothing listens: a port just freed. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** Service A starts a session and calls B in it; returns the session id and each side's record. */
async function sessionAcross(serviceA: string, serviceB: string, env: Record<string, string>) {
  const a = await start('context-app.mjs', serviceA, IMPORT_REGISTER, env);
  const b = await start('context-app.mjs', serviceB, IMPORT_REGISTER, env);
  const response = await fetch(`${a.baseUrl}/session/call?target=${encodeURIComponent(b.baseUrl)}`);
  const { sessionId, answer } = (await response.json()) as { sessionId: string; answer: unknown };
  expect(answer).toEqual({ done: true });
  await flush(a);
  await flush(b);
  const inA = await capture.waitForLog(ofService(serviceA, (l) => l.body === 'session step in A'));
  const inB = await capture.waitForLog(ofService(serviceB, (l) => l.body === 'session step in B'));
  return { b, sessionId, inA, inB };
}

describe('a debug session across two services over HTTP', () => {
  it('service B’s records and spans carry the session id that service A started', async () => {
    const serviceA = 'session-a';
    const serviceB = 'session-b';
    const { b, sessionId, inA, inB } = await sessionAcross(serviceA, serviceB, {
      OTEL_TRACES_SAMPLER: 'always_on',
    });
    expect(inA.attributes['faultline.session.id']).toBe(sessionId);
    expect(inB.attributes['faultline.session.id']).toBe(sessionId);
    expect(inB.traceId).toBe(inA.traceId);
    const serverB = await capture.waitForSpan(
      (s) =>
        s.resource['service.name'] === serviceB && s.attributes['url.path'] === '/session/work',
    );
    expect(serverB.attributes['faultline.session.id']).toBe(sessionId);
    // Requests outside the session carry no session id.
    await fetch(`${b.baseUrl}/orders/1/fail`);
    await flush(b);
    const outside = await capture.waitForLog(
      ofService(serviceB, (l) => l.attributes['url.path'] === '/orders/1/fail'),
    );
    expect(outside.attributes['faultline.session.id']).toBeUndefined();
  });

  it('without tracing (always_off) the session id and the trace id still cross to service B', async () => {
    const serviceA = 'session-untraced-a';
    const serviceB = 'session-untraced-b';
    const { sessionId, inA, inB } = await sessionAcross(serviceA, serviceB, {
      OTEL_TRACES_SAMPLER: 'always_off',
    });
    expect(inA.attributes['faultline.session.id']).toBe(sessionId);
    expect(inB.attributes['faultline.session.id']).toBe(sessionId);
    expect(inB.traceId).toBe(inA.traceId);
    expect(
      capture.spans.filter((s) =>
        [serviceA, serviceB].includes(s.resource['service.name'] as string),
      ),
    ).toEqual([]);
  });
});
