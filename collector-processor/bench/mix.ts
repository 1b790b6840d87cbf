import Long from 'long';
import { ExportLogsServiceRequest, ExportTraceServiceRequest } from '../src/otlp/protobuf.ts';

/**
 * The benchmark's request bodies, OTLP protobuf, built once before the load:
 * traces where most spans are ordinary and some carry an exception event with
 * a stack trace, some are slow and some have status ERROR; and log requests
 * with mostly INFO records and some errors. Ids and times differ per request;
 * spans come in traces of eight, a root and its seven children.
 *
 * `eventShare` is the share of spans that become events (half with an
 * exception and its stack, 30 % slow, 20 % status ERROR without an exception)
 * and of log records at ERROR: 10 % by default. A request whose item count
 * is a multiple of the cycle (below: 100 items at 10 %, 1000 at 1 %) holds
 * its exact share; a smaller one holds about its share, the event items being
 * spread evenly over the requests.
 */

/** The default share of spans and log records that become events. */
export const DEFAULT_EVENT_SHARE = 0.1;
// Spreads the event items over the mix: consecutive items land far apart in
// each cycle (7919 is prime, so coprime to every cycle length used here).
const SPREAD = 7919;

/**
 * Items per cycle of ten event spans (half an exception, three slow, two
 * ERROR) for a share: 100 at 10 %, 1000 at 1 %. Throws for a share that is
 * not 10 % divided by a whole number.
 */
export function eventCycle(share: number): number {
  const cycle = 10 / share;
  if (!(share > 0 && share <= DEFAULT_EVENT_SHARE) || Math.abs(cycle - Math.round(cycle)) > 1e-9)
    throw new Error(
      `event share ${share}: must be 0.1 divided by a whole number (0.1, 0.05, 0.02, 0.01, …)`,
    );
  return Math.round(cycle);
}

// Two days ago, to the millisecond (request n's spans start n × 100 s later, so the
// last are about a day old): a fixed date fell out of the store's retention once
// it was a year old, and the retention purge then deleted the events mid-load.
const NOW_NS = BigInt(Date.now() - 2 * 86_400_000) * 1_000_000n;
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const u64 = (n: bigint) => Long.fromString(n.toString(), true);

const STACK = [
  'TypeError: Cannot read properties of undefined (reading "amount")',
  '    at chargeCard (/srv/shop/src/payments/charge.ts:42:17)',
  '    at processOrder (/srv/shop/src/orders/process.ts:88:11)',
  '    at Layer.handle [as handle_request] (/srv/shop/node_modules/express/lib/router/layer.js:95:5)',
  '    at next (/srv/shop/node_modules/express/lib/router/route.js:149:13)',
  '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
].join('\n');

const resource = (service: string) => ({
  attributes: [
    str('service.name', service),
    str('service.version', '2.4.1'),
    str('deployment.environment.name', 'production'),
    str('host.name', 'web-3'),
  ],
});

function id(bytes: number, seed: number): Buffer {
  const b = Buffer.alloc(bytes);
  b.writeUInt32BE(seed >>> 0, bytes - 4);
  b.writeUInt32BE(0x5eed ^ seed, 0);
  return b;
}

export interface Body {
  readonly path: '/v1/traces' | '/v1/logs';
  readonly bytes: Buffer;
  /** Spans or log records in it. */
  readonly items: number;
}

export function traceBody(seed: number, spans: number, eventShare = DEFAULT_EVENT_SHARE): Body {
  const cycle = eventCycle(eventShare);
  const list = [];
  for (let i = 0; i < spans; i++) {
    const n = seed * 100_000 + i;
    const start = NOW_NS + BigInt(n) * 1_000_000n;
    const roll = ((seed * spans + i) * SPREAD) % cycle;
    const exception = roll < 5; // half the share: an exception event with a stack
    const slow = roll >= cycle - 5 && roll < cycle - 2; // 30 %: slow
    const failed = roll >= cycle - 2; // 20 %: status ERROR without an exception event
    list.push({
      traceId: id(16, seed * 7 + (i >> 3)),
      spanId: id(8, n + 1),
      // Eight spans a trace: the first is the root, the others its children.
      ...(i % 8 === 0 ? {} : { parentSpanId: id(8, n - (i % 8) + 1) }),
      name: i % 4 === 0 ? 'POST /orders' : 'SELECT orders',
      kind: i % 4 === 0 ? 2 : 3,
      startTimeUnixNano: u64(start),
      endTimeUnixNano: u64(start + (slow ? 2_500_000_000n : 12_000_000n)),
      attributes: [
        str('http.request.method', 'POST'),
        str('url.path', '/orders'),
        str('http.route', '/orders'),
        {
          key: 'http.response.status_code',
          value: { intValue: Long.fromNumber(exception || failed ? 500 : 200) },
        },
        str(
          'user_agent.original',
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36',
        ),
      ],
      events: exception
        ? [
            {
              name: 'exception',
              timeUnixNano: u64(start + 5_000_000n),
              attributes: [
                str('exception.type', 'TypeError'),
                str(
                  'exception.message',
                  `Cannot read properties of undefined (reading "amount") #${n % 17}`,
                ),
                str('exception.stacktrace', STACK),
              ],
            },
          ]
        : [],
      status: exception || failed ? { code: 2, message: 'failed' } : { code: 0 },
    });
  }
  const bytes = ExportTraceServiceRequest.encode({
    resourceSpans: [
      { resource: resource('shop'), scopeSpans: [{ scope: { name: 'bench' }, spans: list }] },
    ],
  }).finish();
  return { path: '/v1/traces', bytes: Buffer.from(bytes), items: spans };
}

export function logsBody(seed: number, records: number, eventShare = DEFAULT_EVENT_SHARE): Body {
  const cycle = eventCycle(eventShare) / 10;
  const list = [];
  for (let i = 0; i < records; i++) {
    const n = seed * 100_000 + i;
    const error = ((seed * records + i) * SPREAD) % cycle === 0; // the share: ERROR
    list.push({
      timeUnixNano: u64(NOW_NS + BigInt(n) * 1_000_000n),
      severityNumber: error ? 17 : 9,
      severityText: error ? 'ERROR' : 'INFO',
      body: {
        stringValue: error ? `payment provider timed out after ${n % 30}s` : `order ${n} placed`,
      },
      attributes: [str('order.id', String(n))],
      traceId: id(16, n),
      spanId: id(8, n),
    });
  }
  const bytes = ExportLogsServiceRequest.encode({
    resourceLogs: [
      { resource: resource('shop'), scopeLogs: [{ scope: { name: 'bench' }, logRecords: list }] },
    ],
  }).finish();
  return { path: '/v1/logs', bytes: Buffer.from(bytes), items: records };
}

/** `count` distinct bodies: nine trace requests for each log request. */
export function buildMix(count: number, batch: number, eventShare = DEFAULT_EVENT_SHARE): Body[] {
  return Array.from({ length: count }, (_, i) =>
    i % 10 === 9 ? logsBody(i, batch, eventShare) : traceBody(i, batch, eventShare),
  );
}
