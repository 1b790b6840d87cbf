import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadConfig,
  silentLogger,
  startProcessor,
  type Processor,
} from '@faultline/collector-processor';
import type { FaultlineEvent } from '@faultline/collector-processor/schema';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testIds } from '../../grafana-plugin/src/components/testIds.ts';
import { collectConsoleErrors, launchChromium } from '../host/browser.ts';
import { APP_BASE_PATH } from '../host/plugin-id.ts';
import { startHost, type Host } from '../host/server.ts';
import { startInstrumentedService, type RunningService } from './fixtures/start-service.ts';

// The thin path, all real: an Express service instrumented by @faultline/node
// → OTLP/HTTP → the processor → SQLite → the REST API → the built plugin in Chromium.

const SERVICE = 'e2e-checkout';
// Unique per run, so nothing but this run's event can satisfy the assertions.
const orderId = `order-${Date.now().toString(36)}`;
const expectedMessage = `order ${orderId} could not be charged`;

let dataDir: string;
let processor: Processor;
let service: RunningService;
let host: Host;
let browser: Browser;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'faultline-e2e-'));
  processor = await startProcessor(
    loadConfig({
      FAULTLINE_DATA_DIR: dataDir,
      FAULTLINE_HOST: '127.0.0.1',
      FAULTLINE_OTLP_HTTP_PORT: '0',
      FAULTLINE_OTLP_GRPC_PORT: '0',
      FAULTLINE_API_PORT: '0',
      FAULTLINE_ADMIN_TOKEN: 'e2e-token',
    }),
    { logger: silentLogger },
  );
  service = await startInstrumentedService('checkout-service.ts', {
    otlpEndpoint: processor.otlpHttpUrl,
    serviceName: SERVICE,
  });
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await service?.stop();
  await processor?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function listEvents(): Promise<FaultlineEvent[]> {
  const response = await fetch(`${processor.apiUrl}/api/v1/events?limit=50`, {
    headers: { authorization: `Bearer ${processor.adminToken}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: FaultlineEvent[] }).items;
}

/** Polls the API until the service's exception is stored (spans are exported in batches). */
async function waitForEvent(timeoutMs: number): Promise<FaultlineEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const event = (await listEvents()).find((e) => e.error?.message === expectedMessage);
    if (event) return event;
    if (Date.now() > deadline) {
      throw new Error(
        `no event with "${expectedMessage}"; service output:\n${service.output.join('')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('an error thrown in an instrumented Express route', () => {
  let event: FaultlineEvent;

  beforeAll(async () => {
    const response = await fetch(`${service.url}/checkout/${orderId}`);
    expect(response.status).toBe(500);
    event = await waitForEvent(20_000);
  });

  it('is returned by the API with its type, message, stack, service and route', () => {
    expect(event.faultline.log_type).toBe('EXCEPTION');
    expect(event.error?.type).toBe('CheckoutError');
    expect(event.error?.message).toBe(expectedMessage);
    expect(event.error?.stack_trace).toContain('checkout-service.ts');
    expect(event.service?.name).toBe(SERVICE);
    expect(event.http?.route).toBe('/checkout/:orderId');
  });

  it("is shown by the plugin's events page, loaded from dist/module.js in Chromium", async () => {
    host = await startHost({
      processorApiUrl: processor.apiUrl,
      token: processor.adminToken,
      port: 0,
    });
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors = collectConsoleErrors(page);

    await page.goto(`${host.url}${APP_BASE_PATH}/events`);
    const table = page.locator(`[data-testid="${testIds.events.table}"]`);
    // A RegExp, because Playwright matches a plain `hasText` string case-insensitively.
    const row = table.locator(`[data-testid="${testIds.events.row}"]`, {
      hasText: new RegExp(expectedMessage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    });
    await row.waitFor({ state: 'visible', timeout: 30_000 });

    const text = await row.innerText();
    expect(text).toContain(expectedMessage);
    expect(text).toContain('CheckoutError');
    expect(errors.messages).toEqual([]);
  });
});
