import { createHash } from 'node:crypto';
import type { FaultlineEvent } from '../src/schema/index.ts';
import { compileGroupingConfig, fingerprint, parseStack } from '../src/grouping/index.ts';
import { enrich } from '../src/pipeline/enrich.ts';
import { compileRules } from '../src/pipeline/rules.ts';
import type { StackSample } from './corpus/sample.ts';
import { bcubed, pairwise, type PairwiseScores } from './metrics.ts';

/** The event a service would send for one corpus sample (before the pipeline parses frames). */
export function stackEvent(s: StackSample): FaultlineEvent {
  return {
    '@timestamp': '2026-01-01T00:00:00.000Z',
    message: s.message,
    event: { id: 'e' },
    log: { level: 'ERROR' },
    error: { type: s.type, message: s.message, stack_trace: s.stack },
    faultline: { log_type: 'EXCEPTION', severity: 'ERROR', status: 'open' },
  } as FaultlineEvent;
}

export type Grouper = (s: StackSample) => string;

const pipelineRules = compileRules();

/**
 * Faultline as deployed: the pipeline's enrich stage parses the stack into
 * `error.frames` (with its in-app rules), then the fingerprint runs.
 */
export function faultlineGrouper(maxFrames?: number): Grouper {
  const config = compileGroupingConfig(
    maxFrames === undefined ? undefined : { maxFrames, rules: [] },
  );
  return (s) => fingerprint(enrich(stackEvent(s), pipelineRules), config).key;
}

/** The fingerprint on the raw text alone, with the grouping module's own minimal parser. */
export function faultlineLocalParserGrouper(): Grouper {
  return (s) => fingerprint(stackEvent(s)).key;
}

/** SigNoz's grouping: md5 of the exception type and the raw message. */
export const md5Grouper: Grouper = (s) =>
  createHash('md5').update(`${s.type}\n${s.message}`).digest('hex');

/** Type chain plus every frame with its line number: what naive stack hashing does. */
export const framesWithLinesGrouper: Grouper = (s) => {
  const parsed = parseStack(s.stack);
  const frames = parsed.frames.map((f) => `${f.module ?? f.file}:${f.function}:${f.line}`);
  return createHash('md5')
    .update([s.type, ...parsed.causes, ...frames].join('\n'))
    .digest('hex');
};

export interface StackScores {
  pairwise: PairwiseScores;
  bcubed: PairwiseScores;
  groups: number;
}

export function scoreStacks(samples: readonly StackSample[], grouper: Grouper): StackScores {
  const truth = samples.map((s) => `${s.lang}:${s.bug}`);
  const predicted = samples.map(grouper);
  return {
    pairwise: pairwise(truth, predicted),
    bcubed: bcubed(truth, predicted),
    groups: new Set(predicted).size,
  };
}
