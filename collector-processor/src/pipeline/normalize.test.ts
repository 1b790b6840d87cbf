import { describe, expect, it } from 'vitest';
import type { OtlpValue } from '../otlp/model.ts';
import { validateEvent } from '../schema/index.ts';
import { normalize } from './normalize.ts';
import type { Candidate } from './types.ts';

const attrs = (o: Record<string, OtlpValue>) => new Map(Object.entries(o));

function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    source: 'span_event',
    logType: 'EXCEPTION',
    severity: 'ERROR',
    timeUnixNano: '1764151200123456789',
    message: 'boom',
    error: { type: 'Error', message: 'boom', stackTrace: 'Error: boom\n  at x' },
    resource: { attributes: attrs({ 'service.name': 'shop', 'service.version': '2.0.1' }) },
    scope: { name: 'tracer', version: '', attributes: new Map() },
    contextAttributes: new Map(),
    ancestorAttributes: [],
    attributes: new Map(),
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    consumedKeys: new Set(['exception.type']),
    identity: ['span_event', 'a', 'b', '1', 0, 'EXCEPTION'],
    itemKey: 'span 0/0/0',
    ...overrides,
  };
}

function normalized(overrides: Partial<Candidate> = {}) {
  const result = normalize(candidate(overrides));
  if (!result.ok) throw new Error(`rejected: ${result.rejection.detail}`);
  expect(validateEvent(result.value)).toEqual({ ok: true });
  return result.value;
}

