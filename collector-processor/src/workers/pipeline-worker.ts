import { parentPort, workerData } from 'node:worker_threads';
import { createPipeline, type PipelineSettings } from '../pipeline/index.ts';
import { pooledOutcome, processBody, type BodyTask } from './process-body.ts';

const settings = (workerData as { pipeline?: PipelineSettings } | null)?.pipeline;
// Rules compiled once per thread, with the processor's settings, and again when they change.
let pipeline = createPipeline(settings);

type Message = { id: number; task: BodyTask } | { reconfigure: PipelineSettings };

/** A pool thread: decode + pipeline for each task it is handed (see pool.ts). */
parentPort!.on('message', (message: Message) => {
  if ('reconfigure' in message) {
    pipeline = createPipeline(message.reconfigure);
    return;
  }
  // The events as one JSON text (process-body.ts says why).
  const outcome = pooledOutcome(processBody(message.task, pipeline), true);
  // The body goes back to the main thread (it is spooled there), moved rather than copied.
  const body = message.task.body;
  const movable = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
  parentPort!.postMessage(
    { id: message.id, outcome, body },
    movable ? [body.buffer as ArrayBuffer] : [],
  );
});
