/**
 * Stage 1, extract: which OTLP records are events, and of what kind.
 * Traces and logs each have their own module.
 */
export { extractFromTraces } from './extract-spans.ts';
export { extractFromLogs, type LogExtraction } from './extract-logs.ts';
