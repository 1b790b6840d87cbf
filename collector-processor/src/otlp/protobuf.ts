import type Long from 'long';
import { MAX_VALUE_DEPTH, OtlpDecodeError } from './errors.ts';
import { opentelemetry } from './generated/otlp.js';
import type {
  Attributes,
  LogRecord,
  LogsBatch,
  OtlpValue,
  Resource,
  Scope,
  Span,
  TraceBatch,
} from './model.ts';

/**
 * OTLP protobuf → the internal shape, through the static code generated from
 * the official .proto files (src/otlp/generated, see scripts/generate-otlp.sh).
 */

const v1 = opentelemetry.proto;
export const ExportTraceServiceRequest = v1.collector.trace.v1.ExportTraceServiceRequest;
export const ExportTraceServiceResponse = v1.collector.trace.v1.ExportTraceServiceResponse;
export const ExportLogsServiceRequest = v1.collector.logs.v1.ExportLogsServiceRequest;
export const ExportLogsServiceResponse = v1.collector.logs.v1.ExportLogsServiceResponse;

type PbAnyValue = opentelemetry.proto.common.v1.AnyValue.$Properties;
type PbKeyValue = opentelemetry.proto.common.v1.KeyValue.$Properties;
type PbSpan = opentelemetry.proto.trace.v1.Span.$Properties;
type PbLogRecord = opentelemetry.proto.logs.v1.LogRecord.$Properties;
type PbScope = opentelemetry.proto.common.v1.InstrumentationScope.$Properties;
type PbResource = opentelemetry.proto.resource.v1.Resource.$Properties;

/** A fixed64 read as an unsigned Long, written out exactly. */
function nanos(v: Long | number | null | undefined): string {
  if (v === null || v === undefined) return '0';
  return typeof v === 'number' ? BigInt(v).toString() : v.toString();
}

function hex(v: Uint8Array | null | undefined): string {
  return v ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') : '';
}

function anyValue(v: PbAnyValue | null | undefined, depth: number): OtlpValue {
  if (!v) return null;
  if (depth > MAX_VALUE_DEPTH) {
    throw new OtlpDecodeError(`attribute values nest deeper than ${MAX_VALUE_DEPTH} levels`);
  }
  // The generated code names the populated member of the `value` oneof.
  switch ((v as { value?: string }).value) {
    case 'stringValue':
      return v.stringValue ?? '';
    case 'boolValue':
      return v.boolValue ?? false;
    case 'intValue':
      return v.intValue === null || v.intValue === undefined ? 0n : BigInt(v.intValue.toString());
    case 'doubleValue':
      return v.doubleValue ?? 0;
    case 'bytesValue':
      return v.bytesValue ? new Uint8Array(v.bytesValue) : new Uint8Array();
    case 'arrayValue':
      return (v.arrayValue?.values ?? []).map((item) => anyValue(item, depth + 1));
    case 'kvlistValue':
      return keyValues(v.kvlistValue?.values, depth + 1);
    default:
      return null;
  }
}

function keyValues(list: PbKeyValue[] | null | undefined, depth = 0): Attributes {
  const result = new Map<string, OtlpValue>();
  for (const kv of list ?? []) {
    const key = kv.key ?? '';
    if (!result.has(key)) result.set(key, anyValue(kv.value, depth));
  }
  return result;
}

function scope(s: PbScope | null | undefined): Scope {
  return { name: s?.name ?? '', version: s?.version ?? '', attributes: keyValues(s?.attributes) };
}

function span(s: PbSpan): Span {
  return {
    traceId: hex(s.traceId),
    spanId: hex(s.spanId),
    parentSpanId: hex(s.parentSpanId),
    name: s.name ?? '',
    kind: s.kind ?? 0,
    startTimeUnixNano: nanos(s.startTimeUnixNano),
    endTimeUnixNano: nanos(s.endTimeUnixNano),
    attributes: keyValues(s.attributes),
    events: (s.events ?? []).map((e) => ({
      timeUnixNano: nanos(e.timeUnixNano),
      name: e.name ?? '',
      attributes: keyValues(e.attributes),
    })),
    status: { code: s.status?.code ?? 0, message: s.status?.message ?? '' },
  };
}

function logRecord(r: PbLogRecord): LogRecord {
  return {
    timeUnixNano: nanos(r.timeUnixNano),
    observedTimeUnixNano: nanos(r.observedTimeUnixNano),
    severityNumber: r.severityNumber ?? 0,
    severityText: r.severityText ?? '',
    body: anyValue(r.body, 0),
    attributes: keyValues(r.attributes),
    traceId: hex(r.traceId),
    spanId: hex(r.spanId),
    eventName: r.eventName ?? '',
  };
}

function resource(r: PbResource | null | undefined): Resource {
  return { attributes: keyValues(r?.attributes) };
}

/** protobufjs throws plain Errors (RangeError, "invalid wire type") on bad input: name them. */
function decoding<T>(what: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    throw new OtlpDecodeError(`body is not a valid ${what} protobuf: ${(error as Error).message}`);
  }
}

export function decodeTraceProtobuf(body: Uint8Array): TraceBatch {
  return decoding('ExportTraceServiceRequest', () => {
    const request = ExportTraceServiceRequest.decode(body);
    return {
      resourceSpans: request.resourceSpans.map((rs) => ({
        resource: resource(rs.resource),
        scopeSpans: (rs.scopeSpans ?? []).map((ss) => ({
          scope: scope(ss.scope),
          spans: (ss.spans ?? []).map(span),
        })),
      })),
    };
  });
}

export function decodeLogsProtobuf(body: Uint8Array): LogsBatch {
  return decoding('ExportLogsServiceRequest', () => {
    const request = ExportLogsServiceRequest.decode(body);
    return {
      resourceLogs: request.resourceLogs.map((rl) => ({
        resource: resource(rl.resource),
        scopeLogs: (rl.scopeLogs ?? []).map((sl) => ({
          scope: scope(sl.scope),
          logRecords: (sl.logRecords ?? []).map(logRecord),
        })),
      })),
    };
  });
}

/** The parts of a request, each decoded on its own bytes (for the skim, skim.ts). */
export const decodeSpanProtobuf = (bytes: Uint8Array): Span =>
  decoding('Span', () => span(v1.trace.v1.Span.decode(bytes)));

export const decodeLogRecordProtobuf = (bytes: Uint8Array): LogRecord =>
  decoding('LogRecord', () => logRecord(v1.logs.v1.LogRecord.decode(bytes)));

export const decodeResourceProtobuf = (bytes: Uint8Array): Resource =>
  decoding('Resource', () => resource(v1.resource.v1.Resource.decode(bytes)));

export const decodeScopeProtobuf = (bytes: Uint8Array): Scope =>
  decoding('InstrumentationScope', () => scope(v1.common.v1.InstrumentationScope.decode(bytes)));
