import { readFileSync } from 'node:fs';
import { ConfigError, type Env } from '../config.ts';
import { DEFAULT_GROUPING_CONFIG, type GroupingConfig } from './config.ts';
import { groupingConfigFrom } from './rule-schema.ts';

export const GROUPING_CONFIG_VARIABLE = 'FAULTLINE_GROUPING_CONFIG_FILE';

/**
 * The grouping configuration named by FAULTLINE_GROUPING_CONFIG_FILE: a JSON
 * file `{ "maxFrames": 2, "rules": [ … ] }` (both optional), read and
 * validated once at start-up. Unset: the defaults. Anything wrong stops the
 * start with a ConfigError naming the variable, the file and the problem.
 */
export function loadGroupingConfig(env: Env): GroupingConfig {
  const file = env[GROUPING_CONFIG_VARIABLE]?.trim();
  if (!file) return DEFAULT_GROUPING_CONFIG;
  const fail = (why: string): never => {
    throw new ConfigError(
      GROUPING_CONFIG_VARIABLE,
      `${GROUPING_CONFIG_VARIABLE} (${file}): ${why}`,
    );
  };
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`is not JSON: ${(error as Error).message}`);
  }
  try {
    return Object.freeze(groupingConfigFrom(json, DEFAULT_GROUPING_CONFIG));
  } catch (error) {
    return fail((error as Error).message);
  }
}
