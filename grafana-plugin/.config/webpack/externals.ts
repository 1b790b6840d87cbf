import type { Configuration, ExternalItemFunctionData } from 'webpack';

/**
 * Modules Grafana hands to every plugin at run time (its SystemJS shared
 * modules). They must stay out of the bundle: a second React or a second
 * @grafana/runtime would not share state (theme, router, backendSrv) with Grafana.
 */
export const SHARED_MODULES = [
  // Not `react/jsx-runtime`: Grafana's loader does not share it, so the (tiny)
  // runtime is bundled and reaches React through the shared `react`.
  'react',
  'react-dom',
  'react-router',
  'react-router-dom',
  'react-redux',
  'redux',
  'rxjs',
  '@emotion/css',
  '@emotion/react',
  'emotion',
  'lodash',
  'moment',
  'jquery',
  'i18next',
  'd3',
  'angular',
  'prismjs',
  'slate',
  'slate-plain-serializer',
  '@grafana/slate-react',
] as const;

// Sub-paths too (`@grafana/ui/unstable`, `@grafana/runtime/internal`, …).
const GRAFANA_PACKAGES = [/^@grafana\/ui/i, /^@grafana\/runtime/i, /^@grafana\/data/i];

// Old-style `grafana/app/...` imports resolve to Grafana's own module names.
const LEGACY_PREFIX = 'grafana/';
function legacyGrafanaImports(
  { request }: ExternalItemFunctionData,
  callback: (error?: Error, result?: string) => void,
): void {
  if (request?.startsWith(LEGACY_PREFIX)) {
    callback(undefined, request.slice(LEGACY_PREFIX.length));
    return;
  }
  callback();
}

export const externals: Configuration['externals'] = [
  // AMD's special `module` dependency: publicPath.ts reads the URI the plugin was loaded from.
  { 'amd-module': 'module' },
  ...SHARED_MODULES,
  ...GRAFANA_PACKAGES,
  legacyGrafanaImports,
];
