import { parentPort, workerData } from 'node:worker_threads';
import { configurePipeline, type PipelineSettings } from '../pipeline/index.ts';
import { processBody, type BodyTask } from './process-body.ts';

const settings = (workerData as { pipeline?: PipelineSettings } | null)?.pipeline;
if (settings) configurePipeline(settings);

/** A pool thread: decode + pipeline for each task it is handed (see pool.ts). */
parentPort!.on('message', (message: { id: number; task: BodyTask }) => {
  parentPort!.postMessage({ id: message.id, outcome: processBody(message.task) });
});
