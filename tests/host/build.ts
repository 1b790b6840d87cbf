import { build } from 'esbuild';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { customScrollbarsInterop, dedupeSingletons, grafanaUiRouter } from './bundle-plugins.ts';
import { paths, repoRoot } from './paths.ts';

export const bundleFile = join(paths.distDir, 'main.js');
export const metafileFile = join(paths.distDir, 'meta.json');

/** Bundles web/ (React, Grafana's packages, SystemJS and the host page) into `outdir`. */
async function bundleInto(outdir: string): Promise<void> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [join(paths.webDir, 'main.tsx')],
    outdir,
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
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
}

// Built aside and moved into place, so a test file never serves a half-written bundle while
// another one builds it. The folder is named dist to stay under the root `dist/` ignore rule.
async function bundleAside(): Promise<string> {
  const outdir = join(paths.hostDir, '.building', `${process.pid}-${Date.now()}`, 'dist');
  await mkdir(outdir, { recursive: true });
  await bundleInto(outdir);
  return outdir;
}

async function dropAside(outdir: string): Promise<void> {
  await rm(join(outdir, '..'), { recursive: true, force: true });
  // Left alone while another build is still using it.
  await rmdir(join(paths.hostDir, '.building')).catch(() => {});
}

/** (Re)builds tests/host/dist. */
export async function buildHostBundle(): Promise<void> {
  const outdir = await bundleAside();
  await rm(paths.distDir, { recursive: true, force: true });
  await rename(outdir, paths.distDir);
  await dropAside(outdir);
}

/** Builds the bundle unless dist/ already holds one (`npm run build -w tests` rebuilds it). */
export async function ensureHostBundle(): Promise<void> {
  if (existsSync(bundleFile)) return;
  const outdir = await bundleAside();
  // Another process may have won the race; its bundle is as good as ours.
  if (!existsSync(bundleFile)) await rename(outdir, paths.distDir).catch(() => {});
  await dropAside(outdir);
}

if (import.meta.main) {
  await buildHostBundle();
  console.log(`host bundle written to ${paths.distDir}`);
}
