import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Button, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import { EventsTable } from '../components/EventsTable/EventsTable.tsx';
import { testIds } from '../components/testIds.ts';
import { useEvents } from '../hooks/useEvents.ts';
import type { EventsPage } from '../services/api.ts';
import { toEventRow } from '../services/eventRows.ts';

/** How many of the newest events the page shows. */
export const EVENTS_PAGE_SIZE = 100;

function summary(page: EventsPage): string {
  const total = `${page.total.relation === 'gte' ? 'at least ' : ''}${page.total.value}`;
  return `Newest ${page.items.length} of ${total} events`;
}

function Events() {
  const s = useStyles2(getStyles);
  const { state, reload } = useEvents(EVENTS_PAGE_SIZE);

  return (
    // Inside Grafana this draws the page chrome; elsewhere @grafana/runtime's default renders the children only.
    <PluginPage>
      <div className={s.page} data-testid={testIds.events.container}>
        <div className={s.toolbar}>
          <span className={s.summary} data-testid={testIds.events.summary}>
            {state.status === 'ready' ? summary(state.page) : ''}
          </span>
          <Button
            variant="secondary"
            icon="sync"
            onClick={reload}
            disabled={state.status === 'loading'}
            data-testid={testIds.events.refresh}
          >
            Refresh
          </Button>
        </div>

        {state.status === 'loading' && (
          <div data-testid={testIds.events.loading}>
            <LoadingPlaceholder text="Loading events…" />
          </div>
        )}

        {state.status === 'error' && (
          <Alert severity="error" title="Could not load events" data-testid={testIds.events.error}>
            {state.message}
          </Alert>
        )}

        {state.status === 'ready' && state.page.items.length === 0 && (
          <div className={s.empty} data-testid={testIds.events.empty}>
            No events yet. Once instrumented services report errors or logs, they appear here.
          </div>
        )}

        {state.status === 'ready' && state.page.items.length > 0 && (
          <EventsTable rows={state.page.items.map(toEventRow)} />
        )}
      </div>
    </PluginPage>
  );
}

export default Events;

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  }),
  toolbar: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(2),
  }),
  summary: css({
    color: theme.colors.text.secondary,
  }),
  empty: css({
    padding: theme.spacing(4),
    textAlign: 'center',
    color: theme.colors.text.secondary,
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
});
