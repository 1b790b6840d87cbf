import {
  decodeLogRecordProtobuf,
  decodeResourceProtobuf,
  decodeScopeProtobuf,
  decodeSpanProtobuf,
} from './protobuf.ts';
import type {
  LogSelection,
  LocatedLogRecord,
  LocatedSpan,
  Resource,
  Scope,
  SpanSelection,
} from './model.ts';
import { Unsure, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, WireReader } from './wire.ts';
import { decodeLogRecordWire, decodeSpanWire, wireOr } from './wire-decode.ts';

/**
 * The skim: a first pass over an OTLP protobuf request that reads of each
 * span or log record only what decides whether it can become an event, and
 * fully decodes just those (straight from the wire, wire-decode.ts), the
 * spans they descend from in the request, and their resources and scopes
 * (with the generated code, on their own bytes).
 * Ordinary records cost a walk over their bytes — which still checks
 * everything the full decode would refuse — instead of a decode.
 *
 * The caller says which records it needs (`keep`); the result lists them in
 * request order with their positions, and counts all records. Undefined when
 * the body holds anything the skim does not model (wire.ts): decode it fully.
 */

/** What the skim reads of a span. Times are nanoseconds as numbers: exact below 2^53, approximate above. */
export interface SpanSummary {
  readonly statusCode: number;
  readonly hasExceptionEvent: boolean;
  readonly startNanos: number;
  readonly endNanos: number;
}

/** What the skim reads of a log record. */
export interface LogSummary {
  readonly severityNumber: number;
  readonly severityText: string;
  readonly attributeKeys: readonly string[];
}

/** How far up a needed span's parents are decoded with it (the pipeline's ancestry walks stop there too). */
const MAX_ANCESTRY = 16;

interface Range {
  readonly start: number;
  readonly end: number;
}

