import amdModule from 'amd-module';

// Lazy chunks load relative to where Grafana loaded module.js from (it may be a
// CDN); when the loader does not say, use Grafana's usual plugin folder.
__webpack_public_path__ = amdModule?.uri
  ? amdModule.uri.slice(0, amdModule.uri.lastIndexOf('/') + 1)
  : `public/plugins/${PLUGIN_ID}/`;
