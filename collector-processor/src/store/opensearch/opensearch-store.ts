import { Client } from '@opensearch-project/opensearch';
import type { RetentionDays } from '../retention.ts';
import { hasIsm, installIsmPolicies } from './opensearch-ism.ts';
import { bootstrap } from '../search/bootstrap.ts';
import { layoutFor } from '../search/layout.ts';
import { SearchEngineStore } from '../search/search-store.ts';
import { responseOfError, type EngineTransport } from '../search/transport.ts';
import { openSearchDialect } from './opensearch-dialect.ts';
import { checkReachable, type EngineConnection } from '../search/connection.ts';

export interface OpenSearchStoreOptions extends EngineConnection {
  /** The `<namespace>` of the data streams and indices (default 'default'). */
  readonly namespace?: string;
  /** Days per retention class: installed as ISM policies when the cluster has the plugin. */
  readonly retention?: RetentionDays;
}

/** The official OpenSearch client, seen through the transport every search backend uses. */
function transportOf(client: Client): EngineTransport {
  return {
    async request({ method, path, body, ndjson, query }) {
      try {
        const response = await client.transport.request({
          method,
          path,
          querystring: query as Record<string, string>,
          ...(ndjson !== undefined
            ? { bulkBody: ndjson }
            : body !== undefined
              ? { body: body as Record<string, unknown> }
              : {}),
        });
        return { status: response.statusCode ?? 200, body: response.body };
      } catch (error) {
        return responseOfError(error);
      }
    },
    close: () => client.close(),
  };
}

/**
 * Connects, checks the cluster answers, and installs templates and indices.
 * Rejects with a message naming the URL when the cluster cannot be reached.
 */
export async function openOpenSearchStore(
  options: OpenSearchStoreOptions,
): Promise<SearchEngineStore> {
  const client = new Client({
    node: options.url,
    // The client knows basic auth only; an API key travels as its header.
    ...(options.apiKey ? { headers: { authorization: `ApiKey ${options.apiKey}` } } : {}),
    ...(options.username
      ? { auth: { username: options.username, password: options.password ?? '' } }
      : {}),
    ...(options.ca ? { ssl: { ca: options.ca } } : {}),
    requestTimeout: 60_000,
  });
  const transport = transportOf(client);
  try {
    await checkReachable(transport, 'OpenSearch', options.url);
    const layout = layoutFor(options.namespace ?? 'default');
    await bootstrap(transport, openSearchDialect, layout);
    const ism = options.retention !== undefined && (await hasIsm(transport));
    if (ism) await installIsmPolicies(transport, options.retention!);
    return new SearchEngineStore(transport, openSearchDialect, layout, undefined, ism);
  } catch (error) {
    await transport.close().catch(() => undefined);
    throw error;
  }
}
