import { describe, expect, it } from 'vitest';
import { describeStoreConformance } from '../conformance.ts';
import { describeRolloverReplay } from '../search/rollover-conformance.ts';
import { defaultRetentionDays } from '../retention.ts';
import { bootstrap } from '../search/bootstrap.ts';
import { layoutFor } from '../search/layout.ts';
import { SearchEngineStore } from '../search/search-store.ts';
import type { EngineRequest, EngineResponse, EngineTransport } from '../search/transport.ts';
import { elasticsearchDialect } from './elasticsearch-dialect.ts';
import { openElasticsearchStore } from './elasticsearch-store.ts';

/**
 * No Elasticsearch runs here: the requests only Elasticsearch receives (ILM
 * policies, templates naming them, `_pit`) are checked for shape against the
 * documented request bodies, answered with recorded responses. With ES_URL
 * set, the whole conformance suite runs against that cluster too.
 */

/** A transport that records requests and answers from a script of recorded responses. */
function recording(answer: (r: EngineRequest) => EngineResponse) {
  const requests: EngineRequest[] = [];
  const transport: EngineTransport = {
    async request(r) {
      requests.push(r);
      return answer(r);
    },
    async close() {},
  };
  return { requests, transport };
}

const ACK: EngineResponse = { status: 200, body: { acknowledged: true } };

describe('Elasticsearch requests (shape, recorded responses)', () => {
  it('bootstrap: one ILM policy per retention class, then templates naming them, then indices', async () => {
    const { requests, transport } = recording(() => ACK);
    const days = defaultRetentionDays(90);
    await bootstrap(transport, elasticsearchDialect, layoutFor('prod'), { lifecycle: days });
    const paths = requests.map((r) => `${r.method} ${r.path}`);
    expect(paths.slice(0, 7)).toEqual([
      'PUT /_ilm/policy/faultline-debug',
      'PUT /_ilm/policy/faultline-info',
      'PUT /_ilm/policy/faultline-default',
      'PUT /_ilm/policy/faultline-critical',
      'PUT /_ilm/policy/faultline-security',
      'PUT /_ilm/policy/faultline-audit',
      'PUT /_ilm/policy/faultline-audit-log',
    ]);
    // PUT _ilm/policy/<name> { policy: { phases: { hot: { actions: { rollover } }, delete: { min_age, actions: { delete } } } } }
    expect(requests[0]!.body).toEqual({
      policy: {
        _meta: { managed_by: 'faultline' },
        phases: {
          hot: {
            min_age: '0ms',
            actions: { rollover: { max_primary_shard_size: '50gb', max_age: '30d' } },
          },
          delete: { min_age: '7d', actions: { delete: {} } },
        },
      },
    });
    const minAge = (i: number) =>
      (requests[i]!.body as { policy: { phases: { delete: { min_age: string } } } }).policy.phases
        .delete.min_age;
    expect([0, 1, 2, 3, 4, 5].map(minAge)).toEqual(['7d', '30d', '90d', '180d', '365d', '365d']);

    const component = requests.find(
      (r) => r.path === '/_component_template/faultline-events@mappings',
    )!;
    const mappings = (component.body as { template: { mappings: Record<string, unknown> } })
      .template.mappings as { dynamic: boolean; properties: Record<string, { type?: string }> };
    expect(mappings.dynamic).toBe(false);
    expect(mappings.properties.attributes).toEqual({ type: 'flattened' });
    expect(mappings.properties['@timestamp']).toEqual({ type: 'date_nanos' });

    // PUT _index_template/<name> { index_patterns, data_stream: {}, composed_of, priority, template.settings.index.lifecycle.name }
    const debug = requests.find((r) => r.path === '/_index_template/faultline-events-debug')!;
    expect(debug.body).toMatchObject({
      index_patterns: ['logs-faultline.debug-*'],
      data_stream: {},
      composed_of: ['faultline-events@mappings', 'faultline-events@settings'],
      priority: 200,
      template: { settings: { index: { lifecycle: { name: 'faultline-debug' } } } },
    });
    expect(paths.slice(-2)).toEqual([
      'PUT /faultline-prod.patterns',
      'PUT /faultline-prod.records',
    ]);
  });

  it('bootstrap again: existing indices are fine (idempotent)', async () => {
    const { transport } = recording((r) =>
      r.path.startsWith('/faultline-prod.')
        ? {
            status: 400,
            body: {
              error: {
                type: 'resource_already_exists_exception',
                reason: 'index [faultline-prod.patterns/abc] already exists',
              },
              status: 400,
            },
          }
        : ACK,
    );
    await expect(
      bootstrap(transport, elasticsearchDialect, layoutFor('prod'), {
        lifecycle: defaultRetentionDays(),
      }),
    ).resolves.toBeUndefined();
  });

  it('exports through POST /<streams>/_pit, pages with the newest pit id, and closes it with DELETE /_pit', async () => {
    const hit = (id: string, ts: string) => ({
      _source: {
        '@timestamp': ts,
        message: id,
        event: { id },
        log: { level: 'INFO' },
        faultline: { log_type: 'INFO', severity: 'INFO', status: 'open' },
      },
      sort: [ts, id],
    });
    const pages = [
      {
        pit_id: 'pit-2',
        hits: {
          hits: [
            hit('b', '2026-01-02T00:00:00.000000000Z'),
            hit('a', '2026-01-01T00:00:00.000000000Z'),
          ],
        },
      },
      { pit_id: 'pit-3', hits: { hits: [] } },
    ];
    const { requests, transport } = recording((r) => {
      if (r.path.endsWith('/_pit') && r.method === 'POST')
        return { status: 200, body: { id: 'pit-1' } };
      if (r.path === '/_pit') return { status: 200, body: { succeeded: true, num_freed: 1 } };
      return { status: 200, body: pages.shift() };
    });
    const store = new SearchEngineStore(transport, elasticsearchDialect, layoutFor('prod'));
    const ids: string[] = [];
    for await (const e of store.streamEvents({}, { batchSize: 2 })) ids.push(e.event.id);
    expect(ids).toEqual(['b', 'a']);
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: '/logs-faultline.*-prod/_pit',
      query: { keep_alive: '2m' },
    });
    const searches = requests.filter((r) => r.path === '/_search');
    expect((searches[0]!.body as { pit: unknown }).pit).toEqual({ id: 'pit-1', keep_alive: '2m' });
    expect((searches[1]!.body as { pit: unknown; search_after: unknown }).pit).toEqual({
      id: 'pit-2',
      keep_alive: '2m',
    });
    expect((searches[1]!.body as { search_after: unknown }).search_after).toEqual([
      '2026-01-01T00:00:00.000000000Z',
      'a',
    ]);
    expect(requests.at(-1)).toEqual({ method: 'DELETE', path: '/_pit', body: { id: 'pit-3' } });
  });
});

