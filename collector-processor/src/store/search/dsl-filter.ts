import { has, type ResolvedFilter } from '../filter.ts';

/**
 * The query DSL for a filter, shared by OpenSearch and Elasticsearch. Every
 * clause is a non-scoring filter except free text, which must match each
 * word in the message, the error message or the stack trace.
 */
export function dslQuery(filter: ResolvedFilter): Record<string, unknown> {
  const must: unknown[] = [];
  const mustNot: unknown[] = [];
  const terms = (field: string, values: readonly (string | number)[] | undefined) => {
    if (values === undefined) return;
    // An empty allowed set (severities ∩ minimum = ∅) matches nothing.
    must.push(values.length ? { terms: { [field]: values } } : { match_none: {} });
  };
  const nonEmpty = <T>(v: readonly T[] | undefined) => (has(v) ? v : undefined);

  if (filter.fromKey || filter.toKey) {
    must.push({
      range: {
        ts_key: {
          ...(filter.fromKey ? { gte: filter.fromKey } : {}),
          ...(filter.toKey ? { lt: filter.toKey } : {}),
        },
      },
    });
  }
  terms('event.id', nonEmpty(filter.ids));
  terms('faultline.log_type', nonEmpty(filter.logTypes));
  if (has(filter.excludeLogTypes)) {
    mustNot.push({ terms: { 'faultline.log_type': filter.excludeLogTypes } });
  }
  terms('faultline.severity', filter.severities);
  terms('faultline.status', nonEmpty(filter.statuses));
  terms('service.name', nonEmpty(filter.services));
  terms('deployment.environment.name', nonEmpty(filter.environments));
  terms('faultline.module', nonEmpty(filter.modules));
  terms('code.function.name', nonEmpty(filter.functions));
  terms('faultline.security.level', nonEmpty(filter.securityLevels));
  terms('faultline.security.category', nonEmpty(filter.securityCategories));
  terms('faultline.security.impact', nonEmpty(filter.securityImpacts));
  terms('tags', nonEmpty(filter.tagsAny));
  for (const tag of filter.tagsAll ?? []) must.push({ term: { tags: tag } });
  terms('user.id', nonEmpty(filter.users));
  terms('faultline.assignee', nonEmpty(filter.assignees));
  terms('faultline.session.id', nonEmpty(filter.sessions));
  terms('error.grouping_key', nonEmpty(filter.patterns));
  terms('trace.id', nonEmpty(filter.traceIds));
  if (filter.minDurationMs !== undefined) {
    must.push({ range: { 'event.duration': { gte: filter.minDurationMs * 1_000_000 } } });
  }
  if (filter.minMemoryBytes !== undefined) {
    must.push({ range: { 'faultline.perf.memory_bytes': { gte: filter.minMemoryBytes } } });
  }
  const text = (filter.words ?? []).map((word) => ({
    multi_match: { query: word, fields: ['message', 'error.message', 'error.stack_trace'] },
  }));
  if (!must.length && !mustNot.length && !text.length) return { match_all: {} };
  return {
    bool: {
      ...(must.length ? { filter: must } : {}),
      ...(mustNot.length ? { must_not: mustNot } : {}),
      ...(text.length ? { must: text } : {}),
    },
  };
}

/** The total sort: ts_key then event.id, both in the requested direction. */
export function dslSort(sort: 'newest' | 'oldest') {
  const order = sort === 'newest' ? 'desc' : 'asc';
  return [{ ts_key: { order } }, { 'event.id': { order } }];
}
