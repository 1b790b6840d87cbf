import type { FastifyInstance } from 'fastify';
import { InvalidCursorError, type Store } from '../store/store.ts';
import { ApiError, invalidParameter, sendError } from './errors.ts';
import { eventFilter } from './event-filters.ts';
import { pageCursor, pageLimit } from './query.ts';

/** GET /events (filtered, sorted, cursor-paged; see event-filters.ts) and GET /events/:id. */
export function eventRoutes(store: Store) {
  return async function register(api: FastifyInstance) {
    api.get('/events', async (request, reply) => {
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

    api.get('/events/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      const event = await store.getEvent(id);
      if (!event) return sendError(reply, new ApiError('not_found', `no event with id "${id}"`));
      return event;
    });
  };
}
