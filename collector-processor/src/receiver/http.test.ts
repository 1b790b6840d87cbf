import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs/minimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, listen, localUrl } from '../listen.ts';
import { silentLogger } from '../log.ts';
import { ExportLogsServiceResponse, ExportTraceServiceResponse } from '../otlp/protobuf.ts';
import {
  errorLogProtobuf,
  exampleTraceJson,
  exceptionSpanProtobuf,
  jsonBytes,
} from '../otlp/testing.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { createOtlpHttpServer } from './http.ts';
import { createTestIngest, type TestIngest } from './testing.ts';

const LIMIT = 64 * 1024;
let dir: string;
let store: SqliteStore;
let chain: TestIngest;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-receiver-'));
  store = new SqliteStore({ dataDir: dir });
  chain = await createTestIngest(dir, store);
  server = createOtlpHttpServer({
    ingest: chain.ingest,
    maxRequestBytes: LIMIT,
    logger: silentLogger,
  });
  base = localUrl('127.0.0.1', await listen(server, '127.0.0.1', 0));
});

afterAll(async () => {
  await closeServer(server);
  await chain.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const JSON_TYPE = 'application/json';
const PROTOBUF = 'application/x-protobuf';

function post(
  pathname: string,
  body: Uint8Array | string,
  type: string | null,
  headers: Record<string, string> = {},
) {
  return fetch(`${base}${pathname}`, {
    method: 'POST',
    headers: { ...(type === null ? {} : { 'content-type': type }), ...headers },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
}

const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

/** google.rpc.Status read with protobufjs' wire reader: code (1) and message (2). */
function decodeStatus(bytes: Uint8Array) {
  const reader = protobuf.Reader.create(bytes);
  let code = 0;
  let message = '';
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) code = reader.int32();
    else if (tag >>> 3 === 2) message = reader.string();
    else reader.skipType(tag & 7);
  }
  return { code, message };
}

/** Storing happens after the acknowledgement: wait for the writer first. */
async function searchStored(query: { limit: number }) {
  await chain.settled();
  return store.searchEvents(query);
}

async function storedIds() {
  await chain.settled();
  return (await searchStored({ limit: 500 })).items.map((e) => e.event.id);
}

/** Every failure test ends by checking the server still does its job. */
async function stillServing() {
  const res = await post('/v1/traces', jsonBytes(exampleTraceJson()), JSON_TYPE);
  expect(res.status).toBe(200);
}

describe('POST /v1/traces', () => {
  it('accepts OTLP/JSON, answers {} in JSON, and stores the event', async () => {
    const res = await post('/v1/traces', jsonBytes(exampleTraceJson()), JSON_TYPE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(JSON_TYPE);
    expect(await res.json()).toEqual({});
    const page = await searchStored({ limit: 500 });
    expect(page.items.map((e) => e.error?.type)).toContain('TypeError');
  });

  it('a replayed request does not duplicate the stored event', async () => {
    const request = exceptionSpanProtobuf({ spanId: '00000000000000aa', exceptionType: 'Replay' });
    const before = (await storedIds()).length;
    expect((await post('/v1/traces', request, PROTOBUF)).status).toBe(200);
    expect((await post('/v1/traces', request, PROTOBUF)).status).toBe(200);
    expect((await storedIds()).length).toBe(before + 1);
  });

  it('accepts protobuf and answers an encoded ExportTraceServiceResponse', async () => {
    const res = await post('/v1/traces', exceptionSpanProtobuf({ serviceName: 'pb' }), PROTOBUF);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(PROTOBUF);
    const response = ExportTraceServiceResponse.decode(await bytesOf(res));
    expect(response.partialSuccess).toBeNull();
    const stored = (await searchStored({ limit: 500 })).items.find((e) => e.service?.name === 'pb');
    expect(stored?.timestamp_nanos).toBe('9007199254740993123');
  });

  it('accepts gzip-compressed bodies in both encodings', async () => {
    const json = await post('/v1/traces', gzipSync(jsonBytes(exampleTraceJson())), JSON_TYPE, {
      'content-encoding': 'gzip',
    });
    expect(json.status).toBe(200);
    const pb = await post(
      '/v1/traces',
      gzipSync(exceptionSpanProtobuf({ spanId: '00000000000000bb', exceptionType: 'GzipError' })),
      PROTOBUF,
      { 'content-encoding': 'gzip' },
    );
    expect(pb.status).toBe(200);
    const types = (await searchStored({ limit: 500 })).items.map((e) => e.error?.type);
    expect(types).toContain('GzipError');
  });

  it('reports records it could not turn into events as a partial success', async () => {
    const body = JSON.stringify(exampleTraceJson()).replace(
      /"(\w+)UnixNano":"\d+"/g,
      '"$1UnixNano":"0"',
    );
    const res = await post('/v1/traces', body, JSON_TYPE);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as {
      partialSuccess: { rejectedSpans: string; errorMessage: string };
    };
    expect(answer.partialSuccess.rejectedSpans).toBe('1');
    expect(answer.partialSuccess.errorMessage).toMatch(/missing_timestamp/);
  });
});

describe('POST /v1/logs', () => {
  it('accepts protobuf logs and stores the ERROR record', async () => {
    const res = await post('/v1/logs', errorLogProtobuf(), PROTOBUF);
    expect(res.status).toBe(200);
    expect(ExportLogsServiceResponse.decode(await bytesOf(res)).partialSuccess).toBeNull();
    const messages = (await searchStored({ limit: 500 })).items.map((e) => e.message);
    expect(messages).toContain('payment provider timed out');
  });

  it('accepts JSON logs', async () => {
    const body = {
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: '1764151200000000000',
                  severityNumber: 17,
                  body: { stringValue: 'json log error' },
                },
              ],
            },
          ],
        },
      ],
    };
    const res = await post('/v1/logs', jsonBytes(body), 'application/json; charset=utf-8');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const messages = (await searchStored({ limit: 500 })).items.map((e) => e.message);
    expect(messages).toContain('json log error');
  });
});

