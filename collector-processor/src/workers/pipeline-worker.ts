import { parentPort, workerData } from 'node:worker_threads';
import { createPipeline, type PipelineSettings } from '../pipeline/index.ts';
import { movable, type OutcomeMessage, type TaskMessage } from './messages.ts';
import { pooledOutcome, processBody, type PooledOutcome } from './process-body.ts';

const settings = (workerData as { pipeline?: PipelineSettings } | null)?.pipeline;
// Rules compiled once per thread, with the processor's settings, and again when they change.
let pipeline = createPipeline(settings);

type Message = TaskMessage | { reconfigure: PipelineSettings };

const jsonBytes = (outcome: PooledOutcome) => {
  const json = outcome.ok ? outcome.result.events.json : undefined;
  return json ? movable(json) : [];
};

/** A pool thread: decode + pipeline for each task it is handed (see pool.ts). */
parentPort!.on('message', (message: Message) => {
  if ('reconfigure' in message) {
    pipeline = createPipeline(message.reconfigure);
    return;
  }
  const answer: OutcomeMessage = {
    outcomes: message.tasks.map(({ id, task }) => ({
      id,
      // The events as JSON bytes, moved to the main thread (process-body.ts says why).
      outcome: pooledOutcome(processBody(task, pipeline), true),
    })),
  };
  parentPort!.postMessage(
    answer,
    answer.outcomes.flatMap(({ outcome }) => jsonBytes(outcome)),
  );
});
