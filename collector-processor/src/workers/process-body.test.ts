import fc from 'fast-check';
import Long from 'long';
import { describe, expect, it } from 'vitest';
import { buildMix } from '../../bench/mix.ts';
import { OtlpDecodeError } from '../otlp/errors.ts';
import type { opentelemetry } from '../otlp/generated/otlp.js';
import { allLogRecords, allSpans } from '../otlp/model.ts';
import {
  decodeLogsProtobuf,
  decodeTraceProtobuf,
  ExportLogsServiceRequest,
  ExportTraceServiceRequest,
} from '../otlp/protobuf.ts';
import { skimLogsProtobuf, skimTraceProtobuf } from '../otlp/skim.ts';
import { errorLogProtobuf, exceptionSpanProtobuf } from '../otlp/testing.ts';
import { createPipeline } from '../pipeline/index.ts';
import { pooledOutcome, processBody, type BodyOutcome, type BodyTask } from './process-body.ts';

/**
 * processBody skims protobuf bodies (only records that may become events are
 * decoded). Whatever the body, the outcome must be the one the full decode
 * gives: the same events, rejections and item count, or the same error.
 */

const pipeline = createPipeline();

/** The reference: the whole body decoded, every record through the pipeline. */
function fullOutcome(task: BodyTask): BodyOutcome {
  try {
    if (task.signal === 'traces') {
      const spans = allSpans(decodeTraceProtobuf(task.body));
      return { ok: true, result: { ...pipeline.processSpans(spans), items: spans.total } };
    }
    const records = allLogRecords(decodeLogsProtobuf(task.body));
    return { ok: true, result: { ...pipeline.processLogRecords(records), items: records.total } };
  } catch (error) {
    const kind = error instanceof OtlpDecodeError ? 'decode' : 'failed';
    return { ok: false, kind, message: (error as Error).message };
  }
}

function expectSameAsFullDecode(task: BodyTask) {
  expect(processBody(task, pipeline)).toEqual(fullOutcome(task));
}

const traces = (body: Uint8Array): BodyTask => ({ signal: 'traces', encoding: 'protobuf', body });
const logs = (body: Uint8Array): BodyTask => ({ signal: 'logs', encoding: 'protobuf', body });

// Small pools, so generated spans share trace ids, span ids and parents (and cycles happen).
const ids = (bytes: number, count: number) =>
  fc.constantFrom(...Array.from({ length: count }, (_, i) => Buffer.alloc(bytes, i + 1)));
const nanos = fc.oneof(
  fc.constant(Long.UZERO),
  fc.constantFrom('1764151200000000000', '1764151202500000000', '1764151230000000000'),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
);
const toLong = (n: Long | string) => (typeof n === 'string' ? Long.fromString(n, true) : n);
type PbAnyValue = opentelemetry.proto.common.v1.AnyValue.$Properties;
const value: fc.Arbitrary<PbAnyValue> = fc.letrec<{ value: PbAnyValue }>((tie) => ({
  value: fc.oneof<fc.Arbitrary<PbAnyValue>[]>(
    { depthSize: 'small' },
    fc.record({ stringValue: fc.string() }),
    fc.record({ intValue: fc.integer().map((n) => Long.fromNumber(n)) }),
    fc.record({ boolValue: fc.boolean() }),
    fc.record({ doubleValue: fc.double() }),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie('value'), { maxLength: 3 }) }) }),
  ),
})).value;
const keys = fc.constantFrom(
  'http.route',
  'user.id',
  'faultline.logged',
  'faultline.log_type',
  'event.category',
  'exception.type',
  'exception.stacktrace',
  'error.type',
);
const attributes = fc.array(
  fc.oneof(
    fc.record({ key: keys, value }),
    fc.record({ key: fc.constant('faultline.logged'), value: fc.constant({ boolValue: true }) }),
    fc.record({
      key: fc.constant('faultline.log_type'),
      value: fc.constant({ stringValue: 'audit' }),
    }),
    fc.record({ key: fc.constant('event.category'), value: fc.constant({ stringValue: 'iam' }) }),
  ),
  { maxLength: 4 },
);
// Span ids that differ only in their first bytes: the skim's span index files them under one number.
const alikeIds = fc.constantFrom(
  Buffer.from('0100000009090909', 'hex'),
  Buffer.from('0200000009090909', 'hex'),
);
const span = fc.record({
  traceId: ids(16, 2),
  spanId: fc.oneof(ids(8, 6), alikeIds),
  parentSpanId: fc.oneof(fc.constant(Buffer.alloc(0)), ids(8, 6), alikeIds),
  name: fc.constantFrom('GET /a', ''),
  kind: fc.integer({ min: 0, max: 5 }),
  startTimeUnixNano: nanos.map(toLong),
  endTimeUnixNano: nanos.map(toLong),
  attributes,
  events: fc.array(
    fc.record({
      name: fc.constantFrom('exception', 'retry'),
      timeUnixNano: nanos.map(toLong),
      attributes,
    }),
    { maxLength: 2 },
  ),
  status: fc.record({ code: fc.integer({ min: 0, max: 2 }), message: fc.constantFrom('', 'x') }),
});
const logRecord = fc.record({
  timeUnixNano: nanos.map(toLong),
  severityNumber: fc.integer({ min: 0, max: 24 }),
  severityText: fc.constantFrom('', 'ERROR', 'warn2', 'Info', ' fatal '),
  body: value,
  attributes,
});
const resource = fc.record({ attributes });
const scope = fc.record({ name: fc.constantFrom('', 'lib'), version: fc.constant('1') });