const ES_URL = process.env.ES_URL;
if (!ES_URL) console.info('[store] Elasticsearch conformance skipped: ES_URL is not set');
// The whole suite is declared either way, so a run without ES_URL lists each test as skipped.
describe.skipIf(!ES_URL)('against the cluster at ES_URL', () => {
  let n = 0;
  describeStoreConformance('elasticsearch', async () => {
    const namespace = `t${process.pid}_${(n += 1)}`;
    const url = ES_URL!;
    const store = await openElasticsearchStore({ url, namespace });
    return {
      store,
      cleanup: async () => {
        const admin = await openElasticsearchStore({ url, namespace });
        await admin.destroy();
        await admin.close();
      },
    };
  });
  describeRolloverReplay('elasticsearch', async () => {
    const namespace = `r${process.pid}_${(n += 1)}`;
    const store = await openElasticsearchStore({ url: ES_URL!, namespace });
    return {
      store,
      rollover: async (stream) => {
        // Credentials in ES_URL (http://user:pass@host) go in a header: fetch refuses them in the URL.
        const url = new URL(`${stream}/_rollover`, ES_URL);
        const auth = url.username ? `${url.username}:${url.password}` : undefined;
        url.username = url.password = '';
        const res = await fetch(url, {
          method: 'POST',
          headers: auth ? { authorization: `Basic ${btoa(decodeURIComponent(auth))}` } : {},
        });
        expect(res.status).toBe(200);
      },
      cleanup: async () => {
        await store.destroy();
        await store.close();
      },
    };
  });
});
