import type { FaultlineEvent } from '../schema/index.ts';
import type { AggregationOptions, EventAggregations } from './aggregations.ts';
import type { EventChanges } from './event-changes.ts';
import type { EventFilter, EventSort } from './filter.ts';
import type { PatternIncrement, PatternStore } from './patterns.ts';
import type { AuditLog, RecordCollections } from './records.ts';

/**
 * The storage contract every backend (embedded SQLite, OpenSearch,
 * Elasticsearch) implements, and what callers may rely on. The shared
 * conformance suite (conformance.ts) checks each promise below.
 *
 * Visibility: when a write resolves it is durable. The embedded store makes
 * it searchable at once; search engines make it searchable within their
 * refresh interval (about a second). `refresh()` forces that point; tests and
 * one-off tools call it, the ingest path never does. Updates and deletes by
 * filter are searchable when they resolve, in every backend.
 */
export interface Store extends RecordCollections {
  /** Which backend this is, for logs and /healthz: 'sqlite', 'opensearch' or 'elasticsearch'. */
  readonly kind: string;

  /**
   * Stores events, idempotently by `event.id`: an id already stored is left as
   * it is (the first write wins), so a retried or replayed batch never
   * duplicates. Items the store refuses for good (a document the engine
   * cannot index) come back in `failed` with the reason; the rest are stored.
   * The promise rejects only when the store could not be asked at all
   * (unreachable, overloaded past its retries); then writing the whole batch
   * again is safe. The caller keeps ownership of the documents.
   */
  writeEvents(events: readonly FaultlineEvent[]): Promise<WriteResult>;

  /**
   * Optional: writeEvents, and the pattern increments `countNew` computes
   * from the events it newly stored, applied in the same transaction (each
   * merged pattern's also counted in its merge target, see
   * patterns/merge-redirect.ts). Either both are durable or neither is, so a
   * crash between them cannot lose the increments; should `countNew` or the
   * upsert throw, nothing is stored and the call rejects. Stores that cannot
   * do this (search engines) leave it out and callers upsert separately.
   */
  writeEventsCounted?(
    events: readonly FaultlineEvent[],
    countNew: (newlyStored: readonly FaultlineEvent[]) => readonly PatternIncrement[],
  ): Promise<WriteResult>;

  /**
   * One page of matching events, sorted by `@timestamp` (newest first unless
   * `sort` says 'oldest'), ties broken by `event.id` in the same direction, so
   * the order is total. `next` is an opaque cursor for the following page, or
   * null on the last page; a cursor stays valid while events are added (an
   * event newer than the page never shifts later pages). A cursor this store
   * did not issue, or issued for another sort, rejects with
   * InvalidCursorError. Nothing matching answers an empty page with total 0.
   */
  searchEvents(query: SearchEventsQuery): Promise<EventPage>;

  /** The stored document, or undefined when no event has that id. Returns a fresh copy. */
  getEvent(id: string): Promise<FaultlineEvent | undefined>;

  /** The dashboard figures over the matching events (see aggregations.ts). */
  aggregateEvents(filter: EventFilter, options?: AggregationOptions): Promise<EventAggregations>;

  /**
   * Applies `changes` to the events named by id or matched by a filter.
   * Resolves with how many events were found; unknown ids are skipped.
   */
  updateEvents(target: EventTarget, changes: EventChanges): Promise<{ updated: number }>;

  /** Deletes the matching events (retention, purges). An empty filter deletes everything. */
  deleteEvents(filter: EventFilter): Promise<{ deleted: number }>;

  /**
   * Every matching event in sort order, fetched in batches: memory stays
   * bounded by the batch size, whatever the total. Reflects the store as it
   * was when iteration began where the engine can (search engines use a
   * point in time); breaking out of the loop releases what it held.
   */
  streamEvents(filter: EventFilter, options?: StreamOptions): AsyncIterable<FaultlineEvent>;

  /** Error patterns: counters upserted atomically as events arrive. */
  readonly patterns: PatternStore;

  /** The append-only audit log. */
  readonly audit: AuditLog;

  /** Makes every write that has resolved searchable now (see "Visibility"). */
  refresh(): Promise<void>;

  /** Releases the backend. Calls after close reject; close itself may be called again. */
  close(): Promise<void>;
}

export interface WriteResult {
  /** How many of the events were new (the rest were already stored, or failed). */
  readonly inserted: number;
  /** The ids of those new events: only they count in their patterns (replays add nothing). */
  readonly insertedIds?: readonly string[];
  /** Items refused for good, with the engine's reason: dead-letter them, do not retry. */
  readonly failed: readonly WriteFailure[];
}

export interface WriteFailure {
  readonly id: string;
  readonly reason: string;
}

export type EventTarget = { readonly ids: readonly string[] } | { readonly filter: EventFilter };

export interface SearchEventsQuery {
  /** Page size, 1–500. */
  readonly limit: number;
  /** The `next` of a previous page; absent for the first page. */
  readonly cursor?: string;
  readonly filter?: EventFilter;
  /** 'newest' (the default) or 'oldest' first. */
  readonly sort?: EventSort;
  /** Count matches exactly up to this many, then answer 'gte' (default 10 000). */
  readonly trackTotalUpTo?: number;
}

export interface StreamOptions {
  readonly sort?: EventSort;
  /** Events fetched per round trip (default 1000). */
  readonly batchSize?: number;
}

export interface Total {
  readonly value: number;
  /** 'eq' when value is exact, 'gte' when it is a lower bound (counting stopped at the bound). */
  readonly relation: 'eq' | 'gte';
}

export interface EventPage {
  readonly items: FaultlineEvent[];
  readonly next: string | null;
  /** How many events match the query as a whole (not only this page). */
  readonly total: Total;
}

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_TOTAL_BOUND = 10_000;

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new RangeError(`limit must be an integer 1–${MAX_PAGE_SIZE}, got ${limit}`);
  }
}

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
