import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.ts';
import { createPipeline, type Pipeline, type PipelineSettings } from '../pipeline/index.ts';
import { movable, type OutcomeMessage, type TaskMessage } from './messages.ts';
import { pooledOutcome, processBody, type BodyTask, type PooledOutcome } from './process-body.ts';

/**
 * Decode + pipeline on `node:worker_threads`, so the receivers and the API
 * stay responsive while batches are processed. Tasks queue in order and go
 * to the first idle thread, several in one message when several wait; when
 * every thread is busy, a thread may hold one more message besides the one it
 * runs (see MAX_MESSAGES_PER_THREAD). A thread that dies fails its tasks
 * (answered as `failed`) and is replaced. Size 0 runs tasks inline on the
 * main thread (small deployments, tests).
 */

interface Waiting {
  readonly id: number;
  readonly task: BodyTask;
  resolve(outcome: PooledOutcome): void;
}

interface Slot {
  worker: Worker;
  /** The messages handed to the thread and not yet answered, oldest first (empty when idle). */
  sent: Waiting[][];
}

/**
 * Most tasks one message carries. Under load several requests wait for a
 * thread; handing them over together saves a message and a wake-up each,
 * on both sides, at the cost of answering them together.
 */
const MAX_TASKS_PER_MESSAGE = 4;

/**
 * Messages a thread may hold at once: the one it runs and one waiting. A
 * thread that finds its next message already there goes on at once; one
 * that had to wait for it went to sleep first, and waking a sleeping thread
 * cost the sender about 12 µs on the 2-core machine against about 2 µs for a
 * message to a busy one, on both sides of every hand-off.
 */
const MAX_MESSAGES_PER_THREAD = 2;

const WORKER_URL = new URL('./pipeline-worker.ts', import.meta.url);

export class PipelinePool {
  readonly size: number;
  readonly #logger: Logger;
  readonly #slots: Slot[] = [];
  readonly #queue: Waiting[] = [];
  #nextId = 0;
  #closed = false;

  #pipeline: PipelineSettings | undefined;
  /** The pipeline inline tasks (size 0) run with: this pool's rules, not a thread-wide default. */
  #inline: Pipeline | undefined;

  /** `pipeline`: the rules every thread compiles once (default: the pipeline's defaults). */
  constructor(size: number, logger: Logger, pipeline?: PipelineSettings) {
    this.size = size;
    this.#logger = logger;
    this.#pipeline = pipeline;
    for (let i = 0; i < size; i++) this.#slots.push(this.#spawn());
  }

  /**
   * New settings (a fingerprint rule changed): each thread compiles them
   * before its next task; tasks already handed out finish with the old ones.
   */
  reconfigure(settings: PipelineSettings): void {
    this.#pipeline = settings;
    this.#inline = undefined;
    for (const slot of this.#slots) slot.worker.postMessage({ reconfigure: settings });
  }

  /** Tasks waiting for a thread plus tasks being run. */
  get depth(): number {
    let running = 0;
    for (const slot of this.#slots) for (const tasks of slot.sent) running += tasks.length;
    return this.#queue.length + running;
  }

  /** Runs a task; a body that owns its whole buffer is moved to the thread (empty here afterwards). */
  run(task: BodyTask): Promise<PooledOutcome> {
    if (this.#closed) return Promise.resolve({ ok: false, kind: 'failed', message: 'closed' });
    if (this.size === 0) {
      this.#inline ??= createPipeline(this.#pipeline);
      return Promise.resolve(pooledOutcome(processBody(task, this.#inline), false));
    }
    return new Promise((resolve) => {
      this.#queue.push({ id: this.#nextId++, task, resolve });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#queue.splice(0))
      w.resolve({ ok: false, kind: 'failed', message: 'closed' });
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }

  #spawn(): Slot {
    const worker = new Worker(WORKER_URL, { workerData: { pipeline: this.#pipeline } });
    const slot: Slot = { worker, sent: [] };
    slot.worker.on('message', (message: OutcomeMessage) => {
      const answered = slot.sent.shift() ?? [];
      // The next tasks go out before these are answered.
      this.#dispatch();
      message.outcomes.forEach(({ id, outcome }, i) => {
        if (answered[i]?.id === id) answered[i].resolve(outcome);
      });
    });
    slot.worker.on('error', (error) => {
      this.#logger.error('pipeline worker failed', error);
    });
    slot.worker.on('exit', (code) => {
      const sent = slot.sent.flat();
      slot.sent = [];
      for (const w of sent) {
        w.resolve({ ok: false, kind: 'failed', message: `pipeline worker exited (${code})` });
      }
      if (this.#closed) return;
      const index = this.#slots.indexOf(slot);
      if (index >= 0) this.#slots[index] = this.#spawn();
      this.#dispatch();
    });
    // Idle threads must not keep the process alive.
    slot.worker.unref();
    return slot;
  }

  #dispatch() {
    // Idle threads first, sharing the waiting tasks; then busy threads with room for one more message.
    for (let held = 0; held < MAX_MESSAGES_PER_THREAD; held++) {
      const free = this.#slots.filter((slot) => slot.sent.length === held);
      for (const [i, slot] of free.entries()) {
        if (this.#queue.length === 0) return;
        const share = Math.ceil(this.#queue.length / (free.length - i));
        this.#send(slot, this.#queue.splice(0, Math.min(share, MAX_TASKS_PER_MESSAGE)));
      }
    }
  }

  #send(slot: Slot, tasks: Waiting[]) {
    // Bodies are moved to the thread, not copied (the caller has spooled them already).
    const message: TaskMessage = { tasks: tasks.map(({ id, task }) => ({ id, task })) };
    try {
      slot.worker.postMessage(
        message,
        tasks.flatMap((w) => movable(w.task.body)),
      );
      slot.sent.push(tasks);
    } catch (error) {
      // A body that cannot be sent (one already moved away): these tasks fail, the thread stays.
      for (const w of tasks) {
        w.resolve({ ok: false, kind: 'failed', message: (error as Error).message });
      }
    }
  }
}
