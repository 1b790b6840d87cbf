// The thread that sends the OTLP exports (export-thread.ts). The application's
// thread serialises each batch and posts the bytes here; this thread sends them
// with the OpenTelemetry OTLP/HTTP delegate (the same configuration from
// OTEL_EXPORTER_OTLP_* variables, retries and timeout as the stock exporters)
// and answers with the outcome.
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import type * as ExporterBaseHttp from '@opentelemetry/otlp-exporter-base/node-http';
import type * as Transformer from '@opentelemetry/otlp-transformer';
import type { ExportRequest, ExportAnswer, Signal } from './export-thread.ts';

const requireHere = createRequire(import.meta.url);
const http = requireHere('@opentelemetry/otlp-exporter-base/node-http') as typeof ExporterBaseHttp;
const transformer = requireHere('@opentelemetry/otlp-transformer') as typeof Transformer;

type Delegate = ReturnType<typeof http.createOtlpHttpExportDelegate<Uint8Array, unknown>>;

const SIGNALS = {
  traces: {
    id: 'TRACES',
    path: 'v1/traces',
    component: 'otlp_http_span_exporter',
    item: 'span',
    response: transformer.JsonTraceSerializer,
  },
  logs: {
    id: 'LOGS',
    path: 'v1/logs',
    component: 'otlp_http_log_exporter',
    item: 'log',
    response: transformer.JsonLogsSerializer,
  },
} as const;

const delegates = new Map<string, Delegate>();

function delegateFor(signal: Signal, url: string): Delegate {
  const key = `${signal} ${url}`;
  let delegate = delegates.get(key);
  if (delegate === undefined) {
    const { id, path, component, item, response } = SIGNALS[signal];
    delegate = http.createOtlpHttpExportDelegate<Uint8Array, unknown>(
      http.convertLegacyHttpOptions({ url }, id, path, { 'Content-Type': 'application/json' }),
      // The bytes arrive serialised; the answer is read as the stock exporter reads it.
      {
        serializeRequest: (bytes) => bytes,
        deserializeResponse: (data) => response.deserializeResponse(data),
      },
      component,
      { name: item, countItems: () => 0 },
      undefined,
    );
    delegates.set(key, delegate);
  }
  return delegate;
}

parentPort?.on('message', ({ id, signal, url, body }: ExportRequest) => {
  const answer = (error?: unknown): void => {
    const message: ExportAnswer =
      error === undefined
        ? { id }
        : { id, error: error instanceof Error ? error.message : String(error) };
    parentPort?.postMessage(message);
  };
  try {
    delegateFor(signal, url).export(body, (result) => {
      answer(result.code === 0 ? undefined : (result.error ?? 'export failed'));
    });
  } catch (error) {
    answer(error);
  }
});
