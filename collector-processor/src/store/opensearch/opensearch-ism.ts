import { RETENTION_CLASSES, type RetentionDays } from '../retention.ts';
import { lifecyclePolicyName } from '../search/templates.ts';
import { expectOk, type EngineTransport } from '../search/transport.ts';

/**
 * Index State Management, OpenSearch's lifecycle policies, where the cluster
 * has the index-management plugin (packaged distributions and most managed
 * services; not the in-process test node). Without it the processor deletes
 * old events itself (open-store.ts).
 */

export const ISM_PLUGIN = 'opensearch-index-management';

/** Whether the cluster lists the plugin; a user not allowed to ask is treated as "no". */
export async function hasIsm(transport: EngineTransport): Promise<boolean> {
  const { status, body } = await transport.request({
    method: 'GET',
    path: '/_cat/plugins',
    query: { format: 'json' },
  });
  if (status !== 200 || !Array.isArray(body)) return false;
  return (body as { component: string }[]).some((p) => p.component === ISM_PLUGIN);
}

/** Hot with rollover at 50 GB per primary shard or 30 days; deleted `days` after creation. */
export function ismPolicy(streamPattern: string, days: number) {
  return {
    policy: {
      description: 'faultline retention (managed by the processor)',
      default_state: 'hot',
      states: [
        {
          name: 'hot',
          actions: [{ rollover: { min_primary_shard_size: '50gb', min_index_age: '30d' } }],
          transitions: [{ state_name: 'delete', conditions: { min_index_age: `${days}d` } }],
        },
        { name: 'delete', actions: [{ delete: {} }], transitions: [] },
      ],
      ism_template: [{ index_patterns: [streamPattern], priority: 100 }],
    },
  };
}

/**
 * Installs one policy per retention class. A policy that exists already
 * answers 409 and is kept as it is (an operator may have tuned it).
 */
export async function installIsmPolicies(
  transport: EngineTransport,
  days: RetentionDays,
): Promise<void> {
  for (const cls of RETENTION_CLASSES) {
    await expectOk(
      transport,
      `ISM policy ${lifecyclePolicyName(cls)}`,
      {
        method: 'PUT',
        path: `/_plugins/_ism/policies/${lifecyclePolicyName(cls)}`,
        body: ismPolicy(`logs-faultline.${cls}-*`, days[cls]),
      },
      [409],
    );
  }
}
