/**
 * The one map of test ids, shared by the unit tests and the browser tests of
 * the built plugin, so a renamed id breaks both at once.
 */
export const testIds = {
  appConfig: {
    container: 'data-testid faultline-config',
    apiUrl: 'data-testid faultline-config-api-url',
    apiToken: 'data-testid faultline-config-api-token',
    submit: 'data-testid faultline-config-submit',
    error: 'data-testid faultline-config-error',
  },
  events: {
    container: 'data-testid faultline-events',
    loading: 'data-testid faultline-events-loading',
    table: 'data-testid faultline-events-table',
    row: 'data-testid faultline-events-row',
    empty: 'data-testid faultline-events-empty',
    error: 'data-testid faultline-events-error',
    refresh: 'data-testid faultline-events-refresh',
    summary: 'data-testid faultline-events-summary',
  },
} as const;
