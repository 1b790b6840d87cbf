import type { Plugin } from 'esbuild';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageDir, paths } from './paths.ts';

// Packages that must exist once in the page. npm nests other versions of some of them under
// @grafana/ui and @grafana/runtime (13.2.2 vs 13.2.3); two copies of @grafana/data would
// mean two ThemeContexts, two copies of react two dispatchers. Grafana ships one of each.
const SINGLETONS =
  /^(?:react|react-dom|rxjs|i18next|react-i18next|@emotion\/(?:css|react|cache)|@grafana\/(?:data|ui|runtime|i18n|schema|e2e-selectors))(?:\/.*)?$/;

const RESOLVING = Symbol('resolving from the host folder');

/** Resolves every import of a singleton package to the copy the host itself sees. */
export function dedupeSingletons(): Plugin {
  return {
    name: 'dedupe-singletons',
    setup(build) {
      build.onResolve({ filter: SINGLETONS }, async (args) => {
        if (args.pluginData === RESOLVING) return undefined;
        const result = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: paths.hostDir,
          pluginData: RESOLVING,
        });
        if (result.errors.length > 0) return { errors: result.errors };
        return { path: result.path, sideEffects: result.sideEffects };
      });
    },
  };
}

/**
 * @grafana/ui's link components import react-router-dom-v5-compat, its own dependency;
 * the host imports the same copy to give them a router (web/host-router.tsx).
 */
export function grafanaUiRouter(): Plugin {
  return {
    name: 'grafana-ui-router',
    setup(build) {
      build.onResolve({ filter: /^react-router-dom-v5-compat$/ }, async (args) => {
        if (args.pluginData === RESOLVING) return undefined;
        const result = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: packageDir('@grafana/ui'),
          pluginData: RESOLVING,
        });
        if (result.errors.length > 0) return { errors: result.errors };
        return { path: result.path, sideEffects: result.sideEffects };
      });
    },
  };
}

/**
 * @grafana/ui's ESM build does `import Scrollbars from 'react-custom-scrollbars-2'`, a
 * CommonJS package. From a .mjs file bundlers follow Node's interop and hand over
 * `module.exports` (an object), so React fails with error #130 in CustomScrollbar. Grafana's
 * own build hands over the `default` export; this shim does the same.
 */
export function customScrollbarsInterop(): Plugin {
  const namespace = 'custom-scrollbars-interop';
  return {
    name: namespace,
    setup(build) {
      build.onResolve({ filter: /^react-custom-scrollbars-2$/ }, () => ({
        path: 'react-custom-scrollbars-2',
        namespace,
      }));
      build.onLoad({ filter: /.*/, namespace }, () => {
        const require = createRequire(join(paths.hostDir, 'noop.js'));
        const main = require.resolve('react-custom-scrollbars-2');
        return {
          contents: `export { default, Scrollbars } from ${JSON.stringify(main)};`,
          resolveDir: paths.hostDir,
          loader: 'js',
        };
      });
    },
  };
}