describe('POST /v1/metrics', () => {
  it('answers an empty success in either encoding', async () => {
    const json = await post('/v1/metrics', '{}', JSON_TYPE);
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({});
    const pb = await post('/v1/metrics', new Uint8Array(), PROTOBUF);
    expect(pb.status).toBe(200);
    expect((await bytesOf(pb)).byteLength).toBe(0);
  });
});

describe('bad input never gets a 5xx, and the server keeps serving', () => {
  it('malformed JSON → 400 with a google.rpc.Status message', async () => {
    const res = await post('/v1/traces', '{"resourceSpans": [', JSON_TYPE);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe(JSON_TYPE);
    const status = (await res.json()) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/^body is not valid JSON/);
    await stillServing();
  });

  it('a wrongly typed field → 400 naming the field', async () => {
    const res = await post('/v1/traces', '{"resourceSpans": {"oops": 1}}', JSON_TYPE);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      'resourceSpans: expected an array, got {"oops":1}',
    );
    await stillServing();
  });

  it('malformed protobuf → 400 with a protobuf-encoded Status', async () => {
    const res = await post('/v1/traces', new Uint8Array([0x0a, 0xff, 0xff, 0x01]), PROTOBUF);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe(PROTOBUF);
    const status = decodeStatus(await bytesOf(res));
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/not a valid ExportTraceServiceRequest protobuf/);
    await stillServing();
  });

  it('a body that is not gzip though it says so → 400', async () => {
    const res = await post('/v1/traces', '{}', JSON_TYPE, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/not valid gzip/);
    await stillServing();
  });

  it('another content type → 415', async () => {
    const res = await post('/v1/traces', 'hello', 'text/plain');
    expect(res.status).toBe(415);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /unsupported Content-Type "text\/plain"/,
    );
    expect((await post('/v1/traces', 'hello', null)).status).toBe(415);
    await stillServing();
  });

  it('an unsupported content encoding → 415', async () => {
    const res = await post('/v1/traces', '{}', JSON_TYPE, { 'content-encoding': 'br' });
    expect(res.status).toBe(415);
    await stillServing();
  });

  it('a body over the limit → 413', async () => {
    const res = await post('/v1/traces', new Uint8Array(LIMIT + 1), PROTOBUF);
    expect(res.status).toBe(413);
    expect(decodeStatus(await bytesOf(res)).message).toMatch(/larger than 65536 bytes/);
    await stillServing();
  });

  it('a body declared too large with Expect: 100-continue is refused before it is sent', async () => {
    const { status, continued } = await new Promise<{ status?: number; continued: boolean }>(
      (resolve, reject) => {
        let continued = false;
        const req = httpRequest(`${base}/v1/traces`, {
          method: 'POST',
          headers: {
            'content-type': PROTOBUF,
            'content-length': String(LIMIT + 1),
            expect: '100-continue',
          },
        });
        req.on('continue', () => (continued = true));
        req.on('response', (res) => {
          res.resume();
          resolve({ status: res.statusCode, continued });
        });
        req.on('error', reject);
        req.flushHeaders();
      },
    );
    expect(status).toBe(413);
    expect(continued).toBe(false);
    await stillServing();
  });

  it('a small gzip body that inflates past the limit → 413', async () => {
    const bomb = gzipSync(Buffer.alloc(LIMIT * 16, 0x20));
    expect(bomb.byteLength).toBeLessThan(LIMIT);
    const res = await post('/v1/traces', bomb, JSON_TYPE, { 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    await stillServing();
  });

  it('JSON that is not valid UTF-8 → 400', async () => {
    const body = Buffer.concat([
      Buffer.from(
        '{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":{"stringValue":"',
      ),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}}]}}]}'),
    ]);
    const res = await post('/v1/traces', body, JSON_TYPE);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/UTF-8/);
    await stillServing();
  });

  it('deeply nested attribute values → 400 naming the depth, in either encoding', async () => {
    let value: unknown = { stringValue: 'bottom' };
    for (let i = 0; i < 100; i++) value = { arrayValue: { values: [value] } };
    const trace = exampleTraceJson() as { resourceSpans: { resource: unknown }[] };
    trace.resourceSpans[0]!.resource = { attributes: [{ key: 'deep', value }] };
    const res = await post('/v1/traces', JSON.stringify(trace), JSON_TYPE);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/nest deeper/);
    await stillServing();
  });

  it('a huge attribute value is not a server error', async () => {
    const trace = exampleTraceJson() as { resourceSpans: { resource: unknown }[] };
    trace.resourceSpans[0]!.resource = {
      attributes: [{ key: 'huge', value: { stringValue: 'x'.repeat(LIMIT - 2048) } }],
    };
    const res = await post('/v1/traces', JSON.stringify(trace), JSON_TYPE);
    expect(res.status).toBeLessThan(500);
    await stillServing();
  });

  it('a truncated protobuf body → 400', async () => {
    const whole = exceptionSpanProtobuf({});
    const res = await post('/v1/traces', whole.subarray(0, whole.length - 7), PROTOBUF);
    expect(res.status).toBe(400);
    await stillServing();
  });

  it('other paths → 404, other methods → 405 with Allow', async () => {
    const missing = await post('/v1/profiles', '{}', JSON_TYPE);
    expect(missing.status).toBe(404);
    const get = await fetch(`${base}/v1/traces`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    await stillServing();
  });
});

