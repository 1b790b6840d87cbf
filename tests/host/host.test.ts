import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { createTheme as CreateTheme } from '@grafana/data';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectConsoleErrors, launchChromium, type ConsoleErrors } from './browser.ts';
import { PLACEHOLDER_HEADER } from './grafana-icons.ts';
import { paths } from './paths.ts';
import { APP_BASE_PATH } from './plugin-id.ts';
import { startHost, type Host } from './server.ts';
import { startEchoUpstream, type EchoUpstream } from './test-upstream.ts';

const TOKEN = 'browser-test-token';
const require = createRequire(import.meta.url);
// The colour Grafana's default (dark) theme gives a primary button, from @grafana/data itself.
const { createTheme } = require('@grafana/data') as { createTheme: typeof CreateTheme };
const primary = createTheme().colors.primary.main;

function hexToRgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

type OpenedPage = { page: Page; errors: ConsoleErrors; icons: Response[] };

let browser: Browser;
let upstream: EchoUpstream;

beforeAll(async () => {
  browser = await launchChromium();
  upstream = await startEchoUpstream();
});

afterAll(async () => {
  await browser?.close();
  await upstream?.close();
});

/** Opens a page of the host and waits until the app is mounted and the network is quiet. */
async function openApp(host: Host, path: string): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = collectConsoleErrors(page);
  const icons: Response[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/public/build/img/icons/')) icons.push(response);
  });
  await page.goto(`${host.url}${path}`);
  await page.waitForFunction(() => document.body.dataset.hostState !== undefined);
  await page.waitForLoadState('networkidle');
  return { page, errors, icons };
}

describe('the host page with the fixture app', () => {
  let host: Host;
  let opened: OpenedPage;

  beforeAll(async () => {
    host = await startHost({
      processorApiUrl: upstream.url,
      token: TOKEN,
      pluginDistDir: join(paths.fixturesDir, 'fixture-app'),
    });
    opened = await openApp(host, APP_BASE_PATH);
  });

  afterAll(async () => {
    await opened?.page.close();
    await host?.close();
  });

  it("loads the AMD module through SystemJS and mounts its root page with Grafana's props", async () => {
    const { page } = opened;
    expect(await page.evaluate(() => document.body.dataset.hostState)).toBe('mounted');
    await expect
      .poll(() => page.getByTestId('fixture-title').textContent())
      .toBe('Fixture app faultline-systemlogs-app');
    expect(await page.getByText(`basename ${APP_BASE_PATH}`).count()).toBe(1);
  });

  it("renders @grafana/ui components with Grafana's theme and global styles", async () => {
    const { page } = opened;
    const button = page.getByTestId('fixture-button');
    expect(await button.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      hexToRgb(primary),
    );
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^Inter/);
    expect(await page.evaluate(() => document.fonts.check('14px Inter'))).toBe(true);
  });

  it('loads icons from where Icon fetches them, with no failed icon request', async () => {
    const { page, icons } = opened;
    const bug = icons.find((response) => response.url().endsWith('/unicons/bug.svg'));
    expect(bug?.status()).toBe(200);
    expect(bug?.headers()[PLACEHOLDER_HEADER]).toBeUndefined();
    expect(icons.filter((response) => response.status() >= 400).map((r) => r.url())).toEqual([]);
    // react-inlinesvg swaps its placeholder for the fetched SVG's paths.
    await expect
      .poll(() => page.getByTestId('fixture-button').locator('svg path').count())
      .toBeGreaterThan(0);
  });

  it('answers getBackendSrv() through the plugin proxy with the token injected', async () => {
    const { page } = opened;
    await expect.poll(() => page.getByTestId('fixture-backend').textContent()).toMatch(/^ok /);
    const answer = JSON.parse((await page.getByTestId('fixture-backend').textContent())!.slice(3));
    expect(answer.echo.url).toBe('/api/v1/fixture?q=x');
    expect(answer.echo.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("routes the app's react-router and @grafana/ui's links through one history", async () => {
    const { page } = opened;
    expect(await page.getByTestId('fixture-route').textContent()).toBe('home route');
    await page.getByText('Go to events').click();
    await expect.poll(() => page.getByTestId('fixture-route').textContent()).toBe('events route');
    expect(new URL(page.url()).pathname).toBe(`${APP_BASE_PATH}/events`);
    // The title of plugin.json's "Events" page, as Grafana's page header shows it.
    expect(await page.getByTestId('host-page-title').textContent()).toBe('Events');
  });

  it('logs no console error', () => {
    expect(opened.errors.messages).toEqual([]);
  });
});

// Its own token, so its calls are told apart from the fixture's on the shared upstream.
const REAL_TOKEN = 'real-plugin-token';
const realModule = join(paths.pluginDistDir, 'module.js');
const pluginBuilt = existsSync(realModule);
if (!pluginBuilt) {
  console.log(
    `host.test: skipping the real plugin's page: ${realModule} is not built (npm run build)`,
  );
}

describe.skipIf(!pluginBuilt)("the host page with the real plugin's dist/module.js", () => {
  let host: Host;
  let opened: OpenedPage;

  beforeAll(async () => {
    host = await startHost({ processorApiUrl: upstream.url, token: REAL_TOKEN });
    opened = await openApp(host, APP_BASE_PATH);
  });

  afterAll(async () => {
    await opened?.page.close();
    await host?.close();
  });

  it('mounts the root page without console errors (no React #130, no failed request)', async () => {
    const { page, errors } = opened;
    expect(await page.evaluate(() => document.body.dataset.hostState)).toBe('mounted');
    const text = await page.locator('main').innerText();
    expect(text.trim().length).toBeGreaterThan(0);
    expect(text).not.toMatch(/Minified React error|An unexpected error happened/);
    expect(errors.messages).toEqual([]);
    await page.screenshot({ path: '/tmp/host.png', fullPage: true });
  });

  it("calls the processor through the plugin proxy with plugin.json's headers", () => {
    const calls = upstream.received.filter(
      (request) => request.headers.authorization === `Bearer ${REAL_TOKEN}`,
    );
    expect(calls.length).toBeGreaterThan(0);
  });

  it('loads every icon it asks for', () => {
    expect(opened.icons.filter((response) => response.status() >= 400).map((r) => r.url())).toEqual(
      [],
    );
  });
});
