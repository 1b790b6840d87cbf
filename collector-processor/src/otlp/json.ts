import { OtlpDecodeError } from './errors.ts';
import {
  parseJsonExact,
  readAnyValue,
  readArray,
  readHexId,
  readInt32,
  readKeyValues,
  readNanos,
  readObject,
  readString,
} from './json-fields.ts';
import type {
  LogRecord,
  LogsBatch,
  Resource,
  Scope,
  Span,
  SpanEvent,
  TraceBatch,
} from './model.ts';

/** OTLP/JSON (ExportTraceServiceRequest / ExportLogsServiceRequest) → the internal shape. */

function parseBody(body: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new OtlpDecodeError('body is not valid UTF-8');
  }
  try {
    return parseJsonExact(text);
  } catch (error) {
    throw new OtlpDecodeError(`body is not valid JSON: ${(error as Error).message}`);
  }
}

function readResource(v: unknown, path: string): Resource {
  return { attributes: readKeyValues(readObject(v, path).attributes, `${path}.attributes`) };
}

function readScope(v: unknown, path: string): Scope {
  const o = readObject(v, path);
  return {
    name: readString(o.name, `${path}.name`),
    version: readString(o.version, `${path}.version`),
    attributes: readKeyValues(o.attributes, `${path}.attributes`),
  };
}

function readSpanEvent(v: unknown, path: string): SpanEvent {
  const o = readObject(v, path);
  return {
    timeUnixNano: readNanos(o.timeUnixNano, `${path}.timeUnixNano`),
    name: readString(o.name, `${path}.name`),
    attributes: readKeyValues(o.attributes, `${path}.attributes`),
  };
}

function readSpan(v: unknown, path: string): Span {
  const o = readObject(v, path);
  const status = readObject(o.status, `${path}.status`);
  return {
    traceId: readHexId(o.traceId, `${path}.traceId`),
    spanId: readHexId(o.spanId, `${path}.spanId`),
    parentSpanId: readHexId(o.parentSpanId, `${path}.parentSpanId`),
    name: readString(o.name, `${path}.name`),
    kind: readInt32(o.kind, `${path}.kind`),
    startTimeUnixNano: readNanos(o.startTimeUnixNano, `${path}.startTimeUnixNano`),
    endTimeUnixNano: readNanos(o.endTimeUnixNano, `${path}.endTimeUnixNano`),
    attributes: readKeyValues(o.attributes, `${path}.attributes`),
    events: readArray(o.events, `${path}.events`).map((e, i) =>
      readSpanEvent(e, `${path}.events[${i}]`),
    ),
    status: {
      code: readInt32(status.code, `${path}.status.code`),
      message: readString(status.message, `${path}.status.message`),
    },
  };
}

function readLogRecord(v: unknown, path: string): LogRecord {
  const o = readObject(v, path);
  return {
    timeUnixNano: readNanos(o.timeUnixNano, `${path}.timeUnixNano`),
    observedTimeUnixNano: readNanos(o.observedTimeUnixNano, `${path}.observedTimeUnixNano`),
    severityNumber: readInt32(o.severityNumber, `${path}.severityNumber`),
    severityText: readString(o.severityText, `${path}.severityText`),
    body: o.body === undefined || o.body === null ? null : readAnyValue(o.body, `${path}.body`),
    attributes: readKeyValues(o.attributes, `${path}.attributes`),
    traceId: readHexId(o.traceId, `${path}.traceId`),
    spanId: readHexId(o.spanId, `${path}.spanId`),
    eventName: readString(o.eventName, `${path}.eventName`),
  };
}

export function decodeTraceJson(body: Uint8Array): TraceBatch {
  const root = readObject(parseBody(body), 'request');
  return {
    resourceSpans: readArray(root.resourceSpans, 'resourceSpans').map((rs, i) => {
      const p = `resourceSpans[${i}]`;
      const o = readObject(rs, p);
      return {
        resource: readResource(o.resource, `${p}.resource`),
        scopeSpans: readArray(o.scopeSpans, `${p}.scopeSpans`).map((ss, j) => {
          const q = `${p}.scopeSpans[${j}]`;
          const s = readObject(ss, q);
          return {
            scope: readScope(s.scope, `${q}.scope`),
            spans: readArray(s.spans, `${q}.spans`).map((sp, k) =>
              readSpan(sp, `${q}.spans[${k}]`),
            ),
          };
        }),
      };
    }),
  };
}

export function decodeLogsJson(body: Uint8Array): LogsBatch {
  const root = readObject(parseBody(body), 'request');
  return {
    resourceLogs: readArray(root.resourceLogs, 'resourceLogs').map((rl, i) => {
      const p = `resourceLogs[${i}]`;
      const o = readObject(rl, p);
      return {
        resource: readResource(o.resource, `${p}.resource`),
        scopeLogs: readArray(o.scopeLogs, `${p}.scopeLogs`).map((sl, j) => {
          const q = `${p}.scopeLogs[${j}]`;
          const s = readObject(sl, q);
          return {
            scope: readScope(s.scope, `${q}.scope`),
            logRecords: readArray(s.logRecords, `${q}.logRecords`).map((lr, k) =>
              readLogRecord(lr, `${q}.logRecords[${k}]`),
            ),
          };
        }),
      };
    }),
  };
}
