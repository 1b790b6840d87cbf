import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenSearch, type OpenSearchNode } from './harness.ts';
import { requestJson } from './request.ts';

// These checks prove the node is the real engine the OpenSearch storage backend needs, with the
// modules a packaged distribution ships, before any backend code depends on it.

const EXPECTED_PLUGINS = [
  'org.opensearch.transport.Netty4Plugin',
  'org.opensearch.analysis.common.CommonAnalysisPlugin',
  'org.opensearch.painless.PainlessPlugin',
  'org.opensearch.index.reindex.ReindexPlugin',
  'org.opensearch.index.mapper.MapperExtrasPlugin',
];

interface SearchResponse<T> {
  hits: { total: { value: number }; hits: { _id: string; _source: T; sort?: unknown[] }[] };
}

let node: OpenSearchNode;
const os = <T>(method: string, path: string, body?: unknown) =>
  requestJson<T>(node.url, method, path, body);

beforeAll(async () => {
  node = await startOpenSearch();
  // The first run builds with Maven and downloads the jars.
}, 15 * 60_000);

afterAll(async () => {
  await node?.stop();
}, 60_000);

describe('in-process OpenSearch node', () => {
  it('reports OpenSearch version 2.19.x', async () => {
    const root = await os<{ version: { distribution: string; number: string } }>('GET', '/');
    expect(root.version.distribution).toBe('opensearch');
    expect(root.version.number).toMatch(/^2\.19\.\d+$/);
  });

  it('loads the five bundled plugins', async () => {
    const rows = await os<{ component: string }[]>('GET', '/_cat/plugins?format=json');
    const loaded = rows.map((row) => row.component);
    const missing = EXPECTED_PLUGINS.filter((name) => !loaded.includes(name));
    expect(missing, `plugins missing from the node: ${missing.join(', ')}`).toEqual([]);
  });

  it('creates indices without replicas, so a single node is green', async () => {
    await os('PUT', '/replica-check');
    const health = await os<{ status: string }>(
      'GET',
      '/_cluster/health/replica-check?wait_for_status=green&timeout=30s',
    );
    expect(health.status).toBe('green');
  });

  it('bulk-creates into a data stream from a composable template and finds the documents', async () => {
    await os('PUT', '/_index_template/events-template', {
      index_patterns: ['events-test-*'],
      data_stream: {},
      template: { mappings: { properties: { message: { type: 'text' } } } },
      priority: 100,
    });
    const docs = ['disk full', 'disk slow', 'network down'].map((message, i) => ({
      '@timestamp': new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
      message,
    }));
    const bulkBody = docs.map((doc) => `{"create":{}}\n${JSON.stringify(doc)}\n`).join('');
    const bulk = await os<{ errors: boolean }>('POST', '/events-test-a/_bulk', bulkBody);
    expect(bulk.errors).toBe(false);

    await os('POST', '/events-test-a/_refresh');
    const found = await os<SearchResponse<{ message: string }>>('POST', '/events-test-a/_search', {
      query: { match: { message: 'disk' } },
    });
    expect(found.hits.total.value).toBe(2);

    const streams = await os<{ data_streams: { name: string }[] }>(
      'GET',
      '/_data_stream/events-test-a',
    );
    expect(streams.data_streams.map((s) => s.name)).toEqual(['events-test-a']);
  });

  it('accepts a flat_object mapping and matches on a dotted key inside it', async () => {
    await os('PUT', '/flat-test', {
      mappings: { properties: { attributes: { type: 'flat_object' } } },
    });
    await os('PUT', '/flat-test/_doc/1?refresh=true', {
      attributes: { http: { method: 'GET', route: '/users/:id' } },
    });
    await os('PUT', '/flat-test/_doc/2?refresh=true', {
      attributes: { http: { method: 'POST', route: '/users' } },
    });
    const found = await os<SearchResponse<unknown>>('POST', '/flat-test/_search', {
      query: { term: { 'attributes.http.method': 'POST' } },
    });
    expect(found.hits.hits.map((hit) => hit._id)).toEqual(['2']);
  });

  it('pages through a point-in-time with search_after, then deletes it', async () => {
    const bulkBody = [1, 2, 3, 4, 5]
      .map((n) => `{"index":{"_id":"${n}"}}\n${JSON.stringify({ n })}\n`)
      .join('');
    await os('POST', '/pit-test/_bulk?refresh=true', bulkBody);

    const { pit_id: pitId } = await os<{ pit_id: string }>(
      'POST',
      '/pit-test/_search/point_in_time?keep_alive=1m',
    );
    // Written after the PIT opened: a PIT must not see it.
    await os('PUT', '/pit-test/_doc/6?refresh=true', { n: 6 });

    const seen: number[] = [];
    let searchAfter: unknown[] | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await os<SearchResponse<{ n: number }>>('POST', '/_search', {
        size: 2,
        pit: { id: pitId, keep_alive: '1m' },
        sort: [{ n: 'asc' }],
        ...(searchAfter ? { search_after: searchAfter } : {}),
      });
      const hits = result.hits.hits;
      if (hits.length === 0) break;
      seen.push(...hits.map((hit) => hit._source.n));
      searchAfter = hits.at(-1)?.sort;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);

    const deleted = await os<{ pits: { pit_id: string; successful: boolean }[] }>(
      'DELETE',
      '/_search/point_in_time',
      { pit_id: [pitId] },
    );
    expect(deleted.pits).toEqual([{ pit_id: pitId, successful: true }]);
    const remaining = await os<{ pits: unknown[] }>('GET', '/_search/point_in_time/_all');
    expect(remaining.pits).toEqual([]);
  });

  it('updates by query with a painless script and deletes by query', async () => {
    const bulkBody = [1, 2, 3, 4]
      .map((n) => `{"index":{"_id":"${n}"}}\n${JSON.stringify({ n, status: 'open' })}\n`)
      .join('');
    await os('POST', '/reindex-test/_bulk?refresh=true', bulkBody);

    const updated = await os<{ updated: number }>(
      'POST',
      '/reindex-test/_update_by_query?refresh=true',
      {
        query: { range: { n: { lte: 2 } } },
        script: {
          lang: 'painless',
          source: 'ctx._source.status = params.status; ctx._source.n += 100',
          params: { status: 'resolved' },
        },
      },
    );
    expect(updated.updated).toBe(2);

    const deleted = await os<{ deleted: number }>(
      'POST',
      '/reindex-test/_delete_by_query?refresh=true',
      { query: { term: { 'status.keyword': 'resolved' } } },
    );
    expect(deleted.deleted).toBe(2);

    const left = await os<SearchResponse<{ n: number }>>('POST', '/reindex-test/_search', {
      sort: [{ n: 'asc' }],
    });
    expect(left.hits.hits.map((hit) => hit._source)).toEqual([
      { n: 3, status: 'open' },
      { n: 4, status: 'open' },
    ]);
  });

  it('shares one node between callers in the same process until the last one stops', async () => {
    const second = await startOpenSearch();
    expect(second.url).toBe(node.url);
    await second.stop();
    const health = await os<{ status: string }>('GET', '/_cluster/health');
    expect(health.status).toBe('green');
  });
});
