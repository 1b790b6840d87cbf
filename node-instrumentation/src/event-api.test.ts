// The event API in this process, through the real SDK pipeline and the OTLP
// exporters, into a real OTLP/HTTP receiver. (Request context, uncaught errors
// and sessions across services are covered by child-process tests.)
import { logs, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureException,
  captureMessage,
  init,
  logAction,
  logPerformanceMetric,
  logSecurityEvent,
  logSystemEvent,
  OTEL_SEVERITY_NUMBER,
  setUser,
  SEVERITIES,
  startDebugSession,
  joinDebugSession,
  withAction,
  withUser,
  type TelemetryHandle,
} from './index.ts';
import type * as DecoratedFixture from './__fixtures__/decorated-checkout.ts';
import type {
  defineCheckout,
  PaymentDeclined as FixtureError,
} from './__fixtures__/decorated-checkout.ts';
import { compileFixture } from './test-support/compile-fixture.ts';
import {
  startOtlpCapture,
  type CapturedLog,
  type OtlpCapture,
} from './test-support/otlp-capture.ts';

let capture: OtlpCapture;
let handle: TelemetryHandle;

beforeAll(async () => {
  capture = await startOtlpCapture();
  process.env.OTEL_TRACES_SAMPLER = 'always_on';
  handle = init({
    endpoint: capture.endpoint,
    serviceName: 'event-api-test',
    captureUncaught: false,
    redact: { keys: ['ssn'] },
  });
});

afterAll(async () => {
  await handle?.shutdown();
  await capture?.close();
});

/** Flushes and returns the one record whose body is `body`. */
async function record(body: string | RegExp): Promise<CapturedLog> {
  await handle.flush();
  const matches = (log: CapturedLog) =>
    typeof body === 'string' ? log.body === body : body.test(String(log.body));
  const found = await capture.waitForLog(matches, 10_000);
  expect(capture.logs.filter(matches)).toHaveLength(1);
  return found;
}

class PaymentDeclined extends Error {
  override name = 'PaymentDeclined';
}

describe('captureException()', () => {
  it('exports an EXCEPTION log record linked to the active span, which also gets the exception event', async () => {
    const tracer = trace.getTracer('test');
    let traceId = '';
    let spanId = '';
    tracer.startActiveSpan('charge', (span) => {
      traceId = span.spanContext().traceId;
      spanId = span.spanContext().spanId;
      captureException(new PaymentDeclined('card refused for order 7'), {
        module: 'payments',
        tags: ['checkout'],
        context: { orderId: 7, ssn: '123-45-6789' },
      });
      span.end();
    });
    const log = await record('card refused for order 7');
    expect(log.severityNumber).toBe(17);
    expect(log.severityText).toBe('ERROR');
    expect(log.traceId).toBe(traceId);
    expect(log.spanId).toBe(spanId);
    expect(log.resource['service.name']).toBe('event-api-test');
    expect(log.attributes).toMatchObject({
      'faultline.log_type': 'EXCEPTION',
      'exception.type': 'PaymentDeclined',
      'error.type': 'PaymentDeclined',
      'exception.message': 'card refused for order 7',
      'faultline.module': 'payments',
      'faultline.tags': ['checkout'],
      'faultline.context.orderId': 7,
      'faultline.context.ssn': '[REDACTED]',
    });
    expect(log.attributes['exception.stacktrace']).toMatch(/^PaymentDeclined: card refused/);
    expect(String(log.attributes['code.file.path'])).toMatch(/event-api\.test\.ts$/);
    expect(log.attributes['code.line.number']).toEqual(expect.any(Number));

    const span = await capture.waitForSpan((s) => s.spanId === spanId);
    const events = span.events.filter((e) => e.name === 'exception');
    expect(events).toHaveLength(1);
    expect(events[0]!.attributes).toMatchObject({
      'exception.type': 'PaymentDeclined',
      'faultline.logged': true,
    });
  });

  it('scrubs card numbers, key=value secrets and bearer tokens out of the message and stack', async () => {
    captureException(new Error('charge 4111 1111 1111 1111 failed, password=hunter2'));
    const log = await record(/^charge \[REDACTED\] failed/);
    expect(log.body).toBe('charge [REDACTED] failed, password=[REDACTED]');
    expect(JSON.stringify(log.attributes)).not.toMatch(/4111|hunter2/);
  });

  it('takes a non-Error value', async () => {
    captureException('plain failure text');
    const log = await record('plain failure text');
    expect(log.attributes['exception.type']).toBe('string');
  });
});

