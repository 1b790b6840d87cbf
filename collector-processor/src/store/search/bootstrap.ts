import type { RetentionDays } from '../retention.ts';
import type { Dialect } from './dialect.ts';
import type { Layout } from './layout.ts';
import { PATTERN_MAPPINGS, RECORD_MAPPINGS } from './mappings.ts';
import { componentTemplates, ilmPolicies, indexTemplates } from './templates.ts';
import { expectOk, type EngineTransport } from './transport.ts';

export interface BootstrapOptions {
  /** Lifecycle policies to install (Elasticsearch ILM); undefined: none, retention is the processor's. */
  readonly lifecycle?: RetentionDays;
}

/**
 * Makes the cluster ready, idempotently: every PUT replaces what an earlier
 * start wrote, and indices that exist are left as they are. Data streams
 * appear on their first write, from the templates.
 */
export async function bootstrap(
  transport: EngineTransport,
  dialect: Dialect,
  layout: Layout,
  options: BootstrapOptions = {},
): Promise<void> {
  if (options.lifecycle) {
    for (const [name, body] of ilmPolicies(options.lifecycle)) {
      await expectOk(transport, `lifecycle policy ${name}`, {
        method: 'PUT',
        path: `/_ilm/policy/${name}`,
        body,
      });
    }
  }
  for (const [name, body] of componentTemplates(dialect)) {
    await expectOk(transport, `component template ${name}`, {
      method: 'PUT',
      path: `/_component_template/${name}`,
      body,
    });
  }
  for (const [name, body] of indexTemplates(options.lifecycle !== undefined)) {
    await expectOk(transport, `index template ${name}`, {
      method: 'PUT',
      path: `/_index_template/${name}`,
      body,
    });
  }
  for (const [index, mappings] of [
    [layout.patterns, PATTERN_MAPPINGS],
    [layout.records, RECORD_MAPPINGS],
  ] as const) {
    const response = await transport.request({
      method: 'PUT',
      path: `/${index}`,
      body: { settings: { index: { number_of_shards: 1 } }, mappings },
    });
    const exists = response.body?.error?.type === 'resource_already_exists_exception';
    if (!exists && (response.status < 200 || response.status >= 300)) {
      await expectOk(transport, `index ${index}`, { method: 'GET', path: `/${index}` }); // names the failure
      throw new Error(`index ${index}: HTTP ${response.status}`);
    }
  }
}
