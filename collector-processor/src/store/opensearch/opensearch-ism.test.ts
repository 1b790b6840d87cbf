import { describe, expect, it } from 'vitest';
import { defaultRetentionDays } from '../retention.ts';
import type { EngineRequest, EngineTransport } from '../search/transport.ts';
import { hasIsm, installIsmPolicies } from './opensearch-ism.ts';

/** ISM is absent from the in-process node: its requests are checked for shape here. */
function recording(status: (r: EngineRequest) => number, body: unknown = {}) {
  const requests: EngineRequest[] = [];
  const transport: EngineTransport = {
    async request(r) {
      requests.push(r);
      return { status: status(r), body };
    },
    async close() {},
  };
  return { requests, transport };
}

describe('OpenSearch ISM', () => {
  it('is detected from the plugin list', async () => {
    const withIsm = recording(
      () => 200,
      [{ name: 'n', component: 'opensearch-index-management', version: '2.19.0.0' }],
    );
    expect(await hasIsm(withIsm.transport)).toBe(true);
    expect(withIsm.requests[0]).toMatchObject({ method: 'GET', path: '/_cat/plugins' });
    expect(await hasIsm(recording(() => 200, []).transport)).toBe(false);
  });

  it('installs one policy per class: hot with rollover, delete after the class days, applied by ism_template', async () => {
    const { requests, transport } = recording(() => 201);
    await installIsmPolicies(transport, defaultRetentionDays(90));
    expect(requests.map((r) => r.path)).toEqual([
      '/_plugins/_ism/policies/faultline-debug',
      '/_plugins/_ism/policies/faultline-info',
      '/_plugins/_ism/policies/faultline-default',
      '/_plugins/_ism/policies/faultline-critical',
      '/_plugins/_ism/policies/faultline-security',
      '/_plugins/_ism/policies/faultline-audit',
    ]);
    expect(requests[0]!.body).toMatchObject({
      policy: {
        default_state: 'hot',
        states: [
          {
            name: 'hot',
            actions: [{ rollover: { min_primary_shard_size: '50gb', min_index_age: '30d' } }],
            transitions: [{ state_name: 'delete', conditions: { min_index_age: '7d' } }],
          },
          { name: 'delete', actions: [{ delete: {} }] },
        ],
        ism_template: [{ index_patterns: ['logs-faultline.debug-*'], priority: 100 }],
      },
    });
  });

  it('keeps a policy that exists already (409)', async () => {
    const { transport } = recording(() => 409);
    await expect(installIsmPolicies(transport, defaultRetentionDays())).resolves.toBeUndefined();
  });
});
