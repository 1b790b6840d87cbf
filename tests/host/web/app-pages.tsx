import {
  PluginContextProvider,
  urlUtil,
  type AppPlugin,
  type AppRootProps,
  type NavModel,
} from '@grafana/data';
import { ErrorBoundaryAlert, LoadingPlaceholder } from '@grafana/ui';
import { Suspense, useMemo, useState } from 'react';
import { useLocation } from 'react-router';
import { APP_BASE_PATH } from '../plugin-id.ts';

// The two places Grafana shows an app: its root page under /a/<id>/* (AppRootPage in
// Grafana) and the config tabs of its plugin page under /plugins/<id>.

// Grafana's PluginPage puts the page's nav title above the app; @grafana/runtime's public
// build cannot swap its PluginPage, so the host shows the title of the plugin.json page
// (`includes`) the path is under, or what the app sent through onNavChanged.
function pageTitle(plugin: AppPlugin, pathname: string, nav: NavModel | undefined): string {
  if (nav) return nav.main.text;
  const pages = (plugin.meta.includes ?? []).filter(
    (include) =>
      include.path && (pathname === include.path || pathname.startsWith(`${include.path}/`)),
  );
  pages.sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0));
  return pages[0]?.name ?? plugin.meta.name;
}

export function AppRootPage({ plugin }: { plugin: AppPlugin }) {
  const location = useLocation();
  const [nav, setNav] = useState<NavModel>();
  const query = useMemo(() => urlUtil.parseKeyValue(location.search.slice(1)), [location.search]);
  const Root = plugin.root;
  if (!Root) return <p>The app has no root page.</p>;
  const props: AppRootProps = {
    meta: plugin.meta,
    basename: APP_BASE_PATH,
    path: location.pathname,
    query,
    onNavChanged: setNav,
  };
  return (
    <PluginContextProvider meta={plugin.meta}>
      <h1 data-testid="host-page-title">{pageTitle(plugin, location.pathname, nav)}</h1>
      <ErrorBoundaryAlert>
        <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
          <Root {...props} />
        </Suspense>
      </ErrorBoundaryAlert>
    </PluginContextProvider>
  );
}

export function PluginConfigPage({ plugin }: { plugin: AppPlugin }) {
  const location = useLocation();
  const query = useMemo(() => urlUtil.parseKeyValue(location.search.slice(1)), [location.search]);
  const pages = plugin.configPages ?? [];
  if (pages.length === 0) return <p>The app has no configuration page.</p>;
  return (
    <PluginContextProvider meta={plugin.meta}>
      {pages.map(({ id, title, body: Body }) => (
        <section key={id} aria-label={title}>
          <ErrorBoundaryAlert>
            <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
              <Body plugin={plugin} query={query} />
            </Suspense>
          </ErrorBoundaryAlert>
        </section>
      ))}
    </PluginContextProvider>
  );
}
