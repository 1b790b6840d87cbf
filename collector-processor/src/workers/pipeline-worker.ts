import { parentPort } from 'node:worker_threads';
import { processBody, type BodyTask } from './process-body.ts';

/** A pool thread: decode + pipeline for each task it is handed (see pool.ts). */
parentPort!.on('message', (message: { id: number; task: BodyTask }) => {
  parentPort!.postMessage({ id: message.id, outcome: processBody(message.task) });
});
