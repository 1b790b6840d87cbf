// The exporters that send from the export thread, against a real OTLP/HTTP
// receiver: spans and log records arrive, a refused export is reported as a
// failure with its reason, and no HTTP client request runs on this thread.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import * as sdkLogs from '@opentelemetry/sdk-logs';
import * as sdkTrace from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadedOtlpExporters } from './export-thread.ts';
import { loadOtelModules } from './otel-modules.ts';
import { startOtlpCapture, type OtlpCapture } from './test-support/otlp-capture.ts';

let capture: OtlpCapture;
let exporters: ReturnType<typeof threadedOtlpExporters>;

beforeAll(async () => {
  capture = await startOtlpCapture();
  exporters = threadedOtlpExporters(loadOtelModules(), {
    traces: `${capture.endpoint}/v1/traces`,
    logs: `${capture.endpoint}/v1/logs`,
  });
});

afterAll(async () => {
  await exporters.traces.shutdown();
  await exporters.logs.shutdown();
  await capture.close();
});

function exported<T>(
  exporter: { export(items: T[], done: (result: ExportResult) => void): void },
  items: T[],
): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(items, resolve));
}

function madeSpan(name: string): sdkTrace.ReadableSpan {
  const made: sdkTrace.ReadableSpan[] = [];
  const provider = new sdkTrace.TracerProvider({
    spanProcessors: [
      {
        onStart: () => {},
        onEnd: (span) => void made.push(span),
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
      },
    ],
  });
  provider.getTracer('export-thread-test').startSpan(name).end();
  return made[0]!;
}

function madeLogRecord(body: string): sdkLogs.ReadableLogRecord {
  const made: sdkLogs.ReadableLogRecord[] = [];
  const provider = new sdkLogs.LoggerProvider({
    processors: [
      {
        onEmit: (record) => void made.push(record),
        forceFlush: () => Promise.resolve(),
        shutdown: () => Promise.resolve(),
      },
    ],
  });
  provider.getLogger('export-thread-test').emit({ body });
  return made[0]!;
}

describe('exporters that send from the export thread', () => {
  it('deliver spans and log records, without an HTTP client request on this thread', async () => {
    const clientRequests: unknown[] = [];
    const onRequest = (message: unknown) => clientRequests.push(message);
    subscribe('http.client.request.start', onRequest);
    try {
      const spanResult = await exported(exporters.traces, [madeSpan('sent from the thread')]);
      const logResult = await exported(exporters.logs, [madeLogRecord('logged from the thread')]);
      expect(spanResult).toEqual({ code: ExportResultCode.SUCCESS });
      expect(logResult).toEqual({ code: ExportResultCode.SUCCESS });
    } finally {
      unsubscribe('http.client.request.start', onRequest);
    }
    await capture.waitForSpan((span) => span.name === 'sent from the thread');
    await capture.waitForLog((log) => log.body === 'logged from the thread');
    expect(clientRequests).toEqual([]);
  });

  it('a refused export fails with the reason, and the next one succeeds again', async () => {
    capture.failWith(400);
    try {
      const refused = await exported(exporters.logs, [madeLogRecord('refused')]);
      expect(refused.code).toBe(ExportResultCode.FAILED);
      expect(refused.error?.message).toMatch(/400|Bad Request/);
    } finally {
      capture.failWith(undefined);
    }
    const accepted = await exported(exporters.logs, [madeLogRecord('accepted again')]);
    expect(accepted.code).toBe(ExportResultCode.SUCCESS);
  });
});
