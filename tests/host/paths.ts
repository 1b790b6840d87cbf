import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';

// Every location is derived from this file, so the host works from any checkout.
const hostDir = import.meta.dirname;
export const repoRoot = resolve(hostDir, '../..');

export const paths = {
  hostDir,
  webDir: join(hostDir, 'web'),
  /** The host bundle (gitignored by the root `dist/` rule). */
  distDir: join(hostDir, 'dist'),
  fixturesDir: join(hostDir, 'fixtures'),
  pluginDistDir: join(repoRoot, 'grafana-plugin', 'dist'),
  pluginJson: join(repoRoot, 'grafana-plugin', 'src', 'plugin.json'),
  /** Icons that @grafana/ui's Icon fetches at run time. */
  iconsDir: join(packageDir('@grafana/ui'), 'dist', 'public', 'img', 'icons'),
};

/** The folder of an installed package, resolved the way Node resolves it from here. */
export function packageDir(name: string, from: string = hostDir): string {
  const require = createRequire(join(from, 'noop.js'));
  return dirname(require.resolve(`${name}/package.json`));
}
