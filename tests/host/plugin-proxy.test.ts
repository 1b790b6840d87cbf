import { describe, expect, it } from 'vitest';
import { matchRoute, targetUrl } from './plugin-proxy.ts';

const routes = [
  { path: 'api', url: '{{ .JsonData.apiUrl }}/api' },
  { path: 'admin', method: 'POST', url: 'http://admin.invalid' },
];
const data = { JsonData: { apiUrl: 'http://127.0.0.1:9' }, SecureJsonData: {} };

describe('matchRoute', () => {
  it('matches a route by its path prefix on a segment boundary and keeps the rest', () => {
    expect(matchRoute(routes, '/api/v1/events', 'GET')).toEqual({
      route: routes[0],
      rest: '/v1/events',
    });
    expect(matchRoute(routes, '/api', 'GET')).toEqual({ route: routes[0], rest: '' });
    expect(matchRoute(routes, '/apix/v1', 'GET')).toBeUndefined();
  });

  it('skips a route whose method differs', () => {
    expect(matchRoute(routes, '/admin/x', 'GET')).toBeUndefined();
    expect(matchRoute(routes, '/admin/x', 'POST')?.route).toBe(routes[1]);
  });
});

describe('targetUrl', () => {
  it('joins the rendered route url with the rest of the path and keeps the query', () => {
    const match = matchRoute(routes, '/api/v1/events', 'GET')!;
    expect(targetUrl(match, '?limit=5&q=a%20b', data).href).toBe(
      'http://127.0.0.1:9/api/v1/events?limit=5&q=a%20b',
    );
  });

  it('targets the route url itself when nothing follows the route path', () => {
    const match = matchRoute(routes, '/api', 'GET')!;
    expect(targetUrl(match, '', data).href).toBe('http://127.0.0.1:9/api');
  });
});
