import type { FaultlineEvent } from '../schema/index.ts';

/**
 * The storage contract every backend (embedded SQLite now; Elasticsearch and
 * OpenSearch later) implements, and what callers may rely on. The shared
 * conformance suite (conformance.ts) checks each promise below.
 */
export interface Store {
  /**
   * Stores events, idempotently by `event.id`: an id already stored is left as
   * it is (the first write wins), so a retried or replayed batch never
   * duplicates. When the promise resolves, every event is durable and visible
   * to searchEvents and getEvent. On rejection nothing may be assumed about
   * the batch; writing it again is always safe. The caller keeps ownership of
   * the documents; the store copies what it keeps.
   */
  writeEvents(events: readonly FaultlineEvent[]): Promise<WriteResult>;

  /**
   * One page of events, newest first by `@timestamp`, ties broken by
   * `event.id` (descending), so the order is total and stable. `next` is an
   * opaque cursor for the following page, or null on the last page; a cursor
   * stays valid while events are added (newer events never shift later
   * pages). A cursor that this store did not issue rejects with
   * InvalidCursorError. An empty store answers an empty page.
   */
  searchEvents(query: SearchEventsQuery): Promise<EventPage>;

  /** The stored document, or undefined when no event has that id. Returns a fresh copy. */
  getEvent(id: string): Promise<FaultlineEvent | undefined>;

  /** Releases the backend. Calls after close reject; close itself may be called again. */
  close(): Promise<void>;
}

export interface WriteResult {
  /** How many of the events were new (the rest were already stored). */
  readonly inserted: number;
}

export interface SearchEventsQuery {
  /** Page size, 1–500. */
  readonly limit: number;
  /** The `next` of a previous page; absent for the first page. */
  readonly cursor?: string;
}

export interface Total {
  readonly value: number;
  /** 'eq' when value is exact, 'gte' when it is a lower bound (engines that stop counting). */
  readonly relation: 'eq' | 'gte';
}

export interface EventPage {
  readonly items: FaultlineEvent[];
  readonly next: string | null;
  /** How many events match the query as a whole (not only this page). */
  readonly total: Total;
}

export const MAX_PAGE_SIZE = 500;

export class InvalidCursorError extends Error {
  constructor(message = 'the cursor is not one this store issued') {
    super(message);
    this.name = 'InvalidCursorError';
  }
}

export class StoreClosedError extends Error {
  constructor() {
    super('the store is closed');
    this.name = 'StoreClosedError';
  }
}
