import { describe, expect, it } from 'vitest';
import { API_BASE_URL, PLUGIN_BASE_URL, ROUTES, pageRoute, prefixRoute } from './constants.ts';

describe('constants', () => {
  it('derives the app URL and the page routes from plugin.json', () => {
    expect(PLUGIN_BASE_URL).toBe('/a/faultline-systemlogs-app');
    expect(ROUTES.Events).toBe('events');
    expect(prefixRoute(ROUTES.Events)).toBe('/a/faultline-systemlogs-app/events');
  });

  it('reaches the processor through the proxy route named api', () => {
    expect(API_BASE_URL).toBe('/api/plugin-proxy/faultline-systemlogs-app/api/v1');
  });

  it('pageRoute throws for a page plugin.json does not declare', () => {
    expect(() => pageRoute('Nowhere')).toThrow(/no app page named "Nowhere"/);
  });
});
