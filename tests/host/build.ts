import { build } from 'esbuild';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { customScrollbarsInterop, dedupeSingletons, grafanaUiRouter } from './bundle-plugins.ts';
import { paths } from './paths.ts';

export const bundleFile = join(paths.distDir, 'main.js');

/** Bundles web/ (React, Grafana's packages, SystemJS and the host page) into dist/. */
export async function buildHostBundle(): Promise<void> {
  const result = await build({
    entryPoints: [join(paths.webDir, 'main.tsx')],
    outdir: paths.distDir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    bundle: true,
    // ES modules with splitting, so what Grafana loads lazily (the code editor's Monaco,
    // for one) stays in chunks the page fetches only when a component needs it.
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: 'chrome120',
    jsx: 'automatic',
    sourcemap: 'linked',
    minify: true,
    // Grafana ships production React; its minified errors (#130 and co.) are what tests see.
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.ttf': 'file', '.woff2': 'file', '.woff': 'file', '.svg': 'file', '.png': 'file' },
    logLevel: 'warning',
    // systemjs declares `"type": "script"`, which esbuild warns about and handles fine.
    logOverride: { 'package.json': 'silent' },
    metafile: true,
    plugins: [dedupeSingletons(), grafanaUiRouter(), customScrollbarsInterop()],
  });
  // Kept for inspecting what went in (and for the test that checks single copies).
  writeFileSync(join(paths.distDir, 'meta.json'), JSON.stringify(result.metafile));
}

/** Builds the bundle unless dist/ already holds one (`npm run build -w tests` rebuilds it). */
export async function ensureHostBundle(): Promise<void> {
  if (!existsSync(bundleFile)) await buildHostBundle();
}

if (import.meta.main) {
  await buildHostBundle();
  console.log(`host bundle written to ${bundleFile}`);
}