/** A resource or scope, decoded only when one of its records is kept. */
class Lazy<T> {
  readonly #range: Range | undefined;
  readonly #decode: (bytes: Uint8Array) => T;
  #value: T | undefined;
  constructor(range: Range | undefined, decode: (bytes: Uint8Array) => T) {
    this.#range = range;
    this.#decode = decode;
  }
  get(body: Uint8Array): T {
    const range = this.#range ?? { start: 0, end: 0 };
    return (this.#value ??= this.#decode(body.subarray(range.start, range.end)));
  }
}

/** Where a record stands in the request: its resource's, scope's and own index. */
interface Place {
  readonly resource: Lazy<Resource>;
  readonly scope: Lazy<Scope>;
  readonly resourceIndex: number;
  readonly scopeIndex: number;
  readonly index: number;
}

/** A record's position as partial-success answers name it ("i/j/k"), made only for kept records. */
function positionOf(place: Place): string {
  return `${place.resourceIndex}/${place.scopeIndex}/${place.index}`;
}

interface Item extends Range, Place {}

interface SpanItem extends Item {
  readonly traceId: Range | undefined;
  readonly spanId: Range | undefined;
  readonly parentId: Range | undefined;
}

/**
 * ResourceSpans, ScopeSpans and their logs twins share one layout: a head
 * message (resource or scope) = 1, repeated children = 2, schema_url = 3.
 * Checks the head and the schema url; returns where the head and children are.
 */
function readContainer(reader: WireReader, end: number, checkHead: (end: number) => void) {
  let head: Range | undefined;
  const children: Range[] = [];
  while (reader.pos < end) {
    const tag = reader.tag(end);
    const wire = tag & 7;
    const field = tag >>> 3;
    if (field === 1) {
      reader.expect(wire, WIRE_LEN);
      // A repeated singular message is merged by the full decode: not modelled.
      if (head) throw new Unsure();
      const stop = reader.len(end);
      head = { start: reader.pos, end: stop };
      checkHead(stop);
    } else if (field === 2) {
      reader.expect(wire, WIRE_LEN);
      const stop = reader.len(end);
      children.push({ start: reader.pos, end: stop });
      reader.pos = stop;
    } else if (field === 3) {
      reader.expect(wire, WIRE_LEN);
      reader.string(end);
    } else reader.skip(wire, end);
  }
  return { head, children };
}

/** Walks request → resource → scope → record for either signal; `onRecord` reads one record. */
function walkRequest(reader: WireReader, onRecord: (end: number, place: Place) => void): void {
  const end = reader.buf.length;
  const resources: Range[] = [];
  while (reader.pos < end) {
    const tag = reader.tag(end);
    if (tag >>> 3 !== 1) {
      reader.skip(tag & 7, end);
      continue;
    }
    reader.expect(tag & 7, WIRE_LEN);
    const stop = reader.len(end);
    resources.push({ start: reader.pos, end: stop });
    reader.pos = stop;
  }
  resources.forEach((r, i) => {
    reader.pos = r.start;
    const { head, children: scopes } = readContainer(reader, r.end, (e) => reader.resource(e));
    const resource = new Lazy(head, decodeResourceProtobuf);
    scopes.forEach((s, j) => {
      reader.pos = s.start;
      const inScope = readContainer(reader, s.end, (e) => reader.scope(e));
      const scope = new Lazy(inScope.head, decodeScopeProtobuf);
      inScope.children.forEach((record, k) => {
        reader.pos = record.start;
        onRecord(record.end, { resource, scope, resourceIndex: i, scopeIndex: j, index: k });
      });
    });
  });
}

/** Reads a Span's deciding fields while checking all of it. */
function readSpan(reader: WireReader, end: number) {
  let traceId: Range | undefined;
  let spanId: Range | undefined;
  let parentId: Range | undefined;
  let statusCode = 0;
  let hasStatus = false;
  let hasExceptionEvent = false;
  let startNanos = 0;
  let endNanos = 0;
  while (reader.pos < end) {
    const tag = reader.tag(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        traceId = bytesRange(reader, wire, end);
        break;
      case 2:
        spanId = bytesRange(reader, wire, end);
        break;
      case 4:
        parentId = bytesRange(reader, wire, end);
        break;
      case 3: // trace_state
      case 5: // name
        reader.expect(wire, WIRE_LEN);
        reader.string(end);
        break;
      case 6: // kind
      case 10: // dropped_attributes_count
      case 12: // dropped_events_count
      case 14: // dropped_links_count
        reader.expect(wire, WIRE_VARINT);
        reader.varint32(end);
        break;
      case 7:
        reader.expect(wire, WIRE_FIXED64);
        startNanos = reader.fixed64(end);
        break;
      case 8:
        reader.expect(wire, WIRE_FIXED64);
        endNanos = reader.fixed64(end);
        break;
      case 9:
        reader.attributes(wire, end);
        break;
      case 11:
        reader.expect(wire, WIRE_LEN);
        if (readEvent(reader, reader.len(end))) hasExceptionEvent = true;
        break;
      case 13:
        reader.expect(wire, WIRE_LEN);
        readLink(reader, reader.len(end));
        break;
      case 15:
        reader.expect(wire, WIRE_LEN);
        if (hasStatus) throw new Unsure();
        hasStatus = true;
        statusCode = readStatus(reader, reader.len(end));
        break;
      case 16: // flags
        reader.expect(wire, WIRE_FIXED32);
        reader.fixed32(end);
        break;
      default:
        reader.skip(wire, end);
    }
  }
  const summary: SpanSummary = { statusCode, hasExceptionEvent, startNanos, endNanos };
  return { summary, traceId, spanId, parentId };
}

/** A bytes field's range, undefined when empty. */
function bytesRange(reader: WireReader, wire: number, end: number): Range | undefined {
  reader.expect(wire, WIRE_LEN);
  const stop = reader.len(end);
  const start = reader.pos;
  reader.pos = stop;
  return stop > start ? { start, end: stop } : undefined;
}

/** Checks a Span.Event; true when its name is "exception". */
function readEvent(reader: WireReader, end: number): boolean {
  let exception = false;
  while (reader.pos < end) {
    const tag = reader.tag(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        reader.expect(wire, WIRE_FIXED64);
        reader.fixed64(end);
        break;
      case 2:
        reader.expect(wire, WIRE_LEN);
        exception = reader.isException(end);
        break;
      case 3:
        reader.attributes(wire, end);
        break;
      case 4:
        reader.expect(wire, WIRE_VARINT);
        reader.varint32(end);
        break;
      default:
        reader.skip(wire, end);
    }
  }
  return exception;
}

function readLink(reader: WireReader, end: number): void {
  while (reader.pos < end) {
    const tag = reader.tag(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
      case 2:
        reader.expect(wire, WIRE_LEN);
        reader.pos = reader.len(end);
        break;
      case 3:
        reader.expect(wire, WIRE_LEN);
        reader.string(end);
        break;
      case 4:
        reader.attributes(wire, end);
        break;
      case 5:
        reader.expect(wire, WIRE_VARINT);
        reader.varint32(end);
        break;
      case 6:
        reader.expect(wire, WIRE_FIXED32);
        reader.fixed32(end);
        break;
      default:
        reader.skip(wire, end);
    }
  }
}

/** Checks a Status; returns its code as the full decode reads it (int32, last one wins). */
function readStatus(reader: WireReader, end: number): number {
  let code = 0;
  while (reader.pos < end) {
    const tag = reader.tag(end);
    const wire = tag & 7;
    const field = tag >>> 3;
    if (field === 2) {
      reader.expect(wire, WIRE_LEN);
      reader.string(end);
    } else if (field === 3) {
      reader.expect(wire, WIRE_VARINT);
      code = reader.varint32(end) | 0;
    } else reader.skip(wire, end);
  }
  return code;
}

/** Reads a LogRecord's deciding fields while checking all of it. */
function readLogRecord(reader: WireReader, end: number): LogSummary {
  let severityNumber = 0;
  let severityText = '';
  let hasBody = false;
  const attributeKeys: string[] = [];
  while (reader.pos < end) {
    const tag = reader.tag(end);
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1: // time_unix_nano
      case 11: // observed_time_unix_nano
        reader.expect(wire, WIRE_FIXED64);
        reader.fixed64(end);
        break;
      case 2:
        reader.expect(wire, WIRE_VARINT);
        severityNumber = reader.varint32(end) | 0;
        break;
      case 3:
        reader.expect(wire, WIRE_LEN);
        severityText = reader.text(end);
        break;
      case 5:
        reader.expect(wire, WIRE_LEN);
        if (hasBody) throw new Unsure();
        hasBody = true;
        reader.anyValue(reader.len(end), 0);
        break;
      case 6:
        reader.attributes(wire, end, attributeKeys);
        break;
      case 7: // dropped_attributes_count
        reader.expect(wire, WIRE_VARINT);
        reader.varint32(end);
        break;
      case 8: // flags
        reader.expect(wire, WIRE_FIXED32);
        reader.fixed32(end);
        break;
      case 9: // trace_id
      case 10: // span_id
        reader.expect(wire, WIRE_LEN);
        reader.pos = reader.len(end);
        break;
      case 12: // event_name
        reader.expect(wire, WIRE_LEN);
        reader.string(end);
        break;
      default:
        reader.skip(wire, end);
    }
  }
  return { severityNumber, severityText, attributeKeys };
}

