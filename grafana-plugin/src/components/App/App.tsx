import { Suspense, lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { ROUTES } from '../../constants.ts';
import type { AppSettings } from '../../types.ts';

const Events = lazy(() => import('../../pages/Events.tsx'));

/**
 * Grafana renders the root page inside its own router, under `/a/<plugin id>/`,
 * so these routes are relative to that.
 */
export default function App(_props: AppRootProps<AppSettings>) {
  return (
    <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
      <Routes>
        <Route path={ROUTES.Events} element={<Events />} />
        {/* Default page */}
        <Route path="*" element={<Events />} />
      </Routes>
    </Suspense>
  );
}
