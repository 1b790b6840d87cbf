import type { CompiledGroupingConfig } from '../grouping/index.ts';
import type { FaultlineEvent } from '../schema/index.ts';
import type { PatternIncrement } from '../store/patterns.ts';
import type { Store, WriteResult } from '../store/store.ts';
import { patternIncrements } from './increments.ts';
import { MergeRedirects } from './merge-redirect.ts';

/**
 * Event writes that count what they stored into patterns, on whichever
 * thread holds the store connection. Only the events the store reports as
 * newly inserted are counted, so a replayed or retried batch never counts
 * twice. Events of a merged pattern also count in its merge target
 * (merge-redirect.ts).
 *
 * A store with `writeEventsCounted` (SQLite) applies the increments in the
 * events' own transaction: both are stored or neither. Otherwise (search
 * engines) the increments are upserted after the write (from
 * WriteResult.insertedIds); those whose upsert failed are kept: the write
 * itself succeeded (its events are stored), and the next write upserts them
 * first, failing while it cannot (the caller retries that batch meanwhile).
 * A crash between the event write and that upsert loses the increments:
 * patterns may undercount, never overcount.
 */
export class PatternCounting {
  readonly #store: CountingStore;
  readonly #grouping: () => CompiledGroupingConfig | undefined;
  readonly #merges: MergeRedirects;
  #unsaved: PatternIncrement[] = [];

  /** `grouping`: the configuration in force, for the version each new pattern records. */
  constructor(store: CountingStore, grouping: () => CompiledGroupingConfig | undefined) {
    this.#store = store;
    this.#grouping = grouping;
    this.#merges = new MergeRedirects(store.patterns);
  }

  /** Writes the events and counts the new ones into their patterns. */
  async write(events: readonly FaultlineEvent[]): Promise<WriteResult> {
    if (this.#store.writeEventsCounted) {
      return this.#store.writeEventsCounted(events, (fresh) =>
        patternIncrements(fresh, this.#grouping()),
      );
    }
    // Two steps: increments left from before, the events, then theirs.
    await this.#save();
    const result = await this.#store.writeEvents(events);
    this.#count(events, result);
    // Kept for the next write when it fails: these events are stored.
    await this.#save().catch(() => {});
    return result;
  }

  /** Increments not yet upserted. */
  get unsaved(): number {
    return this.#unsaved.length;
  }

  #count(events: readonly FaultlineEvent[], result: WriteResult) {
    if (!result.insertedIds?.length) return;
    // One batch may hold an event twice (a replayed entry next to its original): count it once.
    const fresh = new Set(result.insertedIds);
    const increments = patternIncrements(
      events.filter((e) => fresh.delete(e.event.id)),
      this.#grouping(),
    );
    for (const inc of increments) this.#unsaved.push(inc);
  }

  async #save() {
    if (this.#unsaved.length === 0) return;
    await this.#store.patterns.upsert(await this.#merges.expand(this.#unsaved));
    this.#unsaved = [];
  }
}

/** What counting uses of a store. */
export type CountingStore = Pick<Store, 'writeEvents' | 'writeEventsCounted' | 'patterns'>;
