import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { FaultlineEvent } from '../schema/index.ts';
import { InvalidCursorError, type Store } from '../store/store.ts';
import { ApiError, invalidParameter, sendError } from './errors.ts';
import { EVENT_QUERY_PARAMETERS, eventFilter } from './event-filters.ts';
import { EVENT_PARAMETER_DOCS } from './parameter-docs.ts';
import { errors, IdParams, ListParameter, Page } from './schemas.ts';
import { pageCursor, pageLimit } from './query.ts';

const EventRef = Type.Ref(FaultlineEvent);

const SEARCH_SCHEMA = {
  summary: 'Search events: filtered, sorted, cursor-paged',
  querystring: Type.Object(
    Object.fromEntries(
      EVENT_QUERY_PARAMETERS.map((name) => [
        name,
        Type.Optional(ListParameter(EVENT_PARAMETER_DOCS[name] ?? name)),
      ]),
    ),
  ),
  response: { 200: Page(EventRef), ...errors(400) },
};

const DETAIL_SCHEMA = {
  summary: 'One event',
  params: IdParams,
  response: { 200: EventRef, ...errors(404) },
};

/** GET /events (filtered, sorted, cursor-paged; see event-filters.ts) and GET /events/:id. */
export function eventRoutes(store: Store) {
  return async function register(api: FastifyInstance) {
    api.get('/events', { schema: SEARCH_SCHEMA }, async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const limit = pageLimit(query);
      const cursor = pageCursor(query);
      const { filter, sort } = eventFilter(query);
      try {
        return await store.searchEvents({ limit, cursor, filter, sort });
      } catch (error) {
        if (error instanceof InvalidCursorError) {
          return sendError(
            reply,
            invalidParameter('cursor', 'cursor is not valid: pass the `next` of a previous page'),
          );
        }
        throw error;
      }
    });

    api.get('/events/:id', { schema: DETAIL_SCHEMA }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const event = await store.getEvent(id);
      if (!event) return sendError(reply, new ApiError('not_found', `no event with id "${id}"`));
      return event;
    });
  };
}
