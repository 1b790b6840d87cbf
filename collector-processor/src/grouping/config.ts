import { createHash } from 'node:crypto';
import type { MaskRule } from './mask-rules.ts';
import { MASK_RULES } from './mask-rules.ts';
import { compileRule, type CompiledRule, type FingerprintRule } from './rules.ts';

/**
 * The grouping configuration. Its version is derived from its content, so
 * any change to a rule or a limit yields a new version, and every fingerprint
 * records the version that made it: a pattern can always say which
 * configuration grouped it, and history is never silently regrouped.
 */
export interface GroupingConfig {
  /** In-app frames (innermost first) that enter the key. */
  readonly maxFrames: number;
  readonly rules: readonly FingerprintRule[];
}

/** The algorithm's own version: bumped whenever the default key changes for the same input. */
export const GROUPING_ALGORITHM = 'g1';

export const DEFAULT_GROUPING_CONFIG: GroupingConfig = Object.freeze({ maxFrames: 2, rules: [] });

export interface CompiledGroupingConfig {
  readonly version: string;
  readonly maxFrames: number;
  readonly rules: readonly CompiledRule[];
  readonly maskRules: readonly MaskRule[];
}

export function groupingConfigVersion(config: GroupingConfig): string {
  const canonical = JSON.stringify({ maxFrames: config.maxFrames, rules: config.rules }, sortKeys);
  const digest = createHash('sha256').update(canonical).digest('hex').slice(0, 12);
  return `${GROUPING_ALGORITHM}-${digest}`;
}

export function compileGroupingConfig(
  config: GroupingConfig = DEFAULT_GROUPING_CONFIG,
): CompiledGroupingConfig {
  if (!Number.isInteger(config.maxFrames) || config.maxFrames < 1) {
    throw new RangeError(`grouping maxFrames must be a positive integer, got ${config.maxFrames}`);
  }
  return Object.freeze({
    version: groupingConfigVersion(config),
    maxFrames: config.maxFrames,
    rules: Object.freeze(config.rules.map(compileRule)),
    maskRules: MASK_RULES,
  });
}

/** JSON.stringify replacer that writes object keys in sorted order, so equal configs hash equally. */
function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}
