import { ThemeContext, createTheme, type AppPlugin } from '@grafana/data';
import { GlobalStyles } from '@grafana/ui';
import { css } from '@emotion/css';
import { useMemo } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { APP_BASE_PATH, PLUGIN_ID } from '../plugin-id.ts';
import { AppRootPage, PluginConfigPage } from './app-pages.tsx';
import { HostRouter } from './host-router.tsx';

// What Grafana puts around every page: the theme, its global styles (fonts, body colours,
// form resets) and the router. No navigation chrome: the app's own page is what is tested.
export function HostApp({ plugin }: { plugin: AppPlugin }) {
  const theme = useMemo(() => createTheme(), []);
  const main = css({ padding: theme.spacing(2, 3), minHeight: '100vh' });
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <HostRouter>
        <main className={main}>
          <Routes>
            <Route path={`${APP_BASE_PATH}/*`} element={<AppRootPage plugin={plugin} />} />
            <Route path={`/plugins/${PLUGIN_ID}`} element={<PluginConfigPage plugin={plugin} />} />
            <Route path="*" element={<Navigate to={APP_BASE_PATH} replace />} />
          </Routes>
        </main>
      </HostRouter>
    </ThemeContext.Provider>
  );
}