const traceRequest = fc
  .array(
    fc.record({
      resource,
      scopeSpans: fc.array(fc.record({ scope, spans: fc.array(span, { maxLength: 8 }) }), {
        maxLength: 2,
      }),
    }),
    { maxLength: 2 },
  )
  .map((resourceSpans) => ExportTraceServiceRequest.encode({ resourceSpans }).finish());

const logsRequest = fc
  .array(
    fc.record({
      resource,
      scopeLogs: fc.array(fc.record({ scope, logRecords: fc.array(logRecord, { maxLength: 8 }) }), {
        maxLength: 2,
      }),
    }),
    { maxLength: 2 },
  )
  .map((resourceLogs) => ExportLogsServiceRequest.encode({ resourceLogs }).finish());

/** A body with some bytes changed, cut short, or both: mostly invalid, sometimes not. */
const damaged = (request: fc.Arbitrary<Uint8Array>) =>
  fc
    .tuple(
      request,
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
      fc.nat(),
    )
    .map(([body, flips, cut]) => {
      const copy = Uint8Array.from(body);
      for (const [at, byte] of flips) if (copy.length > 0) copy[at % copy.length] = byte;
      return cut % 3 === 0 ? copy : copy.subarray(0, cut % (copy.length + 1));
    });

describe('processBody on protobuf (the skim)', () => {
  it('gives the full decode’s outcome for the benchmark mix', () => {
    for (const body of buildMix(20, 100)) {
      expectSameAsFullDecode(body.path === '/v1/traces' ? traces(body.bytes) : logs(body.bytes));
    }
  });

  it('gives the full decode’s outcome for the shared test requests', () => {
    expectSameAsFullDecode(traces(exceptionSpanProtobuf()));
    expectSameAsFullDecode(logs(errorLogProtobuf()));
    expectSameAsFullDecode(traces(new Uint8Array()));
  });

  it('gives the full decode’s outcome for any trace request', () => {
    fc.assert(
      fc.property(traceRequest, (body) => expectSameAsFullDecode(traces(body))),
      {
        numRuns: 400,
      },
    );
  });

  it('gives the full decode’s outcome for any logs request', () => {
    fc.assert(
      fc.property(logsRequest, (body) => expectSameAsFullDecode(logs(body))),
      {
        numRuns: 400,
      },
    );
  });

  it('gives the full decode’s outcome (the same error, or the same events) for damaged bodies', () => {
    fc.assert(
      fc.property(damaged(traceRequest), (body) => expectSameAsFullDecode(traces(body))),
      {
        numRuns: 600,
      },
    );
    fc.assert(
      fc.property(damaged(logsRequest), (body) => expectSameAsFullDecode(logs(body))),
      {
        numRuns: 600,
      },
    );
  });

  it('skims ordinary records without decoding them, and leaves unusual encodings to the full decode', () => {
    const mix = buildMix(1, 100)[0]!;
    const selection = skimTraceProtobuf(mix.bytes, pipeline.mayGiveEvent.span);
    expect(selection?.total).toBe(100);
    // 5 % exception, 2 % error, 3 % slow in the mix, and the 5 traces' roots they descend from.
    expect(selection?.spans.length).toBe(15);
    // A group (wire type 3) is legal protobuf the skim does not model.
    expect(skimLogsProtobuf(Uint8Array.of(0x0b, 0x0c), pipeline.mayGiveEvent.logRecord)).toBe(
      undefined,
    );
  });
});

describe('pooledOutcome (what the pool hands back)', () => {
  it('carries the events as one JSON text from a thread, as objects inline', () => {
    const outcome = processBody(traces(buildMix(1, 100)[0]!.bytes), pipeline);
    if (!outcome.ok) throw new Error(outcome.message);
    const { events, ...rest } = outcome.result;
    const fromThread = pooledOutcome(outcome, true);
    const inline = pooledOutcome(outcome, false);
    if (!fromThread.ok || !inline.ok) throw new Error('expected both to succeed');
    expect(fromThread.result).toEqual({
      ...rest,
      events: { count: events.length, json: Buffer.from(JSON.stringify(events)) },
    });
    expect(inline.result).toEqual({ ...rest, events: { count: events.length, list: events } });
  });

  it('passes failures through', () => {
    const failed = processBody(traces(Uint8Array.of(0xff)), pipeline);
    expect(failed.ok).toBe(false);
    expect(pooledOutcome(failed, true)).toEqual(failed);
  });
});
