import { describe, expect, it } from 'vitest';
import { decodeLogsProtobuf, decodeTraceProtobuf } from '../otlp/protobuf.ts';
import { decodeLogsJson, decodeTraceJson } from '../otlp/json.ts';
import {
  errorLogProtobuf,
  exampleTraceJson,
  exceptionSpanProtobuf,
  jsonBytes,
} from '../otlp/testing.ts';
import { validateEvent } from '../schema/index.ts';
import {
  createPipeline,
  PIPELINE_DEFAULTS,
  processLogs,
  processTraces,
  summarizeRejections,
} from './index.ts';

describe('processTraces', () => {
  it('turns the example request into one valid EXCEPTION event', () => {
    const { events, rejections } = processTraces(decodeTraceJson(jsonBytes(exampleTraceJson())));
    expect(rejections).toEqual([]);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(validateEvent(event)).toEqual({ ok: true });
    expect(event).toMatchObject({
      '@timestamp': '2025-11-26T10:00:00.123456789Z',
      message: "Cannot read properties of undefined (reading 'id')",
      error: { type: 'TypeError' },
      service: { name: 'checkout', version: '1.4.2' },
      deployment: { environment: { name: 'staging' } },
      host: { name: 'web-1' },
      http: { request: { method: 'POST' }, route: '/orders', response: { status_code: 500 } },
    });
  });

  it('the same request processed twice gives the same event ids', () => {
    const once = processTraces(decodeTraceProtobuf(exceptionSpanProtobuf()));
    const twice = processTraces(decodeTraceProtobuf(exceptionSpanProtobuf()));
    expect(once.events.map((e) => e.event.id)).toEqual(twice.events.map((e) => e.event.id));
  });

  it('keeps a timestamp beyond 2^53 exact through to the document', () => {
    const { events } = processTraces(decodeTraceProtobuf(exceptionSpanProtobuf()));
    expect(events[0]!.timestamp_nanos).toBe('9007199254740993123');
    expect(events[0]!['@timestamp']).toBe('2255-06-05T23:47:34.740993123Z');
  });

  it('rejects a record it cannot turn into an event, with a reason, and keeps the others', () => {
    // The example span, sent again without any time on the span or its event.
    const text = JSON.stringify(exampleTraceJson().resourceSpans[0]);
    const timeless = JSON.parse(text.replace(/"(\w+)UnixNano":"\d+"/g, '"$1UnixNano":"0"'));
    const body = { resourceSpans: [JSON.parse(text)] };
    body.resourceSpans[0].scopeSpans[0].spans.push(timeless.scopeSpans[0].spans[0]);
    const { events, rejections } = processTraces(decodeTraceJson(jsonBytes(body)));
    expect(events).toHaveLength(1);
    expect(rejections).toEqual([
      {
        reason: 'missing_timestamp',
        detail: 'span event and its span have no timestamp',
        itemKey: 'span 0/0/1',
      },
    ]);
  });
});

describe('processLogs', () => {
  it('turns an ERROR log record into an ERROR event', () => {
    const { events, rejections } = processLogs(decodeLogsProtobuf(errorLogProtobuf()));
    expect(rejections).toEqual([]);
    expect(events[0]).toMatchObject({
      message: 'payment provider timed out',
      faultline: { log_type: 'ERROR', severity: 'ERROR', source: 'log_record' },
      log: { level: 'ERROR', logger: 'logger' },
      attributes: { attempt: 3 },
    });
  });
});

describe('summarizeRejections', () => {
  it('counts distinct items and names each reason with an example', () => {
    const summary = summarizeRejections([
      { reason: 'missing_timestamp', detail: 'no time', itemKey: 'span 0/0/1' },
      { reason: 'missing_timestamp', detail: 'no time', itemKey: 'span 0/0/1' },
      { reason: 'schema_violation', detail: '/message: bad', itemKey: 'span 0/0/2' },
    ]);
    expect(summary.rejectedItems).toBe(2);
    expect(summary.message).toBe(
      '3 event(s) rejected: missing_timestamp ×2 (e.g. span 0/0/1: no time); schema_violation ×1 (e.g. span 0/0/2: /message: bad)',
    );
  });

  it('is empty for no rejections', () => {
    expect(summarizeRejections([])).toEqual({ rejectedItems: 0, message: '' });
  });
});

