import type { Logger } from '../log.ts';
import { runPeriodically } from '../periodic.ts';
import { openElasticsearchStore } from './elasticsearch/elasticsearch-store.ts';
import { openOpenSearchStore } from './opensearch/opensearch-store.ts';
import { enforceRetention } from './retention.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';
import type { StoreConfig } from './store-config.ts';
import type { Store } from './store.ts';

/**
 * The configured store, ready to use. A search engine that cannot be reached
 * rejects with a StoreUnreachableError naming it and its URL.
 */
export async function openStore(config: StoreConfig, dataDir: string): Promise<Store> {
  const connection = {
    url: config.url!,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.username ? { username: config.username } : {}),
    ...(config.password ? { password: config.password } : {}),
    ...(config.ca ? { ca: config.ca } : {}),
    namespace: config.namespace,
  };
  if (config.backend === 'elasticsearch') {
    return openElasticsearchStore({ ...connection, retention: config.retention });
  }
  if (config.backend === 'opensearch') {
    return openOpenSearchStore({ ...connection, retention: config.retention });
  }
  return new SqliteStore({ dataDir });
}

const HOUR = 3_600_000;

/**
 * Retention the processor runs itself, hourly and shortly after start, for
 * backends without lifecycle policies: SQLite, and OpenSearch without the
 * index-management plugin. Elasticsearch (ILM) and OpenSearch with ISM
 * delete on their own. Returns the stop function.
 */
export function scheduleRetention(
  store: Store,
  config: StoreConfig,
  logger: Logger,
  everyMs = HOUR,
): () => Promise<void> {
  if ((store as { lifecycleManaged?: boolean }).lifecycleManaged) return async () => {};
  const run = () =>
    enforceRetention(store, config.retention, new Date())
      .then((deleted) => {
        const total = Object.values(deleted).reduce((a, b) => a + b, 0);
        if (total > 0)
          logger.info(`retention: deleted ${total} events (${JSON.stringify(deleted)})`);
      })
      .catch((error: unknown) => logger.error('retention run failed; it runs again later', error));
  return runPeriodically(run, everyMs, 5_000);
}
