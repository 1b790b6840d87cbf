import type { Logger } from '../log.ts';
import type { RecordCollection, StoredFingerprintRule } from '../store/records.ts';
import {
  compileGroupingConfig,
  DEFAULT_GROUPING_CONFIG,
  type CompiledGroupingConfig,
  type GroupingConfig,
} from './config.ts';
import type { FingerprintRule } from './rules.ts';

/**
 * The grouping configuration in force: the one from configuration (its rules
 * first, so an operator's rules always win) followed by the rules made
 * through the API, which live in the store so every replica reads the same,
 * in ascending priority then id. `refresh()` reads the stored rules again and,
 * when the version changed, hands the new configuration to `onChange` (the
 * pipeline threads); the processor calls it after each API change and every
 * few seconds to see other replicas' changes.
 */
export class LiveGroupingConfig {
  readonly base: GroupingConfig;
  readonly #stored: RecordCollection<StoredFingerprintRule>;
  readonly #onChange: (config: GroupingConfig) => void;
  readonly #logger: Logger;
  #config: GroupingConfig;
  #compiled: CompiledGroupingConfig;

  constructor(options: {
    base?: GroupingConfig;
    stored: RecordCollection<StoredFingerprintRule>;
    onChange: (config: GroupingConfig) => void;
    logger: Logger;
  }) {
    this.base = options.base ?? DEFAULT_GROUPING_CONFIG;
    this.#stored = options.stored;
    this.#onChange = options.onChange;
    this.#logger = options.logger;
    this.#config = this.base;
    this.#compiled = compileGroupingConfig(this.base);
  }

  get config(): GroupingConfig {
    return this.#config;
  }

  get compiled(): CompiledGroupingConfig {
    return this.#compiled;
  }

  get version(): string {
    return this.#compiled.version;
  }

  async refresh(): Promise<void> {
    const stored = await this.#stored.list();
    const ordered = [...stored].sort((a, b) => a.priority - b.priority || cmp(a.id, b.id));
    const rules: FingerprintRule[] = [...this.base.rules];
    for (const rule of ordered) {
      // Checked when made through the API; one that no longer compiles is left out, not fatal.
      try {
        compileGroupingConfig({ maxFrames: 1, rules: [ruleOf(rule)] });
        rules.push(ruleOf(rule));
      } catch (error) {
        this.#logger.warn(`fingerprint rule "${rule.id}" skipped: ${(error as Error).message}`);
      }
    }
    const config = { maxFrames: this.base.maxFrames, rules };
    const compiled = compileGroupingConfig(config);
    if (compiled.version === this.#compiled.version) return;
    this.#config = config;
    this.#compiled = compiled;
    this.#onChange(config);
  }
}

/** The rule as the grouping configuration (and its version) knows it: without bookkeeping. */
export function ruleOf(stored: FingerprintRule): FingerprintRule {
  return { id: stored.id, match: stored.match, fingerprint: stored.fingerprint };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
