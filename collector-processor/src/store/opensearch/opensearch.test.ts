import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeStoreConformance } from '../conformance.ts';
import { startOpenSearch, type OpenSearchNode } from '../opensearch-node.ts';
import { StoreUnreachableError } from '../search/connection.ts';
import type { SearchEngineStore } from '../search/search-store.ts';
import { openOpenSearchStore } from './opensearch-store.ts';

// A busy CI machine runs every project at once: give the engine room.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let node: OpenSearchNode;
let namespaces = 0;

beforeAll(async () => {
  node = await startOpenSearch({ heap: '768m' });
}, 600_000); // the first run builds the launcher with Maven

afterAll(async () => {
  await node?.stop();
});

/** Each store gets a namespace of its own: its own streams and indices, deleted afterwards. */
describeStoreConformance('opensearch', async () => {
  const namespace = `t${process.pid}_${(namespaces += 1)}`;
  const store: SearchEngineStore = await openOpenSearchStore({ url: node.url, namespace });
  const admin = await openOpenSearchStore({ url: node.url, namespace });
  return {
    store,
    cleanup: async () => {
      await admin.destroy();
      await admin.close();
    },
  };
});

describe('OpenSearch store', () => {
  it('reports a cluster it cannot reach by name and URL', async () => {
    await expect(openOpenSearchStore({ url: 'http://127.0.0.1:9' })).rejects.toThrow(
      StoreUnreachableError,
    );
    await expect(openOpenSearchStore({ url: 'http://127.0.0.1:9' })).rejects.toThrow(
      /cannot reach OpenSearch at http:\/\/127\.0\.0\.1:9/,
    );
  });

  it('stores events in data streams per retention class, attributes as flat_object', async () => {
    const store = await openOpenSearchStore({ url: node.url, namespace: 'layout_check' });
    try {
      await store.writeEvents([
        {
          '@timestamp': '2026-01-01T00:00:00Z',
          message: 'debug line',
          event: { id: 'd1' },
          log: { level: 'DEBUG' },
          faultline: { log_type: 'DEBUG', severity: 'DEBUG', status: 'open' },
          attributes: { 'a.b': 'c', n: 1 },
        },
        {
          '@timestamp': '2026-01-01T00:00:00Z',
          message: 'login failed',
          event: { id: 's1' },
          log: { level: 'WARNING' },
          faultline: { log_type: 'SECURITY', severity: 'WARNING', status: 'open' },
        },
      ]);
      const streams = await fetch(`${node.url}/_data_stream/logs-faultline.*-layout_check`);
      const names = ((await streams.json()) as { data_streams: { name: string }[] }).data_streams
        .map((s) => s.name)
        .sort();
      expect(names).toEqual([
        'logs-faultline.debug-layout_check',
        'logs-faultline.security-layout_check',
      ]);
      const mapping = await fetch(`${node.url}/logs-faultline.debug-layout_check/_mapping`);
      expect(JSON.stringify(await mapping.json())).toMatch(/"attributes":\{"type":"flat_object"\}/);
    } finally {
      await store.destroy();
      await store.close();
    }
  });
});
