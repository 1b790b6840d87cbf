import type { BodyTask, PooledOutcome } from './process-body.ts';

/** What the pool (pool.ts) and its threads (pipeline-worker.ts) send each other. */

/** One message to a thread: tasks, each with an id. */
export type TaskMessage = { readonly tasks: readonly { id: number; task: BodyTask }[] };
/** One message back: each task's outcome (the body stays with the thread: it was spooled before it left). */
export type OutcomeMessage = {
  readonly outcomes: readonly { id: number; outcome: PooledOutcome }[];
};

/** The transfer list that moves a body instead of copying it (when it owns its whole buffer). */
export function movable(body: Uint8Array): ArrayBuffer[] {
  const whole =
    body.byteOffset === 0 &&
    body.byteLength === body.buffer.byteLength &&
    body.buffer instanceof ArrayBuffer;
  return whole ? [body.buffer as ArrayBuffer] : [];
}
