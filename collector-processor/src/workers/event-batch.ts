import type { FaultlineEvent } from '../schema/index.ts';

/**
 * A request's events on their way to the store: objects, or one JSON array
 * text as they come from a pipeline thread. The text goes on as it is to the
 * store-writes thread, which parses it; on the main thread it is parsed only
 * on the rare paths that need single events (a store refusing some).
 */
export interface EventBatch {
  readonly count: number;
  readonly list?: readonly FaultlineEvent[];
  readonly json?: string;
}

export const batchOfList = (list: readonly FaultlineEvent[]): EventBatch => ({
  count: list.length,
  list,
});

export const eventsOf = (batch: EventBatch): readonly FaultlineEvent[] =>
  batch.list ?? (JSON.parse(batch.json ?? '[]') as FaultlineEvent[]);

export const jsonOf = (batch: EventBatch): string => batch.json ?? JSON.stringify(batch.list ?? []);

/** Several batches as one: their texts joined ('[a,b]' + '[c]' → '[a,b,c]') when every one has a text. */
export function joinBatches(batches: readonly EventBatch[]): EventBatch {
  if (batches.length === 1) return batches[0]!;
  const count = batches.reduce((n, b) => n + b.count, 0);
  if (batches.every((b) => b.json !== undefined)) {
    const parts = batches.filter((b) => b.count > 0).map((b) => b.json!.slice(1, -1));
    return { count, json: `[${parts.join(',')}]` };
  }
  return { count, list: batches.flatMap((b) => eventsOf(b)) };
}
