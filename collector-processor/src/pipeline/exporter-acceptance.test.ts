import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultlineEvent } from '../schema/index.ts';
import { checkout } from './__fixtures__/failing-checkout.ts';
import { startTestProcessor, type TestProcessor } from '../test-support/processor.ts';

/**
 * Acceptance: a span exported by the real @opentelemetry/exporter-trace-otlp-proto
 * with gzip, carrying a Node error, arrives through the receiver (and the
 * pipeline on a worker thread, with the configured rules) as an event with
 * parsed frames and the right culprit.
 */

const FIXTURE = fileURLToPath(new URL('./__fixtures__/failing-checkout.ts', import.meta.url));
const THROW_LINE =
  readFileSync(FIXTURE, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('throw new TypeError')) + 1;

let processor: TestProcessor;

beforeAll(async () => {
  processor = await startTestProcessor({
    FAULTLINE_WORKERS: '1',
    // A configured rule, to see that the worker thread runs with the processor's settings.
    FAULTLINE_SCRUB_PATTERNS: 'ORDER-[0-9]+',
  });
});

afterAll(async () => {
  await processor?.stop();
});

async function eventsOf(service: string): Promise<FaultlineEvent[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await fetch(`${processor.apiUrl}/api/v1/events?limit=500`, {
      headers: { authorization: 'Bearer t' },
    });
    const items = ((await res.json()) as { items: FaultlineEvent[] }).items.filter(
      (e) => e.service?.name === service,
    );
    if (items.length > 0 || Date.now() > deadline) return items;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('acceptance: OTLP/protobuf + gzip from the real exporter', () => {
  it('an exception on a child span arrives with frames, the culprit and its request data', async () => {
    const service = 'acceptance-shop';
    const provider = new TracerProvider({
      resource: resourceFromAttributes({
        'service.name': service,
        'service.version': '3.2.1',
        'deployment.environment.name': 'test',
      }),
      spanProcessors: [
        new BatchSpanProcessor({
          exporter: new OTLPTraceExporter({
            url: `${processor.otlpHttpUrl}/v1/traces`,
            compression: 'gzip' as never,
          }),
        }),
      ],
    });
    const tracer = provider.getTracer('acceptance');
    // As Express instrumentation does: a SERVER span for the request, an INTERNAL
    // `request handler` span inside it where the exception is recorded.
    const server = tracer.startSpan('POST /checkout', {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'POST',
        'http.route': '/checkout',
        'url.path': '/checkout',
        'url.query': 'coupon=SPRING&token=abc',
        'user_agent.original':
          'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      },
    });
    const handler = tracer.startSpan(
      'request handler - /checkout',
      { kind: SpanKind.INTERNAL },
      trace.setSpan(context.active(), server),
    );
    try {
      checkout({});
    } catch (error) {
      handler.recordException(error as Error);
      handler.setStatus({ code: 2 });
    }
    handler.end();
    // The HTTP instrumentation marks a request answered with 500 as an error too:
    // that is the same failure, not a second event.
    server.setStatus({ code: 2 });
    server.end();
    await provider.forceFlush();
    await provider.shutdown();

    const [event, ...more] = await eventsOf(service);
    expect(more).toEqual([]);
    expect(event).toBeDefined();
    expect(event!.faultline.log_type).toBe('EXCEPTION');
    expect(event!.error!.type).toBe('TypeError');
    // The configured pattern ran in the worker thread.
    expect(event!.error!.message).toBe('cart has no items ([Filtered])');

    const frames = event!.error!.frames!;
    expect(frames[0]).toMatchObject({
      function: 'totalOf',
      file: FIXTURE,
      line: THROW_LINE,
      in_app: true,
    });
    expect(frames.some((f) => f.function === 'Array.map' && !f.in_app)).toBe(true);
    expect(event!.code).toEqual({
      function: { name: 'totalOf' },
      file: { path: FIXTURE },
      line: { number: THROW_LINE },
    });
    expect(event!.faultline.module).toBe('failing-checkout');

    // Request data from the parent SERVER span, scrubbed, and the user agent parsed.
    expect(event).toMatchObject({
      http: { request: { method: 'POST' }, route: '/checkout' },
      url: { path: '/checkout', query: 'coupon=SPRING&token=[Filtered]' },
      user_agent: { name: 'Firefox', version: '128.0', os: { name: 'Linux' } },
      service: { name: service, version: '3.2.1' },
      deployment: { environment: { name: 'test' } },
    });
    expect(event!.error!.grouping_key).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('acceptance: the @faultline/node attribute contract through the real logs exporter', () => {
  it('a SECURITY record with faultline.* attributes arrives with every field mapped', async () => {
    const service = 'acceptance-auth';
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      processors: [
        new SimpleLogRecordProcessor({
          exporter: new OTLPLogExporter({
            url: `${processor.otlpHttpUrl}/v1/logs`,
            compression: 'gzip' as never,
          }),
        }),
      ],
    });
    provider.getLogger('@faultline/node').emit({
      severityNumber: 13,
      severityText: 'WARNING',
      body: 'login failed for ada',
      attributes: {
        'faultline.log_type': 'SECURITY',
        'faultline.module': 'auth',
        'code.function.name': 'login',
        'code.line.number': 88,
        'event.duration': 1_200_000,
        'faultline.perf.cpu_ms': 0.75,
        'faultline.security.level': 'high',
        'faultline.security.category': 'authentication',
        'event.action': 'login_failed',
        'faultline.session.id': 'dbg-42',
        'faultline.object.type': 'account',
        'faultline.object.id': 'acc-7',
        'faultline.tags': ['auth', 'eu'],
        'user.id': 'u-1',
        'client.address': '203.0.113.9',
        'http.request.method': 'POST',
        'url.path': '/login',
        'http.response.status_code': 401,
        'faultline.context.attempt': 3,
        'faultline.context.password': 'hunter2',
      },
    });
    await provider.forceFlush();
    await provider.shutdown();

    const [event] = await eventsOf(service);
    expect(event).toMatchObject({
      message: 'login failed for ada',
      log: { level: 'WARNING', logger: '@faultline/node' },
      faultline: {
        log_type: 'SECURITY',
        severity: 'WARNING',
        source: 'log_record',
        module: 'auth',
        perf: { cpu_ms: 0.75 },
        security: { level: 'high', category: 'authentication' },
        session: { id: 'dbg-42' },
        object: { type: 'account', id: 'acc-7' },
      },
      event: { duration: 1_200_000, action: 'login_failed' },
      tags: ['auth', 'eu'],
      code: { function: { name: 'login' }, line: { number: 88 } },
      user: { id: 'u-1' },
      client: { ip: '203.0.113.9' },
      http: { request: { method: 'POST' }, response: { status_code: 401 } },
      url: { path: '/login' },
    });
    expect(event!.attributes).toEqual({
      'faultline.context.attempt': 3,
      'faultline.context.password': '[Filtered]',
    });
  });
});
