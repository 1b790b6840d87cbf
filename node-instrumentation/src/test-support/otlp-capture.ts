// A real OTLP/HTTP receiving endpoint for tests and manual checks: it accepts
// JSON exports on /v1/traces and /v1/logs and keeps the spans and log
// records, flattened, in memory. It can also answer every export with an
// error, to play a processor that is down.
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

export interface CapturedLog {
  severityNumber: number | undefined;
  severityText: string | undefined;
  body: unknown;
  traceId: string | undefined;
  spanId: string | undefined;
  timeUnixNano: string | undefined;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  scope: string | undefined;
}

export interface OtlpCapture {
  /** Base URL to use as the OTLP endpoint, e.g. http://127.0.0.1:43210 */
  readonly endpoint: string;
  readonly spans: CapturedSpan[];
  readonly logs: CapturedLog[];
  /** Export requests received, per path (also the failed ones). */
  readonly requests: Record<string, number>;
  /** Resolves with the first span matching, once it has arrived. */
  waitForSpan(match: (span: CapturedSpan) => boolean, timeoutMs?: number): Promise<CapturedSpan>;
  /** Resolves with the first log record matching, once it has arrived. */
  waitForLog(match: (log: CapturedLog) => boolean, timeoutMs?: number): Promise<CapturedLog>;
  /** Answer every export with this HTTP status from now on (undefined: accept again). */
  failWith(status: number | undefined): void;
  close(): Promise<void>;
}

type OtlpValue = Record<string, unknown>;
interface OtlpKeyValue {
  key: string;
  value?: OtlpValue;
}

export async function startOtlpCapture(): Promise<OtlpCapture> {
  const spans: CapturedSpan[] = [];
  const logs: CapturedLog[] = [];
  const requests: Record<string, number> = {};
  const waiters = new Set<() => void>();
  let failStatus: number | undefined;

  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const path = req.url ?? '';
      requests[path] = (requests[path] ?? 0) + 1;
      if (req.method !== 'POST' || (path !== '/v1/traces' && path !== '/v1/logs')) {
        res.writeHead(404).end();
        return;
      }
      if (failStatus !== undefined) {
        res.writeHead(failStatus).end();
        return;
      }
      if (!String(req.headers['content-type']).includes('json')) {
        res.writeHead(415).end();
        return;
      }
      try {
        const parsed = JSON.parse(body) as unknown;
        if (path === '/v1/traces') spans.push(...flattenExport(parsed));
        else logs.push(...flattenLogs(parsed));
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

  function waitFor<T>(
    items: T[],
    match: (item: T) => boolean,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = items.find(match);
        if (!found) return false;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve(found);
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`nothing matching within ${timeoutMs} ms; received: ${describe()}`));
      }, timeoutMs);
      waiters.add(wake);
      check();
    });
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    logs,
    requests,
    waitForSpan(match, timeoutMs = 15_000) {
      return waitFor(spans, match, timeoutMs, () => spans.map((s) => s.name).join(', ') || 'none');
    },
    waitForLog(match, timeoutMs = 15_000) {
      return waitFor(logs, match, timeoutMs, () => JSON.stringify(logs.map((l) => l.body)));
    },
    failWith(status) {
      failStatus = status;
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

function flattenLogs(body: unknown): CapturedLog[] {
  const out: CapturedLog[] = [];
  const resourceLogs = (body as { resourceLogs?: unknown[] }).resourceLogs ?? [];
  for (const rl of resourceLogs as Array<Record<string, unknown>>) {
    const resource = toRecord((rl.resource as { attributes?: OtlpKeyValue[] })?.attributes);
    for (const sl of (rl.scopeLogs ?? []) as Array<{
      scope?: { name?: string };
      logRecords?: Array<Record<string, unknown>>;
    }>) {
      for (const record of sl.logRecords ?? []) {
        out.push({
          severityNumber: record.severityNumber as number | undefined,
          severityText: record.severityText as string | undefined,
          body: unwrap(record.body as OtlpValue | undefined),
          traceId: record.traceId ? String(record.traceId) : undefined,
          spanId: record.spanId ? String(record.spanId) : undefined,
          timeUnixNano: record.timeUnixNano === undefined ? undefined : String(record.timeUnixNano),
          attributes: toRecord(record.attributes as OtlpKeyValue[] | undefined),
          resource,
          scope: sl.scope?.name,
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
