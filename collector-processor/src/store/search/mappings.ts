import type { Dialect } from './dialect.ts';

/**
 * The event mapping: keywords for enums and ids, text for what people search
 * (message, error message, stack trace), numbers for thresholds, and one
 * flattened field for free-form attributes so they never grow the mapping.
 * `dynamic: false` keeps unknown fields in _source without indexing them.
 * `ts_key` is @timestamp with nine fraction digits as a keyword: the sort and
 * cursor key (a date_nanos sort value is a 64-bit integer that JSON clients
 * round), identical to the embedded store's.
 */

// Lucene refuses a term of over 32,766 bytes, and with it the whole document; 8191
// characters are at most 32,764 bytes of UTF-8. A longer value stays in _source,
// unindexed (no filter finds it), instead of its event being rejected.
const keyword = { type: 'keyword', ignore_above: 8191 } as const;
const longKeyword = { type: 'keyword', ignore_above: 2048 } as const;
const text = { type: 'text' } as const;
const double = { type: 'double' } as const;
const props = (properties: Record<string, unknown>) => ({ properties });

export function eventMappings(dialect: Dialect) {
  return {
    dynamic: false,
    properties: {
      '@timestamp': { type: 'date_nanos' },
      ts_key: keyword,
      timestamp_nanos: keyword,
      message: text,
      event: props({
        id: keyword,
        duration: double,
        category: keyword,
        action: keyword,
        outcome: keyword,
      }),
      log: props({ level: keyword, logger: keyword }),
      error: props({
        type: keyword,
        message: text,
        stack_trace: text,
        frames: { type: 'object', enabled: false },
        grouping_key: keyword,
      }),
      faultline: props({
        log_type: keyword,
        severity: keyword,
        status: keyword,
        assignee: keyword,
        module: keyword,
        perf: props({ memory_bytes: double, cpu_ms: double }),
        security: props({ level: keyword, category: keyword, impact: keyword }),
        session: props({ id: keyword }),
        object: props({ type: keyword, id: keyword }),
        source: keyword,
      }),
      tags: keyword,
      service: props({ name: keyword, version: keyword }),
      deployment: props({ environment: props({ name: keyword }) }),
      host: props({ name: keyword }),
      code: props({
        function: props({ name: keyword }),
        file: props({ path: longKeyword }),
        line: props({ number: { type: 'integer' } }),
      }),
      user: props({ id: keyword, name: keyword, email: keyword }),
      client: props({ ip: keyword }),
      user_agent: props({
        original: longKeyword,
        name: keyword,
        version: keyword,
        os: props({ name: keyword, version: keyword }),
        device: props({ name: keyword }),
      }),
      http: props({
        request: props({ method: keyword }),
        route: keyword,
        response: props({ status_code: { type: 'integer' } }),
      }),
      url: props({ path: longKeyword, full: longKeyword, query: longKeyword }),
      trace: props({ id: keyword }),
      span: props({ id: keyword }),
      attributes: { type: dialect.flattenedType },
    },
  };
}

/** Patterns: the counters and what lists filter and sort on; the rest rides in _source. */
export const PATTERN_MAPPINGS = {
  dynamic: false,
  properties: {
    id: keyword,
    last_seen_key: keyword,
    count: { type: 'long' },
    status: keyword,
    services: keyword,
    merged_into: keyword,
  },
};

/** Records: whole documents, found by kind and id only. */
export const RECORD_MAPPINGS = {
  dynamic: false,
  properties: { kind: keyword, id: keyword, doc: { type: 'object', enabled: false } },
};

export const AUDIT_MAPPINGS = {
  dynamic: false,
  properties: {
    '@timestamp': { type: 'date_nanos' },
    at_key: keyword,
    seq: { type: 'long' },
    actor: keyword,
    action: keyword,
    target: keyword,
    details: { type: 'object', enabled: false },
  },
};