/** Whether two byte ranges of the body hold the same bytes (an absent range is empty). */
function sameBytes(body: Uint8Array, a: Range | undefined, b: Range | undefined): boolean {
  const length = a ? a.end - a.start : 0;
  if (length !== (b ? b.end - b.start : 0)) return false;
  for (let i = 0; i < length; i++) if (body[a!.start + i] !== body[b!.start + i]) return false;
  return true;
}

/**
 * The request's spans by id (trace id and span id), for the ancestry walk:
 * the last span holding an id wins, as in the pipeline's own walk. Indexed by
 * a number read from the span id's last bytes, not by a text made of the ids
 * (which cost more than the rest of the skim), and checked byte for byte: a
 * different id under the same number (rare) falls back to a scan.
 */
class SpanIndex {
  readonly #body: Uint8Array;
  readonly #items: readonly SpanItem[];
  readonly #byNumber = new Map<number, number>();

  constructor(body: Uint8Array, items: readonly SpanItem[]) {
    this.#body = body;
    this.#items = items;
    items.forEach((item, index) => {
      if (item.spanId) this.#byNumber.set(this.#numberOf(item.spanId), index);
    });
  }

  /** The index of the last span whose id is `traceId` and `spanId`, if any. */
  find(traceId: Range | undefined, spanId: Range): number | undefined {
    const candidate = this.#byNumber.get(this.#numberOf(spanId));
    if (candidate === undefined) return undefined;
    if (this.#holds(candidate, traceId, spanId)) return candidate;
    for (let index = this.#items.length - 1; index >= 0; index--)
      if (this.#holds(index, traceId, spanId)) return index;
    return undefined;
  }

  #holds(index: number, traceId: Range | undefined, spanId: Range): boolean {
    const item = this.#items[index]!;
    return (
      item.spanId !== undefined &&
      sameBytes(this.#body, item.spanId, spanId) &&
      sameBytes(this.#body, item.traceId, traceId)
    );
  }

  // Up to the last four bytes of the id, kept within small integers.
  #numberOf(id: Range): number {
    let number = 0;
    for (let i = Math.max(id.start, id.end - 4); i < id.end; i++)
      number = ((number << 8) | this.#body[i]!) & 0x3fffffff;
    return number;
  }
}

/**
 * Runs the skim; undefined when it meets what it does not model. Should the
 * decode of a chosen record fail all the same, the full decode runs too, so
 * the sender gets its usual answer.
 */
function attempt<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

/**
 * The spans of an ExportTraceServiceRequest that `keep` asks for, with the
 * spans they descend from in the request (parent ids resolved as the
 * pipeline's ancestry resolves them: the last span with an id wins).
 */
export function skimTraceProtobuf(
  body: Uint8Array,
  keep: (span: SpanSummary) => boolean,
): SpanSelection | undefined {
  return attempt(() => {
    const reader = new WireReader(body);
    const items: SpanItem[] = [];
    const kept: number[] = [];
    let withParent = false;
    walkRequest(reader, (end, place) => {
      const start = reader.pos;
      const span = readSpan(reader, end);
      if (keep(span.summary)) {
        kept.push(items.length);
        if (span.parentId) withParent = true;
      }
      const { traceId, spanId, parentId } = span;
      const { resource, scope, resourceIndex, scopeIndex, index } = place;
      // Field by field: a spread of `place` cost about 50 ns more per span.
      items.push({
        resource,
        scope,
        resourceIndex,
        scopeIndex,
        index,
        start,
        end,
        traceId,
        spanId,
        parentId,
      });
    });
    const chosen = new Set(kept);
    // The spans are indexed by id only when a kept span has a parent to look up.
    if (withParent) {
      const byId = new SpanIndex(body, items);
      for (const index of kept) {
        let current = items[index]!;
        for (let depth = 0; depth < MAX_ANCESTRY && current.parentId; depth++) {
          const parent = byId.find(current.traceId, current.parentId);
          if (parent === undefined) break;
          chosen.add(parent);
          current = items[parent]!;
        }
      }
    }
    const spans: LocatedSpan[] = [...chosen]
      .sort((a, b) => a - b)
      .map((index) => {
        const item = items[index]!;
        return {
          resource: item.resource.get(body),
          scope: item.scope.get(body),
          position: positionOf(item),
          span: wireOr(decodeSpanWire, decodeSpanProtobuf, body, item.start, item.end),
        };
      });
    return { spans, total: items.length };
  });
}

/** The log records of an ExportLogsServiceRequest that `keep` asks for. */
export function skimLogsProtobuf(
  body: Uint8Array,
  keep: (record: LogSummary) => boolean,
): LogSelection | undefined {
  return attempt(() => {
    const reader = new WireReader(body);
    const records: LocatedLogRecord[] = [];
    let total = 0;
    walkRequest(reader, (end, place) => {
      const start = reader.pos;
      total++;
      if (!keep(readLogRecord(reader, end))) return;
      records.push({
        resource: place.resource.get(body),
        scope: place.scope.get(body),
        position: positionOf(place),
        record: wireOr(decodeLogRecordWire, decodeLogRecordProtobuf, body, start, end),
      });
    });
    return { records, total };
  });
}
