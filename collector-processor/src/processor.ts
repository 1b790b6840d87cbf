import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { resolveAdminToken, type AdminToken } from './admin-token.ts';
import { buildApiServer } from './api/server.ts';
import type { Config } from './config.ts';
import { createIngest } from './ingest.ts';
import { closeServer, listen, localUrl } from './listen.ts';
import { consoleLogger, type Logger } from './log.ts';
import { createOtlpHttpServer } from './receiver/http.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';
import type { Store } from './store/store.ts';

export interface ProcessorOptions {
  /** Where the processor's own log lines go (default: the console). */
  readonly logger?: Logger;
}

/** A running processor. */
export interface Processor {
  /** Base URL of the OTLP/HTTP receiver, e.g. http://127.0.0.1:4318 (POST …/v1/traces). */
  readonly otlpHttpUrl: string;
  /** Base URL of the REST API, e.g. http://127.0.0.1:8080 (GET …/api/v1/events). */
  readonly apiUrl: string;
  /** The admin bearer token for the API. */
  readonly adminToken: string;
  /** 'generated' when this start created the token (show it once), else 'env' or 'stored'. */
  readonly adminTokenSource: AdminToken['source'];
  /** The file holding a generated or stored token. */
  readonly adminTokenFile: string | undefined;
  /** Stops the listeners (requests in flight finish), then closes the store. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the processor: store (SQLite in the data dir), pipeline, OTLP/HTTP
 * receiver and REST API. Ports may be 0; the URLs report the bound ones. If
 * any part fails to start, the parts already started are closed again.
 */
export async function startProcessor(
  config: Config,
  options: ProcessorOptions = {},
): Promise<Processor> {
  const logger = options.logger ?? consoleLogger;
  const token = await resolveAdminToken(config.dataDir, config.adminToken);
  const cleanups: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.error('processor: close failed', error));
    }
  };

  try {
    const store: Store = new SqliteStore({ dataDir: config.dataDir });
    cleanups.push(() => store.close());

    const otlp: Server = createOtlpHttpServer({
      ingest: createIngest(store, logger),
      maxRequestBytes: config.maxRequestBytes,
      logger,
    });
    const otlpPort = await listen(otlp, config.host, config.otlpHttpPort);
    cleanups.push(() => closeServer(otlp));

    const api: FastifyInstance = buildApiServer({ store, adminToken: token.token, logger });
    await api.listen({ host: config.host, port: config.apiPort });
    cleanups.push(() => api.close());
    const apiPort = (api.server.address() as { port: number }).port;

    let closing: Promise<void> | undefined;
    return {
      otlpHttpUrl: localUrl(config.host, otlpPort),
      apiUrl: localUrl(config.host, apiPort),
      adminToken: token.token,
      adminTokenSource: token.source,
      adminTokenFile: token.file,
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
