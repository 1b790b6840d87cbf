/**
 * Grouping: the deterministic fingerprint of one event, the parameterization
 * of messages, and Drain-style template mining for titles and merge proposals.
 */
export { fingerprint, type Fingerprint, type FingerprintKind } from './fingerprint.ts';
export {
  compileGroupingConfig,
  groupingConfigVersion,
  DEFAULT_GROUPING_CONFIG,
  GROUPING_ALGORITHM,
  type GroupingConfig,
  type CompiledGroupingConfig,
} from './config.ts';
export { FingerprintRuleError, type FingerprintRule } from './rules.ts';
export { parameterize, keyForm } from './parameterize.ts';
export { MASK_RULES, type MaskRule } from './mask-rules.ts';
export { normalizeFrames } from './frames.ts';
export { parseStack } from './stacks/index.ts';
export * from './drain/index.ts';
