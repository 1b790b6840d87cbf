import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Client, credentials, status, type Server, type ServiceError } from '@grpc/grpc-js';
import Long from 'long';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log.ts';
import { ExportTraceServiceRequest, ExportTraceServiceResponse } from '../otlp/protobuf.ts';
import { errorLogProtobuf, exceptionSpanProtobuf } from '../otlp/testing.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { bindGrpc, closeGrpc, createOtlpGrpcServer } from './grpc.ts';
import { createTestIngest, type TestIngest } from './testing.ts';

const LIMIT = 64 * 1024;
const TRACES = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const LOGS = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';
const METRICS = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

interface Receiver {
  dir: string;
  store: SqliteStore;
  chain: TestIngest;
  server: Server;
  address: string;
}

async function startReceiver(options: { maxBytes?: number } = {}): Promise<Receiver> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-grpc-'));
  const store = new SqliteStore({ dataDir: dir });
  const chain = await createTestIngest(dir, store, options);
  const server = createOtlpGrpcServer({
    ingest: chain.ingest,
    maxRequestBytes: LIMIT,
    logger: silentLogger,
  });
  const port = await bindGrpc(server, '127.0.0.1', 0);
  return { dir, store, chain, server, address: `127.0.0.1:${port}` };
}

async function stopReceiver(r: Receiver) {
  await closeGrpc(r.server, 1000);
  await r.chain.close();
  await r.store.close();
  await rm(r.dir, { recursive: true, force: true });
}

function call(
  address: string,
  method: string,
  body: Uint8Array,
  gzip = false,
): Promise<{ error: ServiceError | null; response?: Buffer }> {
  const client = new Client(address, credentials.createInsecure(), {
    ...(gzip ? { 'grpc.default_compression_algorithm': 2 } : {}),
  });
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      method,
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.from(body),
      (error, response) => {
        client.close();
        resolve({ error, response });
      },
    );
  });
}

let r: Receiver;
beforeAll(async () => {
  r = await startReceiver();
});
afterAll(async () => {
  await stopReceiver(r);
});

describe('OTLP/gRPC', () => {
  it('TraceService/Export stores the event and answers an empty response', async () => {
    const { error, response } = await call(
      r.address,
      TRACES,
      exceptionSpanProtobuf({ exceptionType: 'GrpcError' }),
    );
    expect(error).toBeNull();
    expect(ExportTraceServiceResponse.decode(response!).partialSuccess).toBeNull();
    await r.chain.settled();
    const types = (await r.store.searchEvents({ limit: 50 })).items.map((e) => e.error?.type);
    expect(types).toContain('GrpcError');
  });

  it('accepts gzip-compressed messages', async () => {
    const { error } = await call(r.address, LOGS, errorLogProtobuf(), true);
    expect(error).toBeNull();
    await r.chain.settled();
    const messages = (await r.store.searchEvents({ limit: 50 })).items.map((e) => e.message);
    expect(messages).toContain('payment provider timed out');
  });

  it('reports records the pipeline rejected as a partial success', async () => {
    const request = ExportTraceServiceRequest.decode(
      exceptionSpanProtobuf({ spanId: '00000000000000cc' }),
    );
    for (const rs of request.resourceSpans) {
      for (const ss of rs.scopeSpans ?? []) {
        for (const span of ss.spans ?? []) {
          span.startTimeUnixNano = Long.UZERO;
          span.endTimeUnixNano = Long.UZERO;
          for (const event of span.events ?? []) event.timeUnixNano = Long.UZERO;
        }
      }
    }
    const { error, response } = await call(
      r.address,
      TRACES,
      ExportTraceServiceRequest.encode(request).finish(),
    );
    expect(error).toBeNull();
    const partial = ExportTraceServiceResponse.decode(response!).partialSuccess;
    expect(Number(partial?.rejectedSpans)).toBe(1);
    expect(partial?.errorMessage).toMatch(/missing_timestamp/);
  });

  it('MetricsService/Export answers an empty success', async () => {
    const { error, response } = await call(r.address, METRICS, new Uint8Array());
    expect(error).toBeNull();
    expect(response?.byteLength).toBe(0);
  });

  it('an undecodable message → INVALID_ARGUMENT with the reason', async () => {
    const { error } = await call(r.address, TRACES, new Uint8Array([0x0a, 0xff, 0xff, 0x01]));
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.details).toMatch(/not a valid ExportTraceServiceRequest protobuf/);
  });

  it('a message over the limit → RESOURCE_EXHAUSTED, compressed or not', async () => {
    const plain = await call(r.address, TRACES, new Uint8Array(LIMIT + 1));
    expect(plain.error?.code).toBe(status.RESOURCE_EXHAUSTED);
    // A gzip bomb: small on the wire, past the limit once inflated.
    expect(gzipSync(Buffer.alloc(LIMIT * 16)).byteLength).toBeLessThan(LIMIT);
    const bomb = await call(r.address, TRACES, new Uint8Array(LIMIT * 16), true);
    expect(bomb.error?.code).toBe(status.RESOURCE_EXHAUSTED);
    const after = await call(r.address, METRICS, new Uint8Array());
    expect(after.error).toBeNull();
  });

  it('a full spool → UNAVAILABLE with a RetryInfo detail', async () => {
    const full = await startReceiver({ maxBytes: 100 });
    try {
      const { error } = await call(full.address, TRACES, exceptionSpanProtobuf());
      expect(error?.code).toBe(status.UNAVAILABLE);
      expect(error?.details).toMatch(/spool is full/);
      const details = error?.metadata.get('grpc-status-details-bin')[0] as Buffer;
      expect(details.toString('latin1')).toContain('type.googleapis.com/google.rpc.RetryInfo');
    } finally {
      await stopReceiver(full);
    }
  });
});
