import fs from 'node:fs';
import path from 'node:path';

/** The plugin's folder (grafana-plugin/), whatever the working directory. */
export const PLUGIN_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SOURCE_DIR = path.join(PLUGIN_ROOT, 'src');
export const DIST_DIR = path.join(PLUGIN_ROOT, 'dist');

interface PluginJson {
  id: string;
  info?: { logos?: { small?: string; large?: string }; screenshots?: Array<{ path: string }> };
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

export const pluginJson = readJson<PluginJson>(path.join(SOURCE_DIR, 'plugin.json'));
export const packageJson = readJson<{ version: string }>(path.join(PLUGIN_ROOT, 'package.json'));

/** Fills the `%VERSION%`-style placeholders that plugin.json and the README carry in source. */
export function fillPlaceholders(text: string, today = new Date()): string {
  return text
    .replaceAll('%VERSION%', packageJson.version)
    .replaceAll('%TODAY%', today.toISOString().slice(0, 10))
    .replaceAll('%PLUGIN_ID%', pluginJson.id);
}