describe('spans made by instrumentations and the app', () => {
  it('leave the process scrubbed too, events included', async () => {
    let spanId = '';
    trace.getTracer('test').startActiveSpan('login', (span) => {
      spanId = span.spanContext().spanId;
      span.setAttribute('app.password', 'hunter2');
      span.setAttribute('url.query', 'page=1&token=abc123');
      span.addEvent('note', { detail: 'card 4111 1111 1111 1111' });
      span.end();
    });
    await handle.flush();
    const span = await capture.waitForSpan((s) => s.spanId === spanId);
    expect(span.attributes['app.password']).toBe('[REDACTED]');
    expect(span.attributes['url.query']).toBe('page=1&token=[REDACTED]');
    expect(span.events[0]!.attributes.detail).toBe('card [REDACTED]');
  });
});

describe('log records from other loggers (a winston or pino bridge)', () => {
  it('leave the process scrubbed too, body and attributes', async () => {
    logs.getLogger('app-log-bridge').emit({
      body: 'login failed for token=abc123',
      attributes: { password: 'hunter2', ssn: '123-45-6789', detail: 'card 4111 1111 1111 1111' },
    });
    const log = await record(/^login failed for token=/);
    expect(log.body).toBe('login failed for token=[REDACTED]');
    expect(log.attributes.password).toBe('[REDACTED]');
    expect(log.attributes.ssn).toBe('[REDACTED]');
    expect(log.attributes.detail).toBe('card [REDACTED]');
  });
});

describe('captureMessage()', () => {
  it('maps every severity to its OTel number and text', async () => {
    for (const severity of SEVERITIES) captureMessage(`message at ${severity}`, severity);
    for (const severity of SEVERITIES) {
      const log = await record(`message at ${severity}`);
      expect(log.severityNumber).toBe(OTEL_SEVERITY_NUMBER[severity]);
      expect(log.severityText).toBe(severity);
    }
    expect((await record('message at WARNING')).attributes['faultline.log_type']).toBe('WARNING');
    expect((await record('message at INFO')).attributes['faultline.log_type']).toBe('INFO');
  });
});

