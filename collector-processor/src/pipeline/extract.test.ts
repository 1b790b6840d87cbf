import { describe, expect, it } from 'vitest';
import type { LogRecord, LogsBatch, Span, TraceBatch } from '../otlp/model.ts';
import { extractFromLogs, extractFromTraces } from './extract.ts';

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
    const [c, ...rest] = extractFromTraces(
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
    const [c] = extractFromTraces(
      traces(span({ events: [{ name: 'exception', timeUnixNano: '0', attributes: new Map() }] })),
    );
    expect(c!.timeUnixNano).toBe('1000');
  });

  it('the message falls back to the exception type, then the span name', () => {
    const typeOnly = extractFromTraces(
      traces(
        span({
          events: [
            { name: 'exception', timeUnixNano: '1', attributes: attrs({ 'exception.type': 'E' }) },
          ],
        }),
      ),
    );
    expect(typeOnly[0]!.message).toBe('E');
    const bare = extractFromTraces(
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
    expect(extractFromTraces(traces(span({}), span({})))).toEqual([]);
  });
});

describe('extractFromLogs', () => {
  it('a log with exception attributes is an EXCEPTION, keeping its own severity', () => {
    const [c] = extractFromLogs(
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
    const [c] = extractFromLogs(logs(log({ attributes: attrs({ 'exception.message': 'boom' }) })));
    expect(c).toMatchObject({ severity: 'ERROR', message: 'boom' });
  });

  it.each([
    [17, '', 'ERROR'],
    [21, '', 'CRITICAL'],
    [24, '', 'FATAL'],
    [0, 'error', 'ERROR'],
    [0, 'FATAL', 'FATAL'],
  ])('severity number %i / text %j → an ERROR event of severity %s', (n, text, severity) => {
    const [c] = extractFromLogs(logs(log({ severityNumber: n, severityText: text, body: 'x' })));
    expect(c).toMatchObject({ logType: 'ERROR', severity });
  });

  it.each([
    [9, 'INFO'],
    [16, 'WARN4'],
    [0, ''],
  ])('a log below ERROR without exception attributes is skipped (%i %s)', (n, text) => {
    expect(extractFromLogs(logs(log({ severityNumber: n, severityText: text })))).toEqual([]);
  });

  it('uses the observed time when the log has no time of its own', () => {
    const [c] = extractFromLogs(logs(log({ severityNumber: 17, timeUnixNano: '0' })));
    expect(c!.timeUnixNano).toBe('1600');
  });

  it('a structured body becomes JSON text', () => {
    const body = new Map<string, bigint | string>([
      ['order', 7n],
      ['reason', 'declined'],
    ]);
    const [c] = extractFromLogs(logs(log({ severityNumber: 17, body })));
    expect(c!.message).toBe('{"order":7,"reason":"declined"}');
  });

  it('the log identity ignores the observed time when the record has its own time', () => {
    const a = extractFromLogs(logs(log({ severityNumber: 17, observedTimeUnixNano: '1' })));
    const b = extractFromLogs(logs(log({ severityNumber: 17, observedTimeUnixNano: '2' })));
    expect(a[0]!.identity).toEqual(b[0]!.identity);
  });
});
