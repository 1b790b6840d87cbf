import * as app from './node-app-bugs.ts';
import * as lib from './node-library-bugs.ts';
import { rng, type StackSample } from './sample.ts';

/**
 * Raises every Node bug of the corpus several times, with varied data and
 * through different entry points, and prints one JSON sample per line.
 */

const random = rng(20261126);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const hex = (n: number) => Array.from({ length: n }, () => pick([...'0123456789abcdef'])).join('');
const word = () => pick(['alpha', 'bravo', 'delta', 'kilo', 'oscar', 'zulu', 'tango', 'echo']);
const email = () => `${word()}${int(1, 999)}@${pick(['example.com', 'mail.test', 'corp.io'])}`;

// Entry points: the same bug reached from an HTTP handler, a queue consumer or a cron job.
async function httpHandler(fn: () => unknown) {
  return await fn();
}
async function queueConsumer(fn: () => unknown) {
  const results = [await fn()];
  return results;
}
async function cronJob(fn: () => unknown) {
  for (let attempt = 0; attempt < 1; attempt++) return await fn();
}
const entries = [httpHandler, queueConsumer, cronJob];

type Bug = { bug: string; raise: () => unknown };

function bugs(closedPort: number): Bug[] {
  const items = () => [{ sku: `SKU-${int(100, 999)}` }];
  return [
    {
      bug: 'settings-json',
      raise: () =>
        lib.loadSettings({ name: word(), junk: pick(['"x": ', `"n": ${int(1, 9)}x`, 'oops', '']) }),
    },
    { bug: 'report-enoent', raise: () => lib.readReport({ id: hex(8) }) },
    { bug: 'inventory-fetch', raise: () => lib.fetchInventory({ port: closedPort, sku: hex(6) }) },
    { bug: 'cache-ping', raise: () => lib.pingCache({ port: closedPort }) },
    {
      bug: 'order-schema',
      raise: () => lib.acceptOrder({ id: hex(12), quantity: pick([0, -1, -int(2, 50), 0.5]) }),
    },
    { bug: 'callback-url', raise: () => lib.parseCallback({ host: `${word()}.example.com` }) },
    { bug: 'payload-inflate', raise: () => lib.unpackPayload({ bytes: `${hex(int(8, 40))}==` }) },
    {
      bug: 'totals-assert',
      raise: () =>
        lib.checkTotals({ expected: int(100, 999) / 100, actual: int(1000, 9999) / 100 }),
    },
    {
      bug: 'query-decode',
      raise: () => lib.decodeQuery({ q: `q=${word()}%${pick(['', 'zz', 'G1'])}` }),
    },
    {
      bug: 'price-missing',
      raise: () => pick([app.checkout, app.nightlyInvoice, app.quoteForPartner])(items()),
    },
    { bug: 'customer-missing-label', raise: () => app.shippingLabel({}) },
    { bug: 'customer-missing-loyalty', raise: () => app.loyaltyPoints({}) },
    { bug: 'refund-sign', raise: () => app.refund(-int(1, 500)) },
    { bug: 'charge-zero', raise: () => app.charge(pick([0, -0, -int(1, 3)])) },
    {
      bug: 'order-not-found',
      raise: () =>
        pick([app.findOrder, app.cancelOrder])(
          crypto.randomUUID(),
          pick(['eu-west-1', 'us-east-2', 'ap-south-1']),
        ),
    },
    {
      bug: 'signup-validation',
      raise: () =>
        pick([app.signupFromApi, app.signupFromImport])({
          email: pick([email(), word(), '']),
          password: pick(['', 'short', 'long-enough-password']),
          zip: pick([String(int(10000, 99999)), `${int(1, 999)}`, 'n/a']),
        }),
    },
    {
      bug: 'tree-cycle',
      raise: () => {
        let node: { name: string; parent?: object } = { name: 'root-broken' };
        for (let i = int(1, 12); i > 0; i--) node = { name: `${word()}-${i}`, parent: node };
        return app.categoryPath(node as never);
      },
    },
    { bug: 'mailer-config', raise: () => app.connectMailer({}) },
    { bug: 'queue-config', raise: () => app.connectQueue({}) },
  ];
}

async function main() {
  const closedPort = await lib.closedPort();
  const all = bugs(closedPort);
  const samples: StackSample[] = [];
  for (let round = 0; round < 12; round++) {
    for (const b of all) {
      try {
        await pick(entries)(b.raise);
        continue; // a draw that did not fail (valid signup form): no sample
      } catch (e) {
        const err = e as Error & { code?: string };
        // The type an OpenTelemetry SDK records: the error code when there is one, else the name.
        const type = typeof err.code === 'string' ? err.code : err.name;
        samples.push({
          bug: b.bug,
          lang: 'node',
          type,
          message: err.message,
          stack: err.stack ?? '',
        });
      }
    }
  }
  for (const s of samples) process.stdout.write(`${JSON.stringify(s)}\n`);
}

await main();
