import { ConfigError, type Env } from '../config.ts';
import { DEFAULT_MERGE_OPTIONS } from '../grouping/index.ts';

/** How the processor looks after its patterns on its own. */
export interface PatternSettings {
  /**
   * Merge proposals whose varying position took at least this many distinct
   * words are accepted automatically (0: never). The default is the bar a
   * proposal needs at all, so every proposal is accepted.
   */
  readonly autoMergeMinValues: number;
  /** How often the automatic merge runs over the stored patterns. */
  readonly autoMergeIntervalMs: number;
}

export const PATTERN_DEFAULTS: PatternSettings = Object.freeze({
  autoMergeMinValues: DEFAULT_MERGE_OPTIONS.minDistinctValues,
  autoMergeIntervalMs: 60_000,
});

function parseInteger(env: Env, name: string, min: number, max: number, fallback: number): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new ConfigError(
      name,
      `${name} must be an integer ${min}–${max}, got ${JSON.stringify(env[name])}`,
    );
  }
  return value;
}

export function parsePatternSettings(env: Env): PatternSettings {
  const d = PATTERN_DEFAULTS;
  return Object.freeze({
    autoMergeMinValues: parseInteger(
      env,
      'FAULTLINE_AUTO_MERGE_MIN_VALUES',
      0,
      1000,
      d.autoMergeMinValues,
    ),
    autoMergeIntervalMs: parseInteger(
      env,
      'FAULTLINE_AUTO_MERGE_INTERVAL_MS',
      1000,
      86_400_000,
      d.autoMergeIntervalMs,
    ),
  });
}
