import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLACEHOLDER_HEADER } from './grafana-icons.ts';
import { paths } from './paths.ts';
import { readPluginJson } from './plugin-json.ts';
import { PLUGIN_ID } from './plugin-id.ts';
import { startHost, type Host } from './server.ts';
import { startEchoUpstream, unreachableUrl, type EchoUpstream } from './test-upstream.ts';

const TOKEN = 'token-from-secure-json-data';
const fixtureDir = join(paths.fixturesDir, 'fixture-app');
const proxy = `/api/plugin-proxy/${PLUGIN_ID}`;

// The real plugin.json decides what the proxy does; these tests read its first route.
const route = readPluginJson(paths.pluginJson).routes?.[0];
if (!route) throw new Error(`${paths.pluginJson} declares no routes`);

let upstream: EchoUpstream;
let host: Host;

beforeAll(async () => {
  upstream = await startEchoUpstream();
  host = await startHost({
    processorApiUrl: upstream.url,
    token: TOKEN,
    pluginDistDir: fixtureDir,
  });
});

afterAll(async () => {
  await host?.close();
  await upstream?.close();
});

const last = () => upstream.received.at(-1)!;

describe('plugin proxy', () => {
  it("sets the headers of plugin.json's route, filled from the app's secure settings", async () => {
    const response = await fetch(`${host.url}${proxy}/${route.path}/v1/events?limit=2&q=a%20b`, {
      headers: { Cookie: 'grafana_session=abc', Authorization: 'Basic browser' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-upstream')).toBe('echo');
    const expected = (route.headers ?? []).map((header) => [
      header.name.toLowerCase(),
      header.content.replace(/\{\{\s*\.SecureJsonData\.apiToken\s*\}\}/, TOKEN),
    ]);
    expect(expected.length).toBeGreaterThan(0);
    for (const [name, value] of expected) expect(last().headers[name!]).toBe(value);
    expect(last().headers.cookie).toBeUndefined();
  });

  it("forwards to the route's url template with the rest of the path and the query", async () => {
    await fetch(`${host.url}${proxy}/${route.path}/v1/events?limit=2&q=a%20b`);
    // plugin.json's url is "{{ .JsonData.apiUrl }}/api": apiUrl is the processor's origin.
    const routeUrl = new URL(route.url!.replace(/\{\{\s*\.JsonData\.apiUrl\s*\}\}/, upstream.url));
    expect(last().url).toBe(`${routeUrl.pathname.replace(/\/$/, '')}/v1/events?limit=2&q=a%20b`);
  });

  it('streams a request body to the processor and its answer back, status included', async () => {
    const body = randomBytes(3 * 1024 * 1024);
    const response = await fetch(`${host.url}${proxy}/${route.path}/v1/bulk?status=201`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body,
    });
    expect(response.status).toBe(201);
    const answer = (await response.json()) as { echo: { bodyLength: number; bodySha256: string } };
    expect(answer.echo.bodyLength).toBe(body.length);
    expect(answer.echo.bodySha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(last().method).toBe('POST');
  });

  it('answers 404 with a JSON error when no route matches', async () => {
    const response = await fetch(`${host.url}${proxy}/no-such-route/x`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toMatch(/no plugin route/);
  });

  it('answers 502 with a JSON error when the processor is unreachable', async () => {
    const down = await startHost({
      processorApiUrl: await unreachableUrl(),
      token: TOKEN,
      pluginDistDir: fixtureDir,
    });
    try {
      const response = await fetch(`${down.url}${proxy}/${route.path}/v1/events`);
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(((await response.json()) as { message: string }).message).toMatch(/unreachable/);
    } finally {
      await down.close();
    }
  });
});

describe('app settings', () => {
  it('answers GET with jsonData and which secure fields are set, never their values', async () => {
    const response = await fetch(`${host.url}/api/plugins/${PLUGIN_ID}/settings`);
    const text = await response.text();
    const settings = JSON.parse(text) as Record<string, unknown>;
    expect(settings).toMatchObject({
      id: PLUGIN_ID,
      type: 'app',
      enabled: true,
      module: `public/plugins/${PLUGIN_ID}/module.js`,
      jsonData: { apiUrl: upstream.url },
      secureJsonFields: { apiToken: true },
    });
    expect(text).not.toContain(TOKEN);
  });

  it('takes a POST from the config page, and the proxy follows the new settings', async () => {
    const other = await startEchoUpstream();
    const local = await startHost({
      processorApiUrl: upstream.url,
      token: TOKEN,
      pluginDistDir: fixtureDir,
    });
    try {
      const saved = await fetch(`${local.url}/api/plugins/${PLUGIN_ID}/settings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          enabled: true,
          jsonData: { apiUrl: other.url },
          secureJsonData: { apiToken: 'new' },
        }),
      });
      expect(saved.status).toBe(200);
      await fetch(`${local.url}${proxy}/${route.path}/v1/events`);
      expect(other.received).toHaveLength(1);
      expect(JSON.stringify(other.received[0]!.headers)).toContain('new');
    } finally {
      await local.close();
      await other.close();
    }
  });
});

describe('static files', () => {
  it('serves the host page for the app and its sub-paths, with Grafana boot data', async () => {
    for (const path of [
      '/',
      `/a/${PLUGIN_ID}`,
      `/a/${PLUGIN_ID}/events/abc`,
      `/plugins/${PLUGIN_ID}`,
    ]) {
      const response = await fetch(`${host.url}${path}`);
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html).toContain('window.grafanaBootData');
      expect(html).toContain('/public/host/main.js');
    }
  });

  it("serves the plugin's files from its dist folder, and nothing outside it", async () => {
    const module = await fetch(`${host.url}/public/plugins/${PLUGIN_ID}/module.js`);
    expect(module.headers.get('content-type')).toMatch(/javascript/);
    expect(await module.text()).toBe(readFileSync(join(fixtureDir, 'module.js'), 'utf8'));
    const escape = await fetch(`${host.url}/public/plugins/${PLUGIN_ID}/..%2F..%2Fserver.ts`);
    expect(escape.status).toBe(404);
  });

  it("serves @grafana/ui's icons where Icon fetches them, a placeholder for Grafana-only ones, 404 for unknown names", async () => {
    const bug = await fetch(`${host.url}/public/build/img/icons/unicons/bug.svg`);
    expect(bug.status).toBe(200);
    expect(bug.headers.get(PLACEHOLDER_HEADER)).toBeNull();
    expect(await bug.text()).toContain('<svg');
    const spinner = await fetch(`${host.url}/public/build/img/icons/unicons/spinner.svg`);
    expect(spinner.status).toBe(200);
    expect(spinner.headers.get(PLACEHOLDER_HEADER)).toBe('1');
    const unknown = await fetch(`${host.url}/public/build/img/icons/unicons/not-an-icon.svg`);
    expect(unknown.status).toBe(404);
  });

  it("serves the fonts Grafana's GlobalStyles declare", async () => {
    const font = await fetch(`${host.url}/public/fonts/inter/Inter-Regular.woff2`);
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
  });
});
