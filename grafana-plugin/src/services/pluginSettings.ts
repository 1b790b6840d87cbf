import { getBackendSrv, type BackendSrv } from '@grafana/runtime';
import type { AppSecureSettings, AppSettings } from '../types.ts';

export interface PluginSettingsUpdate {
  enabled: boolean;
  pinned: boolean;
  jsonData: AppSettings;
  /** Omitted when the stored token is kept: Grafana never sends it back to compare. */
  secureJsonData?: AppSecureSettings;
}

/** Stores the app's settings in Grafana (the same endpoint Grafana's own plugin page uses). */
export async function savePluginSettings(
  pluginId: string,
  update: PluginSettingsUpdate,
  backend: Pick<BackendSrv, 'post'> = getBackendSrv(),
): Promise<void> {
  await backend.post(`/api/plugins/${pluginId}/settings`, update);
}

/**
 * The processor's base URL as the proxy route wants it: an http(s) URL without
 * a trailing slash (the route appends `/api`). Returns undefined when unusable.
 */
export function normalizeApiUrl(input: string): string | undefined {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return trimmed.replace(/\/+$/, '');
}
