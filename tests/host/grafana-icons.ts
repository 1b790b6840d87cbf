import { createRequire } from 'node:module';
import { join } from 'node:path';
import { paths } from './paths.ts';

// @grafana/ui's Icon fetches public/build/img/icons/<set>/<name>.svg. The npm package ships
// about two thirds of Grafana's icons (dist/public/img/icons/); the rest (spinner, brand
// logos, some unicons) live only in Grafana's own public folder. For a name Grafana knows
// but the package lacks, the host draws a neutral placeholder; an unknown name stays a 404,
// which is the plugin bug a test should see.

const ICON_PATH = /^(unicons|mono|custom|solid)\/([\w-]+)\.svg$/;

/** Marks a placeholder answer, so tests can tell it from a real icon. */
export const PLACEHOLDER_HEADER = 'x-host-icon-placeholder';

export const PLACEHOLDER_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16">' +
  '<circle cx="12" cy="12" r="8" fill="none" stroke="currentColor" stroke-width="2" ' +
  'stroke-dasharray="5 3"/></svg>';

export type IconAnswer = { file: string } | { placeholder: true } | undefined;

let knownNames: Set<string> | undefined;

function isGrafanaIconName(name: string): boolean {
  if (!knownNames) {
    // @grafana/data's CommonJS build loads in Node (its ESM build does not).
    const require = createRequire(join(paths.hostDir, 'noop.js'));
    const data = require('@grafana/data') as { availableIconsIndex: Record<string, boolean> };
    knownNames = new Set(Object.keys(data.availableIconsIndex));
  }
  return knownNames.has(name);
}

/** What to answer for a path below /public/build/img/icons/. */
export function iconAnswer(
  relativePath: string,
  fileExists: (file: string) => boolean,
): IconAnswer {
  const match = ICON_PATH.exec(relativePath);
  if (!match) return undefined;
  const file = join(paths.iconsDir, relativePath);
  if (fileExists(file)) return { file };
  const name = match[2]!;
  return isGrafanaIconName(name) ? { placeholder: true } : undefined;
}
