import type { Attributes } from '../otlp/model.ts';
import { SECURITY_LEVELS, type FaultlineEvent, type SecurityLevel } from '../schema/index.ts';
import { eventId } from './event-id.ts';
import { AttributeLookup } from './lookup.ts';
import { FAULTLINE_FIELDS as FL, RECORD_FIELDS as F, RESOURCE_FIELDS as R } from './semconv.ts';
import { prune } from './prune.ts';
import { isZeroNanos, nanosToIso } from './time.ts';
import type { Candidate, StageResult } from './types.ts';
import { flattenInto, toInteger, toNumber, toStringList, toText, type Scalar } from './values.ts';

/**
 * Stage 2: a candidate becomes one schema document. Resource attributes say
 * where (service, environment, host); the record's own attributes, then its
 * span's, say what (request, code location, user); the rest is kept, flattened,
 * under `attributes`.
 */

const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;
const SPAN_ID = /^(?!0{16})[0-9a-f]{16}$/;

function urlParts(record: AttributeLookup) {
  let path = record.take(F.urlPath, toText);
  let query = record.take(F.urlQuery, toText);
  if (path === undefined) {
    const target = record.take(F.httpTarget, toText);
    if (target !== undefined) {
      const at = target.indexOf('?');
      path = at < 0 ? target : target.slice(0, at);
      if (at >= 0) query ??= target.slice(at + 1);
    }
  }
  return { path, query, full: record.take(F.urlFull, toText) };
}

function codeFunction(record: AttributeLookup): string | undefined {
  const found = record.find(F.codeFunction);
  const name = record.take(F.codeFunction, toText);
  if (name === undefined || found?.key !== 'code.function') return name;
  const namespace = record.take(F.codeNamespace, toText);
  return namespace ? `${namespace}.${name}` : name;
}

const toSecurityLevel = (v: Parameters<typeof toText>[0]): SecurityLevel | undefined => {
  const text = toText(v)?.trim().toLowerCase();
  return SECURITY_LEVELS.find((l) => l === text);
};

/** The business object an event concerns: both parts, or none. */
function objectRef(record: AttributeLookup) {
  const type = record.find(FL.objectType);
  const id = record.find(FL.objectId);
  const typeText = type && toText(type.value);
  const idText = id && toText(id.value);
  if (!typeText || !idText) return undefined;
  return { type: record.take(FL.objectType, toText)!, id: record.take(FL.objectId, toText)! };
}

function faultlineFields(c: Candidate, record: AttributeLookup): FaultlineEvent['faultline'] {
  const session = record.take(FL.sessionId, toText);
  return {
    log_type: c.logType,
    severity: c.severity,
    status: 'open',
    source: c.source,
    module: record.take(FL.module, toText),
    perf: {
      memory_bytes: record.take(FL.memoryBytes, toNumber),
      cpu_ms: record.take(FL.cpuMs, toNumber),
    },
    security: {
      level: record.take(FL.securityLevel, toSecurityLevel),
      category: record.take(FL.securityCategory, toText),
      impact: record.take(FL.securityImpact, toText),
    },
    session: session ? { id: session } : undefined,
    object: objectRef(record),
  };
}

function remainingAttributes(layers: readonly Attributes[], skip: ReadonlySet<string>) {
  const out: Record<string, Scalar> = {};
  for (const layer of layers) {
    for (const [key, value] of layer) {
      if (key !== '' && !skip.has(key)) flattenInto(out, key, value);
    }
  }
  return out;
}

/** The event document, pruned (undefined values and empty objects dropped). */
export function normalize(c: Candidate): StageResult<FaultlineEvent> {
  const built = unprunedDocument(c);
  return built.ok ? { ok: true, value: prune(built.value) } : built;
}

/**
 * The document with its unknown fields still there as undefined values and
 * empty objects. The later stages read such a field as absent, so the
 * pipeline prunes once, after its last stage, instead of after each.
 */
export function unprunedDocument(c: Candidate): StageResult<FaultlineEvent> {
  if (isZeroNanos(c.timeUnixNano)) {
    const detail = `${c.source === 'span_event' ? 'span event and its span have' : 'log record has'} no timestamp`;
    return { ok: false, rejection: { reason: 'missing_timestamp', detail, itemKey: c.itemKey } };
  }
  const resource = new AttributeLookup([c.resource.attributes]);
  // The record's own attributes, then its span's, then the request's (parent spans).
  const record = new AttributeLookup([c.attributes, c.contextAttributes, ...c.ancestorAttributes]);

  const document: FaultlineEvent = {
    '@timestamp': nanosToIso(c.timeUnixNano),
    timestamp_nanos: BigInt(c.timeUnixNano).toString(),
    message: c.message,
    event: {
      id: eventId(c.identity, c.timeUnixNano),
      duration:
        c.durationNanos !== undefined
          ? Number(c.durationNanos)
          : record.take(FL.duration, toNumber),
      action: record.take(FL.action, toText),
      category: record.take(FL.category, toStringList),
      outcome: record.take(FL.outcome, toText),
    },
    log: {
      level: c.severity,
      // For logs the instrumentation scope is the logger (OTel's Logs Bridge API).
      logger: c.source === 'log_record' ? c.scope.name || undefined : undefined,
    },
    error: c.error && {
      type: c.error.type,
      message: c.error.message,
      stack_trace: c.error.stackTrace,
    },
    faultline: faultlineFields(c, record),
    tags: record.take(FL.tags, toStringList),
    service: {
      name: resource.take(R.serviceName, toText),
      version: resource.take(R.serviceVersion, toText),
    },
    deployment: { environment: { name: resource.take(R.environment, toText) } },
    host: { name: resource.take(R.hostName, toText) },
    http: {
      request: { method: record.take(F.httpMethod, toText) },
      route: record.take(F.httpRoute, toText),
      response: { status_code: record.take(F.httpStatusCode, toInteger) },
    },
    url: urlParts(record),
    user_agent: { original: record.take(F.userAgent, toText) },
    client: { ip: record.take(F.clientIp, toText) },
    user: {
      id: record.take(F.userId, toText),
      name: record.take(F.userName, toText),
      email: record.take(F.userEmail, toText),
    },
    code: {
      function: { name: codeFunction(record) },
      file: { path: record.take(F.codeFile, toText) },
      line: { number: record.take(F.codeLine, toInteger) },
    },
    trace: TRACE_ID.test(c.traceId) ? { id: c.traceId } : undefined,
    span: SPAN_ID.test(c.spanId) ? { id: c.spanId } : undefined,
  };
  const skip = new Set([...c.consumedKeys, ...resource.consumed, ...record.consumed]);
  // Later layers win on a shared key: the record over its span over the resource.
  document.attributes = remainingAttributes(
    [c.resource.attributes, c.contextAttributes, c.attributes],
    skip,
  );
  return { ok: true, value: document };
}
