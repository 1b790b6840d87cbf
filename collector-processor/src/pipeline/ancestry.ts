import type { Attributes, Span, TraceBatch } from '../otlp/model.ts';

const SPAN_KIND_SERVER = 2;
const MAX_DEPTH = 16;

/**
 * Finds a span's ancestors within one batch by span id, so an event on a
 * child span can read the request data its SERVER span holds. The walk stops
 * at the first SERVER span (the request's entry), at a parent not in the batch,
 * or after a few steps (a cycle in bad input must not loop).
 */
export class SpanAncestry {
  readonly #byId = new Map<string, Span>();

  constructor(batch: TraceBatch) {
    for (const rs of batch.resourceSpans) {
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          if (span.spanId !== '') this.#byId.set(`${span.traceId}/${span.spanId}`, span);
        }
      }
    }
  }

  /** Attributes of the span's ancestors, nearest first. */
  ancestorsOf(span: Span): Attributes[] {
    const out: Attributes[] = [];
    let current = span;
    while (
      current.kind !== SPAN_KIND_SERVER &&
      current.parentSpanId !== '' &&
      out.length < MAX_DEPTH
    ) {
      const parent = this.#byId.get(`${current.traceId}/${current.parentSpanId}`);
      if (!parent || parent === span) break;
      out.push(parent.attributes);
      current = parent;
    }
    return out;
  }
}
