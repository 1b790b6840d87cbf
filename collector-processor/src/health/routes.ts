import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/**
 * Operations endpoints beside the API's `/healthz`: `/readyz` (the processor
 * can take and store data now) and `/metrics` (Prometheus). Both are open,
 * like `/healthz`: they carry no event data.
 */

export interface Readiness {
  /** Named checks; each resolves true when that part is ready. */
  readonly checks: Readonly<Record<string, () => Promise<boolean>>>;
}

export function registerOpsRoutes(
  app: FastifyInstance,
  options: { readonly registry: Registry; readonly readiness: Readiness },
): void {
  app.get('/readyz', async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(options.readiness.checks).map(async ([name, check]) => {
        const ok = await check().catch(() => false);
        return [name, ok ? 'ok' : 'failing'] as const;
      }),
    );
    const ready = results.every(([, state]) => state === 'ok');
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results) });
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await options.registry.metrics();
    return reply.header('content-type', options.registry.contentType).send(text);
  });
}
