import type { FastifyInstance, FastifyReply } from 'fastify';
import { keyForm, proposeMerges } from '../grouping/index.ts';
import { PATTERN_STATUSES, type Pattern } from '../store/patterns.ts';
import { MAX_PAGE_SIZE, type Store } from '../store/store.ts';
import { API_ACTOR, auditChange } from './audit.ts';
import { ApiError, sendError } from './errors.ts';
import { listPatterns } from './pattern-list.ts';
import { PATTERN_SCHEMAS as SCHEMAS } from './pattern-schemas.ts';
import { patternChanges } from './pattern-update.ts';

const DETAIL_EVENTS = 20;

const notFound = (reply: FastifyReply, id: string) =>
  sendError(reply, new ApiError('not_found', `no pattern with id "${id}"`));

/**
 * /patterns: list, detail (with its newest events and stats), status /
 * assignee / notes updates (recorded in the pattern's status history and the
 * audit log), merge, unmerge, and merge proposals for one pattern.
 */
export function patternRoutes(store: Store) {
  return async function register(api: FastifyInstance) {
    api.get('/patterns', { schema: SCHEMAS.list }, async (request) =>
      listPatterns(store.patterns, request.query as Record<string, unknown>),
    );

    api.get('/patterns/:id', { schema: SCHEMAS.detail }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const pattern = await store.patterns.get(id);
      if (!pattern) return notFound(reply, id);
      const filter = { patterns: [id] };
      const [page, stats] = await Promise.all([
        store.searchEvents({ limit: DETAIL_EVENTS, filter }),
        store.aggregateEvents(filter),
      ]);
      return {
        pattern,
        events: page.items,
        stats: {
          events: stats.total,
          per_day: stats.activityPerDay,
          severity_over_time: stats.severityOverTime,
          duration_ms: stats.executionTime,
        },
      };
    });

    api.patch('/patterns/:id', { schema: SCHEMAS.update }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const at = new Date().toISOString();
      const changes = patternChanges(request.body, at, API_ACTOR);
      const updated = await store.patterns.update(id, changes);
      if (!updated) return notFound(reply, id);
      await auditChange(store, 'pattern.update', id, request.body as Record<string, unknown>, at);
      return updated;
    });

    api.post('/patterns/:id/merge', { schema: SCHEMAS.merge }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const into = (request.body as { into?: unknown } | undefined)?.into;
      if (typeof into !== 'string' || into === '') {
        throw new ApiError('invalid_argument', 'the body must be { "into": "<pattern id>" }');
      }
      if (into === id) throw new ApiError('invalid_argument', 'a pattern cannot merge into itself');
      const [source, target] = await Promise.all([
        store.patterns.get(id),
        store.patterns.get(into),
      ]);
      if (!source) return notFound(reply, id);
      if (!target) return notFound(reply, into);
      if (target.merged_into) {
        throw new ApiError(
          'invalid_argument',
          `"${into}" is itself merged into "${target.merged_into}"`,
        );
      }
      if (source.merged_into) {
        throw new ApiError(
          'invalid_argument',
          `"${id}" is already merged into "${source.merged_into}"`,
        );
      }
      const at = new Date().toISOString();
      const merged = await store.patterns.merge(into, [id], { at, by: API_ACTOR });
      await auditChange(store, 'pattern.merge', id, { into }, at);
      return merged;
    });

    api.post('/patterns/:id/unmerge', { schema: SCHEMAS.unmerge }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const source = await store.patterns.get(id);
      if (!source) return notFound(reply, id);
      const target = source.merged_into;
      if (!target) throw new ApiError('invalid_argument', `"${id}" is not merged`);
      // The decision goes first: a failure between the two steps leaves the
      // target overcounted, never the source hidden. The pair is kept apart
      // from then on: automatic merges never join it again.
      const at = new Date().toISOString();
      const restored = await store.patterns.update(id, {
        merged_into: null,
        keep_apart_from: target,
        history: { status: source.status, at, by: API_ACTOR, unmerged_from: target },
      });
      await store.patterns.update(target, {
        subtract_count: source.merged_count ?? 0,
        subtract_stats: source,
      });
      await auditChange(store, 'pattern.unmerge', id, { from: target }, at);
      return restored;
    });

    api.get('/patterns/:id/similar', { schema: SCHEMAS.similar }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const pattern = await store.patterns.get(id);
      if (!pattern) return notFound(reply, id);
      const candidates = await store.patterns.list({
        statuses: PATTERN_STATUSES.filter((s) => s !== 'archived'),
        limit: MAX_PAGE_SIZE,
      });
      return { items: similarTo(pattern, candidates) };
    });
  };
}

/**
 * Merge proposals (grouping/drain/merge.ts) over the pattern and the newest
 * patterns of its type, keeping those that include it. A function of the set,
 * so every replica proposes the same.
 */
function similarTo(pattern: Pattern, candidates: readonly Pattern[]) {
  const sameType = [
    pattern,
    ...candidates.filter((p) => p.type === pattern.type && p.id !== pattern.id),
  ];
  // Message patterns compare their stored template within their scope; others, their title.
  const templates = sameType.map((p) => ({
    key: p.id,
    template: p.template ?? keyForm(p.title),
    scope: p.template_scope ?? '',
  }));
  return proposeMerges(templates).filter((proposal) => proposal.keys.includes(pattern.id));
}
