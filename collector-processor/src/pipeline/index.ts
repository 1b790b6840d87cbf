import {
  allLogRecords,
  allSpans,
  type LogSelection,
  type LogsBatch,
  type SpanSelection,
  type TraceBatch,
} from '../otlp/model.ts';
import type { LogSummary, SpanSummary } from '../otlp/skim.ts';
import type { FaultlineEvent } from '../schema/index.ts';
import { enrich } from './enrich.ts';
import {
  extractFromLogRecords,
  extractFromSpans,
  mayGiveLogEvent,
  mayGiveSpanEvent,
} from './extract.ts';
import { fingerprint } from './fingerprint.ts';
import { unprunedDocument } from './normalize.ts';
import { prune } from './prune.ts';
import { compileRules, type PipelineRules } from './rules.ts';
import { scrub } from './scrub.ts';
import type { Candidate, DropReason, PipelineResult, ReasonCount, Rejection } from './types.ts';
import { validate } from './validate.ts';
import type { PipelineSettings } from './settings.ts';

/**
 * The pipeline, in order: extract → normalize → enrich → scrub → fingerprint
 * → validate. One bad record is rejected with its reason; it never fails the
 * batch.
 */

function countBy<R extends string>(reasons: readonly R[]): ReasonCount<R>[] {
  const counts = new Map<R, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count }));
}

function processOne(candidate: Candidate, rules: PipelineRules) {
  // Pruned once, at the end: the stages between read undefined fields as absent.
  const normalized = unprunedDocument(candidate);
  if (!normalized.ok) return normalized;
  let event: FaultlineEvent = enrich(normalized.value, rules);
  event = scrub(event, rules);
  event = fingerprint(event, rules.grouping);
  return validate(prune(event), candidate.itemKey);
}

function run(
  candidates: readonly Candidate[],
  rules: PipelineRules,
  drops: readonly DropReason[] = [],
): PipelineResult {
  const events: FaultlineEvent[] = [];
  const rejections: Rejection[] = [];
  for (const candidate of candidates) {
    try {
      const checked = processOne(candidate, rules);
      if (checked.ok) events.push(checked.value);
      else rejections.push(checked.rejection);
    } catch (error) {
      // A defect here must cost one record, not the request (and never a 5xx for the sender).
      const detail = error instanceof Error ? error.message : String(error);
      rejections.push({ reason: 'processing_failed', detail, itemKey: candidate.itemKey });
    }
  }
  return {
    events,
    rejections,
    rejected: countBy(rejections.map((r) => r.reason)),
    dropped: countBy(drops),
  };
}

export interface Pipeline {
  processTraces(batch: TraceBatch): PipelineResult;
  processLogs(batch: LogsBatch): PipelineResult;
  /** The spans of a request a skim picked out (with mayGiveEvent), and what they lead to. */
  processSpans(selection: SpanSelection): PipelineResult;
  processLogRecords(selection: LogSelection): PipelineResult;
  /** For the skim: false only for records extract would certainly pass by. */
  readonly mayGiveEvent: {
    readonly span: (span: SpanSummary) => boolean;
    readonly logRecord: (record: LogSummary) => boolean;
  };
}

/** A pipeline with its rules compiled once (in whichever thread will run it). */
export function createPipeline(settings?: PipelineSettings): Pipeline {
  const rules = compileRules(settings);
  const processSpans = (selection: SpanSelection) => run(extractFromSpans(selection, rules), rules);
  const processLogRecords = (selection: LogSelection) => {
    const { candidates, belowMinSeverity } = extractFromLogRecords(selection, rules);
    const drops = new Array<DropReason>(belowMinSeverity).fill('below_min_severity');
    return run(candidates, rules, drops);
  };
  return {
    processTraces: (batch) => processSpans(allSpans(batch)),
    processLogs: (batch) => processLogRecords(allLogRecords(batch)),
    processSpans,
    processLogRecords,
    mayGiveEvent: {
      span: (span) => mayGiveSpanEvent(span, rules),
      logRecord: (record) => mayGiveLogEvent(record, rules),
    },
  };
}

let defaultPipeline: Pipeline | undefined;
/** The pipeline with the default settings, compiled on first use. */
export const byDefault = (): Pipeline => (defaultPipeline ??= createPipeline());

export function processTraces(batch: TraceBatch): PipelineResult {
  return byDefault().processTraces(batch);
}

export function processLogs(batch: LogsBatch): PipelineResult {
  return byDefault().processLogs(batch);
}

export { summarizeRejections } from './rejections.ts';
export { PIPELINE_DEFAULTS, type PipelineSettings } from './settings.ts';
export type { DropReason, PipelineResult, ReasonCount, Rejection, RejectReason } from './types.ts';
export { DROP_REASONS, REJECT_REASONS } from './types.ts';
