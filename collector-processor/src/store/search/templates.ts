import { RETENTION_CLASSES, type RetentionClass, type RetentionDays } from '../retention.ts';
import type { Dialect } from './dialect.ts';
import { AUDIT_MAPPINGS, eventMappings } from './mappings.ts';

/**
 * Request bodies for the templates and lifecycle policies. Pure functions, so
 * their shape is checked in unit tests against the engines' documented APIs.
 */

export const EVENTS_MAPPINGS_COMPONENT = 'faultline-events@mappings';
export const EVENTS_SETTINGS_COMPONENT = 'faultline-events@settings';
export const AUDIT_TEMPLATE = 'faultline-audit';

/** Ours must win over the engines' built-in `logs-*-*` template (priority 100). */
const PRIORITY = 200;

export const eventTemplateName = (cls: RetentionClass) => `faultline-events-${cls}`;
export const lifecyclePolicyName = (cls: RetentionClass) => `faultline-${cls}`;
export const AUDIT_POLICY = 'faultline-audit-log';

export function componentTemplates(dialect: Dialect): [string, unknown][] {
  return [
    [EVENTS_MAPPINGS_COMPONENT, { template: { mappings: eventMappings(dialect) } }],
    [
      EVENTS_SETTINGS_COMPONENT,
      // One shard: a single node or a small cluster; rollover keeps shards bounded.
      { template: { settings: { index: { number_of_shards: 1, refresh_interval: '1s' } } } },
    ],
  ];
}

/** One composable template per retention class, each naming its lifecycle policy when there is one. */
export function indexTemplates(withLifecycle: boolean): [string, unknown][] {
  const perClass = RETENTION_CLASSES.map((cls): [string, unknown] => [
    eventTemplateName(cls),
    {
      index_patterns: [`logs-faultline.${cls}-*`],
      data_stream: {},
      composed_of: [EVENTS_MAPPINGS_COMPONENT, EVENTS_SETTINGS_COMPONENT],
      priority: PRIORITY,
      template: withLifecycle
        ? { settings: { index: { lifecycle: { name: lifecyclePolicyName(cls) } } } }
        : {},
      _meta: { managed_by: 'faultline', retention_class: cls },
    },
  ]);
  const audit: [string, unknown] = [
    AUDIT_TEMPLATE,
    {
      index_patterns: ['faultline-audit-*'],
      data_stream: {},
      priority: PRIORITY,
      template: {
        mappings: AUDIT_MAPPINGS,
        settings: {
          index: {
            number_of_shards: 1,
            ...(withLifecycle ? { lifecycle: { name: AUDIT_POLICY } } : {}),
          },
        },
      },
      _meta: { managed_by: 'faultline' },
    },
  ];
  return [...perClass, audit];
}

/**
 * Elasticsearch ILM: hot with rollover at 50 GB per primary shard or 30
 * days, deleted `days` after rollover.
 */
export function ilmPolicy(days: number) {
  return {
    policy: {
      _meta: { managed_by: 'faultline' },
      phases: {
        hot: {
          min_age: '0ms',
          actions: { rollover: { max_primary_shard_size: '50gb', max_age: '30d' } },
        },
        delete: { min_age: `${days}d`, actions: { delete: {} } },
      },
    },
  };
}

export function ilmPolicies(days: RetentionDays): [string, unknown][] {
  return [
    ...RETENTION_CLASSES.map((cls): [string, unknown] => [
      lifecyclePolicyName(cls),
      ilmPolicy(days[cls]),
    ]),
    [AUDIT_POLICY, ilmPolicy(days.audit)],
  ];
}
