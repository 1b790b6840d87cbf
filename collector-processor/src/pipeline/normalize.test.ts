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
    expect(doc.event.id).toMatch(/^[0-9a-f]{32}$/);
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
