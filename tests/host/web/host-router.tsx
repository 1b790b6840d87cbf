import { locationService } from '@grafana/runtime';
import { useLayoutEffect, useMemo, useState, type ReactNode } from 'react';
import {
  NavigationType,
  Router,
  parsePath,
  type Location,
  type Navigator,
  type To,
} from 'react-router';
import { Router as GrafanaUiRouter } from 'react-router-dom-v5-compat';

// Grafana keeps one browser history (locationService's) and renders its routers from it, so
// `locationService.push()` from a plugin moves the page just as a react-router <Link> does.
// Two routers read it here: react-router 7, the `react-router-dom` plugins get, and the
// react-router 6 that @grafana/ui's own Link/TextLink are built on (react-router-dom-v5-compat).

type HistoryLocation = {
  pathname: string;
  search: string;
  hash: string;
  state?: unknown;
  key?: string;
};
type HistoryAction = 'PUSH' | 'POP' | 'REPLACE';

function toLocation(location: HistoryLocation): Location {
  return {
    pathname: location.pathname,
    search: location.search,
    hash: location.hash,
    state: location.state ?? null,
    key: location.key ?? 'default',
  };
}

function toNavigationType(action: HistoryAction): NavigationType {
  if (action === 'PUSH') return NavigationType.Push;
  if (action === 'REPLACE') return NavigationType.Replace;
  return NavigationType.Pop;
}

export function HostRouter({ children }: { children: ReactNode }) {
  const history = locationService.getHistory();
  const [current, setCurrent] = useState(() => ({
    location: toLocation(history.location as HistoryLocation),
    action: NavigationType.Pop,
  }));

  useLayoutEffect(
    () =>
      history.listen((location: HistoryLocation, action: HistoryAction) =>
        setCurrent({ location: toLocation(location), action: toNavigationType(action) }),
      ),
    [history],
  );

  const navigator = useMemo<Navigator>(
    () => ({
      createHref: (to: To) => history.createHref(typeof to === 'string' ? parsePath(to) : to),
      push: (to: To, state?: unknown) => history.push(to, state),
      replace: (to: To, state?: unknown) => history.replace(to, state),
      go: (delta: number) => history.go(delta),
    }),
    [history],
  );

  return (
    <Router location={current.location} navigationType={current.action} navigator={navigator}>
      <GrafanaUiRouter
        location={current.location}
        navigationType={current.action}
        navigator={navigator}
      >
        {children}
      </GrafanaUiRouter>
    </Router>
  );
}
