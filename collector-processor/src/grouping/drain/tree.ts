import {
  DEFAULT_DRAIN_OPTIONS,
  validateDrainOptions,
  WILDCARD,
  type DrainOptions,
} from './options.ts';
import { mergeTemplate, templateSimilarity } from './similarity.ts';

export interface DrainCluster {
  readonly id: number;
  template: string[];
  size: number;
}

interface Node {
  readonly children: Map<string, Node>;
  readonly clusters: DrainCluster[];
}

const newNode = (): Node => ({ children: new Map(), clusters: [] });
const HAS_DIGIT = /\d/;

/**
 * A Drain fixed-depth parse tree. Messages are routed by their token count
 * and their first depth-2 tokens to a leaf, where they join the most similar
 * template above the threshold, or start a new one. The tree depends on
 * arrival order, so it names and proposes; it never decides a grouping key
 * (see docs/grouping.md).
 */
export class DrainTree {
  readonly options: DrainOptions;
  private readonly root = newNode();
  private readonly all: DrainCluster[] = [];

  constructor(options: Partial<DrainOptions> = {}) {
    this.options = validateDrainOptions({ ...DEFAULT_DRAIN_OPTIONS, ...options });
  }

  get clusters(): readonly DrainCluster[] {
    return this.all;
  }

  /** Adds tokens (already parameterized) and returns the cluster they joined. */
  add(tokens: readonly string[]): DrainCluster {
    const leaf = this.leafFor(tokens);
    const best = this.bestMatch(leaf.clusters, tokens);
    if (best) {
      best.template = mergeTemplate(best.template, tokens);
      best.size++;
      return best;
    }
    const cluster: DrainCluster = { id: this.all.length, template: [...tokens], size: 1 };
    leaf.clusters.push(cluster);
    this.all.push(cluster);
    return cluster;
  }

  private leafFor(tokens: readonly string[]): Node {
    let node = child(this.root, String(tokens.length), this.options.maxChildren);
    const prefix = Math.min(this.options.depth - 2, tokens.length);
    for (let i = 0; i < prefix; i++) {
      const token = tokens[i]!;
      node = child(node, HAS_DIGIT.test(token) ? WILDCARD : token, this.options.maxChildren);
    }
    return node;
  }

  private bestMatch(clusters: readonly DrainCluster[], tokens: readonly string[]) {
    let best: DrainCluster | undefined;
    let bestScore = -1;
    let bestWildcards = -1;
    for (const c of clusters) {
      const { score, wildcards } = templateSimilarity(c.template, tokens);
      if (score > bestScore || (score === bestScore && wildcards > bestWildcards)) {
        best = c;
        bestScore = score;
        bestWildcards = wildcards;
      }
    }
    return best && bestScore >= this.options.similarity ? best : undefined;
  }
}

/** The child for a token; once a node is full, new tokens share its wildcard child. */
function child(node: Node, token: string, maxChildren: number): Node {
  let next = node.children.get(token);
  if (next) return next;
  const full = node.children.size >= maxChildren - (node.children.has(WILDCARD) ? 0 : 1);
  const key = full ? WILDCARD : token;
  next = node.children.get(key);
  if (!next) {
    next = newNode();
    node.children.set(key, next);
  }
  return next;
}
