import { Worker } from 'node:worker_threads';

const THREAD_URL = new URL('./checkpoint-thread.ts', import.meta.url);

/**
 * Checkpoints off the writer's thread. In WAL mode every committed page is
 * written twice: to the WAL at commit, then into the database by a checkpoint,
 * which SQLite runs inside the commit that crosses wal_autocheckpoint (schema.ts)
 * unless another connection has done the copying already. A thread of its own
 * does it after each commit, on another core; the writer's own checkpoint then
 * finds little left to copy, and still restarts the WAL from its start, so the
 * file stays bounded.
 * If the thread fails, the writer's own checkpoints do the work, as before.
 */
export class BackgroundCheckpoints {
  readonly #file: string;
  #worker: Worker | undefined;
  #failed = false;

  constructor(file: string) {
    this.#file = file;
  }

  /** After a commit: copy what is committed (started on first use, by writers only). */
  request(): void {
    if (this.#failed) return;
    if (!this.#worker) {
      const worker = new Worker(THREAD_URL, { workerData: { file: this.#file } });
      // A checkpoint can stop anywhere and the next one carries on: never keep the process up.
      worker.unref();
      worker.on('error', () => {
        this.#failed = true;
        this.#worker = undefined;
      });
      this.#worker = worker;
    }
    this.#worker.postMessage('checkpoint');
  }

  /** Stops the thread once its pass is done. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref(); // until it has exited: closing waits for it
    worker.postMessage('close');
    await exited;
  }
}
