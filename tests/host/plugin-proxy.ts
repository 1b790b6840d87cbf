import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { PluginRoute } from './plugin-json.ts';
import { renderRouteTemplate, type TemplateData } from './route-template.ts';

// Grafana's plugin proxy (pkg/api/pluginproxy): /api/plugin-proxy/<app id>/<route path>/<rest>
// goes to the route's url + /<rest> with the query string kept, the route's headers set from
// the app's settings, and the browser's cookies dropped.

export type MatchedRoute = { route: PluginRoute; rest: string };

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/** The first route whose path is a prefix of the proxied path, as Grafana picks it. */
export function matchRoute(
  routes: PluginRoute[],
  proxyPath: string,
  method: string,
): MatchedRoute | undefined {
  const path = trimSlashes(proxyPath);
  for (const route of routes) {
    if (route.method && route.method !== '*' && route.method.toUpperCase() !== method) continue;
    const prefix = trimSlashes(route.path);
    if (path === prefix || prefix === '') return { route, rest: path.slice(prefix.length) };
    if (path.startsWith(`${prefix}/`)) return { route, rest: path.slice(prefix.length) };
  }
  return undefined;
}

/** Where a matched request goes: the rendered route url joined with the rest of the path. */
export function targetUrl(match: MatchedRoute, search: string, data: TemplateData): URL {
  if (!match.route.url) throw new Error(`route "${match.route.path}" has no url`);
  const base = new URL(renderRouteTemplate(match.route.url, data));
  const rest = trimSlashes(match.rest);
  const basePath = base.pathname.replace(/\/+$/, '');
  base.pathname = rest ? `${basePath}/${rest}` : basePath || '/';
  base.search = search;
  return base;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) and what Grafana strips before forwarding.
const DROPPED_REQUEST_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'cookie',
  'authorization',
]);
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'set-cookie',
]);

function sendJsonError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ message, error: message }));
}

/** Forwards one request, streaming both bodies; 502 with a JSON error if upstream fails. */
export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  match: MatchedRoute,
  search: string,
  data: TemplateData,
): void {
  let target: URL;
  const headers: Record<string, string | string[]> = {};
  try {
    target = targetUrl(match, search, data);
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !DROPPED_REQUEST_HEADERS.has(name)) headers[name] = value;
    }
    for (const header of match.route.headers ?? []) {
      headers[header.name.toLowerCase()] = renderRouteTemplate(header.content, data);
    }
  } catch (error) {
    sendJsonError(res, 500, `plugin route: ${(error as Error).message}`);
    return;
  }
  const forwardedFor = req.socket.remoteAddress;
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;

  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method, headers }, (answer) => {
    const answerHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name)) answerHeaders[name] = value;
    }
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answerHeaders);
    answer.pipe(res);
    answer.on('error', () => res.destroy());
  });
  upstream.on('error', (error) => {
    sendJsonError(res, 502, `plugin proxy: ${target.origin} is unreachable (${error.message})`);
  });
  // The browser went away: stop the upstream request too (a live tail would otherwise linger).
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}