describe('logSystemEvent(), logSecurityEvent(), logPerformanceMetric()', () => {
  it('logSystemEvent carries every field under its contract name', async () => {
    logSystemEvent({
      logType: 'AUDIT',
      severity: 'WARNING',
      message: 'stock corrected by hand',
      errorType: 'StockMismatch',
      module: 'inventory',
      function: 'correctStock',
      user: { id: 'u-1', username: 'ada', email: 'ada@example.org' },
      request: { method: 'POST', route: '/stock/:sku', path: '/stock/A1', statusCode: 409 },
      executionTime: 12.5,
      memoryUsage: 2048,
      cpuUsage: 3.25,
      tags: ['manual', 'stock'],
      context: { sku: 'A1', apiKey: 'k-1', detail: { password: 'x', count: 2 } },
      object: { type: 'Product', id: 42 },
    });
    const log = await record('stock corrected by hand');
    expect(log.severityNumber).toBe(13);
    expect(log.attributes).toMatchObject({
      'faultline.log_type': 'AUDIT',
      'error.type': 'StockMismatch',
      'faultline.module': 'inventory',
      'code.function.name': 'correctStock',
      'user.id': 'u-1',
      'user.name': 'ada',
      'user.email': 'ada@example.org',
      'http.request.method': 'POST',
      'http.route': '/stock/:sku',
      'url.path': '/stock/A1',
      'http.response.status_code': 409,
      'event.duration': 12_500_000,
      'faultline.perf.memory_bytes': 2048,
      'faultline.perf.cpu_ms': 3.25,
      'faultline.tags': ['manual', 'stock'],
      'faultline.context.sku': 'A1',
      'faultline.context.apiKey': '[REDACTED]',
      'faultline.object.type': 'Product',
      'faultline.object.id': '42',
    });
    expect(JSON.parse(String(log.attributes['faultline.context.detail']))).toEqual({
      password: '[REDACTED]',
      count: 2,
    });
  });

  it('logSecurityEvent is a SECURITY record with level, category, impact and action', async () => {
    logSecurityEvent({
      eventType: 'login_failed',
      description: 'five failed logins for ada',
      severity: 'CRITICAL',
      level: 'high',
      category: 'authentication',
      impact: 'account lockout',
      user: { id: 'u-1' },
      details: { attempts: 5, token: 'abc' },
    });
    const log = await record('five failed logins for ada');
    expect(log.severityNumber).toBe(21);
    expect(log.attributes).toMatchObject({
      'faultline.log_type': 'SECURITY',
      'event.action': 'login_failed',
      'faultline.security.level': 'high',
      'faultline.security.category': 'authentication',
      'faultline.security.impact': 'account lockout',
      'user.id': 'u-1',
      'faultline.context.attempts': 5,
      'faultline.context.token': '[REDACTED]',
    });
  });

  it('logPerformanceMetric is a PERFORMANCE record with the duration in nanoseconds', async () => {
    logPerformanceMetric({ module: 'reports', function: 'monthly', executionTime: 1500 });
    const log = await record('reports.monthly took 1500 ms');
    expect(log.attributes).toMatchObject({
      'faultline.log_type': 'PERFORMANCE',
      'faultline.module': 'reports',
      'code.function.name': 'monthly',
      'event.duration': 1_500_000_000,
    });
  });
});

describe('withAction() and @logAction', () => {
  type CheckoutClass = ReturnType<typeof defineCheckout>;
  let Checkout: CheckoutClass;
  let DecoratedError: typeof FixtureError;

  beforeAll(async () => {
    const compiled = await compileFixture<typeof DecoratedFixture>('decorated-checkout.ts');
    Checkout = compiled.defineCheckout(logAction);
    DecoratedError = compiled.PaymentDeclined;
  });

  function expectMeasured(log: CapturedLog, action: string): void {
    expect(log.attributes['faultline.log_type']).toBe('USER_ACTION');
    expect(log.attributes['event.action']).toBe(action);
    expect(log.attributes['event.duration']).toEqual(expect.any(Number));
    expect(Number(log.attributes['event.duration'])).toBeGreaterThan(0);
    expect(log.attributes['faultline.perf.memory_bytes']).toEqual(expect.any(Number));
    expect(log.attributes['faultline.perf.cpu_ms']).toEqual(expect.any(Number));
  }

  it('the decorator keeps `this`, arguments and result, sync and async', async () => {
    const checkout = new Checkout('order');
    expect(checkout.placeSync(1)).toBe('order-1');
    await expect(checkout.placeAsync(2)).resolves.toBe('order-2');
    const sync = await record('synchronous checkout');
    expectMeasured(sync, 'checkout.sync');
    expect(sync.attributes['code.function.name']).toBe('placeSync');
    expect(sync.severityText).toBe('INFO');
    const async = await record('asynchronous checkout');
    expectMeasured(async, 'checkout.async');
    expect(async.severityText).toBe('DEBUG');
    // The async call waited 5 ms: its duration covers the await.
    expect(Number(async.attributes['event.duration'])).toBeGreaterThanOrEqual(4_000_000);
  });

  it('the decorator records a failure with its error and rethrows the very same error', async () => {
    const checkout = new Checkout('order');
    let thrown: unknown;
    try {
      checkout.failSync();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DecoratedError);
    const rejected = await checkout.failAsync().catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(DecoratedError);
    expect((rejected as Error).message).toBe('decorated async failure');
    const sync = await record(/^failing sync checkout failed/);
    expectMeasured(sync, 'checkout.failsync');
    expect(sync.severityText).toBe('ERROR');
    expect(sync.attributes['exception.type']).toBe('PaymentDeclined');
    expect(sync.attributes['exception.message']).toBe('decorated sync failure');
    const async = await record(/^failing async checkout failed/);
    expect(async.attributes['exception.message']).toBe('decorated async failure');
  });

  it('withAction wraps plain functions, sync and async, success and failure', async () => {
    const add = withAction((a: number, b: number) => a + b, { action: 'math.add', module: 'math' });
    expect(add(2, 3)).toBe(5);
    const later = withAction(async (x: string) => x.toUpperCase(), 'text.upper');
    await expect(later('abc')).resolves.toBe('ABC');
    const boom = new PaymentDeclined('wrapped failure');
    const fails = withAction(() => {
      throw boom;
    }, 'wrapped.sync');
    expect(() => fails()).toThrow(boom);
    const rejects = withAction(() => Promise.reject(boom), 'wrapped.async');
    await expect(rejects()).rejects.toBe(boom);

    const sum = await record('math.add');
    expectMeasured(sum, 'math.add');
    expect(sum.attributes['faultline.module']).toBe('math');
    expectMeasured(await record('text.upper'), 'text.upper');
    expect((await record('wrapped.sync failed: wrapped failure')).severityText).toBe('ERROR');
    expect(
      (await record('wrapped.async failed: wrapped failure')).attributes['exception.type'],
    ).toBe('PaymentDeclined');
  });
});

