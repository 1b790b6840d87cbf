// Calls the shop's own routes about once a second so errors keep flowing:
// every call below once per round, in a new random order each round, so
// each kind of failure shows up within a round. One request at a time (each
// with a timeout), so the loop can never pile up.
import { setTimeout as sleep } from 'node:timers/promises';

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  contentType?: string;
}

const json = (value: unknown) => JSON.stringify(value);

const CALLS: Call[] = [
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/inventory' },
  { method: 'GET', path: '/inventory/SKU-MUG' },
  { method: 'GET', path: '/inventory/SKU-LAMP' }, // database timeout
  { method: 'GET', path: '/inventory/reports/valuation' }, // slow
  { method: 'GET', path: '/orders/o-100/shipping-label' },
  { method: 'GET', path: '/orders/o-101/shipping-label' }, // TypeError
  {
    method: 'POST',
    path: '/orders',
    body: json({ customerId: 'c-1', sku: 'SKU-TEE', quantity: 1 }),
  },
  {
    method: 'POST',
    path: '/orders',
    body: json({ customerId: 'c-3', sku: 'SKU-MUG', quantity: 0 }),
  }, // validation error
  {
    method: 'POST',
    path: '/orders/import',
    body: '{"orders": [{"customerId": "c-1", "sku": "SKU-MUG", "quan',
    contentType: 'text/plain',
  }, // JSON.parse of a truncated upload
  {
    method: 'POST',
    path: '/payments',
    body: json({ card: '4242424242424242', amountCents: 2500 }),
  },
  {
    method: 'POST',
    path: '/payments',
    body: json({ card: 'not-a-card', amountCents: 1200 }),
  }, // validation error
  {
    method: 'POST',
    path: '/payments',
    body: json({ card: '4000000000009995', amountCents: 8900 }),
  }, // declined
];

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export interface TrafficOptions {
  baseUrl: string;
  intervalMs: number;
  signal: AbortSignal;
  log: (line: string) => void;
}

export async function runTraffic({
  baseUrl,
  intervalMs,
  signal,
  log,
}: TrafficOptions): Promise<void> {
  let round: Call[] = [];
  while (!signal.aborted) {
    if (round.length === 0) round = shuffled(CALLS);
    const call = round.pop()!;
    const started = Date.now();
    try {
      const response = await fetch(baseUrl + call.path, {
        method: call.method,
        body: call.body,
        headers: call.body ? { 'content-type': call.contentType ?? 'application/json' } : {},
        signal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]),
      });
      await response.arrayBuffer();
      log(`${call.method} ${call.path} -> ${response.status} (${Date.now() - started} ms)`);
    } catch (error) {
      if (signal.aborted) break;
      log(`${call.method} ${call.path} failed: ${(error as Error).message}`);
    }
    await sleep(intervalMs, undefined, { signal }).catch(() => {});
  }
}
