import path from 'node:path';
import { PLUGIN_ROOT, fillPlaceholders, pluginJson } from './pluginFiles.ts';

const fillText = (content: Buffer): string => fillPlaceholders(content.toString('utf8'));

const logos = new Set(
  [pluginJson.info?.logos?.small, pluginJson.info?.logos?.large].filter((p): p is string => !!p),
);
const screenshots = (pluginJson.info?.screenshots ?? []).map((s) => s.path);

/** What Grafana reads from a plugin folder besides module.js (paths relative to src/). */
export const copyPatterns = [
  { from: 'plugin.json', to: '.', transform: fillText },
  { from: path.join(PLUGIN_ROOT, 'README.md'), to: '.', transform: fillText },
  { from: path.join(PLUGIN_ROOT, 'CHANGELOG.md'), to: '.' },
  { from: 'img', to: 'img', noErrorOnMissing: true },
  ...[...logos, ...screenshots].map((file) => ({ from: file, to: file, force: true })),
];
