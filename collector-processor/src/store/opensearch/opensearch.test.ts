import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../config.ts';
import { silentLogger } from '../../log.ts';
import { exampleTraceJson } from '../../otlp/testing.ts';
import { startProcessor } from '../../processor.ts';
import { describeStoreConformance } from '../conformance.ts';
import { startOpenSearch, type OpenSearchNode } from '../opensearch-node.ts';
import { realisticEvents } from '../fixture.ts';
import { runByQuery } from '../search/by-query.ts';
import { describeRolloverReplay } from '../search/rollover-conformance.ts';
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

describeRolloverReplay('opensearch', async () => {
  const namespace = `r${process.pid}_${(namespaces += 1)}`;
  const store = await openOpenSearchStore({ url: node.url, namespace });
  return {
    store,
    rollover: async (stream) => {
      const res = await fetch(`${node.url}/${stream}/_rollover`, { method: 'POST' });
      expect(res.status).toBe(200);
    },
    cleanup: async () => {
      await store.destroy();
      await store.close();
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

  it('a by-query run of many scroll batches completes (OpenSearch sends a header per batch)', async () => {
    const store = await openOpenSearchStore({ url: node.url, namespace: 'many_batches' });
    try {
      await store.writeEvents(realisticEvents(1000, Date.parse('2026-03-01T00:00:00Z'), 60_000));
      await store.refresh();
      // Called directly with 10 documents per scroll batch: 100 batches. Waiting on
      // the request itself answers ~30 KiB of headers, which Node refuses.
      const result = await runByQuery(
        {
          request: async (r) => {
            const res = await fetch(
              `${node.url}${r.path}?${new URLSearchParams(Object.entries(r.query ?? {}).map(([k, v]): [string, string] => [k, String(v)]))}`,
              {
                method: r.method,
                headers: { 'content-type': 'application/json' },
                ...(r.body ? { body: JSON.stringify(r.body) } : {}),
              },
            );
            return { status: res.status, body: await res.json() };
          },
          close: async () => {},
        },
        'update by query',
        `/${store.layout.events}/_update_by_query`,
        { conflicts: 'proceed', refresh: true, scroll_size: 10 },
        {
          query: { match_all: {} },
          script: { source: "ctx._source.faultline.status = 'archived'" },
        },
      );
      expect(result.updated).toBe(1000);
      expect(
        (await store.searchEvents({ limit: 1, filter: { statuses: ['archived'] } })).total.value,
      ).toBe(1000);
      expect((await store.updateEvents({ filter: {} }, { status: 'open' })).updated).toBe(1000);
    } finally {
      await store.destroy();
      await store.close();
    }
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

describe('the processor on OpenSearch (FAULTLINE_OPENSEARCH_URL)', () => {
  const config = (dir: string, url: string) =>
    loadConfig({
      FAULTLINE_DATA_DIR: dir,
      FAULTLINE_HOST: '127.0.0.1',
      FAULTLINE_OTLP_HTTP_PORT: '0',
      FAULTLINE_OTLP_GRPC_PORT: '0',
      FAULTLINE_API_PORT: '0',
      FAULTLINE_ADMIN_TOKEN: 't',
      FAULTLINE_OPENSEARCH_URL: url,
      FAULTLINE_STORE_NAMESPACE: 'acceptance',
    });

  it('ingests OTLP and answers GET /api/v1/events from the cluster', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-os-processor-'));
    const processor = await startProcessor(config(dir, node.url), { logger: silentLogger });
    try {
      const sent = await fetch(`${processor.otlpHttpUrl}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(exampleTraceJson()),
      });
      expect(sent.status).toBe(200);
      // Stored through the spool, searchable after the engine's refresh: ask until it shows.
      let page: { items: { error?: { type?: string } }[]; total: { value: number } } | undefined;
      for (let attempt = 0; attempt < 60; attempt += 1) {
        const res = await fetch(`${processor.apiUrl}/api/v1/events?severity=ERROR,CRITICAL,FATAL`, {
          headers: { authorization: 'Bearer t' },
        });
        expect(res.status).toBe(200);
        page = (await res.json()) as typeof page;
        if (page!.total.value > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(page!.items.map((e) => e.error?.type)).toContain('TypeError');
      const streams = await fetch(`${node.url}/_data_stream/logs-faultline.*-acceptance`);
      expect(
        ((await streams.json()) as { data_streams: unknown[] }).data_streams.length,
      ).toBeGreaterThan(0);
    } finally {
      await processor.close();
      const admin = await openOpenSearchStore({ url: node.url, namespace: 'acceptance' });
      await admin.destroy();
      await admin.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an unreachable cluster fails the start with a message naming it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'faultline-os-processor-'));
    try {
      await expect(
        startProcessor(config(dir, 'http://127.0.0.1:9'), { logger: silentLogger }),
      ).rejects.toThrow(/cannot reach OpenSearch at http:\/\/127\.0\.0\.1:9/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
