import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as HttpLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as HttpTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultlineEvent } from '../schema/index.ts';
import { startTestProcessor, type TestProcessor } from '../test-support/processor.ts';

/**
 * The decoding corpus comes from the real OTLP exporters (HTTP/JSON,
 * HTTP/protobuf with gzip, gRPC with gzip), sending to a real processor
 * whose pipeline runs on a worker thread.
 */

let processor: TestProcessor;

beforeAll(async () => {
  processor = await startTestProcessor({
    FAULTLINE_WORKERS: '1',
  });
});

afterAll(async () => {
  await processor?.stop();
});

async function eventsOf(service: string, count: number): Promise<FaultlineEvent[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await fetch(`${processor.apiUrl}/api/v1/events?limit=500`, {
      headers: { authorization: 'Bearer t' },
    });
    const items = ((await res.json()) as { items: FaultlineEvent[] }).items.filter(
      (e) => e.service?.name === service,
    );
    if (items.length >= count || Date.now() > deadline) return items;
    await new Promise((r) => setTimeout(r, 50));
  }
}

class CorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorpusError';
  }
}

type TraceExporter = ConstructorParameters<typeof SimpleSpanProcessor>[0]['exporter'];
type LogExporter = ConstructorParameters<typeof SimpleLogRecordProcessor>[0]['exporter'];

const transports: {
  name: string;
  traces: () => TraceExporter;
  logs: () => LogExporter;
}[] = [
  {
    name: 'http-json',
    traces: () => new HttpTraceExporter({ url: `${processor.otlpHttpUrl}/v1/traces` }),
    logs: () => new HttpLogExporter({ url: `${processor.otlpHttpUrl}/v1/logs` }),
  },
  {
    name: 'http-protobuf-gzip',
    traces: () =>
      new ProtoTraceExporter({
        url: `${processor.otlpHttpUrl}/v1/traces`,
        compression: 'gzip' as never,
      }),
    logs: () =>
      new ProtoLogExporter({
        url: `${processor.otlpHttpUrl}/v1/logs`,
        compression: 'gzip' as never,
      }),
  },
  {
    name: 'grpc-gzip',
    traces: () =>
      new GrpcTraceExporter({ url: processor.otlpGrpcUrl, compression: 'gzip' as never }),
    logs: () => new GrpcLogExporter({ url: processor.otlpGrpcUrl, compression: 'gzip' as never }),
  },
];

describe.each(transports)('the real $name exporters', (transport) => {
  it('an exception recorded on a span arrives as an EXCEPTION event with its stack', async () => {
    const service = `corpus-traces-${transport.name}`;
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      spanProcessors: [new SimpleSpanProcessor({ exporter: transport.traces() })],
    });
    const span = provider.getTracer('corpus').startSpan('charge card', {
      attributes: { 'http.request.method': 'POST' },
    });
    span.recordException(new CorpusError(`card declined via ${transport.name}`));
    span.setStatus({ code: 2, message: 'declined' });
    span.end();
    await provider.forceFlush();
    await provider.shutdown();

    const [event] = await eventsOf(service, 1);
    expect(event?.faultline.log_type).toBe('EXCEPTION');
    expect(event?.error?.type).toBe('CorpusError');
    expect(event?.error?.message).toBe(`card declined via ${transport.name}`);
    expect(event?.error?.stack_trace).toContain('exporters.test.ts');
    expect(event?.timestamp_nanos).toMatch(/^\d{19}$/);
  });

  it('an ERROR log record arrives as an event with its message', async () => {
    const service = `corpus-logs-${transport.name}`;
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': service }),
      processors: [new SimpleLogRecordProcessor({ exporter: transport.logs() })],
    });
    provider.getLogger('corpus').emit({
      severityNumber: 17,
      severityText: 'ERROR',
      body: `ledger out of balance (${transport.name})`,
      attributes: { 'order.id': 42 },
    });
    await provider.forceFlush();
    await provider.shutdown();

    const [event] = await eventsOf(service, 1);
    expect(event?.message).toBe(`ledger out of balance (${transport.name})`);
    expect(event?.log.level).toBe('ERROR');
  });
});
