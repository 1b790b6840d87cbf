import { PLUGIN_ID } from './plugin-id.ts';

// What Grafana's index.html gives a page before any script runs: <base href> (relative asset
// URLs resolve from the root) and window.grafanaBootData, which @grafana/runtime's `config`
// reads when it is first evaluated.

export function bootData(origin: string, appName: string) {
  return {
    settings: {
      appUrl: `${origin}/`,
      appSubUrl: '',
      buildInfo: { version: '13.2.3', edition: 'Open Source', env: 'production' },
      featureToggles: {},
      apps: { [PLUGIN_ID]: { id: PLUGIN_ID, path: `public/plugins/${PLUGIN_ID}`, preload: false } },
      defaultDatasource: '',
      datasources: {},
      panels: {},
    },
    user: {
      id: 1,
      uid: 'host-admin',
      login: 'admin',
      name: 'Host admin',
      email: 'admin@localhost',
      orgId: 1,
      orgName: 'Main Org.',
      orgRole: 'Admin',
      isGrafanaAdmin: true,
      isSignedIn: true,
      theme: 'dark',
      timezone: 'browser',
      weekStart: 'browser',
      locale: 'en-US',
      language: 'en-US',
      permissions: {},
    },
    navTree: [],
    assets: { dark: '', light: '' },
    appName,
  };
}

// JSON inside <script> must not be able to close the tag.
const scriptSafe = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

export function renderHostPage(origin: string, title: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <base href="/" />
    <link rel="icon" href="data:," />
    <title>${title.replace(/[<&>]/g, '')} - Grafana host</title>
    <link rel="stylesheet" href="/public/host/main.css" />
    <script>window.grafanaBootData = ${scriptSafe(bootData(origin, title))};</script>
  </head>
  <body class="theme-dark">
    <div id="reactRoot"></div>
    <script type="module" src="/public/host/main.js"></script>
  </body>
</html>
`;
}
