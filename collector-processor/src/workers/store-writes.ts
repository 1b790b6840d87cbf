import { Worker } from 'node:worker_threads';
import type { CompiledGroupingConfig, GroupingConfig } from '../grouping/index.ts';
import { PatternCounting } from '../patterns/counting.ts';
import type { Store, WriteResult } from '../store/store.ts';
import { eventsOf, jsonOf, type EventBatch } from './event-batch.ts';
import { movable } from './messages.ts';

/**
 * Where the spool writer's inserts go. By default the store itself; for the
 * embedded SQLite store, a thread with its own connection to the same file
 * (`StoreWritesThread`), so the main thread's event loop — the receivers and
 * the API — never waits on an insert transaction. Reads, the API's writes and
 * retention keep the main thread's connection (WAL: readers see each commit).
 * Either way, what a write newly stored is counted into its patterns there
 * too (patterns/counting.ts), so the main thread never parses the events.
 */
export interface StoreWrites {
  /**
   * Stores the events and counts the new ones in their patterns; rejects when
   * the store does. The batch's JSON bytes may be moved to another thread:
   * the caller hands over a batch it will not read again (a join, say).
   */
  writeEvents(events: EventBatch): Promise<WriteResult>;
  close(): Promise<void>;
}

/** The store's own methods, on the calling thread; `grouping`: the configuration in force. */
export function storeWrites(
  store: Store,
  grouping: () => CompiledGroupingConfig | undefined = () => undefined,
): StoreWrites {
  const counting = new PatternCounting(store, grouping);
  return {
    writeEvents: (events) => counting.write(eventsOf(events)),
    close: async () => {},
  };
}

/** A call to the thread (store-thread.ts). */
export type StoreCall = { readonly id: number } & (
  | { readonly op: 'writeEvents'; readonly json: Uint8Array }
  | { readonly op: 'reconfigure'; readonly grouping: GroupingConfig }
  | { readonly op: 'close' }
);

type Answer =
  | { readonly id: number; readonly ok: true; readonly value?: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string };

const THREAD_URL = new URL('./store-thread.ts', import.meta.url);

/**
 * The writes on their own thread. A call that fails there rejects here with
 * the store's message (the spool writer retries it); if the thread dies, its
 * calls reject and the next call starts a new one.
 */
export class StoreWritesThread implements StoreWrites {
  readonly #dataDir: string;
  #grouping: GroupingConfig | undefined;
  readonly #waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  #worker: Promise<Worker> | undefined;
  /** The started thread, once it is ready. */
  #thread: Worker | undefined;
  #nextId = 0;

  /**
   * `dataDir`: where the embedded SQLite store keeps its database (as for
   * SqliteStore); `grouping`: the configuration in force (for the version
   * new patterns record), until reconfigure() says otherwise.
   */
  constructor(dataDir: string, grouping?: GroupingConfig) {
    this.#dataDir = dataDir;
    this.#grouping = grouping;
  }

  /** A new grouping configuration (a fingerprint rule changed): writes after this count with it. */
  reconfigure(grouping: GroupingConfig): void {
    this.#grouping = grouping;
    // A thread started later gets it at start; one running now gets it before its next write.
    this.#thread?.postMessage({ id: this.#nextId++, op: 'reconfigure', grouping });
  }

  /** Starts the thread (when not running); resolves once its store is open. */
  start(): Promise<Worker> {
    this.#worker ??= this.#spawn().catch((error: unknown) => {
      this.#worker = undefined; // the next call tries again
      throw error;
    });
    return this.#worker;
  }

  async #spawn(): Promise<Worker> {
    const grouping = this.#grouping;
    const worker = new Worker(THREAD_URL, { workerData: { dataDir: this.#dataDir, grouping } });
    worker.on('message', (answer: Answer | { ready: true }) => {
      if (!('id' in answer)) return;
      const waiting = this.#waiting.get(answer.id);
      this.#waiting.delete(answer.id);
      if (answer.ok) waiting?.resolve(answer.value);
      else waiting?.reject(new Error(answer.message));
    });
    worker.on('exit', (code) => {
      // The next call starts a new thread (unless close() already let this one go).
      if (this.#thread === worker) {
        this.#thread = undefined;
        this.#worker = undefined;
      }
      for (const w of this.#waiting.values())
        w.reject(new Error(`the store thread exited (${code})`));
      this.#waiting.clear();
    });
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the store thread exited (${code})`));
      worker.once('error', reject);
      worker.once('exit', onExit);
      worker.once('message', () => {
        worker.off('error', reject);
        worker.off('exit', onExit);
        resolve();
      });
    });
    this.#thread = worker;
    // Changed while the thread started.
    if (this.#grouping !== grouping && this.#grouping) this.reconfigure(this.#grouping);
    return worker;
  }

  async writeEvents(events: EventBatch): Promise<WriteResult> {
    // The JSON bytes are moved to the thread; objects would be cloned field by field.
    const json = jsonOf(events);
    const call: StoreCall = { id: this.#nextId++, op: 'writeEvents', json };
    return (await this.#call(call, movable(json))) as WriteResult;
  }

  /** Closes the thread's store (after the calls already made) and ends the thread. */
  async close(): Promise<void> {
    const running = this.#worker;
    if (!running) return;
    const worker = await running.catch(() => undefined);
    if (!worker) return;
    await this.#call({ id: this.#nextId++, op: 'close' }).catch(() => {});
    this.#worker = undefined;
    this.#thread = undefined;
    await worker.terminate();
  }

  async #call(call: StoreCall, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const worker = await this.start();
    return new Promise((resolve, reject) => {
      this.#waiting.set(call.id, { resolve, reject });
      worker.postMessage(call, transfer);
    });
  }
}
