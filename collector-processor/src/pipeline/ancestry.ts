import type { Attributes, Span } from '../otlp/model.ts';

const SPAN_KIND_SERVER = 2;
const MAX_DEPTH = 16;

/**
 * Finds a span's ancestors among the spans of one request by span id, so an event on a
 * child span can read the request data its SERVER span holds. The walk stops
 * at the first SERVER span (the request's entry), at a parent not in the batch,
 * or after a few steps (a cycle in bad input must not loop).
 */
export class SpanAncestry {
  readonly #byId = new Map<string, Span>();
  /** Spans with an `exception` event somewhere below them in the batch. */
  readonly #exceptionBelow = new Set<Span>();

  /** `spans`: those of the request (or, from the skim, every one the walks below can reach). */
  constructor(spans: readonly Span[]) {
    for (const span of spans) {
      if (span.spanId !== '') this.#byId.set(`${span.traceId}/${span.spanId}`, span);
    }
    for (const span of spans) {
      if (!span.events.some((e) => e.name === 'exception')) continue;
      let current = span;
      for (let depth = 0; depth < MAX_DEPTH && current.parentSpanId !== ''; depth++) {
        const parent = this.#byId.get(`${current.traceId}/${current.parentSpanId}`);
        if (!parent || this.#exceptionBelow.has(parent)) break;
        this.#exceptionBelow.add(parent);
        current = parent;
      }
    }
  }

  /**
   * True when a descendant in the batch recorded an exception: the span's
   * ERROR status is then that exception reaching it (a SERVER span answering
   * 500 after its handler threw), already one event.
   */
  hasExceptionBelow(span: Span): boolean {
    return this.#exceptionBelow.has(span);
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
