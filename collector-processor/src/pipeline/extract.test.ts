import { describe, expect, it } from 'vitest';
import type { LogRecord, LogsBatch, OtlpValue, Span, TraceBatch } from '../otlp/model.ts';
import { extractFromLogs, extractFromTraces } from './extract.ts';
import { compileRules } from './rules.ts';
import { PIPELINE_DEFAULTS } from './settings.ts';

const rules = compileRules();
const fromTraces = (batch: TraceBatch) => extractFromTraces(batch, rules);
const fromLogs = (batch: LogsBatch) => extractFromLogs(batch, rules).candidates;

const attrs = (o: Record<string, string | bigint>) => new Map(Object.entries(o));
const scope = { name: 'lib', version: '', attributes: new Map() };
const resource = { attributes: attrs({ 'service.name': 'api' }) };

function span(overrides: Partial<Span>): Span {
  return {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    parentSpanId: '',
    name: 'GET /',
    kind: 2,
    startTimeUnixNano: '1000',
    endTimeUnixNano: '2000',
    attributes: attrs({ 'http.route': '/' }),
    events: [],
    status: { code: 0, message: '' },
    ...overrides,
  };
}

const traces = (...spans: Span[]): TraceBatch => ({
  resourceSpans: [{ resource, scopeSpans: [{ scope, spans }] }],
});

function log(overrides: Partial<LogRecord>): LogRecord {
  return {
    timeUnixNano: '1500',
    observedTimeUnixNano: '1600',
    severityNumber: 0,
    severityText: '',
    body: null,
    attributes: new Map(),
    traceId: '',
    spanId: '',
    eventName: '',
    ...overrides,
  };
}

const logs = (...logRecords: LogRecord[]): LogsBatch => ({
  resourceLogs: [{ resource, scopeLogs: [{ scope, logRecords }] }],
});

describe('extractFromTraces', () => {
  it('turns an exception span event into an EXCEPTION candidate with error fields', () => {
    const [c, ...rest] = fromTraces(
      traces(
        span({
          events: [
            { name: 'retry', timeUnixNano: '1100', attributes: new Map() },
            {
              name: 'exception',
              timeUnixNano: '1200',
              attributes: attrs({
                'exception.type': 'TypeError',
                'exception.message': 'x is undefined',
                'exception.stacktrace': 'TypeError: x is undefined\n  at f (a.js:1:1)',
              }),
            },
          ],
        }),
      ),
    );
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      source: 'span_event',
      logType: 'EXCEPTION',
      severity: 'ERROR',
      timeUnixNano: '1200',
      message: 'x is undefined',
      error: {
        type: 'TypeError',
        message: 'x is undefined',
        stackTrace: 'TypeError: x is undefined\n  at f (a.js:1:1)',
      },
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      itemKey: 'span 0/0/0',
    });
    expect(c!.contextAttributes.get('http.route')).toBe('/');
    expect(c!.identity).toEqual([
      'span_event',
      '5b8efff798038103d269b633813fc60c',
      'eee19b7ec3c1b174',
      '1200',
      1,
      'EXCEPTION',
    ]);
  });

  it('an exception event without a time takes its span start time', () => {
    const [c] = fromTraces(
      traces(span({ events: [{ name: 'exception', timeUnixNano: '0', attributes: new Map() }] })),
    );
    expect(c!.timeUnixNano).toBe('1000');
  });

  it('the message falls back to the exception type, then the span name', () => {
    const typeOnly = fromTraces(
      traces(
        span({
          events: [
            { name: 'exception', timeUnixNano: '1', attributes: attrs({ 'exception.type': 'E' }) },
          ],
        }),
      ),
    );
    expect(typeOnly[0]!.message).toBe('E');
    const bare = fromTraces(
      traces(
        span({
          name: 'job',
          events: [{ name: 'exception', timeUnixNano: '1', attributes: new Map() }],
        }),
      ),
    );
    expect(bare[0]!.message).toBe('job');
  });

  it('spans without exception events give nothing', () => {
    expect(fromTraces(traces(span({}), span({})))).toEqual([]);
  });
});

