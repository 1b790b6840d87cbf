import type { Severity } from '@faultline/collector-processor/schema';
import type { BadgeColor } from '@grafana/ui';

/** Badge colours are theme-aware names, so light and dark themes both read well. */
export const SEVERITY_COLOR: Readonly<Record<Severity, BadgeColor>> = {
  DEBUG: 'darkgrey',
  INFO: 'blue',
  WARNING: 'orange',
  ERROR: 'red',
  CRITICAL: 'red',
  FATAL: 'purple',
};
