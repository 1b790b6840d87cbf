import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SettingsStore, settingsResponse, type SettingsUpdate } from './app-settings.ts';
import { ensureHostBundle } from './build.ts';
import { renderHostPage } from './host-page.ts';
import { readPluginJson, type PluginJson } from './plugin-json.ts';
import { forward, matchRoute } from './plugin-proxy.ts';
import { PLUGIN_ID } from './plugin-id.ts';
import { paths } from './paths.ts';
import { fileUnder, sendFile } from './static-files.ts';
import { grafanaFontFile } from './grafana-fonts.ts';
import { PLACEHOLDER_HEADER, PLACEHOLDER_SVG, iconAnswer } from './grafana-icons.ts';
import { existsSync } from 'node:fs';

export type HostOptions = {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The processor's base URL, e.g. http://127.0.0.1:8080: the app's jsonData.apiUrl. */
  processorApiUrl: string;
  /** The processor token: the app's secureJsonData.apiToken, injected by the proxy. */
  token: string;
  /** Served at /public/plugins/<id>/; defaults to grafana-plugin/dist. */
  pluginDistDir?: string;
  /** Whose `routes` the proxy follows; defaults to grafana-plugin/src/plugin.json. */
  pluginJsonPath?: string;
};

export type Host = {
  /** The origin, without a trailing slash; the app is at `${url}/a/faultline-systemlogs-app`. */
  url: string;
  /** The app's settings as the proxy and the config page see them. */
  settings: SettingsStore;
  close(): Promise<void>;
};

const APP_PAGE = new RegExp(`^/(?:a/${PLUGIN_ID}(?:/.*)?|plugins/${PLUGIN_ID}/?)?$`);
const PROXY_PREFIX = `/api/plugin-proxy/${PLUGIN_ID}`;
const SETTINGS_PATH = `/api/plugins/${PLUGIN_ID}/settings`;

type Context = {
  plugin: PluginJson;
  settings: SettingsStore;
  pluginDistDir: string;
  origin: () => string;
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

async function handleSettings(req: IncomingMessage, res: ServerResponse, ctx: Context) {
  if (req.method === 'GET') {
    sendJson(res, 200, settingsResponse(ctx.plugin, ctx.settings.get()));
  } else if (req.method === 'POST') {
    const body = (await readJson(req).catch(() => undefined)) as SettingsUpdate | undefined;
    if (!body || typeof body !== 'object') return sendJson(res, 400, { message: 'invalid JSON' });
    ctx.settings.update(body);
    sendJson(res, 200, { message: 'Plugin settings updated' });
  } else {
    sendJson(res, 405, { message: 'method not allowed' });
  }
}

function handleProxy(req: IncomingMessage, res: ServerResponse, url: URL, ctx: Context) {
  const proxyPath = url.pathname.slice(PROXY_PREFIX.length);
  const match = matchRoute(ctx.plugin.routes ?? [], proxyPath, req.method ?? 'GET');
  if (!match) return sendJson(res, 404, { message: `no plugin route matches ${proxyPath}` });
  const { jsonData, secureJsonData } = ctx.settings.get();
  forward(req, res, match, url.search, { JsonData: jsonData, SecureJsonData: secureJsonData });
}

async function sendIcon(res: ServerResponse, relativePath: string): Promise<void> {
  const answer = iconAnswer(relativePath, existsSync);
  if (answer && 'file' in answer && (await sendFile(res, answer.file))) return;
  if (answer && 'placeholder' in answer) {
    res.writeHead(200, { 'Content-Type': 'image/svg+xml', [PLACEHOLDER_HEADER]: '1' });
    res.end(PLACEHOLDER_SVG);
    return;
  }
  sendJson(res, 404, { message: `no icon ${relativePath}` });
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: Context): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://host.invalid');
  const path = url.pathname;
  if (path === PROXY_PREFIX || path.startsWith(`${PROXY_PREFIX}/`)) {
    return handleProxy(req, res, url, ctx);
  }
  if (path === SETTINGS_PATH) return handleSettings(req, res, ctx);
  if (req.method === 'GET' && APP_PAGE.test(path)) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(renderHostPage(ctx.origin(), ctx.plugin.name));
    return;
  }
  const statics: Array<[string, string]> = [
    ['/public/host/', paths.distDir],
    [`/public/plugins/${PLUGIN_ID}/`, ctx.pluginDistDir],
  ];
  for (const [prefix, root] of statics) {
    if (
      path.startsWith(prefix) &&
      (await sendFile(res, fileUnder(root, path.slice(prefix.length))))
    ) {
      return;
    }
  }
  const iconsPrefix = '/public/build/img/icons/';
  if (path.startsWith(iconsPrefix)) return sendIcon(res, path.slice(iconsPrefix.length));
  const fontsPrefix = '/public/fonts/';
  if (
    path.startsWith(fontsPrefix) &&
    (await sendFile(res, grafanaFontFile(path.slice(fontsPrefix.length))))
  ) {
    return;
  }
  sendJson(res, 404, { message: `not found: ${path}` });
}

/** Starts the Grafana stand-in: host page, plugin files, icons, settings and plugin proxy. */
export async function startHost(options: HostOptions): Promise<Host> {
  await ensureHostBundle();
  const plugin = readPluginJson(options.pluginJsonPath ?? paths.pluginJson);
  if (plugin.id !== PLUGIN_ID) throw new Error(`plugin.json is for ${plugin.id}, not ${PLUGIN_ID}`);
  const settings = new SettingsStore({
    enabled: true,
    pinned: true,
    // The route template appends its own path ("{{ .JsonData.apiUrl }}/api").
    jsonData: { apiUrl: options.processorApiUrl.replace(/\/+$/, '') },
    secureJsonData: { apiToken: options.token },
  });
  let origin = '';
  const ctx: Context = {
    plugin,
    settings,
    pluginDistDir: options.pluginDistDir ?? paths.pluginDistDir,
    origin: () => origin,
  };
  const server = createServer((req, res) => {
    handle(req, res, ctx).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { message: `host: ${(error as Error).message}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    settings,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
