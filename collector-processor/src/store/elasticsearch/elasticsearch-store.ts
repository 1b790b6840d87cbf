import { Client } from '@elastic/elasticsearch';
import { defaultRetentionDays, type RetentionDays } from '../retention.ts';
import { bootstrap } from '../search/bootstrap.ts';
import { checkReachable, type EngineConnection } from '../search/connection.ts';
import { layoutFor } from '../search/layout.ts';
import { SearchEngineStore } from '../search/search-store.ts';
import { responseOfError, type EngineTransport } from '../search/transport.ts';
import { elasticsearchDialect } from './elasticsearch-dialect.ts';

export interface ElasticsearchStoreOptions extends EngineConnection {
  /** The `<namespace>` of the data streams and indices (default 'default'). */
  readonly namespace?: string;
  /** Days each retention class is kept: installed as one ILM policy per class. */
  readonly retention?: RetentionDays;
}

/** The official Elasticsearch client, seen through the transport every search backend uses. */
export function elasticsearchTransport(client: Client): EngineTransport {
  return {
    async request({ method, path, body, ndjson, query }) {
      try {
        const response = await client.transport.request(
          {
            method,
            path,
            querystring: query as Record<string, string>,
            ...(ndjson !== undefined
              ? { bulkBody: ndjson }
              : body !== undefined
                ? { body: body as Record<string, unknown> }
                : {}),
          },
          { meta: true },
        );
        return { status: response.statusCode ?? 200, body: response.body };
      } catch (error) {
        return responseOfError(error);
      }
    },
    close: () => client.close(),
  };
}

/**
 * Connects, checks the cluster answers, and installs ILM policies,
 * templates and indices. Rejects naming the URL when it cannot be reached.
 */
export async function openElasticsearchStore(
  options: ElasticsearchStoreOptions,
): Promise<SearchEngineStore> {
  const client = new Client({
    node: options.url,
    ...(options.apiKey ? { auth: { apiKey: options.apiKey } } : {}),
    ...(options.username
      ? { auth: { username: options.username, password: options.password ?? '' } }
      : {}),
    ...(options.ca ? { tls: { ca: options.ca } } : {}),
    requestTimeout: 60_000,
  });
  const transport = elasticsearchTransport(client);
  try {
    await checkReachable(transport, 'Elasticsearch', options.url);
    const layout = layoutFor(options.namespace ?? 'default');
    await bootstrap(transport, elasticsearchDialect, layout, {
      lifecycle: options.retention ?? defaultRetentionDays(),
    });
    return new SearchEngineStore(transport, elasticsearchDialect, layout, undefined, true);
  } catch (error) {
    await transport.close().catch(() => undefined);
    throw error;
  }
}