/** A store that fails every call while `down` is set, like one that is unreachable. */
class SwitchableStore extends SqliteStore {
  down = false;
  override writeEvents(events: Parameters<SqliteStore['writeEvents']>[0]) {
    return this.down ? Promise.reject(new Error('store unreachable')) : super.writeEvents(events);
  }
  override writeEventsCounted(...args: Parameters<SqliteStore['writeEventsCounted']>) {
    return this.down
      ? Promise.reject(new Error('store unreachable'))
      : super.writeEventsCounted(...args);
  }
  override searchEvents(query: Parameters<SqliteStore['searchEvents']>[0]) {
    return this.down ? Promise.reject(new Error('store unreachable')) : super.searchEvents(query);
  }
}

async function withReceiver(
  options: { store?: SqliteStore; maxBytes?: number; maxQueuedRequests?: number },
  body: (url: string, chain: TestIngest, store: SqliteStore) => Promise<void>,
) {
  const ownDir = await mkdtemp(path.join(os.tmpdir(), 'faultline-receiver-other-'));
  const ownStore = options.store ?? new SqliteStore({ dataDir: ownDir });
  const own = await createTestIngest(ownDir, ownStore, options);
  const receiver = createOtlpHttpServer({
    ingest: own.ingest,
    maxRequestBytes: LIMIT,
    logger: silentLogger,
  });
  const url = localUrl('127.0.0.1', await listen(receiver, '127.0.0.1', 0));
  try {
    await body(url, own, ownStore);
  } finally {
    await closeServer(receiver);
    await own.close();
    await ownStore.close();
    await rm(ownDir, { recursive: true, force: true });
  }
}

describe('when the store is down', () => {
  it('acknowledges from the spool, and stores the events once the store is back', async () => {
    const brokenDir = await mkdtemp(path.join(os.tmpdir(), 'faultline-receiver-down-'));
    const flaky = new SwitchableStore({ dataDir: brokenDir });
    try {
      await withReceiver({ store: flaky }, async (url, own) => {
        flaky.down = true;
        const res = await fetch(`${url}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': JSON_TYPE },
          body: JSON.stringify(exampleTraceJson()),
        });
        expect(res.status).toBe(200);
        expect(own.spool.pending).toBe(1);
        // The writer finds the store down and keeps the entry (retrying with backoff).
        while (own.writer.storeHealthy) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, 50));
        expect(own.spool.pending).toBe(1);
        flaky.down = false;
        await own.settled();
        const page = await flaky.searchEvents({ limit: 10 });
        expect(page.items.map((e) => e.error?.type)).toEqual(['TypeError']);
      });
    } finally {
      await rm(brokenDir, { recursive: true, force: true });
    }
  });
});

describe('backpressure', () => {
  it('a full spool → 503 with Retry-After and an UNAVAILABLE Status', async () => {
    await withReceiver({ maxBytes: 100 }, async (url) => {
      const res = await fetch(`${url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': PROTOBUF },
        body: Buffer.from(exceptionSpanProtobuf({})),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      const status = decodeStatus(await bytesOf(res));
      expect(status.code).toBe(14);
      expect(status.message).toMatch(/spool is full/);
    });
  });

  it('too many requests in processing → 429 with Retry-After', async () => {
    await withReceiver({ maxQueuedRequests: 0 }, async (url) => {
      const res = await fetch(`${url}/v1/logs`, {
        method: 'POST',
        headers: { 'content-type': JSON_TYPE },
        body: '{}',
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(((await res.json()) as { code: number }).code).toBe(8);
    });
  });
});
