// End to end: a real Express app (5, and 4) in a child process, instrumented through
// the built package, exporting over OTLP/HTTP to a real receiving endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuiltPackage } from './test-support/built-package.ts';
import { startChildApp, type ChildAppOptions } from './test-support/child-app.ts';
import { express4Dir } from './test-support/express4.ts';
import {
  startOtlpCapture,
  type CapturedSpan,
  type OtlpCapture,
} from './test-support/otlp-capture.ts';

const SPAN_KIND_SERVER = 2;
const STATUS_ERROR = 2;
const REGISTER = ['--import', '@faultline/node/register'];

let capture: OtlpCapture;

beforeAll(async () => {
  assertBuiltPackage();
  capture = await startOtlpCapture();
});

afterAll(async () => {
  await capture?.close();
});

/** Runs the fixture, requests `path`, flushes, and returns the spans of that request's trace. */
async function traceOfFailingRequest(
  options: ChildAppOptions & { service: string; path: string; message: string },
): Promise<CapturedSpan[]> {
  const app = await startChildApp({
    ...options,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: capture.endpoint,
      OTEL_SERVICE_NAME: options.service,
      FIXTURE_SERVICE: options.service,
      // These tests look at spans: sample every trace.
      OTEL_TRACES_SAMPLER_ARG: '1',
      ...options.env,
    },
  });
  try {
    const response = await fetch(app.baseUrl + options.path);
    // The app's own error handler still answers: telemetry changed nothing.
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: options.message });
    const flushed = await fetch(`${app.baseUrl}/__flush`, { method: 'POST' });
    expect(flushed.status).toBe(200);
    const server = await capture.waitForSpan(
      (span) =>
        span.resource['service.name'] === options.service &&
        span.kind === SPAN_KIND_SERVER &&
        span.attributes['url.path'] === options.path,
    );
    return capture.spans.filter((span) => span.traceId === server.traceId);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nchild stderr:\n${app.stderr()}`, {
      cause: error,
    });
  } finally {
    await app.stop();
  }
}

function exceptionEvents(spans: CapturedSpan[]) {
  return spans.flatMap((span) =>
    span.events.filter((event) => event.name === 'exception').map((event) => ({ span, event })),
  );
}

describe('an error thrown in an Express route', () => {
  it('ESM app under --import @faultline/node/register: exports one exception event with type, message, stack, route and service', async () => {
    const spans = await traceOfFailingRequest({
      fixture: 'express-app.mjs',
      nodeArgs: REGISTER,
      env: { FIXTURE_START: 'register' },
      service: 'esm-register',
      path: '/orders/42/fail',
      message: 'order lookup exploded',
    });
    const found = exceptionEvents(spans);
    expect(found).toHaveLength(1);
    const { span, event } = found[0]!;
    expect(event.attributes['exception.type']).toBe('FixtureFailure');
    expect(event.attributes['exception.message']).toBe('order lookup exploded');
    expect(event.attributes['exception.stacktrace']).toMatch(
      /^FixtureFailure: order lookup exploded\n\s+at .*express-routes\.mjs/,
    );
    expect(span.statusCode).toBe(STATUS_ERROR);
    expect(span.attributes['http.route']).toBe('/orders/:id/fail');
    expect(span.attributes['http.request.method']).toBe('GET');
    expect(span.attributes['url.path']).toBe('/orders/42/fail');
    expect(span.resource['service.name']).toBe('esm-register');
    const server = spans.find((s) => s.kind === SPAN_KIND_SERVER)!;
    expect(server.attributes['http.route']).toBe('/orders/:id/fail');
    expect(server.statusCode).toBe(STATUS_ERROR);
  });

  it('Express 4, ESM app under register: the exception event and the route on the server span', async () => {
    const spans = await traceOfFailingRequest({
      fixture: 'express-app.mjs',
      nodeArgs: REGISTER,
      env: { FIXTURE_START: 'register', FIXTURE_EXPRESS: express4Dir() },
      service: 'esm-register-express4',
      path: '/orders/4/fail',
      message: 'order lookup exploded',
    });
    const found = exceptionEvents(spans);
    expect(found).toHaveLength(1);
    expect(found[0]!.event.attributes['exception.type']).toBe('FixtureFailure');
    const server = spans.find((s) => s.kind === SPAN_KIND_SERVER)!;
    expect(server.name).toBe('GET /orders/:id/fail');
    expect(server.attributes['http.route']).toBe('/orders/:id/fail');
    expect(server.statusCode).toBe(STATUS_ERROR);
  });

  it('ESM app under register: a rejected async handler is recorded too', async () => {
    const spans = await traceOfFailingRequest({
      fixture: 'express-app.mjs',
      nodeArgs: REGISTER,
      env: { FIXTURE_START: 'register' },
      service: 'esm-register-async',
      path: '/async/7/fail',
      message: 'async handler rejected',
    });
    const found = exceptionEvents(spans);
    expect(found).toHaveLength(1);
    expect(found[0]!.event.attributes['exception.message']).toBe('async handler rejected');
    expect(found[0]!.span.attributes['http.route']).toBe('/async/:id/fail');
  });

  it('CommonJS app calling init() before require("express"): exports the exception event', async () => {
    const spans = await traceOfFailingRequest({
      fixture: 'express-app.cjs',
      service: 'cjs-init',
      path: '/orders/5/fail',
      message: 'order lookup exploded',
    });
    const found = exceptionEvents(spans);
    expect(found).toHaveLength(1);
    const { span, event } = found[0]!;
    expect(event.attributes['exception.type']).toBe('FixtureFailure');
    expect(event.attributes['exception.stacktrace']).toContain('express-routes.mjs');
    expect(span.statusCode).toBe(STATUS_ERROR);
    expect(span.attributes['http.route']).toBe('/orders/:id/fail');
    expect(span.resource['service.name']).toBe('cjs-init');
  });

  it('ESM app using init() without the loader hook: errorHandler() records it on the server span', async () => {
    const spans = await traceOfFailingRequest({
      fixture: 'express-app.mjs',
      env: { FIXTURE_START: 'init', FIXTURE_ERROR_HANDLER: '1' },
      service: 'esm-init-error-handler',
      path: '/orders/9/fail',
      message: 'order lookup exploded',
    });
    const found = exceptionEvents(spans);
    expect(found).toHaveLength(1);
    const { span, event } = found[0]!;
    expect(span.kind).toBe(SPAN_KIND_SERVER);
    expect(span.name).toBe('GET /orders/:id/fail');
    expect(span.statusCode).toBe(STATUS_ERROR);
    expect(span.attributes['http.route']).toBe('/orders/:id/fail');
    expect(event.attributes['exception.type']).toBe('FixtureFailure');
    expect(event.attributes['exception.message']).toBe('order lookup exploded');
    expect(event.attributes['exception.stacktrace']).toContain('express-routes.mjs');
  });

  it('errorHandler() next to the express instrumentation does not record the error twice', async () => {
    const spans = await traceOfFailingRequest({
      fixture: 'express-app.mjs',
      nodeArgs: REGISTER,
      env: { FIXTURE_START: 'register', FIXTURE_ERROR_HANDLER: '1' },
      service: 'esm-register-error-handler',
      path: '/orders/3/fail',
      message: 'order lookup exploded',
    });
    expect(exceptionEvents(spans)).toHaveLength(1);
  });
});
