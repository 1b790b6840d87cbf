import type { FaultlineEvent } from '../../schema/index.ts';
import type { AggregationOptions, EventAggregations } from '../aggregations.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { EventChanges } from '../event-changes.ts';
import { resolveFilter, type EventFilter, type EventSort } from '../filter.ts';
import type { PatternStore } from '../patterns.ts';
import type { AuditLog, RecordCollections } from '../records.ts';
import {
  DEFAULT_TOTAL_BOUND,
  InvalidCursorError,
  StoreClosedError,
  checkLimit,
  type EventPage,
  type EventTarget,
  type SearchEventsQuery,
  type Store,
  type StreamOptions,
  type WriteFailure,
  type WriteResult,
} from '../store.ts';
import { sortableTimestamp } from '../timestamp.ts';
import { DEFAULT_BULK, runBulk, type BulkAction, type BulkOptions } from './bulk.ts';
import type { Dialect } from './dialect.ts';
import { runByQuery } from './by-query.ts';
import { aggregationRequest, readAggregations } from './dsl-aggregations.ts';
import { dslQuery, dslSort } from './dsl-filter.ts';
import type { Layout } from './layout.ts';
import { RolloverDedup, type Placement } from './rollover-dedup.ts';
import { SearchAuditLog, searchRecordCollections } from './search-records.ts';
import { eventDocument, eventOf, type EventSource } from './event-document.ts';
import { SearchPatterns } from './search-patterns.ts';
import { UPDATE_SCRIPT, updateParams } from './update-script.ts';
import { expectOk, type EngineTransport } from './transport.ts';

/** What search requests ask for: the document without the sort key added at write time. */
const SOURCE = { excludes: ['ts_key'] };
/** Wildcards that match no stream yet answer empty instead of failing. */
const LENIENT = { ignore_unavailable: true, allow_no_indices: true } as const;

type Hit = { _source: EventSource; sort: [string, string] };

/**
 * The Store over OpenSearch or Elasticsearch (see dialect.ts for the
 * differences). Events live in data streams, one per retention class;
 * writes never refresh (see "Visibility" in store.ts); by-query updates and
 * deletes refresh once when done.
 */
export class SearchEngineStore implements Store {
  readonly kind: string;
  readonly patterns: PatternStore;
  readonly audit: AuditLog;
  readonly sessions: RecordCollections['sessions'];
  readonly retentionPolicies: RecordCollections['retentionPolicies'];
  readonly exportJobs: RecordCollections['exportJobs'];
  readonly bulkJobs: RecordCollections['bulkJobs'];
  readonly alertRules: RecordCollections['alertRules'];
  readonly fingerprintRules: RecordCollections['fingerprintRules'];
  readonly layout: Layout;
  /** true when the cluster deletes old events itself (ILM, ISM); else the processor must. */
  readonly lifecycleManaged: boolean;
  readonly #transport: EngineTransport;
  readonly #dialect: Dialect;
  readonly #bulk: BulkOptions;
  readonly #rollover: RolloverDedup;
  #closed = false;

  constructor(
    transport: EngineTransport,
    dialect: Dialect,
    layout: Layout,
    bulk: BulkOptions = DEFAULT_BULK,
    lifecycleManaged = false,
  ) {
    this.kind = dialect.name;
    this.lifecycleManaged = lifecycleManaged;
    this.#transport = transport;
    this.#dialect = dialect;
    this.layout = layout;
    this.#bulk = bulk;
    const open = () => this.#open();
    this.#rollover = new RolloverDedup(open);
    this.patterns = new SearchPatterns(open, layout.patterns);
    this.audit = new SearchAuditLog(open, layout.audit);
    const records = searchRecordCollections(open, layout.records);
    this.sessions = records.sessions;
    this.retentionPolicies = records.retentionPolicies;
    this.exportJobs = records.exportJobs;
    this.bulkJobs = records.bulkJobs;
    this.alertRules = records.alertRules;
    this.fingerprintRules = records.fingerprintRules;
  }

  #open(): EngineTransport {
    if (this.#closed) throw new StoreClosedError();
    return this.#transport;
  }

