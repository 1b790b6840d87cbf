// These tests start the real SDK inside the test process; the OpenTelemetry
// API allows one global provider per process, so only one test starts it and
// each test loads a fresh copy of init.ts for its own module state.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';

async function freshInit() {
  vi.resetModules();
  return (await import('./init.ts')).init;
}

/** A URL on which nothing listens: a server is opened, its port noted, and closed. */
async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function collectWarnings(): { codes: string[]; stop(): void } {
  const codes: string[] = [];
  const listener = (warning: Error & { code?: string }) => {
    if (warning.name === 'FaultlineWarning') codes.push(String(warning.code));
  };
  process.on('warning', listener);
  return { codes, stop: () => process.off('warning', listener) };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('init', () => {
  it('a malformed endpoint: returns a no-op handle and warns once, never throws', async () => {
    const init = await freshInit();
    const warnings = collectWarnings();
    const handle = init({ serviceName: 'svc', endpoint: '::not-a-url' });
    init({ serviceName: 'svc', endpoint: '::still-not-a-url' });
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on next tick
    warnings.stop();
    expect(warnings.codes).toEqual(['FAULTLINE_BAD_CONFIG']);
    await expect(handle.flush()).resolves.toBeUndefined();
    await expect(handle.shutdown()).resolves.toBeUndefined();
  });

  it('OTEL_SDK_DISABLED=true: a no-op handle and no tracer provider', async () => {
    vi.stubEnv('OTEL_SDK_DISABLED', 'true');
    const init = await freshInit();
    const handle = init({ serviceName: 'svc' });
    expect(trace.getTracer('t').startSpan('s').isRecording()).toBe(false);
    await expect(handle.shutdown()).resolves.toBeUndefined();
  });

  it('an unreachable endpoint: init does not throw, spans record, flush and shutdown resolve', async () => {
    // Keep the exporter's retries short; failures must still end in a resolve.
    vi.stubEnv('OTEL_EXPORTER_OTLP_TIMEOUT', '1000');
    const init = await freshInit();
    const handle = init({ serviceName: 'svc', endpoint: await deadEndpoint() });

    const span = trace.getTracer('init-test').startSpan('work');
    expect(span.isRecording()).toBe(true);
    span.recordException(new Error('recorded while the collector is down'));
    span.end();

    await expect(handle.flush()).resolves.toBeUndefined();
    const stopping = handle.shutdown();
    expect(handle.shutdown()).toBe(stopping);
    await expect(stopping).resolves.toBeUndefined();

    // Once started, a second init() hands back the running handle.
    expect(init()).toBe(handle);
  }, 30_000);
});
