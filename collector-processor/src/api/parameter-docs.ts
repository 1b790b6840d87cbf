/**
 * What each query parameter of the list routes means, for the OpenAPI
 * document. List parameters take comma-separated values, may repeat, and
 * match any value.
 */
export const EVENT_PARAMETER_DOCS: Readonly<Record<string, string>> = {
  from: '@timestamp at or after this ISO-8601 UTC time',
  to: '@timestamp before this ISO-8601 UTC time',
  log_type:
    'faultline.log_type: EXCEPTION, ERROR, WARNING, INFO, DEBUG, PERFORMANCE, SECURITY, AUDIT, USER_ACTION',
  severity: 'faultline.severity in the set',
  min_severity:
    'faultline.severity at least this (DEBUG < INFO < WARNING < ERROR < CRITICAL < FATAL)',
  status: 'faultline.status: open, resolved, ignored, archived, escalated',
  service: 'service.name',
  environment: 'deployment.environment.name',
  module: 'faultline.module',
  function: 'code.function.name',
  min_duration_ms: 'event.duration at least this many milliseconds',
  min_memory_bytes: 'faultline.perf.memory_bytes at least this',
  security_level: 'faultline.security.level: low, medium, high, critical',
  security_category: 'faultline.security.category',
  security_impact: 'faultline.security.impact',
  tags: 'has any of these tags',
  tags_all: 'has all of these tags',
  user: 'user.id',
  assignee: 'faultline.assignee',
  session: 'faultline.session.id (debug session)',
  pattern: 'error.grouping_key (the pattern id)',
  trace_id: 'trace.id',
  id: 'event.id',
  q: 'every word occurs in the message, the error message or the stack trace',
  sort: 'newest (default) or oldest',
  limit: 'page size, 1–500 (default 50)',
  cursor: 'the next of the previous page',
};

export const PATTERN_PARAMETER_DOCS: Readonly<Record<string, string>> = {
  status: 'open, resolved, ignored, archived, escalated, regressed',
  type: 'the log type of the pattern',
  service: 'a service the pattern was seen in',
  severity: "the pattern's highest severity",
  from: 'seen at or after this ISO-8601 UTC time',
  to: 'seen before this ISO-8601 UTC time',
  sort: 'last_seen (default), count or users, descending',
  limit: 'page size, 1–500 (default 50)',
  cursor: 'the next of the previous page',
};
