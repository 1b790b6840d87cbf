import path from 'node:path';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import webpack, { type Configuration } from 'webpack';
import { copyPatterns } from './copyFiles.ts';
import { externals } from './externals.ts';
import { DIST_DIR, SOURCE_DIR, pluginJson } from './pluginFiles.ts';

/**
 * Builds dist/ the way @grafana/create-plugin builds an app plugin: one AMD
 * `module.js` that Grafana loads with SystemJS, Grafana's shared modules left
 * external, plugin.json/README/CHANGELOG/img copied beside it. Loaded by
 * webpack-cli through Node's own type stripping (no ts-node).
 */
type Env = Record<string, string | boolean | undefined>;

const swcOptions = {
  jsc: {
    target: 'es2020',
    parser: { syntax: 'typescript', tsx: true },
    transform: { react: { runtime: 'automatic' } },
  },
};

export default function config(env: Env = {}): Configuration {
  const production = Boolean(env.production);
  return {
    mode: production ? 'production' : 'development',
    context: SOURCE_DIR,
    devtool: production ? 'source-map' : 'eval-source-map',
    // The public-path setter runs first; the entry's last module (module.tsx) is what the AMD define exports.
    entry: { module: [path.join(import.meta.dirname, 'publicPath.ts'), './module.tsx'] },
    externals,
    module: {
      rules: [
        {
          test: /\.[cm]?[jt]sx?$/,
          exclude: /node_modules/,
          use: { loader: 'swc-loader', options: swcOptions },
        },
        { test: /\.(png|jpe?g|gif|svg)$/, type: 'asset/resource' },
      ],
    },
    output: {
      clean: true,
      path: DIST_DIR,
      filename: '[name].js',
      chunkFilename: production ? '[name].js?_cache=[contenthash]' : '[name].js',
      library: { type: 'amd' },
      publicPath: `public/plugins/${pluginJson.id}/`,
      uniqueName: pluginJson.id,
    },
    plugins: [
      new webpack.DefinePlugin({ PLUGIN_ID: JSON.stringify(pluginJson.id) }),
      new CopyWebpackPlugin({ patterns: copyPatterns }),
    ],
    resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx'] },
    performance: { hints: false },
  };
}