describe('setUser() and withUser()', () => {
  it('puts the user on the events of its async context only', async () => {
    await withUser({ id: 'outer' }, async () => {
      await Promise.all([
        withUser({ id: 'first' }, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          captureMessage('event of the first user');
        }),
        withUser({ id: 'second', username: 'bob', email: 'bob@example.org' }, async () => {
          setUser({ id: 'second-changed', username: 'bob' });
          captureMessage('event of the second user');
        }),
      ]);
      captureMessage('event of the outer user');
    });
    expect((await record('event of the first user')).attributes['user.id']).toBe('first');
    const second = await record('event of the second user');
    expect(second.attributes['user.id']).toBe('second-changed');
    expect(second.attributes['user.name']).toBe('bob');
    expect(second.attributes['user.email']).toBeUndefined();
    expect((await record('event of the outer user')).attributes['user.id']).toBe('outer');
  });
});

describe('debug sessions in one service', () => {
  it('announce themselves and stamp every record and span made inside run()', async () => {
    const session = startDebugSession({
      name: 'slow checkout',
      kind: 'debugging',
      environment: 'staging',
      version: '1.4.2',
      tags: ['checkout'],
    });
    expect(session.id).toMatch(/^[0-9a-f-]{36}$/);
    let spanId = '';
    session.run(() => {
      captureMessage('inside the session');
      trace.getTracer('test').startActiveSpan('session work', (span) => {
        spanId = span.spanContext().spanId;
        span.end();
      });
    });
    joinDebugSession(session.id).run(() => captureMessage('joined the session'));
    captureMessage('outside the session');
    session.end();

    const started = await record('debug session started: slow checkout');
    expect(started.attributes).toMatchObject({
      'faultline.log_type': 'AUDIT',
      'event.action': 'debug_session.start',
      'faultline.session.id': session.id,
      'faultline.session.name': 'slow checkout',
      'faultline.session.kind': 'debugging',
      'faultline.session.environment': 'staging',
      'faultline.session.version': '1.4.2',
      'faultline.tags': ['checkout'],
    });
    expect((await record('inside the session')).attributes['faultline.session.id']).toBe(
      session.id,
    );
    expect((await record('joined the session')).attributes['faultline.session.id']).toBe(
      session.id,
    );
    expect(
      (await record('outside the session')).attributes['faultline.session.id'],
    ).toBeUndefined();
    const ended = await record('debug session ended: slow checkout');
    expect(ended.attributes['faultline.session.id']).toBe(session.id);
    const span = await capture.waitForSpan((s) => s.spanId === spanId);
    expect(span.attributes['faultline.session.id']).toBe(session.id);
  });
});
