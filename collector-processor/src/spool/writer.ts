import type { Logger } from '../log.ts';
import type { FaultlineEvent } from '../schema/index.ts';
import type { CompiledGroupingConfig } from '../grouping/index.ts';
import { patternIncrements } from '../patterns/increments.ts';
import { MergeRedirects } from '../patterns/merge-redirect.ts';
import type { PatternIncrement } from '../store/patterns.ts';
import type { Store, WriteResult } from '../store/store.ts';
import { storeWrites, type StoreWrites } from '../workers/store-writes.ts';
import type { BodyOutcome, BodyTask } from '../workers/process-body.ts';
import type { DeadLetter, DeadLetterFile } from './dead-letter.ts';
import type { Spool } from './spool.ts';

/**
 * Spool → store. Entries are written in arrival order, several per store
 * call; an entry is marked done in the spool only once all its events are
 * stored (or dead-lettered). An entry whose events were computed before the
 * acknowledgement carries them; a replayed one is read back from disk and run
 * through the pipeline again (its event ids come out the same).
 *
 * Store failures: the batch is retried with exponential backoff while the
 * store is down, however long that is. When a batch keeps failing, its events
 * are tried one at a time: if some are stored and others still fail, the
 * store is up and refuses those — they go to the dead-letter file with the
 * store's message.
 *
 * Patterns: after each store write, the events the store reports as newly
 * inserted (WriteResult.insertedIds) are counted into their patterns, so a
 * replayed or retried batch never counts twice. Increments whose upsert
 * failed are kept and upserted before the next write (the batch is retried
 * meanwhile, and adds nothing new). A crash between the event write and the
 * pattern upsert loses those increments: patterns may undercount, never
 * overcount. Events of a merged pattern also count in its merge target
 * (patterns/merge-redirect.ts).
 */

export interface WriterOptions {
  readonly spool: Spool;
  readonly store: Store;
  /** Where inserts and pattern upserts go (default: the store, on this thread). */
  readonly writes?: StoreWrites;
  readonly deadLetters: DeadLetterFile;
  /** Decode + pipeline for replayed entries (the worker pool). */
  readonly process: (task: BodyTask) => Promise<BodyOutcome>;
  readonly logger: Logger;
  /** Called after each store call, for metrics. */
  readonly onWrite?: (seconds: number, ok: boolean, events: number) => void;
  /** Most events kept in memory while waiting; entries past it are re-read from the spool. */
  readonly maxBufferedEvents?: number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** The grouping configuration in force, for the version each new pattern records. */
  readonly grouping?: () => CompiledGroupingConfig;
}

interface Pending {
  readonly id: number;
  readonly signal: string;
  events: readonly FaultlineEvent[] | undefined;
  /** The same events as a JSON array, when they came in that form (for a store-writes thread). */
  json?: string | undefined;
}

/** The batch's events as one JSON array, when every entry has its text ('[a,b]' + '[c]' → '[a,b,c]'). */
function jsonOf(batch: readonly Pending[]): string | undefined {
  const parts: string[] = [];
  for (const entry of batch) {
    if (entry.json === undefined) return undefined;
    if (entry.json.length > 2) parts.push(entry.json.slice(1, -1));
  }
  return `[${parts.join(',')}]`;
}

const EVENTS_PER_WRITE = 2000;
const ATTEMPTS_BEFORE_SPLIT = 3;

export class SpoolWriter {
  readonly #o: WriterOptions;
  readonly #queue: Pending[] = [];
  #buffered = 0;
  #running: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #stopped = false;
  #storeHealthy = true;
  #sleepTimer: NodeJS.Timeout | undefined;
  #interrupt: (() => void) | undefined;
  #unsavedIncrements: PatternIncrement[] = [];
  readonly #merges: MergeRedirects;
  readonly #writes: StoreWrites;

  constructor(options: WriterOptions) {
    this.#o = options;
    this.#writes = options.writes ?? storeWrites(options.store);
    this.#merges = new MergeRedirects(options.store.patterns);
  }

  /** Entries waiting to be stored. */
  get depth(): number {
    return this.#queue.length;
  }

