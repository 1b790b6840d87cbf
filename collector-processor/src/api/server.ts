import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { LiveGroupingConfig } from '../grouping/live-config.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { bearerAuth } from './auth.ts';
import { ApiError, fromFastifyError, sendError } from './errors.ts';
import { eventRoutes } from './events.ts';
import { fingerprintRuleRoutes } from './fingerprint-rules.ts';
import { registerOpenApi } from './openapi.ts';
import { patternRoutes } from './patterns.ts';

const HealthBody = Type.Object({ status: Type.Literal('ok') });

export interface ApiServerOptions {
  readonly store: Store;
  readonly adminToken: string;
  readonly logger: Logger;
  /** The grouping configuration in force (default: the built-in one plus the stored rules). */
  readonly grouping?: LiveGroupingConfig;
  /** Told of every route as it is registered (tests check each is in the OpenAPI document). */
  readonly onRoute?: (route: { method: string | string[]; url: string }) => void;
}

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

export const API_PREFIX = '/api/v1';

/**
 * The REST API: `/healthz` open, everything under /api/v1 behind the bearer
 * token. Returned unstarted; the caller decides where it listens. Routes
 * the caller adds (health, metrics) are in the OpenAPI document too.
 */
export async function buildApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, return503OnClosing: true });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  await registerOpenApi(app, VERSION);

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

  app.get(
    '/healthz',
    { schema: { security: [], summary: 'Liveness', response: { 200: HealthBody } } },
    async () => ({ status: 'ok' }),
  );

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
