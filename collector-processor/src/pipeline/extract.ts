/**
 * Stage 1, extract: which OTLP records are events, and of what kind.
 * Traces and logs each have their own module.
 */
export { extractFromSpans, extractFromTraces, mayGiveSpanEvent } from './extract-spans.ts';
export {
  extractFromLogRecords,
  extractFromLogs,
  mayGiveLogEvent,
  type LogExtraction,
} from './extract-logs.ts';
