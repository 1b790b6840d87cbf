// The OTLP exporters of @faultline/node send from a worker thread of their
// own (export-worker.ts): the application's thread only serialises each batch.
// Why: with the stock exporters, an HTTP client request about once a second on
// the application's thread made every request the application served dearer
// (bench, nothing traced: 161 against 153 µs of main-thread CPU per request;
// likely because Node's http, net and stream code, shared by server and
// client, no longer runs specialised for the server). The worker starts on
// the first export, keeps the process alive only while an export is in
// flight, and stops when both exporters are shut down.
import { Worker } from 'node:worker_threads';
import type { IExporterMetricsHelper, ISerializer } from '@opentelemetry/otlp-transformer';
import type { OtelModules } from './otel-modules.ts';

export type Signal = 'traces' | 'logs';

/** What the application's thread posts to the export thread. */
export interface ExportRequest {
  readonly id: number;
  readonly signal: Signal;
  readonly url: string;
  readonly body: Uint8Array;
}

/** The export thread's answer: no error when the batch was delivered. */
export interface ExportAnswer {
  readonly id: number;
  readonly error?: string;
}

type ExportResponse = { status: 'success' } | { status: 'failure'; error: Error };

interface Transport {
  send(body: Uint8Array): Promise<ExportResponse>;
  shutdown(): void;
}

// Built, the worker is dist/export-worker.js; under the tests, the source file.
const WORKER_FILE = new URL(
  import.meta.url.endsWith('.ts') ? './export-worker.ts' : './export-worker.js',
  import.meta.url,
);

class ExportThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, (answer: ExportAnswer) => void>();
  private nextId = 0;
  private users = 0;

  transport(signal: Signal, url: string): Transport {
    this.users++;
    let open = true;
    return {
      send: (body) => this.send(signal, url, body),
      shutdown: () => {
        if (!open) return;
        open = false;
        if (--this.users === 0) this.stop();
      },
    };
  }

  private send(signal: Signal, url: string, body: Uint8Array): Promise<ExportResponse> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, ({ error }) =>
        resolve(
          error === undefined
            ? { status: 'success' }
            : { status: 'failure', error: new Error(error) },
        ),
      );
      try {
        const worker = this.started();
        if (this.pending.size === 1) worker.ref();
        worker.postMessage({ id, signal, url, body } satisfies ExportRequest);
      } catch (error) {
        this.answer({ id, error: error instanceof Error ? error.message : String(error) });
      }
    });
  }

  private started(): Worker {
    if (this.worker !== undefined) return this.worker;
    // No inherited --import/--require: the thread must not start telemetry of its own.
    const worker = new Worker(WORKER_FILE, { execArgv: [] });
    worker.unref();
    worker.on('message', (answer: ExportAnswer) => this.answer(answer));
    const fail = (reason: string): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const id of [...this.pending.keys()]) this.answer({ id, error: reason });
    };
    worker.on('error', (error) => fail(`export thread failed: ${error.message}`));
    worker.on('exit', (code) => fail(`export thread exited (${code})`));
    this.worker = worker;
    return worker;
  }

  private answer(answer: ExportAnswer): void {
    const done = this.pending.get(answer.id);
    if (done === undefined) return;
    this.pending.delete(answer.id);
    if (this.pending.size === 0) this.worker?.unref();
    done(answer);
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}

/**
 * OTLP/HTTP JSON exporters for spans and log records, configured like the
 * stock ones (OTEL_EXPORTER_OTLP_* variables), that send from the export thread.
 */
export function threadedOtlpExporters(otel: OtelModules, urls: Record<Signal, string>) {
  const thread = new ExportThread();
  const { exporterBase, exporterBaseHttp, transformer } = otel;
  const exporter = <T>(
    signal: Signal,
    serializer: ISerializer<T[], unknown>,
    helper: IExporterMetricsHelper<T[]>,
  ) => {
    const [id, path, component] =
      signal === 'traces'
        ? (['TRACES', 'v1/traces', 'otlp_http_span_exporter'] as const)
        : (['LOGS', 'v1/logs', 'otlp_http_log_exporter'] as const);
    const options = exporterBaseHttp.convertLegacyHttpOptions({ url: urls[signal] }, id, path, {
      'Content-Type': 'application/json',
    });
    const metrics = exporterBaseHttp.createOtlpHttpExporterMetrics(
      component,
      helper,
      options.url,
      undefined,
    );
    return new exporterBase.OTLPExporterBase<T[]>(
      exporterBase.createOtlpNetworkExportDelegate(
        options,
        serializer,
        metrics,
        thread.transport(signal, options.url),
      ),
    );
  };
  return {
    traces: exporter(
      'traces',
      transformer.JsonTraceSerializer,
      transformer.TraceExporterMetricsHelper,
    ),
    logs: exporter('logs', transformer.JsonLogsSerializer, transformer.LogsExporterMetricsHelper),
  };
}
