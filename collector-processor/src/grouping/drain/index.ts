export { DrainTree, type DrainCluster } from './tree.ts';
export { DEFAULT_DRAIN_OPTIONS, WILDCARD, type DrainOptions } from './options.ts';
export { templateSimilarity, mergeTemplate } from './similarity.ts';
export {
  proposeMerges,
  similarPatterns,
  DEFAULT_MERGE_OPTIONS,
  type MergeOptions,
  type MergeProposal,
  type PatternTemplate,
} from './merge.ts';