describe('extractFromLogs', () => {
  it('a WARN log is a WARNING event at the default minimum severity', () => {
    const [c] = fromLogs(
      logs(log({ severityNumber: 0, severityText: 'WARN4', body: 'slow disk' })),
    );
    expect(c).toMatchObject({ logType: 'WARNING', severity: 'WARNING' });
  });

  it('a log with exception attributes is an EXCEPTION, keeping its own severity', () => {
    const [c] = fromLogs(
      logs(
        log({
          severityNumber: 13,
          body: 'retrying payment',
          attributes: attrs({ 'exception.type': 'Timeout', 'exception.message': 'took 30s' }),
        }),
      ),
    );
    expect(c).toMatchObject({
      source: 'log_record',
      logType: 'EXCEPTION',
      severity: 'WARNING',
      message: 'retrying payment',
      error: { type: 'Timeout', message: 'took 30s' },
    });
  });

  it('an exception log without a level counts as ERROR', () => {
    const [c] = fromLogs(logs(log({ attributes: attrs({ 'exception.message': 'boom' }) })));
    expect(c).toMatchObject({ severity: 'ERROR', message: 'boom' });
  });

  it.each([
    [17, '', 'ERROR'],
    [21, '', 'CRITICAL'],
    [24, '', 'FATAL'],
    [0, 'error', 'ERROR'],
    [0, 'FATAL', 'FATAL'],
  ])('severity number %i / text %j → an ERROR event of severity %s', (n, text, severity) => {
    const [c] = fromLogs(logs(log({ severityNumber: n, severityText: text, body: 'x' })));
    expect(c).toMatchObject({ logType: 'ERROR', severity });
  });

  it.each([
    [9, 'INFO'],
    [5, 'DEBUG'],
    [0, ''],
  ])('a log below WARNING without anything else is skipped (%i %s)', (n, text) => {
    expect(fromLogs(logs(log({ severityNumber: n, severityText: text })))).toEqual([]);
  });

  it('uses the observed time when the log has no time of its own', () => {
    const [c] = fromLogs(logs(log({ severityNumber: 17, timeUnixNano: '0' })));
    expect(c!.timeUnixNano).toBe('1600');
  });

  it('a structured body becomes JSON text', () => {
    const body = new Map<string, bigint | string>([
      ['order', 7n],
      ['reason', 'declined'],
    ]);
    const [c] = fromLogs(logs(log({ severityNumber: 17, body })));
    expect(c!.message).toBe('{"order":7,"reason":"declined"}');
  });

  it('the log identity ignores the observed time when the record has its own time', () => {
    const a = fromLogs(logs(log({ severityNumber: 17, observedTimeUnixNano: '1' })));
    const b = fromLogs(logs(log({ severityNumber: 17, observedTimeUnixNano: '2' })));
    expect(a[0]!.identity).toEqual(b[0]!.identity);
  });
});

describe('extractFromTraces: error and slow spans', () => {
  const SECOND = 1_000_000_000n;
  const timed = (ms: number, overrides: Partial<Span> = {}) =>
    span({
      startTimeUnixNano: String(10n * SECOND),
      endTimeUnixNano: String(10n * SECOND + BigInt(ms) * 1_000_000n),
      ...overrides,
    });

  it('a span with status ERROR and no exception event is an ERROR event', () => {
    const [c, ...rest] = fromTraces(
      traces(timed(5, { status: { code: 2, message: 'upstream 502' } })),
    );
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      source: 'span',
      logType: 'ERROR',
      severity: 'ERROR',
      message: 'upstream 502',
      timeUnixNano: String(10n * SECOND + 5_000_000n),
    });
    expect(c!.identity).toEqual(['span', span({}).traceId, span({}).spanId, 'ERROR']);
  });

  it('a span with status ERROR and an exception event gives only the EXCEPTION', () => {
    const candidates = fromTraces(
      traces(
        timed(5, {
          status: { code: 2, message: 'boom' },
          events: [
            { name: 'exception', timeUnixNano: '1', attributes: attrs({ 'exception.type': 'E' }) },
          ],
        }),
      ),
    );
    expect(candidates.map((c) => c.logType)).toEqual(['EXCEPTION']);
  });

  it.each([
    [1000, undefined],
    [1001, 'WARNING'],
    [10_000, 'WARNING'],
    [10_001, 'CRITICAL'],
  ])('a SERVER span of %i ms → %s', (ms, severity) => {
    const [c] = fromTraces(traces(timed(ms, { name: 'GET /orders' })));
    if (severity === undefined) return expect(c).toBeUndefined();
    expect(c).toMatchObject({ logType: 'PERFORMANCE', severity, source: 'span' });
    expect(c!.durationNanos).toBe(BigInt(ms) * 1_000_000n);
    expect(c!.message).toBe(`GET /orders took ${ms} ms`);
  });

  it('uses the configured thresholds', () => {
    const strict = compileRules({ ...PIPELINE_DEFAULTS, slowSpanMs: 100, criticalSpanMs: 200 });
    const [c] = extractFromTraces(traces(timed(250)), strict);
    expect(c).toMatchObject({ logType: 'PERFORMANCE', severity: 'CRITICAL' });
  });

  it('a slow INTERNAL or CLIENT child is not judged on its own (its request is)', () => {
    const child = timed(5000, {
      kind: 3,
      parentSpanId: 'aaaaaaaaaaaaaaaa',
      spanId: 'bbbbbbbbbbbbbbbb',
    });
    expect(fromTraces(traces(child))).toEqual([]);
    const root = timed(5000, { kind: 1, parentSpanId: '' });
    expect(fromTraces(traces(root)).map((c) => c.logType)).toEqual(['PERFORMANCE']);
  });

  it('a slow failing span gives an ERROR and a PERFORMANCE event with distinct identities', () => {
    const candidates = fromTraces(traces(timed(2000, { status: { code: 2, message: '' } })));
    expect(candidates.map((c) => [c.logType, c.identity.at(-1)])).toEqual([
      ['ERROR', 'ERROR'],
      ['PERFORMANCE', 'PERFORMANCE'],
    ]);
  });

  it('a SERVER span in ERROR whose child recorded the exception gives no second event', () => {
    const server = span({ spanId: '1111111111111111', kind: 2, status: { code: 2, message: '' } });
    const handler = span({
      spanId: '2222222222222222',
      parentSpanId: '1111111111111111',
      kind: 1,
      status: { code: 2, message: '' },
      events: [{ name: 'exception', timeUnixNano: '1', attributes: new Map() }],
    });
    expect(fromTraces(traces(server, handler)).map((c) => [c.logType, c.spanId])).toEqual([
      ['EXCEPTION', '2222222222222222'],
    ]);
    // Sent alone (another batch), the server span is an ERROR of its own.
    expect(fromTraces(traces(server)).map((c) => c.logType)).toEqual(['ERROR']);
  });

  it('an exception event marked faultline.logged is left to its log record, and covers the ERROR status', () => {
    const logged = new Map<string, OtlpValue>([
      ['exception.type', 'TypeError'],
      ['faultline.logged', true],
    ]);
    const server = span({ spanId: '1111111111111111', kind: 2, status: { code: 2, message: '' } });
    const handler = span({
      spanId: '2222222222222222',
      parentSpanId: '1111111111111111',
      kind: 1,
      status: { code: 2, message: '' },
      events: [{ name: 'exception', timeUnixNano: '1', attributes: logged }],
    });
    expect(fromTraces(traces(server, handler))).toEqual([]);
  });

  it('an exception on a child span sees its SERVER parent in the same batch', () => {
    const server = span({
      spanId: '1111111111111111',
      kind: 2,
      attributes: attrs({ 'http.route': '/orders' }),
    });
    const handler = span({
      spanId: '2222222222222222',
      parentSpanId: '1111111111111111',
      kind: 1,
      attributes: attrs({ 'express.type': 'request_handler' }),
      events: [{ name: 'exception', timeUnixNano: '1', attributes: new Map() }],
    });
    const [c] = fromTraces(traces(handler, server));
    expect(c!.ancestorAttributes.map((a) => a.get('http.route'))).toEqual(['/orders']);
  });
});

