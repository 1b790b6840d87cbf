import path from 'node:path';
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { resolveAdminToken, type AdminToken } from './admin-token.ts';
import { buildApiServer } from './api/server.ts';
import type { Config } from './config.ts';
import { registerOpsRoutes } from './health/routes.ts';
import { createIngest } from './ingest.ts';
import { closeServer, listen, localUrl } from './listen.ts';
import { consoleLogger, type Logger } from './log.ts';
import { createMetrics } from './metrics/metrics.ts';
import { LiveGroupingConfig } from './grouping/live-config.ts';
import { scheduleAutoMerge } from './patterns/auto-merge.ts';
import { runPeriodically } from './periodic.ts';
import { bindGrpc, closeGrpc, createOtlpGrpcServer } from './receiver/grpc.ts';
import { createOtlpHttpServer } from './receiver/http.ts';
import { DeadLetterFile } from './spool/dead-letter.ts';
import { Spool } from './spool/spool.ts';
import { SpoolWriter } from './spool/writer.ts';
import { openStore, scheduleRetention } from './store/open-store.ts';
import type { Store } from './store/store.ts';
import { PipelinePool } from './workers/pool.ts';
import { StoreWritesThread } from './workers/store-writes.ts';

export interface ProcessorOptions {
  /** Where the processor's own log lines go (default: the console). */
  readonly logger?: Logger;
  /** The store to write to (default: SQLite in the data dir); closed with the processor. */
  readonly store?: Store;
  /** How long close() lets the spool drain into the store (default 10 s); the rest waits on disk. */
  readonly drainTimeoutMs?: number;
}

/** A running processor. */
export interface Processor {
  /** Base URL of the OTLP/HTTP receiver, e.g. http://127.0.0.1:4318 (POST …/v1/traces). */
  readonly otlpHttpUrl: string;
  /** Address of the OTLP/gRPC receiver as exporters take it, e.g. http://127.0.0.1:4317. */
  readonly otlpGrpcUrl: string;
  /** Base URL of the REST API, e.g. http://127.0.0.1:8080 (GET …/api/v1/events). */
  readonly apiUrl: string;
  /** The admin bearer token for the API. */
  readonly adminToken: string;
  /** 'generated' when this start created the token (show it once), else 'env' or 'stored'. */
  readonly adminTokenSource: AdminToken['source'];
  /** The file holding a generated or stored token. */
  readonly adminTokenFile: string | undefined;
  /**
   * Stops the receivers (requests in flight finish), drains the spool into the
   * store for a bounded time, then closes the store. Safe to call twice.
   */
  close(): Promise<void>;
}

const SPOOL_DIR = 'spool';
/** How soon a fingerprint rule changed through another replica applies here. */
const GROUPING_REFRESH_MS = 10_000;

