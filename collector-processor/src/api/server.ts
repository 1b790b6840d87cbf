import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { LiveGroupingConfig } from '../grouping/live-config.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { bearerAuth } from './auth.ts';
import { ApiError, fromFastifyError, sendError } from './errors.ts';
import { eventRoutes } from './events.ts';
import { fingerprintRuleRoutes } from './fingerprint-rules.ts';
import { patternRoutes } from './patterns.ts';

export interface ApiServerOptions {
  readonly store: Store;
  readonly adminToken: string;
  readonly logger: Logger;
  /** The grouping configuration in force (default: the built-in one plus the stored rules). */
  readonly grouping?: LiveGroupingConfig;
}

export const API_PREFIX = '/api/v1';

/**
 * The REST API: `/healthz` open, everything under /api/v1 behind the bearer
 * token. Returned unstarted; the caller decides where it listens.
 */
export function buildApiServer(options: ApiServerOptions): FastifyInstance {
  const app = Fastify({ logger: false, return503OnClosing: true });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof ApiError) return sendError(reply, error);
    const clientError = fromFastifyError(error);
    if (clientError) return sendError(reply, clientError);
    options.logger.error('API request failed', error);
    return sendError(reply, new ApiError('internal', 'internal error; see the processor log'));
  });

  const notFound = (request: { method: string; url: string }) =>
    new ApiError('not_found', `no route ${request.method} ${request.url.split('?')[0]}`);
  app.setNotFoundHandler((request, reply) => sendError(reply, notFound(request)));

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.register(
    async (api) => {
      api.addHook('onRequest', bearerAuth(options.adminToken));
      // Scoped here so the hook above runs first: unknown /api/v1 paths ask for the token too.
      api.setNotFoundHandler((request, reply) => sendError(reply, notFound(request)));
      await api.register(eventRoutes(options.store));
      await api.register(patternRoutes(options.store));
      const grouping =
        options.grouping ??
        new LiveGroupingConfig({
          stored: options.store.fingerprintRules,
          onChange: () => {},
          logger: options.logger,
        });
      await api.register(fingerprintRuleRoutes(options.store, grouping));
    },
    { prefix: API_PREFIX },
  );
  return app;
}