  /** False while store writes are failing. */
  get storeHealthy(): boolean {
    return this.#storeHealthy;
  }

  /** Queues an entry just appended, with the events computed for its acknowledgement. */
  submit(id: number, signal: string, events: readonly FaultlineEvent[], json?: string): void {
    const keep = this.#buffered + events.length <= (this.#o.maxBufferedEvents ?? 100_000);
    if (keep) this.#buffered += events.length;
    this.#queue.push(keep ? { id, signal, events, json } : { id, signal, events: undefined });
    this.#wake?.();
  }

  /** Queues entries recovered from the spool (to be re-read and re-processed). */
  replay(ids: readonly number[]): void {
    for (const id of ids) this.#queue.push({ id, signal: '', events: undefined });
    this.#wake?.();
  }

  start(): void {
    this.#running ??= this.#loop().catch((error: unknown) => {
      this.#o.logger.error('spool writer stopped on a defect', error);
    });
  }

  /**
   * Stops after the queue is empty or `timeoutMs` passed, whichever comes
   * first; what is left stays in the spool for the next start.
   */
  async stop(timeoutMs: number): Promise<void> {
    const drained = new Promise<void>((resolve) => {
      const check = () => (this.#queue.length === 0 ? resolve() : setTimeout(check, 20));
      check();
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([drained, timeout]);
    clearTimeout(timer);
    this.#stopped = true;
    clearTimeout(this.#sleepTimer);
    this.#wake?.();
    this.#interrupt?.();
    await this.#running;
  }

  async #loop() {
    let failures = 0;
    while (!this.#stopped) {
      if (this.#queue.length === 0) {
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
        continue;
      }
      const batch = this.#take();
      const events: FaultlineEvent[] = [];
      for (const entry of batch) {
        if (!entry.events) Object.assign(entry, await this.#reprocess(entry));
        for (const e of entry.events!) events.push(e);
      }
      if (await this.#write(events, batch)) {
        failures = 0;
        this.#done(batch);
        continue;
      }
      failures++;
      if (failures >= ATTEMPTS_BEFORE_SPLIT && (await this.#writeOneByOne(batch))) {
        failures = 0;
        this.#done(batch);
        continue;
      }
      await this.#sleep(failures);
    }
  }

  /** The oldest entries, up to one write's worth of events (at least one entry). */
  #take(): Pending[] {
    let count = 0;
    let n = 0;
    while (n < this.#queue.length) {
      const size = this.#queue[n]!.events?.length ?? 1;
      if (n > 0 && count + size > EVENTS_PER_WRITE) break;
      count += size;
      n++;
    }
    return this.#queue.slice(0, n);
  }

  #done(batch: readonly Pending[]) {
    this.#queue.splice(0, batch.length);
    for (const entry of batch) {
      this.#buffered -= entry.events?.length ?? 0;
      entry.events = undefined;
      entry.json = undefined;
      this.#o.spool.complete(entry.id);
    }
  }

  /** A replayed entry's events, computed again from its spooled body. */
  async #reprocess(entry: Pending): Promise<Pick<Pending, 'events' | 'json'>> {
    try {
      const record = await this.#o.spool.read(entry.id);
      const outcome = await this.#o.process(record);
      if (outcome.ok) return { events: outcome.result.events, json: outcome.result.eventsJson };
      await this.#o.deadLetters.write([
        {
          reason: `processing_failed: ${outcome.message}`,
          signal: record.signal,
          encoding: record.encoding,
          body: Buffer.from(record.body).toString('base64'),
        },
      ]);
    } catch (error) {
      this.#o.logger.error(`spool: entry ${entry.id} could not be replayed`, error);
      await this.#o.deadLetters.write([
        { reason: `unreadable: ${(error as Error).message}`, signal: entry.signal },
      ]);
    }
    return { events: [] };
  }

  async #write(events: readonly FaultlineEvent[], batch: readonly Pending[]): Promise<boolean> {
    if (events.length === 0) return true;
    const started = performance.now();
    try {
      await this.#saveIncrements();
      const result = await this.#writes.writeEvents(events, jsonOf(batch));
      this.#o.onWrite?.((performance.now() - started) / 1000, true, events.length);
      this.#countInPatterns(events, result);
      await this.#saveIncrements();
      if (result.failed.length > 0) await this.#deadLetterFailures(result.failed, batch);
      if (!this.#storeHealthy) this.#o.logger.info('store writes succeed again');
      this.#storeHealthy = true;
      return true;
    } catch (error) {
      this.#o.onWrite?.((performance.now() - started) / 1000, false, events.length);
      if (this.#storeHealthy) {
        this.#o.logger.error('store write failed; events wait in the spool and are retried', error);
      }
      this.#storeHealthy = false;
      return false;
    }
  }

  #countInPatterns(events: readonly FaultlineEvent[], result: WriteResult) {
    if (!result.insertedIds?.length) return;
    // One batch may hold an event twice (a replayed entry next to its original): count it once.
    const fresh = new Set(result.insertedIds);
    const increments = patternIncrements(
      events.filter((e) => fresh.delete(e.event.id)),
      this.#o.grouping?.(),
    );
    for (const inc of increments) this.#unsavedIncrements.push(inc);
  }

  /** Upserts the pending pattern increments; rejects (keeping them) when the store does. */
  async #saveIncrements() {
    if (this.#unsavedIncrements.length === 0) return;
    await this.#writes.upsertPatterns(await this.#merges.expand(this.#unsavedIncrements));
    this.#unsavedIncrements = [];
  }

  /** Events the store refused for good (reported in its WriteResult) go to the dead-letter file. */
  async #deadLetterFailures(
    failures: readonly { readonly id: string; readonly reason: string }[],
    batch: readonly Pending[],
  ) {
    const byId = new Map<string, { event: FaultlineEvent; signal: string }>();
    for (const entry of batch) {
      for (const event of entry.events ?? [])
        byId.set(event.event.id, { event, signal: entry.signal });
    }
    this.#o.logger.warn(
      `store refused ${failures.length} event(s); written to the dead-letter file`,
    );
    await this.#o.deadLetters.write(
      failures.map((f) => ({
        reason: `store_rejected: ${f.reason}`,
        signal: byId.get(f.id)?.signal ?? '',
        event: byId.get(f.id)?.event ?? { id: f.id },
      })),
    );
  }

  /**
   * Tries each event alone. True when every event was stored or dead-lettered
   * (the store accepted at least one, so the rest are its refusals); false
   * when none got through (the store is down: keep waiting).
   */
  async #writeOneByOne(batch: readonly Pending[]): Promise<boolean> {
    const refused: DeadLetter[] = [];
    let stored = 0;
    for (const entry of batch) {
      for (const event of entry.events ?? []) {
        try {
          const result = await this.#writes.writeEvents([event]);
          this.#countInPatterns([event], result);
          if (result.failed.length > 0) {
            refused.push({
              reason: `store_rejected: ${result.failed[0]!.reason}`,
              signal: entry.signal,
              event,
            });
          } else stored++;
        } catch (error) {
          refused.push({
            reason: `store_rejected: ${(error as Error).message}`,
            signal: entry.signal,
            event,
          });
        }
      }
    }
    // Nothing got through: either the store is down, or it is up and refuses all of these.
    if (stored === 0 && !(await this.#storeReachable())) return false;
    try {
      await this.#saveIncrements();
    } catch (error) {
      this.#o.logger.error(
        'pattern counters could not be updated; retried with the next write',
        error,
      );
    }
    this.#storeHealthy = true;
    this.#o.logger.warn(
      `store refused ${refused.length} event(s); written to the dead-letter file`,
    );
    await this.#o.deadLetters.write(refused);
    return true;
  }

  async #storeReachable(): Promise<boolean> {
    try {
      await this.#o.store.searchEvents({ limit: 1 });
      return true;
    } catch {
      return false;
    }
  }

  #sleep(failures: number): Promise<void> {
    const { initialMs, maxMs } = this.#o.backoff ?? { initialMs: 100, maxMs: 30_000 };
    const delay = Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 20));
    return new Promise((resolve) => {
      // New submissions do not cut a backoff short; only stop() does.
      this.#sleepTimer = setTimeout(resolve, delay);
      this.#interrupt = resolve;
    });
  }
}
