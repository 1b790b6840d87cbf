import {
  applyIncrement,
  applyPatternUpdate,
  foldPattern,
  markMerged,
  type MergeDecision,
  type Pattern,
  type PatternIncrement,
  type PatternListQuery,
  type PatternStore,
  type PatternSummary,
  type PatternUpdate,
  SUMMARY_FIELDS,
} from '../patterns.ts';
import { checkLimit } from '../store.ts';
import { sortableTimestamp } from '../timestamp.ts';
import { runBulk, DEFAULT_BULK, type BulkAction } from './bulk.ts';
import { EngineError, expectOk, type EngineTransport } from './transport.ts';

type Versioned = { pattern: Pattern | undefined; seqNo?: number; primaryTerm?: number };

const MAX_ATTEMPTS = 50;
const SOURCE = { excludes: ['last_seen_key'] };

/**
 * Patterns in a regular index. Upserts are optimistic read-modify-writes:
 * read the current documents (realtime), compute the next ones with the same
 * rule every backend uses (applyIncrement), write them conditioned on the
 * sequence number read, and redo only those another processor changed in
 * between. No increment is lost and no script runs in the engine.
 */
export class SearchPatterns implements PatternStore {
  readonly #transport: () => EngineTransport;
  readonly #index: string;
  constructor(transport: () => EngineTransport, index: string) {
    this.#transport = transport;
    this.#index = index;
  }

  async #read(ids: readonly string[]): Promise<Map<string, Versioned>> {
    const { body } = await expectOk(this.#transport(), 'pattern read', {
      method: 'POST',
      path: `/${this.#index}/_mget`,
      body: { ids },
      query: { _source_excludes: 'last_seen_key' },
    });
    const found = new Map<string, Versioned>();
    for (const doc of body.docs as {
      _id: string;
      found: boolean;
      _source?: Pattern;
      _seq_no?: number;
      _primary_term?: number;
    }[]) {
      found.set(
        doc._id,
        doc.found
          ? { pattern: doc._source, seqNo: doc._seq_no, primaryTerm: doc._primary_term }
          : { pattern: undefined },
      );
    }
    return found;
  }

  #action(next: Pattern, current: Versioned): BulkAction {
    const meta = current.pattern
      ? {
          index: {
            _index: this.#index,
            _id: next.id,
            if_seq_no: current.seqNo,
            if_primary_term: current.primaryTerm,
          },
        }
      : { create: { _index: this.#index, _id: next.id } };
    const doc = { ...next, last_seen_key: sortableTimestamp(next.last_seen) };
    return { id: next.id, lines: `${JSON.stringify(meta)}\n${JSON.stringify(doc)}\n` };
  }

  /** Writes `compute(current)` for each id until no write loses a race. */
  async #transform(
    ids: readonly string[],
    compute: (id: string, current: Pattern | undefined) => Pattern | undefined,
    refresh: boolean,
  ): Promise<Map<string, Pattern>> {
    let pending = [...new Set(ids)];
    const written = new Map<string, Pattern>();
    for (let attempt = 0; pending.length; attempt += 1) {
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`pattern upsert: ${pending.length} patterns kept conflicting`);
      const current = await this.#read(pending);
      const actions: BulkAction[] = [];
      for (const id of pending) {
        const next = compute(id, current.get(id)!.pattern);
        if (!next) continue;
        written.set(id, next);
        actions.push(this.#action(next, current.get(id)!));
      }
      const outcome = await runBulk(this.#transport(), actions, {
        ...DEFAULT_BULK,
        concurrency: 1,
      });
      if (outcome.failed.length) {
        throw new Error(
          `pattern write failed: ${outcome.failed.map((f) => `${f.id}: ${f.reason}`).join('; ')}`,
        );
      }
      // 409s (a version moved on, or a create raced a create) are read again and recomputed.
      pending = outcome.conflicts;
    }
    if (refresh) await this.#refresh();
    return written;
  }

  async #refresh() {
    await expectOk(this.#transport(), 'pattern refresh', {
      method: 'POST',
      path: `/${this.#index}/_refresh`,
    });
  }

  async upsert(increments: readonly PatternIncrement[]): Promise<void> {
    if (!increments.length) return;
    const byId = new Map<string, PatternIncrement[]>();
    for (const inc of increments) byId.set(inc.id, [...(byId.get(inc.id) ?? []), inc]);
    await this.#transform(
      [...byId.keys()],
      (id, current) => byId.get(id)!.reduce<Pattern | undefined>(applyIncrement, current),
      false,
    );
  }

  async get(id: string): Promise<Pattern | undefined> {
    return (await this.#read([id])).get(id)?.pattern;
  }

  async list(query: PatternListQuery): Promise<Pattern[]> {
    checkLimit(query.limit);
    const filter: unknown[] = [];
    if (query.statuses?.length) filter.push({ terms: { status: query.statuses } });
    if (query.services?.length) filter.push({ terms: { services: query.services } });
    const mustNot = query.includeMerged ? [] : [{ exists: { field: 'merged_into' } }];
    const sort =
      query.sort === 'count'
        ? [{ count: 'desc' }, { id: 'asc' }]
        : [{ last_seen_key: 'desc' }, { id: 'asc' }];
    const { body } = await expectOk(this.#transport(), 'pattern list', {
      method: 'POST',
      path: `/${this.#index}/_search`,
      body: {
        size: query.limit,
        query: { bool: { filter, must_not: mustNot } },
        sort,
        _source: SOURCE,
      },
    });
    return (body.hits.hits as { _source: Pattern }[]).map((h) => h._source);
  }

  async scan(query: { after?: string; limit: number }): Promise<PatternSummary[]> {
    checkLimit(query.limit);
    const range = query.after === undefined ? [] : [{ range: { id: { gt: query.after } } }];
    const { body } = await expectOk(this.#transport(), 'pattern scan', {
      method: 'POST',
      path: `/${this.#index}/_search`,
      body: {
        size: query.limit,
        query: { bool: { filter: range } },
        sort: [{ id: 'asc' }],
        _source: { includes: SUMMARY_FIELDS },
      },
    });
    return (body.hits.hits as { _source: PatternSummary }[]).map((h) => h._source);
  }

  async update(id: string, changes: PatternUpdate): Promise<Pattern | undefined> {
    const written = await this.#transform(
      [id],
      (_id, current) => (current ? applyPatternUpdate(current, changes) : undefined),
      true,
    );
    return written.get(id);
  }

  async merge(
    targetId: string,
    sourceIds: readonly string[],
    decision?: MergeDecision,
  ): Promise<Pattern> {
    const sources = [...new Set(sourceIds)].filter((id) => id !== targetId);
    const found = await this.#read([targetId, ...sources]);
    for (const id of [targetId, ...sources]) {
      if (!found.get(id)?.pattern) throw new RangeError(`no pattern "${id}" to merge`);
    }
    // Sources are marked first: a crash between the steps leaves counters
    // folded nowhere twice (the target is recomputed from the sources' values).
    const marked = await this.#transform(
      sources,
      // A source merged already (another replica got there first) is not written, so not folded.
      (_id, current) => (current ? markMerged(current, targetId, decision) : undefined),
      false,
    );
    const written = await this.#transform(
      [targetId],
      (_id, current) => [...marked.values()].reduce(foldPattern, current!),
      true,
    );
    const target = written.get(targetId);
    if (!target) throw new EngineError('pattern merge', { status: 404, body: null });
    return target;
  }
}
