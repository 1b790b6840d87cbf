// react-router-dom-v5-compat is @grafana/ui's own (nested) dependency, so TypeScript cannot
// resolve it from here; build.ts resolves it from @grafana/ui's folder. Only the low-level
// Router is used (host-router.tsx).
declare module 'react-router-dom-v5-compat' {
  import type { ComponentType, ReactNode } from 'react';
  import type { Location, NavigationType, Navigator } from 'react-router';

  export const Router: ComponentType<{
    location: Location;
    navigationType?: NavigationType;
    navigator: Navigator;
    children?: ReactNode;
  }>;
}
