// The demo shop: an Express 5 service instrumented with @faultline/node that
// exercises its own routes so errors reach Faultline continuously.
//
//   npm run demo -w @faultline/node
//
// DEMO_PORT (3001), OTEL_EXPORTER_OTLP_ENDPOINT (http://127.0.0.1:4318),
// OTEL_SERVICE_NAME (demo-shop), DEMO_TRAFFIC=off to only serve,
// DEMO_TRAFFIC_INTERVAL_MS (1000).
import type { AddressInfo } from 'node:net';
import { init } from '@faultline/node';
import { createShopApp } from './app.ts';
import { runTraffic } from './traffic.ts';

// Telemetry was started by instrument.ts (via --import); init() without
// options hands back that running handle, for the flush at shutdown.
const telemetry = init();

const port = Number(process.env.DEMO_PORT ?? 3001);
const intervalMs = Number(process.env.DEMO_TRAFFIC_INTERVAL_MS ?? 1000);
const log = (line: string) => process.stdout.write(`[demo-shop] ${line}\n`);
const traffic = new AbortController();
let stopping = false;

const server = createShopApp().listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address() as AddressInfo;
  log(`listening on http://127.0.0.1:${actual}`);
  log(
    `sending traces to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT} as ${process.env.OTEL_SERVICE_NAME}`,
  );
  if (process.env.DEMO_TRAFFIC !== 'off') {
    void runTraffic({
      baseUrl: `http://127.0.0.1:${actual}`,
      intervalMs,
      signal: traffic.signal,
      log,
    });
  }
});

async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  traffic.abort();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await telemetry.shutdown();
  process.exit(0);
}

process.on('SIGINT', (signal) => void stop(signal));
process.on('SIGTERM', (signal) => void stop(signal));
