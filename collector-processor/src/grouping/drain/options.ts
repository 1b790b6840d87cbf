/** Parameters of the Drain parse tree (He et al., "Drain: An Online Log Parsing Approach…", ICWS 2017). */
export interface DrainOptions {
  /** Levels of the tree including the root and the length level; depth - 2 prefix tokens route a message. */
  readonly depth: number;
  /** Share of equal tokens (0..1) for a message to join a template: the seed's PATTERN_SIMILARITY_THRESHOLD. */
  readonly similarity: number;
  /** Children per inner node; past it, messages route through the wildcard child. */
  readonly maxChildren: number;
}

export const DEFAULT_DRAIN_OPTIONS: DrainOptions = Object.freeze({
  depth: 4,
  similarity: 0.5,
  maxChildren: 100,
});

export const WILDCARD = '<*>';

export function validateDrainOptions(o: DrainOptions): DrainOptions {
  if (!Number.isInteger(o.depth) || o.depth < 3) throw new RangeError('drain depth must be ≥ 3');
  if (!(o.similarity >= 0 && o.similarity <= 1)) {
    throw new RangeError('drain similarity must be within 0..1');
  }
  if (!Number.isInteger(o.maxChildren) || o.maxChildren < 2) {
    throw new RangeError('drain maxChildren must be ≥ 2');
  }
  return o;
}
