import type { CompiledGroupingConfig } from '../grouping/index.ts';
import type { Logger } from '../log.ts';
import type { FaultlineEvent } from '../schema/index.ts';
import type { Store } from '../store/store.ts';
import { batchOfList, eventsOf, joinBatches, type EventBatch } from '../workers/event-batch.ts';
import { storeWrites, type StoreWrites } from '../workers/store-writes.ts';
import type { BodyTask, PooledOutcome } from '../workers/process-body.ts';
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
 * Patterns: each write counts the events it newly stored into their
 * patterns, where the store connection is (patterns/counting.ts), so events
 * cross from the pipeline threads to the store as JSON text this thread never
 * parses (except to dead-letter single events).
 */

export interface WriterOptions {
  readonly spool: Spool;
  readonly store: Store;
  /** Where inserts and pattern counts go (default: the store, on this thread). */
  readonly writes?: StoreWrites;
  readonly deadLetters: DeadLetterFile;
  /** Decode + pipeline for replayed entries (the worker pool). */
  readonly process: (task: BodyTask) => Promise<PooledOutcome>;
  readonly logger: Logger;
  /** Called after each store call, for metrics. */
  readonly onWrite?: (seconds: number, ok: boolean, events: number) => void;
  /** Most events kept in memory while waiting; entries past it are re-read from the spool. */
  readonly maxBufferedEvents?: number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /**
   * The grouping configuration in force, for the version each new pattern
   * records (when the writes are the store's own; a StoreWritesThread is told
   * of changes itself).
   */
  readonly grouping?: () => CompiledGroupingConfig;
}

interface Pending {
  readonly id: number;
  readonly signal: string;
  events: EventBatch | undefined;
}

const EVENTS_PER_WRITE = 2000;
const ATTEMPTS_BEFORE_SPLIT = 3;

/**
 * While fewer than GATHER_EVENTS events wait, writes start at most every
 * GATHER_MS. Under load a write per request cost a message to the store
 * thread, that thread's wake-up, a transaction and an answer for a handful of
 * events; gathered, one write takes several requests' events. Answers are
 * not delayed: the requests were acknowledged once spooled.
 */
const GATHER_MS = 10;
const GATHER_EVENTS = 500;

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
  /** When the last write started (performance.now()). */
  #lastWrite = -Infinity;
  readonly #writes: StoreWrites;

  constructor(options: WriterOptions) {
    this.#o = options;
    this.#writes = options.writes ?? storeWrites(options.store, options.grouping);
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
  submit(id: number, signal: string, events: EventBatch): void {
    const keep = this.#buffered + events.count <= (this.#o.maxBufferedEvents ?? 100_000);
    if (keep) this.#buffered += events.count;
    this.#queue.push({ id, signal, events: keep ? events : undefined });
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
      const gather = this.#lastWrite + GATHER_MS - performance.now();
      if (gather > 0 && this.#buffered < GATHER_EVENTS) {
        await this.#pause(gather);
        continue;
      }
      this.#lastWrite = performance.now();
      const batch = this.#take();
      for (const entry of batch) entry.events ??= await this.#reprocess(entry);
      if (await this.#write(batch)) {
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
      const size = this.#queue[n]!.events?.count ?? 1;
      if (n > 0 && count + size > EVENTS_PER_WRITE) break;
      count += size;
      n++;
    }
    return this.#queue.slice(0, n);
  }

  #done(batch: readonly Pending[]) {
    this.#queue.splice(0, batch.length);
    for (const entry of batch) {
      this.#buffered -= entry.events?.count ?? 0;
      entry.events = undefined;
      this.#o.spool.complete(entry.id);
    }
  }

  /** A replayed entry's events, computed again from its spooled body. */
  async #reprocess(entry: Pending): Promise<EventBatch> {
    try {
      const record = await this.#o.spool.read(entry.id);
      const outcome = await this.#o.process(record);
      if (outcome.ok) return outcome.result.events;
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
    return batchOfList([]);
  }

  async #write(batch: readonly Pending[]): Promise<boolean> {
    const events = joinBatches(batch.map((entry) => entry.events!));
    if (events.count === 0) return true;
    const started = performance.now();
    try {
      const result = await this.#writes.writeEvents(events);
      this.#o.onWrite?.((performance.now() - started) / 1000, true, events.count);
      if (result.failed.length > 0) await this.#deadLetterFailures(result.failed, batch);
      if (!this.#storeHealthy) this.#o.logger.info('store writes succeed again');
      this.#storeHealthy = true;
      return true;
    } catch (error) {
      this.#o.onWrite?.((performance.now() - started) / 1000, false, events.count);
      if (this.#storeHealthy) {
        this.#o.logger.error('store write failed; events wait in the spool and are retried', error);
      }
      this.#storeHealthy = false;
      return false;
    }
  }

  /** Events the store refused for good (reported in its WriteResult) go to the dead-letter file. */
  async #deadLetterFailures(
    failures: readonly { readonly id: string; readonly reason: string }[],
    batch: readonly Pending[],
  ) {
    const byId = new Map<string, { event: FaultlineEvent; signal: string }>();
    for (const entry of batch) {
      for (const event of entry.events ? eventsOf(entry.events) : [])
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
      for (const event of entry.events ? eventsOf(entry.events) : []) {
        try {
          const result = await this.#writes.writeEvents(batchOfList([event]));
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
    return this.#pause(Math.min(maxMs, initialMs * 2 ** Math.min(failures - 1, 20)));
  }

  /** New submissions do not cut a pause short; only stop() does. */
  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#sleepTimer = setTimeout(resolve, ms);
      this.#interrupt = resolve;
    });
  }
}