describe('the pipeline in order: extract → normalize → enrich → scrub → fingerprint → validate', () => {
  it('an exception span event comes out with frames, culprit, scrubbed text and a grouping key', () => {
    const body = exampleTraceJson();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reaching into the JSON fixture
    const spanEvent = (body.resourceSpans[0] as any).scopeSpans[0].spans[0].events[0];
    const stack = spanEvent.attributes.find(
      (a: { key: string }) => a.key === 'exception.stacktrace',
    );
    stack.value = {
      stringValue:
        "TypeError: Cannot read properties of undefined (reading 'id') token=abc\n" +
        '    at loadUser (/srv/app/src/users.js:12:9)\n' +
        '    at Layer.handle (/srv/app/node_modules/express/lib/router/layer.js:95:5)',
    };
    const { events, rejections } = processTraces(decodeTraceJson(jsonBytes(body)));
    expect(rejections).toEqual([]);
    const [event] = events;
    expect(validateEvent(event)).toEqual({ ok: true });
    expect(event!.error!.frames).toEqual([
      {
        function: 'loadUser',
        module: 'users',
        file: '/srv/app/src/users.js',
        line: 12,
        column: 9,
        in_app: true,
      },
      {
        function: 'Layer.handle',
        module: 'express',
        file: '/srv/app/node_modules/express/lib/router/layer.js',
        line: 95,
        column: 5,
        in_app: false,
      },
    ]);
    expect(event!.code).toMatchObject({ function: { name: 'loadUser' }, line: { number: 12 } });
    expect(event!.error!.stack_trace).toContain('token=[Filtered]');
    expect(event!.error!.grouping_key).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a configured pipeline uses its own rules (scrub off, a lower minimum severity)', () => {
    const pipeline = createPipeline({
      ...PIPELINE_DEFAULTS,
      scrub: false,
      minLogSeverity: 'DEBUG',
    });
    const result = pipeline.processLogs(decodeLogsProtobuf(errorLogProtobuf()));
    expect(result.events).toHaveLength(1);
    expect(result.dropped).toEqual([]);
  });
});

describe('reason counts for metrics', () => {
  it('counts rejected events per reason', () => {
    const text = JSON.stringify(exampleTraceJson().resourceSpans[0]);
    const timeless = JSON.parse(text.replace(/"(\w+)UnixNano":"\d+"/g, '"$1UnixNano":"0"'));
    const result = processTraces(
      decodeTraceJson(jsonBytes({ resourceSpans: [timeless, timeless] })),
    );
    expect(result.rejected).toEqual([{ reason: 'missing_timestamp', count: 2 }]);
    expect(summarizeRejections(result.rejections).message).toContain('missing_timestamp ×2');
  });

  it('counts log records below the minimum severity as dropped, not rejected', () => {
    const info = JSON.parse(
      JSON.stringify({
        resourceLogs: [
          {
            resource: { attributes: [] },
            scopeLogs: [
              {
                scope: { name: 'l' },
                logRecords: [
                  { timeUnixNano: '1', severityNumber: 9, body: { stringValue: 'hello' } },
                  { timeUnixNano: '2', severityNumber: 5, body: { stringValue: 'debug' } },
                ],
              },
            ],
          },
        ],
      }),
    );
    const result = processLogs(decodeLogsJson(jsonBytes(info)));
    expect(result.events).toEqual([]);
    expect(result.rejections).toEqual([]);
    expect(result.rejected).toEqual([]);
    expect(result.dropped).toEqual([{ reason: 'below_min_severity', count: 2 }]);
  });
});