describe('extractFromLogs: what a record says it is', () => {
  it('error.type stands in for a missing exception.type and is not repeated as an attribute', () => {
    const [c] = fromLogs(
      logs(
        log({
          severityNumber: 17,
          attributes: attrs({ 'error.type': 'PaymentError', 'exception.message': 'no' }),
        }),
      ),
    );
    expect(c!.error).toMatchObject({ type: 'PaymentError', message: 'no' });
    expect(c!.consumedKeys.has('error.type')).toBe(true);
  });

  it('an explicit faultline.log_type is always kept, whatever its severity', () => {
    const [c] = fromLogs(
      logs(log({ severityNumber: 9, attributes: attrs({ 'faultline.log_type': 'USER_ACTION' }) })),
    );
    expect(c).toMatchObject({ logType: 'USER_ACTION', severity: 'INFO' });
    expect(c!.consumedKeys.has('faultline.log_type')).toBe(true);
  });

  it("an explicit type without a severity gets the type's usual one", () => {
    const [c] = fromLogs(logs(log({ attributes: attrs({ 'faultline.log_type': 'security' }) })));
    expect(c).toMatchObject({ logType: 'SECURITY', severity: 'WARNING' });
  });

  it.each([
    ['authentication', 'SECURITY'],
    ['intrusion_detection', 'SECURITY'],
    ['iam', 'AUDIT'],
    ['configuration', 'AUDIT'],
  ])('ECS event.category %s → %s, even at INFO', (category, logType) => {
    const [c] = fromLogs(
      logs(log({ severityNumber: 9, attributes: attrs({ 'event.category': category }) })),
    );
    expect(c).toMatchObject({ logType, severity: 'INFO' });
  });

  it('event.category as an array', () => {
    const categories = new Map<string, OtlpValue>([['event.category', ['web', 'authentication']]]);
    const [c] = fromLogs(logs(log({ severityNumber: 9, attributes: categories })));
    expect(c!.logType).toBe('SECURITY');
  });

  it('counts records below the minimum severity, and honours a configured minimum', () => {
    const batch = logs(
      log({ severityNumber: 9 }),
      log({ severityNumber: 13 }),
      log({ severityNumber: 17 }),
    );
    expect(extractFromLogs(batch, rules).belowMinSeverity).toBe(1);
    const errorsOnly = compileRules({ ...PIPELINE_DEFAULTS, minLogSeverity: 'ERROR' });
    expect(extractFromLogs(batch, errorsOnly)).toMatchObject({ belowMinSeverity: 2 });
    const everything = compileRules({ ...PIPELINE_DEFAULTS, minLogSeverity: 'DEBUG' });
    expect(extractFromLogs(batch, everything).candidates.map((c) => c.logType)).toEqual([
      'INFO',
      'WARNING',
      'ERROR',
    ]);
  });
});
