import type { FaultlineEvent } from '../schema/index.ts';

/**
 * A request's events on their way to the store: objects, or one JSON array
 * text in UTF-8 as they come from a pipeline thread. Bytes are moved from
 * thread to thread (a transfer costs about what an empty message does, where
 * a string of a few hundred KB is copied on both sides, ~100–190 µs); the
 * store-writes thread parses them. On the main thread they are parsed only on
 * the rare paths that need single events (a store refusing some).
 */
export interface EventBatch {
  readonly count: number;
  readonly list?: readonly FaultlineEvent[];
  readonly json?: Uint8Array;
}

export const batchOfList = (list: readonly FaultlineEvent[]): EventBatch => ({
  count: list.length,
  list,
});

const utf8Json = (list: readonly FaultlineEvent[]) => Buffer.from(JSON.stringify(list));

/** The events as one JSON text, in UTF-8. */
export const batchOfJson = (list: readonly FaultlineEvent[]): EventBatch => ({
  count: list.length,
  json: utf8Json(list),
});

const text = (json: Uint8Array) =>
  Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString();

/** Parses a batch's JSON bytes (or an empty list when there are none). */
export const parseJson = (json: Uint8Array | undefined): FaultlineEvent[] =>
  json ? (JSON.parse(text(json)) as FaultlineEvent[]) : [];

export const eventsOf = (batch: EventBatch): readonly FaultlineEvent[] =>
  batch.list ?? parseJson(batch.json);

export const jsonOf = (batch: EventBatch): Uint8Array => batch.json ?? utf8Json(batch.list ?? []);

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

/**
 * Several batches as one. When every one has JSON bytes, their arrays are
 * joined into new bytes ('[a,b]' + '[c]' → '[a,b,c]'), never the bytes of one
 * of them, so the result may be moved to another thread while the batches
 * are kept.
 */
export function joinBatches(batches: readonly EventBatch[]): EventBatch {
  const count = batches.reduce((n, b) => n + b.count, 0);
  if (batches.every((b) => b.json !== undefined)) {
    const parts: Uint8Array[] = [];
    for (const b of batches) {
      if (b.count === 0) continue;
      parts.push(parts.length === 0 ? OPEN : COMMA, b.json!.subarray(1, -1));
    }
    return { count, json: Buffer.concat([...(parts.length === 0 ? [OPEN] : parts), CLOSE]) };
  }
  return { count, list: batches.flatMap((b) => eventsOf(b)) };
}
