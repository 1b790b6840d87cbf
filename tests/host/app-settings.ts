import type { PluginJson } from './plugin-json.ts';

// The app's settings as Grafana keeps them per organisation: jsonData is readable by the
// page, secureJsonData only by the proxy (the page sees which keys are set, never values).

export type AppSettings = {
  enabled: boolean;
  pinned: boolean;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
};

export type SettingsUpdate = Partial<AppSettings>;

export class SettingsStore {
  #settings: AppSettings;

  constructor(initial: AppSettings) {
    this.#settings = structuredClone(initial);
  }

  get(): AppSettings {
    return structuredClone(this.#settings);
  }

  /** Grafana replaces jsonData as a whole and keeps secure keys that are not sent again. */
  update(update: SettingsUpdate): void {
    const current = this.#settings;
    this.#settings = {
      enabled: update.enabled ?? current.enabled,
      pinned: update.pinned ?? current.pinned,
      jsonData: update.jsonData ?? current.jsonData,
      secureJsonData: { ...current.secureJsonData, ...(update.secureJsonData ?? {}) },
    };
  }
}

/** The answer of GET /api/plugins/<id>/settings: the meta Grafana hands to the app. */
export function settingsResponse(plugin: PluginJson, settings: AppSettings) {
  const baseUrl = `public/plugins/${plugin.id}`;
  const defaultNav = plugin.includes?.find((include) => include.defaultNav === true);
  return {
    id: plugin.id,
    name: plugin.name,
    type: plugin.type,
    info: plugin.info ?? {},
    includes: plugin.includes ?? [],
    dependencies: plugin.dependencies ?? {},
    enabled: settings.enabled,
    pinned: settings.pinned,
    module: `${baseUrl}/module.js`,
    baseUrl,
    defaultNavUrl: typeof defaultNav?.path === 'string' ? defaultNav.path : `/a/${plugin.id}`,
    jsonData: settings.jsonData,
    secureJsonFields: Object.fromEntries(
      Object.entries(settings.secureJsonData).map(([key, value]) => [key, value !== '']),
    ),
    hasUpdate: false,
    latestVersion: '',
    signature: 'internal',
    state: '',
  };
}
