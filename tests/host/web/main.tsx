// The host page's entry. Order matters: shared-modules.ts evaluates every shared package
// before systemjs.ts installs the global AMD `define` (see systemjs.ts).
import { sharedModules } from './shared-modules.ts';
import { importModule, registerSharedModules } from './systemjs.ts';
import { AppPlugin, type AppPluginMeta } from '@grafana/data';
import { getBackendSrv, setBackendSrv } from '@grafana/runtime';
import { createRoot } from 'react-dom/client';
import { PLUGIN_ID } from '../plugin-id.ts';
import { createBackendSrv } from './backend-srv.ts';
import { HostApp } from './host-app.tsx';

type PluginExports = { plugin?: AppPlugin } & Record<string, unknown>;

/** Loads the app's module.js the way Grafana's importAppPlugin does. */
async function loadAppPlugin(meta: AppPluginMeta): Promise<AppPlugin> {
  const exports = (await importModule(`/${meta.module}`)) as PluginExports;
  const plugin = exports.plugin ?? new AppPlugin();
  plugin.init(meta);
  plugin.meta = meta;
  plugin.setComponentsFromLegacyExports(exports);
  return plugin;
}

function reportFailure(error: unknown): void {
  // Tests collect console errors, so a boot failure fails them with this message.
  console.error('Faultline host: the app could not be loaded', error);
  document.body.dataset.hostState = 'failed';
  const message = document.createElement('pre');
  message.textContent = String(error instanceof Error ? (error.stack ?? error.message) : error);
  document.getElementById('reactRoot')?.replaceChildren(message);
}

async function boot(): Promise<void> {
  window.__grafana_public_path__ = '/public/';
  setBackendSrv(createBackendSrv());
  registerSharedModules(sharedModules);
  const meta = await getBackendSrv().get<AppPluginMeta>(`/api/plugins/${PLUGIN_ID}/settings`);
  const plugin = await loadAppPlugin(meta);
  const container = document.getElementById('reactRoot');
  if (!container) throw new Error('the host page has no #reactRoot');
  createRoot(container).render(<HostApp plugin={plugin} />);
  document.body.dataset.hostState = 'mounted';
}

boot().catch(reportFailure);