describe('normalize', () => {
  it('builds a schema-valid document with the exact timestamp', () => {
    const doc = normalized();
    expect(doc).toMatchObject({
      '@timestamp': '2025-11-26T10:00:00.123456789Z',
      timestamp_nanos: '1764151200123456789',
      message: 'boom',
      log: { level: 'ERROR' },
      error: { type: 'Error', message: 'boom', stack_trace: 'Error: boom\n  at x' },
      faultline: { log_type: 'EXCEPTION', severity: 'ERROR', status: 'open', source: 'span_event' },
      service: { name: 'shop', version: '2.0.1' },
      trace: { id: '5b8efff798038103d269b633813fc60c' },
      span: { id: 'eee19b7ec3c1b174' },
    });
    // The time in milliseconds (pipeline/event-id.ts), then the hash.
    expect(doc.event.id).toMatch(/^019abf9b097b[0-9a-f]{20}$/);
  });

  it('event.id is deterministic from the identity and differs when it differs', () => {
    expect(normalized().event.id).toBe(normalized().event.id);
    expect(normalized({ identity: ['other'] }).event.id).not.toBe(normalized().event.id);
  });

  it('reads the current semantic-convention names', () => {
    const doc = normalized({
      resource: {
        attributes: attrs({ 'deployment.environment.name': 'prod', 'host.name': 'h1' }),
      },
      contextAttributes: attrs({
        'http.request.method': 'POST',
        'http.route': '/orders/:id',
        'url.path': '/orders/7',
        'url.query': 'x=1',
        'http.response.status_code': 500n,
        'user_agent.original': 'curl/8',
        'client.address': '10.0.0.1',
        'enduser.id': 'u-1',
        'code.function.name': 'Orders.place',
        'code.file.path': '/app/orders.js',
        'code.line.number': 42n,
      }),
    });
    expect(doc).toMatchObject({
      deployment: { environment: { name: 'prod' } },
      host: { name: 'h1' },
      http: { request: { method: 'POST' }, route: '/orders/:id', response: { status_code: 500 } },
      url: { path: '/orders/7', query: 'x=1' },
      user_agent: { original: 'curl/8' },
      client: { ip: '10.0.0.1' },
      user: { id: 'u-1' },
      code: {
        function: { name: 'Orders.place' },
        file: { path: '/app/orders.js' },
        line: { number: 42 },
      },
    });
    expect(doc.attributes).toBeUndefined(); // everything became a field
  });

  it('reads the older semantic-convention names', () => {
    const doc = normalized({
      resource: { attributes: attrs({ 'deployment.environment': 'staging' }) },
      contextAttributes: attrs({
        'http.method': 'GET',
        'http.target': '/search?q=x',
        'http.status_code': '404',
        'http.user_agent': 'Mozilla/5.0',
        'http.client_ip': '192.0.2.1',
        'code.namespace': 'com.shop.Search',
        'code.function': 'run',
        'code.filepath': 'Search.java',
        'code.lineno': 12n,
      }),
    });
    expect(doc).toMatchObject({
      deployment: { environment: { name: 'staging' } },
      http: { request: { method: 'GET' }, response: { status_code: 404 } },
      url: { path: '/search', query: 'q=x' },
      user_agent: { original: 'Mozilla/5.0' },
      client: { ip: '192.0.2.1' },
      code: {
        function: { name: 'com.shop.Search.run' },
        file: { path: 'Search.java' },
        line: { number: 12 },
      },
    });
    expect(doc.attributes).toBeUndefined(); // everything became a field
  });

  it("the record's own attributes win over its span's", () => {
    const doc = normalized({
      contextAttributes: attrs({ 'code.function.name': 'handler', tier: 'span' }),
      attributes: attrs({ 'code.function.name': 'inner', tier: 'event' }),
    });
    expect(doc.code?.function?.name).toBe('inner');
    expect(doc.attributes).toEqual({ tier: 'event' });
  });

  it('flattens the remaining attributes without losing precision', () => {
    const doc = normalized({
      resource: { attributes: attrs({ 'service.name': 's', 'k8s.pod.name': 'p-1' }) },
      attributes: attrs({
        'exception.type': 'E',
        'exception.escaped': true,
        big: 9223372036854775807n,
        small: 7n,
        ratio: 0.5,
        inf: Infinity,
        list: ['a', 1n],
        nested: new Map<string, OtlpValue>([['inner', new Map([['leaf', 'v']])]]),
        bytes: new Uint8Array([1, 2]),
        nothing: null,
      }),
    });
    expect(doc.attributes).toEqual({
      'k8s.pod.name': 'p-1',
      'exception.escaped': true,
      big: '9223372036854775807',
      small: 7,
      ratio: 0.5,
      inf: 'Infinity',
      list: '["a",1]',
      'nested.inner.leaf': 'v',
      bytes: 'AQI=',
    });
  });

  it('a value that does not fit its field stays in attributes', () => {
    const doc = normalized({ contextAttributes: attrs({ 'http.response.status_code': 'n/a' }) });
    expect(doc.http).toBeUndefined();
    expect(doc.attributes).toEqual({ 'http.response.status_code': 'n/a' });
  });

  it('omits invalid or all-zero trace and span ids', () => {
    const doc = normalized({ traceId: '00000000000000000000000000000000', spanId: 'abc' });
    expect(doc.trace).toBeUndefined();
    expect(doc.span).toBeUndefined();
  });

  it('uses the scope name as the logger of a log record', () => {
    expect(normalized({ source: 'log_record' }).log).toEqual({ level: 'ERROR', logger: 'tracer' });
    expect(normalized().log).toEqual({ level: 'ERROR' });
  });

  it('rejects a record without any timestamp, naming the reason', () => {
    const result = normalize(candidate({ timeUnixNano: '0' }));
    expect(result).toEqual({
      ok: false,
      rejection: {
        reason: 'missing_timestamp',
        detail: 'span event and its span have no timestamp',
        itemKey: 'span 0/0/0',
      },
    });
  });
});

