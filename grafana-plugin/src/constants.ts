import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

/** The processor's REST API as seen through the proxy route `api` declared in plugin.json. */
export const API_BASE_URL = `/api/plugin-proxy/${PLUGIN_ID}/api/v1`;

const PAGE_PREFIX = '/a/%PLUGIN_ID%/';

/** The route of an app page, read from its `includes` entry so plugin.json stays the one source. */
export function pageRoute(name: string): string {
  const page = pluginJson.includes.find((i) => i.type === 'page' && i.name === name);
  if (!page || !page.path.startsWith(PAGE_PREFIX)) {
    throw new Error(`plugin.json has no app page named "${name}" under ${PAGE_PREFIX}`);
  }
  return page.path.slice(PAGE_PREFIX.length);
}

export const ROUTES = {
  Events: pageRoute('Events'),
} as const;

/** Absolute URL of an app page, for links. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}
