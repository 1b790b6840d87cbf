// A real OTLP/HTTP receiving endpoint for tests and manual checks: it accepts
// JSON trace exports on /v1/traces and keeps the spans, flattened, in memory.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedEvent {
  name: string;
  attributes: Record<string, unknown>;
}

export interface CapturedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  kind: number | undefined;
  statusCode: number | undefined;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  events: CapturedEvent[];
}

export interface OtlpCapture {
  /** Base URL to use as the OTLP endpoint, e.g. http://127.0.0.1:43210 */
  readonly endpoint: string;
  readonly spans: CapturedSpan[];
  /** Resolves with the first span matching, once it has arrived. */
  waitForSpan(match: (span: CapturedSpan) => boolean, timeoutMs?: number): Promise<CapturedSpan>;
  close(): Promise<void>;
}

type OtlpValue = Record<string, unknown>;
interface OtlpKeyValue {
  key: string;
  value?: OtlpValue;
}

export async function startOtlpCapture(): Promise<OtlpCapture> {
  const spans: CapturedSpan[] = [];
  const waiters = new Set<() => void>();

  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      if (!String(req.headers['content-type']).includes('json')) {
        res.writeHead(415).end();
        return;
      }
      try {
        spans.push(...flattenExport(JSON.parse(body) as unknown));
      } catch {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    waitForSpan(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = spans.find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          const names = spans.map((s) => s.name).join(', ') || 'none';
          reject(new Error(`no matching span within ${timeoutMs} ms; spans received: ${names}`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function flattenExport(body: unknown): CapturedSpan[] {
  const out: CapturedSpan[] = [];
  const resourceSpans = (body as { resourceSpans?: unknown[] }).resourceSpans ?? [];
  for (const rs of resourceSpans as Array<Record<string, unknown>>) {
    const resource = toRecord((rs.resource as { attributes?: OtlpKeyValue[] })?.attributes);
    for (const ss of (rs.scopeSpans ?? []) as Array<{ spans?: Array<Record<string, unknown>> }>) {
      for (const span of ss.spans ?? []) {
        out.push({
          name: String(span.name),
          traceId: String(span.traceId),
          spanId: String(span.spanId),
          parentSpanId: span.parentSpanId ? String(span.parentSpanId) : undefined,
          kind: span.kind as number | undefined,
          statusCode: (span.status as { code?: number } | undefined)?.code,
          attributes: toRecord(span.attributes as OtlpKeyValue[] | undefined),
          resource,
          events: ((span.events ?? []) as Array<{ name: string; attributes?: OtlpKeyValue[] }>).map(
            (event) => ({ name: event.name, attributes: toRecord(event.attributes) }),
          ),
        });
      }
    }
  }
  return out;
}

function toRecord(attributes: OtlpKeyValue[] | undefined): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const { key, value } of attributes ?? []) record[key] = unwrap(value);
  return record;
}

function unwrap(value: OtlpValue | undefined): unknown {
  if (!value) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  if ('arrayValue' in value) {
    const values = (value.arrayValue as { values?: OtlpValue[] }).values ?? [];
    return values.map(unwrap);
  }
  return value;
}
