import { readFileSync } from 'node:fs';

/** A header Grafana adds to a proxied request; `content` is a Go template. */
export type RouteHeader = { name: string; content: string };

/** One entry of plugin.json's `routes`: what Grafana's plugin proxy reads. */
export type PluginRoute = {
  path: string;
  url?: string;
  method?: string;
  reqRole?: string;
  headers?: RouteHeader[];
};

export type PluginJson = {
  id: string;
  type: string;
  name: string;
  info?: Record<string, unknown>;
  includes?: Array<Record<string, unknown>>;
  routes?: PluginRoute[];
  dependencies?: Record<string, unknown>;
};

/**
 * Reads a plugin.json, filling the placeholders the plugin's build fills (%PLUGIN_ID%,
 * %VERSION%, %TODAY%), so src/plugin.json reads like the dist/ copy Grafana loads.
 */
export function readPluginJson(file: string): PluginJson {
  const raw = readFileSync(file, 'utf8');
  const parsed = JSON.parse(raw) as PluginJson;
  const filled = raw
    .replaceAll('%PLUGIN_ID%', parsed.id)
    .replaceAll('%VERSION%', '0.0.0-host')
    .replaceAll('%TODAY%', new Date().toISOString().slice(0, 10));
  return JSON.parse(filled) as PluginJson;
}