  async writeEvents(events: readonly FaultlineEvent[]): Promise<WriteResult> {
    const transport = this.#open();
    const failed: WriteFailure[] = [];
    const actions: BulkAction[] = [];
    const written = new Map<string, { stream: string; eventMs: number }>();
    for (const event of events) {
      let tsKey: string;
      try {
        tsKey = sortableTimestamp(event['@timestamp']);
      } catch (error) {
        failed.push({ id: String(event?.event?.id), reason: (error as Error).message });
        continue;
      }
      const stream = this.layout.streamOf(event);
      written.set(event.event.id, { stream, eventMs: Date.parse(`${tsKey.slice(0, 23)}Z`) });
      // `create`: an id already stored answers 409 and is left as it is (first write wins).
      const action = { create: { _index: stream, _id: event.event.id } };
      actions.push({
        id: event.event.id,
        lines: `${JSON.stringify(action)}\n${JSON.stringify(eventDocument(event, tsKey))}\n`,
      });
    }
    const outcome = await runBulk(transport, actions, this.#bulk);
    // Within one backing index `create` is enough; across a rollover, see rollover-dedup.ts.
    const placements: Placement[] = [];
    for (const [id, index] of outcome.placedIn) placements.push({ id, index, ...written.get(id)! });
    const copies = await this.#rollover.removeCopies(placements);
    const insertedIds = outcome.createdIds.filter((id) => !copies.has(id));
    return {
      inserted: insertedIds.length,
      insertedIds,
      failed: [...failed, ...outcome.failed],
    };
  }

  async searchEvents(query: SearchEventsQuery): Promise<EventPage> {
    const transport = this.#open();
    checkLimit(query.limit);
    const sort = query.sort ?? 'newest';
    const after = query.cursor === undefined ? undefined : readCursor(query.cursor, sort);
    const bound = query.trackTotalUpTo ?? DEFAULT_TOTAL_BOUND;
    const { body } = await expectOk(transport, 'event search', {
      method: 'POST',
      path: `/${this.layout.events}/_search`,
      query: LENIENT,
      body: {
        size: query.limit + 1,
        query: dslQuery(resolveFilter(query.filter)),
        sort: dslSort(sort),
        track_total_hits: bound,
        _source: SOURCE,
        ...(after ? { search_after: after } : {}),
      },
    });
    const hits = body.hits.hits as Hit[];
    const items = hits.slice(0, query.limit);
    const last = items.at(-1);
    const total = body.hits.total as { value: number; relation: 'eq' | 'gte' };
    return {
      items: items.map((h) => eventOf(h._source)),
      next: hits.length > query.limit && last ? encodeCursor([sort, ...last.sort]) : null,
      total: total.value > bound ? { value: bound, relation: 'gte' } : total,
    };
  }

  async getEvent(id: string): Promise<FaultlineEvent | undefined> {
    const { body } = await expectOk(this.#open(), 'event lookup', {
      method: 'POST',
      path: `/${this.layout.events}/_search`,
      query: LENIENT,
      body: { size: 1, query: { term: { 'event.id': id } }, _source: SOURCE },
    });
    const hit = (body.hits.hits as Hit[])[0];
    return hit && eventOf(hit._source);
  }