describe('normalize: the attribute contract with @faultline/node', () => {
  it('maps every faultline.* and ECS attribute into its schema field', () => {
    const doc = normalized({
      source: 'log_record',
      logType: 'SECURITY',
      severity: 'CRITICAL',
      consumedKeys: new Set(['faultline.log_type']),
      attributes: attrs({
        'faultline.log_type': 'SECURITY',
        'faultline.module': 'billing.invoices',
        'code.function.name': 'InvoiceService.issue',
        'code.file.path': '/app/src/invoices.ts',
        'code.line.number': 42n,
        'event.duration': 1_500_000_000n,
        'faultline.perf.memory_bytes': 52428800n,
        'faultline.perf.cpu_ms': 12.5,
        'faultline.security.level': 'HIGH',
        'faultline.security.category': 'brute_force',
        'faultline.security.impact': 'account lockout',
        'event.action': 'login_failed',
        'faultline.session.id': 'sess-9',
        'faultline.object.type': 'invoice',
        'faultline.object.id': 'INV-7',
        'faultline.tags': ['billing', 'eu'],
        'user.id': 'u-1',
        'user.name': 'ada',
        'user.email': 'ada@example.com',
        'client.address': '203.0.113.9',
        'user_agent.original': 'curl/8.5.0',
        'http.request.method': 'POST',
        'http.route': '/invoices/:id',
        'url.path': '/invoices/7',
        'url.query': 'draft=1',
        'http.response.status_code': 403n,
        'faultline.context.order_id': 'o-3',
      }),
    });
    expect(doc).toMatchObject({
      faultline: {
        log_type: 'SECURITY',
        severity: 'CRITICAL',
        module: 'billing.invoices',
        perf: { memory_bytes: 52428800, cpu_ms: 12.5 },
        security: { level: 'high', category: 'brute_force', impact: 'account lockout' },
        session: { id: 'sess-9' },
        object: { type: 'invoice', id: 'INV-7' },
      },
      event: { duration: 1_500_000_000, action: 'login_failed' },
      tags: ['billing', 'eu'],
      code: {
        function: { name: 'InvoiceService.issue' },
        file: { path: '/app/src/invoices.ts' },
        line: { number: 42 },
      },
      user: { id: 'u-1', name: 'ada', email: 'ada@example.com' },
      client: { ip: '203.0.113.9' },
      user_agent: { original: 'curl/8.5.0' },
      http: { request: { method: 'POST' }, route: '/invoices/:id', response: { status_code: 403 } },
      url: { path: '/invoices/7', query: 'draft=1' },
    });
    // Only what has no field of its own stays under attributes.
    expect(doc.attributes).toEqual({ 'faultline.context.order_id': 'o-3' });
  });

  it.each([
    ['enduser.id', 'user', { id: 'u-2' }],
    ['http.client_ip', 'client', { ip: '198.51.100.1' }],
    ['net.peer.ip', 'client', { ip: '198.51.100.1' }],
    ['http.user_agent', 'user_agent', { original: 'curl/8.5.0' }],
  ])('reads the older name %s', (key, field, expected) => {
    const value =
      key === 'enduser.id' ? 'u-2' : key === 'http.user_agent' ? 'curl/8.5.0' : '198.51.100.1';
    const doc = normalized({ attributes: attrs({ [key]: value }) });
    expect(doc[field as 'user']).toEqual(expected);
  });

  it('an object reference needs both its type and its id', () => {
    const doc = normalized({ attributes: attrs({ 'faultline.object.type': 'invoice' }) });
    expect(doc.faultline.object).toBeUndefined();
    expect(doc.attributes).toEqual({ 'faultline.object.type': 'invoice' });
  });

  it('an unknown security level is left out of the field and kept as an attribute', () => {
    const doc = normalized({ attributes: attrs({ 'faultline.security.level': 'apocalyptic' }) });
    expect(doc.faultline.security).toBeUndefined();
    expect(doc.attributes).toEqual({ 'faultline.security.level': 'apocalyptic' });
  });

  it('a session id copied from baggage into the span attributes is found there', () => {
    const doc = normalized({ contextAttributes: attrs({ 'faultline.session.id': 'dbg-1' }) });
    expect(doc.faultline.session).toEqual({ id: 'dbg-1' });
  });

  it('request data comes from the parent SERVER span, without copying its other attributes', () => {
    const doc = normalized({
      contextAttributes: attrs({ 'express.name': 'handler' }),
      ancestorAttributes: [
        attrs({
          'http.request.method': 'GET',
          'http.route': '/orders/:id',
          'url.path': '/orders/9',
          'user_agent.original': 'Mozilla/5.0',
          'net.host.port': 8080n,
        }),
      ],
    });
    expect(doc).toMatchObject({
      http: { request: { method: 'GET' }, route: '/orders/:id' },
      url: { path: '/orders/9' },
      user_agent: { original: 'Mozilla/5.0' },
    });
    expect(doc.attributes).toEqual({ 'express.name': 'handler' });
  });

  it('a span-derived PERFORMANCE event carries its duration in nanoseconds', () => {
    const doc = normalized({
      source: 'span',
      logType: 'PERFORMANCE',
      durationNanos: 2_500_000_000n,
    });
    expect(doc.event.duration).toBe(2_500_000_000);
    expect(doc.faultline.source).toBe('span');
  });
});