/**
 * Starts the processor: store (SQLite in the data dir), spool, pipeline
 * worker pool, spool writer, OTLP/HTTP and OTLP/gRPC receivers and the REST
 * API (with /metrics and /readyz). Ports may be 0; the URLs report the bound
 * ones. If any part fails to start, the parts already started are closed again.
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
    const store: Store = options.store ?? (await openStore(config.store, config.dataDir));
    // Retention stops before the store closes (one cleanup: later steps count on the positions).
    const stopRetention = options.store
      ? async () => {}
      : scheduleRetention(store, config.store, logger);
    const stopAutoMerge = scheduleAutoMerge(store, config.patterns, logger);
    cleanups.push(async () => {
      await stopRetention();
      await stopAutoMerge();
      await store.close();
    });

    const spoolDir = path.join(config.dataDir, SPOOL_DIR);
    const spool = await Spool.open({
      dir: spoolDir,
      maxBytes: config.spoolMaxBytes,
      fsync: config.spoolFsync,
      logger,
    });
    const closeSpool = () => spool.close();
    cleanups.push(closeSpool);

    const pool = new PipelinePool(config.workers, logger, config.pipeline);
    cleanups.push(() => pool.close());

    // The embedded store's inserts run on a thread of their own (workers/store-writes.ts).
    const writes =
      !options.store && config.store.backend === 'sqlite'
        ? new StoreWritesThread(config.dataDir, config.pipeline.grouping)
        : undefined;
    if (writes) {
      // Started alongside the rest (the first write waits for it; a failed start is retried then).
      writes
        .start()
        .catch((error: unknown) => logger.error('store writes thread: start failed', error));
      // Closed after the drain below and before the store (cleanups run in reverse).
      cleanups.push(() => writes.close());
    }

    // Fingerprint rules made through the API live in the store: read them now, and
    // every few seconds for other replicas' changes; the pipeline threads get each change.
    const grouping = new LiveGroupingConfig({
      base: config.pipeline.grouping,
      stored: store.fingerprintRules,
      onChange: (next) => {
        pool.reconfigure({ ...config.pipeline, grouping: next });
        writes?.reconfigure(next);
      },
      logger,
    });
    await grouping.refresh();
    const refreshGrouping = () =>
      grouping
        .refresh()
        .catch((error: unknown) => logger.error('reading fingerprint rules failed', error));
    cleanups.push(runPeriodically(refreshGrouping, GROUPING_REFRESH_MS, GROUPING_REFRESH_MS));

    const deadLetters = new DeadLetterFile(spoolDir);
    const metrics = createMetrics({
      spoolBytes: () => spool.bytes,
      spoolMaxBytes: () => spool.maxBytes,
      // Read at scrape time, after `writer` below exists.
      queueDepth: () => pool.depth + writer.depth,
      deadLetters: () => deadLetters.written,
    });
    const writer = new SpoolWriter({
      spool,
      store,
      writes,
      deadLetters,
      process: (task) => pool.run(task),
      logger,
      onWrite: metrics.storeWrite,
      grouping: () => grouping.compiled,
    });
    const recovered = spool.recovered();
    if (recovered.length > 0)
      logger.info(`spool: replaying ${recovered.length} unstored request(s)`);
    writer.replay(recovered);
    writer.start();
    const drainMs = options.drainTimeoutMs ?? 10_000;
    cleanups.push(() => writer.stop(drainMs));

    const ingest = createIngest({ pool, spool, writer, logger, metrics });

    const api: FastifyInstance = await buildApiServer({
      store,
      adminToken: token.token,
      logger,
      grouping,
    });
    registerOpsRoutes(api, {
      registry: metrics.registry,
      readiness: {
        checks: {
          store: async () => (await store.searchEvents({ limit: 1 }), writer.storeHealthy),
          spool: async () => spool.bytes < spool.maxBytes * 0.95,
        },
      },
    });

    const otlp: Server = createOtlpHttpServer({
      ingest,
      maxRequestBytes: config.maxRequestBytes,
      logger,
      onAnswer: (signal, status) => metrics.request('http', signal, String(status)),
    });
    const otlpPort = await listen(otlp, config.host, config.otlpHttpPort);
    cleanups.push(() => closeServer(otlp));

    const grpc = createOtlpGrpcServer({
      ingest,
      maxRequestBytes: config.maxRequestBytes,
      logger,
      onAnswer: (signal, status) => metrics.request('grpc', signal, status),
    });
    const grpcPort = await bindGrpc(grpc, config.host, config.otlpGrpcPort);
    cleanups.push(() => closeGrpc(grpc));

    await api.listen({ host: config.host, port: config.apiPort });
    // Closed after the receivers and the drain, just before the spool (cleanups run in
    // reverse), so /readyz and /metrics answer while the spool drains.
    cleanups.splice(cleanups.indexOf(closeSpool) + 1, 0, () => api.close());
    const apiPort = (api.server.address() as { port: number }).port;

    let closing: Promise<void> | undefined;
    return {
      otlpHttpUrl: localUrl(config.host, otlpPort),
      otlpGrpcUrl: localUrl(config.host, grpcPort),
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