  async aggregateEvents(
    filter: EventFilter,
    options: AggregationOptions = {},
  ): Promise<EventAggregations> {
    const { body } = await expectOk(this.#open(), 'event aggregation', {
      method: 'POST',
      path: `/${this.layout.events}/_search`,
      query: LENIENT,
      body: {
        size: 0,
        track_total_hits: true,
        query: dslQuery(resolveFilter(filter)),
        aggs: aggregationRequest(options),
      },
    });
    if (!body.aggregations) return readAggregations(0, emptyAggregations());
    return readAggregations(body.hits.total.value, body.aggregations);
  }

  async updateEvents(target: EventTarget, changes: EventChanges): Promise<{ updated: number }> {
    const transport = this.#open();
    if ('ids' in target && target.ids.length === 0) return { updated: 0 };
    const filter = 'ids' in target ? { ids: target.ids } : target.filter;
    // Sliced across shards, conflicts (a concurrent change) skipped rather than failing the run.
    const body = await runByQuery(
      transport,
      'update by query',
      `/${this.layout.events}/_update_by_query`,
      { ...LENIENT, conflicts: 'proceed', refresh: true, slices: 'auto' },
      {
        query: dslQuery(resolveFilter(filter)),
        script: { lang: 'painless', source: UPDATE_SCRIPT, params: updateParams(changes) },
      },
    );
    return { updated: body.total ?? 0 };
  }

  async deleteEvents(filter: EventFilter): Promise<{ deleted: number }> {
    const body = await runByQuery(
      this.#open(),
      'delete by query',
      `/${this.layout.events}/_delete_by_query`,
      { ...LENIENT, conflicts: 'proceed', refresh: true, slices: 'auto' },
      { query: dslQuery(resolveFilter(filter)) },
    );
    return { deleted: body.deleted ?? 0 };
  }

  async *streamEvents(
    filter: EventFilter,
    options: StreamOptions = {},
  ): AsyncGenerator<FaultlineEvent> {
    const transport = this.#open();
    const sort = options.sort ?? 'newest';
    const size = options.batchSize ?? 1000;
    const keepAlive = '2m';
    // A point in time: the export sees the data as it was when it began.
    let pit = await this.#dialect.openPit(transport, this.layout.events, keepAlive);
    if (pit === undefined) return;
    const query = dslQuery(resolveFilter(filter));
    const page = (id: string, after: unknown[] | undefined) =>
      expectOk(this.#open(), 'export page', {
        method: 'POST',
        path: '/_search',
        body: {
          size,
          query,
          sort: dslSort(sort),
          pit: { id, keep_alive: keepAlive },
          track_total_hits: false,
          _source: SOURCE,
          ...(after ? { search_after: after } : {}),
        },
      });
    // The next page is asked for before this one is handed out, so the engine
    // searches while the caller works: two pages at most are held.
    let next: ReturnType<typeof page> | undefined = page(pit, undefined);
    try {
      while (next) {
        const { body } = await next;
        pit = this.#dialect.nextPitId(body, pit);
        const hits = body.hits.hits as Hit[];
        next = hits.length < size ? undefined : page(pit, hits.at(-1)!.sort);
        for (const hit of hits) yield eventOf(hit._source);
      }
    } finally {
      // Left early: the page asked for ahead is not wanted (nor its failure).
      await next?.catch(() => undefined);
      await this.#dialect.closePit(transport, pit).catch(() => undefined); // it expires anyway
    }
  }

  async refresh(): Promise<void> {
    await expectOk(this.#open(), 'refresh', {
      method: 'POST',
      path: `/${this.layout.all}/_refresh`,
      query: LENIENT,
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#transport.close();
  }

  /** Deletes everything this namespace created (tests, and `faultline` uninstall tooling). */
  async destroy(): Promise<void> {
    const t = this.#open();
    await expectOk(
      t,
      'delete streams',
      {
        method: 'DELETE',
        path: `/_data_stream/${this.layout.events},${this.layout.audit}`,
      },
      [404],
    );
    await expectOk(
      t,
      'delete indices',
      {
        method: 'DELETE',
        path: `/${this.layout.patterns},${this.layout.records}`,
        query: { ignore_unavailable: true },
      },
      [404],
    );
  }
}

function readCursor(cursor: string, sort: EventSort): [string, string] {
  const [tag, ts, id] = decodeCursor(cursor, ['string', 'string', 'string']) as string[];
  if (tag !== sort) throw new InvalidCursorError('the cursor was issued for another sort order');
  return [ts!, id!];
}

/** What an aggregation over no index at all reads as. */
function emptyAggregations() {
  const buckets = { buckets: [] };
  return {
    by_log_type: buckets,
    severity_over_time: buckets,
    per_day: buckets,
    modules: buckets,
    functions: buckets,
    critical: { patterns: buckets },
    duration_count: { value: 0 },
    duration_avg: { value: null },
    duration_p95: { values: { '95.0': null } },
    errors: { services: buckets },
    users: { value: 0 },
  };
}
